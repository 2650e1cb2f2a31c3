import type { NoticeRecipient } from '../../../db/queries/shared/staffNotices';
import { STAFF_NOTICE_COPY as C } from '../../../domain/shared/copy';
import { isNoticeChoice, type NoticeChoice } from '../../../domain/shared/staffNotices';

/**
 * The channels a staff member ticked on their notices' settings: each a known choice, and a
 * channel only when the account has its contact (the admin sets those). Errors are Persian.
 */
export function readNoticeChoices(
  body: Record<string, unknown>,
  staff: Pick<NoticeRecipient, 'email' | 'mobile'>,
): { errors: string[]; choices: NoticeChoice[] } {
  const raw = body.choices;
  const ticked = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' && raw ? [raw] : [];
  const errors = new Set<string>();
  if (!ticked.every(isNoticeChoice)) errors.add(C.unknownChoice);
  const choices = [...new Set(ticked.filter(isNoticeChoice))];
  if (choices.some((c) => c.endsWith(':sms')) && !staff.mobile) errors.add(C.noMobile);
  if (choices.some((c) => c.endsWith(':email')) && !staff.email) errors.add(C.noEmail);
  return { errors: [...errors], choices };
}
