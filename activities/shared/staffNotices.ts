import type { Db } from '../../db';
import {
  markNotificationSent,
  recordNotification,
  type OutgoingNotification,
} from '../../db/queries/shared/notifications';
import { noticeRecipients } from '../../db/queries/shared/staffNotices';
import { channelsFor, type NoticeKind } from '../../domain/shared/staffNotices';
import type { NotificationChannel } from '../integrations/notifications';

export interface StaffNoticeDeps {
  db: Db;
  sms: NotificationChannel;
  email: NotificationChannel;
  /** The web's address, for the link in a notice's email. */
  publicUrl: string;
}

export interface StaffNoticeToSend {
  /** The notice's own key; each row's dedupe key adds the staff member and the channel. */
  key: string;
  kind: NoticeKind;
  subject: string;
  body: string;
  trackingCode?: string | null;
  depositNumber?: string;
}

/**
 * Tells staff members of a notice: the in-app row of the notices page for each active one, and
 * one row per channel they chose (SMS to their mobile, email to their address) delivered through
 * the same channels as citizens' notices. Every row goes once per dedupe key; when a channel
 * fails, the others are still tried and the activity fails afterwards, so its retry sends only
 * what is not sent yet.
 */
export function staffNotifier(deps: StaffNoticeDeps) {
  const { db } = deps;
  const staffUrl = deps.publicUrl.replace(/\/$/, '') + '/staff';

  async function send(channel: NotificationChannel | null, n: OutgoingNotification) {
    const recorded = await recordNotification(db, n);
    if (recorded.sent) return;
    if (channel) await channel.send(n);
    await markNotificationSent(db, recorded.id);
  }

  return async function notifyStaffMembers(staffIds: number[], notice: StaffNoticeToSend): Promise<void> {
    const base = {
      subject: notice.subject,
      body: notice.body,
      trackingCode: notice.trackingCode ?? null,
      depositNumber: notice.depositNumber,
    };
    const link = notice.trackingCode
      ? `${staffUrl}/cases/${notice.trackingCode}`
      : notice.depositNumber
        ? `${staffUrl}/hajj/pilgrims/${notice.depositNumber}`
        : `${staffUrl}/notices`;
    const failures: unknown[] = [];
    for (const staff of await noticeRecipients(db, staffIds)) {
      const key = `${notice.key}:staff:${staff.id}`;
      // The notices page reads this row: it is the notice itself, delivered once written.
      await send(null, {
        ...base,
        dedupeKey: key,
        channel: 'inbox',
        recipient: `staff:${staff.id}`,
        staffId: staff.id,
      });
      for (const channel of channelsFor(staff.role, staff.noticeChannels, notice.kind)) {
        const recipient = channel === 'sms' ? staff.mobile : staff.email;
        if (!recipient) continue;
        const body = channel === 'email' ? `${notice.body}\n\n${link}` : notice.body;
        await send(deps[channel], {
          ...base,
          body,
          dedupeKey: `${key}:${channel}`,
          channel,
          recipient,
          staffId: staff.id,
        }).catch((err: unknown) => failures.push(err));
      }
    }
    if (failures.length > 0)
      throw new AggregateError(failures, `${failures.length} staff notice(s) of ${notice.key} not delivered`);
  };
}
