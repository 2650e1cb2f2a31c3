import type { NoticeRecipient, StaffNotice } from '../../db/queries/shared/staffNotices';
import { STAFF_NOTICE_COPY as C } from '../../domain/shared/copy';
import { formatJalaliDateTime } from '../../domain/shared/jalali';
import { NOTICE_CHANNELS, NOTICE_KINDS, defaultNoticeChoices } from '../../domain/shared/staffNotices';

/** A notice as the notices page lists it: read or not, and where it leads. */
export function presentNotice(n: StaffNotice) {
  const link = n.trackingCode
    ? { href: `/staff/cases/${n.trackingCode.trim()}`, label: C.openCase }
    : n.depositNumber
      ? { href: `/staff/hajj/pilgrims/${n.depositNumber}`, label: C.openJourney }
      : null;
  return {
    id: n.id,
    subject: n.subject,
    body: n.body,
    createdAt: formatJalaliDateTime(n.createdAt),
    unread: n.readAt === null,
    link,
  };
}

/** The settings form: a row per kind of notice, a box per channel, ticked as chosen (or by the role). */
export function presentNoticeChoices(staff: NoticeRecipient, ticked?: readonly string[]) {
  const chosen = ticked ?? staff.noticeChannels ?? defaultNoticeChoices(staff.role);
  return {
    usingDefault: ticked === undefined && staff.noticeChannels === null,
    email: staff.email,
    mobile: staff.mobile,
    kinds: NOTICE_KINDS.map((kind) => ({
      label: C.kinds[kind],
      channels: NOTICE_CHANNELS.map((channel) => ({
        value: `${kind}:${channel}`,
        label: C.channels[channel],
        checked: chosen.includes(`${kind}:${channel}`),
      })),
    })),
  };
}
