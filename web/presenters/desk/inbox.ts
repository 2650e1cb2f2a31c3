import type { InboxRow } from '../../../db/queries/desk/staffCases';
import type { Reference } from '../../../db/queries/shared/reference';
import { CASE_STATUSES } from '../../../domain/desk/caseStatus';
import { STAFF_LIST_PAGES, STATUS_LABELS } from '../../../domain/desk/copy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { caseRow } from './caseList';

/** The inbox: its views, the filter's options as chosen, a page of cases and the next page's link. */
export function inboxPage(input: {
  values: Record<string, string>;
  errors: string[];
  rows: InboxRow[];
  ref: Reference;
  paged: boolean;
  /** The next page's query string, if there is one. */
  nextQuery: string | null;
}) {
  const { values, ref } = input;
  return {
    title: STAFF_LIST_PAGES.inboxTitle,
    values,
    errors: input.errors,
    views: Object.entries(STAFF_LIST_PAGES.views).map(([value, label]) => ({
      value,
      label,
      current: value === values.view,
      href: `/staff/inbox?view=${value}`,
    })),
    statuses: [
      { value: '', label: STAFF_LIST_PAGES.openStatuses },
      ...CASE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
      { value: 'any', label: STAFF_LIST_PAGES.anyStatus },
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
    cases: input.rows.map((c) => caseRow(c, ref)),
    paged: input.paged,
    nextHref: input.nextQuery ? `/staff/inbox?${input.nextQuery}` : null,
  };
}
