import { Router } from 'express';
import { inbox, type InboxRow } from '../../../db/queries/desk/staffCases';
import { CASE_STATUSES } from '../../../domain/desk/caseStatus';
import { toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { STATUS_LABELS } from '../../../domain/desk/copy';
import { encodeCursor, parseInboxQuery } from '../../forms/desk/inboxFilter';
import { cachedReference, type WebDeps } from '../../deps';
import type { StaffGuard } from '../shared/guard';

const VIEW_LABELS = { mine: 'درخواست‌های من', pool: 'کارتابل استان (واگذار نشده)', all: 'همه درخواست‌ها' };

/** A row of a case list as staff pages show it. */
export function caseRow(c: InboxRow, ref: Awaited<ReturnType<ReturnType<typeof cachedReference>>>) {
  const now = Date.now();
  return {
    trackingCode: c.trackingCode,
    trackingCodeFa: toPersianDigits(c.trackingCode),
    province: ref.province(c.province)?.name ?? c.province,
    subject: ref.subject(c.subject)?.name ?? c.subject,
    status: STATUS_LABELS[c.status as keyof typeof STATUS_LABELS] ?? c.status,
    assignee: c.assigneeName ?? 'کارتابل استان',
    escalationLevel: c.escalationLevel ? toPersianDigits(c.escalationLevel) : '',
    dueAt: c.dueAt ? formatJalaliDateTime(c.dueAt) : '',
    overdue: c.dueAt !== null && c.dueAt.getTime() < now && c.status === 'routed',
    createdAt: formatJalaliDateTime(c.createdAt),
    ageDays: toPersianDigits(Math.floor((now - c.createdAt.getTime()) / 86_400_000)),
  };
}

export function inboxRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  router.get('/staff/inbox', guard.requireStaff, async (req, res) => {
    const { values, filter, errors } = parseInboxQuery(req.query, deps.config.nationalCodeHashKey);
    const [{ rows, next }, ref] = await Promise.all([inbox(deps.db, req.staff!, filter), reference()]);
    const nextQuery = next ? new URLSearchParams({ ...values, after: encodeCursor(next) }).toString() : null;
    res.render('staff/inbox', {
      title: 'کارتابل',
      values,
      errors,
      views: Object.entries(VIEW_LABELS).map(([value, label]) => ({
        value,
        label,
        current: value === values.view,
        href: `/staff/inbox?view=${value}`,
      })),
      statuses: [
        { value: '', label: 'در جریان رسیدگی' },
        ...CASE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
        { value: 'any', label: 'همه وضعیت‌ها' },
      ].map((o) => ({ ...o, selected: o.value === values.status })),
      subjects: ref.subjects.map((s) => ({
        value: s.slug,
        label: s.name,
        selected: s.slug === values.subject,
      })),
      levels: ['0', '1', '2'].map((l) => ({
        value: l,
        label: toPersianDigits(l),
        selected: l === values.level,
      })),
      cases: rows.map((c) => caseRow(c, ref)),
      paged: Boolean(req.query.after),
      nextHref: nextQuery ? `/staff/inbox?${nextQuery}` : null,
    });
  });

  return router;
}
