import type { InboxRow } from '../../../db/queries/desk/staffCases';
import type { Reference } from '../../../db/queries/shared/reference';
import { STAFF_LIST_PAGES } from '../../../domain/desk/copy';
import { caseRow } from './caseList';

/** The escalated cases, the people they may be handed to, and what the last hand-over did. */
export function escalationsPage(input: {
  rows: InboxRow[];
  ref: Reference;
  assignees: { id: number; fullName: string; province: string | null }[];
  result?: string;
  error?: string;
}) {
  const { ref } = input;
  return {
    title: STAFF_LIST_PAGES.escalationsTitle,
    cases: input.rows.map((c) => caseRow(c, ref)),
    assignees: input.assignees.map((a) => ({
      ...a,
      province: a.province ? (ref.province(a.province)?.name ?? a.province) : STAFF_LIST_PAGES.headquarters,
    })),
    result: input.result,
    error: input.error,
  };
}
