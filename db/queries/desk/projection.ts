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
 * Writes one workflow event to the timeline and the case row. Applying it twice, or after a newer
 * event, changes nothing: the timeline is keyed by (case, seq) and the row keeps the newest snapshot.
 */
export async function applyCaseEvent(db: Db, e: CaseEvent): Promise<void> {
  await db.transaction(async (trx) => {
    const kase = await trx('cases').where({ tracking_code: e.trackingCode }).first('id');
    if (!kase) throw new BadReference(`no case ${e.trackingCode}`);
    if (e.messageId) {
      await trx('case_messages')
        .where({ id: e.messageId, case_id: kase.id })
        .whereNull('published_at')
        .update({ published_at: e.at });
    }
    await trx('case_events')
      .insert({
        case_id: kase.id,
        seq: e.seq,
        kind: e.kind,
        public: e.public,
        actor_staff_id: e.actorStaffId ?? null,
        message_id: e.messageId ?? null,
        data: e.data ?? {},
        at: e.at,
      })
      .onConflict(['case_id', 'seq'])
      .ignore();
    // The first answer stays when an objection reopens the case (answered_at is cleared then):
    // whether it came late is judged by the deadline in force and the escalation level at the time.
    if (e.kind === 'answered') {
      const { escalationLevel, dueAt } = e.snapshot;
      const late = escalationLevel > 0 || (dueAt !== null && new Date(e.at) > new Date(dueAt));
      await trx('cases')
        .where('id', kase.id)
        .where((w) => w.whereNull('first_answered_at').orWhere('first_answered_at', '>', e.at))
        .update({
          first_answered_at: e.at,
          first_answered_by: e.actorStaffId ?? null,
          first_answer_late: late,
        });
    }
    const score = Number(e.data?.score);
    if (e.kind === 'rated' && Number.isInteger(score) && score >= 1 && score <= 5)
      await trx('cases').where('id', kase.id).update({ score });
    const s = e.snapshot;
    await trx('cases').where('id', kase.id).where('projection_seq', '<', e.seq).update({
      status: s.status,
      province: s.province,
      desk: s.desk,
      assigned_to: s.assignedTo,
      escalation_level: s.escalationLevel,
      due_at: s.dueAt,
      answered_at: s.answeredAt,
      answered_by: s.answeredBy,
      closed_at: s.closedAt,
      projection_seq: e.seq,
    });
  });
}
