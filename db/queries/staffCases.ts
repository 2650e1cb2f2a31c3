import type { Knex } from 'knex';
import type { Db } from '../index';
import type { StaffScope } from '../../domain/access';

/** Narrows a query on `cases as c` to what a staff member may see (domain/access.ts canSeeCase, in SQL). */
function inScope(q: Knex.QueryBuilder, staff: StaffScope): Knex.QueryBuilder {
  switch (staff.role) {
    case 'admin':
      return q;
    case 'inspector':
      return q.where((w) => w.where('c.desk', 'inspection').orWhere('c.escalation_level', '>=', 2));
    case 'supervisor':
      return q.where({ 'c.province': staff.province, 'c.confidential': false });
    case 'expert':
      return q
        .where({ 'c.province': staff.province, 'c.confidential': false })
        .whereIn('c.desk', staff.desks);
  }
}

export interface InboxRow {
  trackingCode: string;
  province: string;
  subject: string;
  status: string;
  assignedTo: number | null;
  assigneeName: string | null;
  escalationLevel: number;
  dueAt: Date | null;
  createdAt: Date;
}

/** Open cases in scope, soonest deadline first. */
export async function inbox(db: Db, staff: StaffScope, limit = 50): Promise<InboxRow[]> {
  const q = db('cases as c')
    .leftJoin('staff as s', 's.id', 'c.assigned_to')
    .whereIn('c.status', ['received', 'awaiting-identity', 'routed'])
    .orderByRaw('c.due_at asc nulls last, c.id asc')
    .limit(limit)
    .select(
      'c.tracking_code as trackingCode',
      'c.province',
      'c.subject',
      'c.status',
      'c.assigned_to as assignedTo',
      's.full_name as assigneeName',
      'c.escalation_level as escalationLevel',
      'c.due_at as dueAt',
      'c.created_at as createdAt',
    );
  return inScope(q, staff);
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
