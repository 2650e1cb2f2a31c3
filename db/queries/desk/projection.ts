import { BadReference } from '../../errors';
import type { Db } from '../..';
import type { CaseStatus, Desk } from '../../../domain/desk/caseStatus';

/** The case's state as the workflow sees it after an event: the whole of it, so newest wins. */
export interface CaseSnapshot {
  status: CaseStatus;
  province: string;
  desk: Desk;
  assignedTo: number | null;
  escalationLevel: number;
  dueAt: string | null;
  answeredAt: string | null;
  answeredBy: number | null;
  closedAt: string | null;
}

export interface CaseEvent {
  trackingCode: string;
  /** The workflow's own sequence number of this event: the key that makes retries harmless. */
  seq: number;
  kind: string;
  public: boolean;
  at: string;
  actorStaffId?: number | null;
  messageId?: string | null;
  data?: Record<string, unknown>;
  snapshot: CaseSnapshot;
}

/**
 * The assignee an event already written at this seq recorded (`data.assignedTo`), or undefined when
 * there is none: a retried routing step keeps the handler its first attempt chose.
 */
export async function recordedAssignee(
  db: Db,
  trackingCode: string,
  seq: number,
): Promise<number | null | undefined> {
  const row = await db('case_events as e')
    .join('cases as c', 'c.id', 'e.case_id')
    .where({ 'c.tracking_code': trackingCode, 'e.seq': seq })
    .first(db.raw(`e.data -> 'assignedTo' as assignee`));
  if (!row) return undefined;
  return typeof row.assignee === 'number' ? row.assignee : null;
}

/**
 * Writes one workflow event to the timeline and the case row, in one statement (one round trip, no
 * transaction: a statement is atomic). Applying it twice, or after a newer event, changes nothing:
 * the timeline is keyed by (case, seq) and the row keeps the newest snapshot. The first answer
 * stays when an objection reopens the case (answered_at is cleared then): whether it came late is
 * judged by the deadline in force and the escalation level at the time.
 */
export async function applyCaseEvent(db: Db, e: CaseEvent): Promise<void> {
  const s = e.snapshot;
  const answered = e.kind === 'answered';
  const late =
    answered && (s.escalationLevel > 0 || (s.dueAt !== null && new Date(e.at) > new Date(s.dueAt)));
  const score = Number(e.data?.score);
  const rated = e.kind === 'rated' && Number.isInteger(score) && score >= 1 && score <= 5;
  // One UPDATE of the case row: PostgreSQL applies only one change to a row per statement.
  const result = await db.raw(
    `with k as (select id from cases where tracking_code = :code),
     msg as (
       update case_messages set published_at = cast(:at as timestamptz)
        where id = cast(:messageId as uuid) and case_id = (select id from k) and published_at is null
        returning 1),
     ev as (
       insert into case_events (case_id, seq, kind, public, actor_staff_id, message_id, data, at)
       select id, :seq, :kind, :public, :actor, cast(:messageId as uuid), cast(:data as jsonb),
              cast(:at as timestamptz) from k
       on conflict (case_id, seq) do nothing
       returning 1),
     upd as (
       update cases c set
         first_answered_at = case when f.first then cast(:at as timestamptz) else c.first_answered_at end,
         first_answered_by = case when f.first then cast(:actor as integer) else c.first_answered_by end,
         first_answer_late = case when f.first then :late else c.first_answer_late end,
         score = case when :rated then cast(:score as smallint) else c.score end,
         status = case when f.newer then :status else c.status end,
         province = case when f.newer then :province else c.province end,
         desk = case when f.newer then :desk else c.desk end,
         assigned_to = case when f.newer then cast(:assignedTo as integer) else c.assigned_to end,
         escalation_level = case when f.newer then :level else c.escalation_level end,
         due_at = case when f.newer then cast(:dueAt as timestamptz) else c.due_at end,
         answered_at = case when f.newer then cast(:answeredAt as timestamptz) else c.answered_at end,
         answered_by = case when f.newer then cast(:answeredBy as integer) else c.answered_by end,
         closed_at = case when f.newer then cast(:closedAt as timestamptz) else c.closed_at end,
         projection_seq = greatest(c.projection_seq, :seq)
       from (select x.id,
                    x.projection_seq < :seq as newer,
                    :answered and (x.first_answered_at is null
                                   or x.first_answered_at > cast(:at as timestamptz)) as first
               from cases x where x.id = (select id from k)) f
       where c.id = f.id and (f.newer or f.first or :rated)
       returning 1)
     select (select id from k) as id, (select count(*) from msg) + (select count(*) from ev)
            + (select count(*) from upd) as changed`,
    {
      code: e.trackingCode,
      seq: e.seq,
      kind: e.kind,
      public: e.public,
      actor: e.actorStaffId ?? null,
      messageId: e.messageId || null,
      data: JSON.stringify(e.data ?? {}),
      at: e.at,
      answered,
      late,
      rated,
      score: rated ? score : null,
      status: s.status,
      province: s.province,
      desk: s.desk,
      assignedTo: s.assignedTo,
      level: s.escalationLevel,
      dueAt: s.dueAt,
      answeredAt: s.answeredAt,
      answeredBy: s.answeredBy,
      closedAt: s.closedAt,
    },
  );
  if (result.rows[0]?.id == null) throw new BadReference(`no case ${e.trackingCode}`);
}
