import type { InboxRow } from '../../../db/queries/desk/staffCases';
import type { Reference } from '../../../db/queries/shared/reference';
import { STAFF_CASE_PAGE, STATUS_LABELS } from '../../../domain/desk/copy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';

const DAY_MS = 86_400_000;

/** A row of a case list as staff pages show it (the inbox, the escalations). */
export function caseRow(c: InboxRow, ref: Reference, now = Date.now()) {
  return {
    trackingCode: c.trackingCode,
    trackingCodeFa: toPersianDigits(c.trackingCode),
    province: ref.province(c.province)?.name ?? c.province,
    subject: ref.subject(c.subject)?.name ?? c.subject,
    status: STATUS_LABELS[c.status as keyof typeof STATUS_LABELS] ?? c.status,
    assignee: c.assigneeName ?? STAFF_CASE_PAGE.pool,
    escalationLevel: c.escalationLevel ? toPersianDigits(c.escalationLevel) : '',
    dueAt: c.dueAt ? formatJalaliDateTime(c.dueAt) : '',
    overdue: c.dueAt !== null && c.dueAt.getTime() < now && c.status === 'routed',
    createdAt: formatJalaliDateTime(c.createdAt),
    ageDays: toPersianDigits(Math.floor((now - c.createdAt.getTime()) / DAY_MS)),
  };
}
