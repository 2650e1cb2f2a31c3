import type { Knex } from 'knex';
import type { Db } from '../..';
import type { StaffScope } from '../../../domain/desk/access';
import type { Desk } from '../../../domain/desk/caseStatus';

/** Narrows a query on `cases as c` to what a staff member may see (domain/desk/access.ts canSeeCase, in SQL). */
export function inScope(q: Knex.QueryBuilder, staff: StaffScope): Knex.QueryBuilder {
  switch (staff.role) {
    case 'admin':
      return q;
    case 'inspector':
      return q.where((w) => w.where('c.desk', 'inspection').orWhere('c.escalation_level', '>=', 2));
    case 'supervisor':
      return q.where({ 'c.province': staff.province, 'c.desk': 'province', 'c.confidential': false });
    case 'expert':
      return q
        .where({ 'c.province': staff.province, 'c.confidential': false })
        .whereIn('c.desk', staff.desks);
    default:
      // Roles of the Hajj journey (caravan agents) have no request cases.
      return q.whereRaw('false');
  }
}

export const OPEN_STATUS_LIST = ['received', 'awaiting-identity', 'routed', 'info-requested'] as const;

export type InboxView = 'mine' | 'pool' | 'all';

export interface InboxFilter {
  view: InboxView;
  /** A status, 'open' (the default) or 'any'. */
  status?: string;
  subject?: string;
  overdue?: boolean;
  escalationLevel?: number;
  minEscalationLevel?: number;
  /** Created on or after / before these instants. */
  createdFrom?: Date;
  createdBefore?: Date;
  /** A tracking code and/or the keyed hash of a national code. */
  trackingCode?: string;
  nationalCodeHash?: string;
  /** The keyset cursor: the last row of the previous page. */
  after?: InboxCursor;
  limit?: number;
}

/** Where a page ended: the sort key as PostgreSQL prints it, and the row id. */
export interface InboxCursor {
  dueSort: string;
  id: string;
}

export interface InboxRow {
  id: string;
  trackingCode: string;
  province: string;
  subject: string;
  status: string;
  assignedTo: number | null;
  assigneeName: string | null;
  escalationLevel: number;
  dueAt: Date | null;
  createdAt: Date;
  dueSort: string;
}

/**
 * One page of cases in scope, soonest deadline first (undated last), with the cursor of the next
 * page. Keyset paging on (due_sort, id) keeps a deep page as cheap as the first on a million rows;
 * open cases are served by partial indexes (migration 003).
 */
export async function inbox(
  db: Db,
  staff: StaffScope,
  filter: InboxFilter = { view: 'all' },
): Promise<{ rows: InboxRow[]; next: InboxCursor | null }> {
  const limit = filter.limit ?? 50;
  const q = db('cases as c')
    .leftJoin('staff as s', 's.id', 'c.assigned_to')
    .orderBy([{ column: 'c.due_sort' }, { column: 'c.id' }])
    .limit(limit + 1)
    .select(
      'c.id',
      'c.tracking_code as trackingCode',
      'c.province',
      'c.subject',
      'c.status',
      'c.assigned_to as assignedTo',
      's.full_name as assigneeName',
      'c.escalation_level as escalationLevel',
      'c.due_at as dueAt',
      'c.created_at as createdAt',
      db.raw('c.due_sort::text as "dueSort"'),
    );
  const status = filter.status ?? 'open';
  if (status === 'open') q.whereIn('c.status', OPEN_STATUS_LIST);
  else if (status !== 'any') q.where('c.status', status);
  if (filter.view === 'mine') q.where('c.assigned_to', staff.id);
  if (filter.view === 'pool') q.whereNull('c.assigned_to');
  if (filter.subject) q.where('c.subject', filter.subject);
  if (filter.overdue) q.where('c.due_at', '<', db.fn.now());
  if (filter.escalationLevel !== undefined) q.where('c.escalation_level', filter.escalationLevel);
  if (filter.minEscalationLevel !== undefined) q.where('c.escalation_level', '>=', filter.minEscalationLevel);
  if (filter.createdFrom) q.where('c.created_at', '>=', filter.createdFrom);
  if (filter.createdBefore) q.where('c.created_at', '<', filter.createdBefore);
  if (filter.trackingCode || filter.nationalCodeHash)
    q.where((w) => {
      if (filter.trackingCode) w.orWhere('c.tracking_code', filter.trackingCode);
      if (filter.nationalCodeHash) w.orWhere('c.national_code_hash', filter.nationalCodeHash);
    });
  if (filter.after)
    q.whereRaw('(c.due_sort, c.id) > (?::timestamptz, ?::bigint)', [filter.after.dueSort, filter.after.id]);
  const rows: InboxRow[] = await inScope(q, staff);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more ? { dueSort: last.dueSort, id: String(last.id) } : null };
}

/** A case with all its staff-visible detail, or undefined when it is out of the staff member's scope. */
export async function caseForStaff(db: Db, staff: StaffScope, trackingCode: string) {
  const kase = await inScope(
    db('cases as c')
      .leftJoin('staff as a', 'a.id', 'c.assigned_to')
      .where('c.tracking_code', trackingCode)
      .first('c.*', 'a.full_name as assignee_name'),
    staff,
  );
  if (!kase) return undefined;
  const [attachments, events, messages] = await Promise.all([
    db('case_attachments')
      .where({ case_id: kase.id })
      .orderBy('position')
      .select('id', 'title', 'filename', 'size_bytes'),
    db('case_events as e')
      .leftJoin('staff as s', 's.id', 'e.actor_staff_id')
      .where('e.case_id', kase.id)
      .orderBy('e.seq')
      .select('e.kind', 'e.public', 'e.at', 'e.data', 'e.message_id', 's.full_name as actor_name'),
    db('case_messages').where({ case_id: kase.id }).whereNotNull('published_at').select('id', 'kind', 'body'),
  ]);
  return { kase, attachments, events, messages };
}

export async function createMessage(
  db: Db,
  m: { id: string; trackingCode: string; kind: string; authorStaffId: number; body: string },
): Promise<void> {
  const kase = await db('cases').where({ tracking_code: m.trackingCode }).first('id');
  await db('case_messages').insert({
    id: m.id,
    case_id: kase.id,
    kind: m.kind,
    author_staff_id: m.authorStaffId,
    body: m.body,
  });
}

/** One attachment of a case in the staff member's scope, with its bytes; undefined otherwise. */
export async function attachmentForStaff(
  db: Db,
  staff: StaffScope,
  trackingCode: string,
  attachmentId: number,
): Promise<{ filename: string; content: Buffer } | undefined> {
  return inScope(
    db('case_attachments as a')
      .join('cases as c', 'c.id', 'a.case_id')
      .where({ 'c.tracking_code': trackingCode, 'a.id': attachmentId })
      .first('a.filename', 'a.content'),
    staff,
  );
}

/** Whether a case exists within the staff member's scope, without loading its detail. */
export async function caseInScope(db: Db, staff: StaffScope, trackingCode: string): Promise<boolean> {
  return Boolean(await inScope(db('cases as c').where('c.tracking_code', trackingCode).first('c.id'), staff));
}

/** Where a case is, as the assignment and transfer rules need it. */
export interface CaseTarget {
  province: string;
  desk: Desk;
  confidential: boolean;
}

export async function caseTarget(db: Db, trackingCode: string): Promise<CaseTarget | undefined> {
  return db('cases').where({ tracking_code: trackingCode }).first('province', 'desk', 'confidential');
}
