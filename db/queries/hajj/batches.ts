import type { BatchItem, BatchKind } from '../../../domain/hajj/batches';
import type { JourneyActor, JourneyStage } from '../../../domain/hajj/journey';
import type { Db } from '../..';

export interface NewBatch {
  idempotencyKey: string;
  kind: BatchKind;
  caravanId: number;
  actor: JourneyActor;
  items: BatchItem[];
  /** dispatch: the flight minutes. */
  flight?: { number: string; date: string; airport: string; minutesNumber: string };
}

/**
 * Stores a batch and its items in one transaction, under the form's idempotency key: a double
 * submit finds the first batch. Returns its id and whether it was made now.
 */
export async function createBatch(db: Db, batch: NewBatch): Promise<{ batchId: number; created: boolean }> {
  return db.transaction(async (trx) => {
    const [row] = await trx('hajj_batches')
      .insert({
        idempotency_key: batch.idempotencyKey,
        kind: batch.kind,
        caravan_id: batch.caravanId,
        staff_id: batch.actor.staffId,
        staff_role: batch.actor.role,
        staff_province: batch.actor.province,
        flight_number: batch.flight?.number ?? null,
        flight_date: batch.flight?.date ?? null,
        airport: batch.flight?.airport ?? null,
        minutes_number: batch.flight?.minutesNumber ?? null,
        total: batch.items.length,
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    if (!row) {
      const first = await trx('hajj_batches').where({ idempotency_key: batch.idempotencyKey }).first('id');
      return { batchId: Number(first.id), created: false };
    }
    const batchId = Number(row.id);
    if (batch.items.length > 0)
      await trx('hajj_batch_items').insert(
        batch.items.map((item, i) => ({
          batch_id: batchId,
          position: i + 1,
          deposit_number: item.depositNumber,
          visa: item.visa,
          ticket: item.ticket,
          present: item.present,
        })),
      );
    return { batchId, created: true };
  });
}

export interface BatchRow {
  id: number;
  kind: BatchKind;
  caravanId: number;
  actor: JourneyActor;
  flightNumber: string | null;
  flightDate: string | null;
  airport: string | null;
  minutesNumber: string | null;
  total: number;
  sent: number;
  refused: number;
  createdAt: Date;
  completedAt: Date | null;
}

const batchColumns = (db: Db) => [
  'id',
  'kind',
  'caravan_id',
  'staff_id',
  'staff_role',
  'staff_province',
  'flight_number',
  db.raw(`to_char(flight_date, 'YYYY-MM-DD') as flight_date`),
  'airport',
  'minutes_number',
  'total',
  'sent',
  'refused',
  'created_at',
  'completed_at',
];

function batchOf(r: Record<string, unknown>): BatchRow {
  return {
    id: Number(r.id),
    kind: r.kind as BatchKind,
    caravanId: r.caravan_id as number,
    actor: {
      staffId: r.staff_id as number,
      role: r.staff_role as string,
      province: (r.staff_province as string | null) ?? null,
    },
    flightNumber: r.flight_number as string | null,
    flightDate: r.flight_date as string | null,
    airport: r.airport as string | null,
    minutesNumber: r.minutes_number as string | null,
    total: r.total as number,
    sent: r.sent as number,
    refused: r.refused as number,
    createdAt: r.created_at as Date,
    completedAt: (r.completed_at as Date | null) ?? null,
  };
}

export async function findBatch(db: Db, batchId: number): Promise<BatchRow | null> {
  const row = await db('hajj_batches').where({ id: batchId }).first(batchColumns(db));
  return row ? batchOf(row) : null;
}

export async function caravanBatches(db: Db, caravanId: number, limit = 20): Promise<BatchRow[]> {
  const rows = await db('hajj_batches')
    .where({ caravan_id: caravanId })
    .orderBy('id', 'desc')
    .limit(limit)
    .select(batchColumns(db));
  return rows.map(batchOf);
}

export interface PendingItem extends BatchItem {
  position: number;
  /** The journey's stage as its projection has it now (null: no journey). */
  stage: JourneyStage | null;
}

/** The next items of a batch not yet sent, after `afterPosition`, with their journeys' stages. */
export async function pendingBatchItems(
  db: Db,
  batchId: number,
  afterPosition: number,
  size: number,
): Promise<PendingItem[]> {
  const rows = await db('hajj_batch_items as i')
    .leftJoin('hajj_journeys as j', 'j.deposit_number', 'i.deposit_number')
    .where('i.batch_id', batchId)
    .where('i.position', '>', afterPosition)
    .whereNull('i.outcome')
    .orderBy('i.position')
    .limit(size)
    .select('i.position', 'i.deposit_number', 'i.visa', 'i.ticket', 'i.present', 'j.stage');
  return rows.map((r) => ({
    position: r.position,
    depositNumber: r.deposit_number,
    visa: r.visa,
    ticket: r.ticket,
    present: r.present,
    stage: r.stage,
  }));
}

export type ItemOutcome = {
  position: number;
  outcome: 'sent' | 'refused' | 'skipped';
  reason: string | null;
};

/** Records how items went, once each: a re-sent chunk changes no item already settled nor the counts. */
export async function recordItemOutcomes(db: Db, batchId: number, outcomes: ItemOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.raw(
    `with settled as (
       update hajj_batch_items i set outcome = o.outcome, reason = o.reason, sent_at = now()
       from unnest(?::int[], ?::text[], ?::text[]) as o(position, outcome, reason)
       where i.batch_id = ? and i.position = o.position and i.outcome is null
       returning i.outcome)
     update hajj_batches set
       sent = sent + (select count(*) from settled where outcome <> 'refused'),
       refused = refused + (select count(*) from settled where outcome = 'refused')
     where id = ?`,
    [
      outcomes.map((o) => o.position),
      outcomes.map((o) => o.outcome),
      outcomes.map((o) => o.reason) as string[],
      batchId,
      batchId,
    ],
  );
}

export async function completeBatch(db: Db, batchId: number): Promise<void> {
  await db('hajj_batches')
    .where({ id: batchId })
    .whereNull('completed_at')
    .update({ completed_at: db.fn.now() });
}

/** Batches not completed, made at least `graceMs` ago: the relay starts their workflows. */
export async function unfinishedBatches(
  db: Db,
  graceMs: number,
): Promise<{ batchId: number; kind: BatchKind }[]> {
  const rows = await db('hajj_batches')
    .whereNull('completed_at')
    .where('created_at', '<', db.raw(`now() - ? * interval '1 millisecond'`, [graceMs]))
    .orderBy('id')
    .select('id', 'kind');
  return rows.map((r) => ({ batchId: Number(r.id), kind: r.kind }));
}

/** A batch's items with each pilgrim's national code and outcome: the manifest and the progress page. */
export async function batchItems(db: Db, batchId: number) {
  return db('hajj_batch_items as i')
    .join('hajj_deposits as d', 'd.deposit_number', 'i.deposit_number')
    .where('i.batch_id', batchId)
    .orderBy('i.position')
    .select(
      'i.position',
      'i.deposit_number as depositNumber',
      'd.national_code as nationalCode',
      'i.visa',
      'i.ticket',
      'i.present',
      'i.outcome',
      'i.reason',
    );
}

/** A caravan's pilgrims at the stages a batch of `kind` takes them from, in deposit order. */
export async function pilgrimsForBatch(
  db: Db,
  caravanId: number,
  stages: readonly JourneyStage[],
): Promise<{ depositNumber: string; stage: JourneyStage; nationalCode: string }[]> {
  return db('hajj_journeys as j')
    .join('hajj_deposits as d', 'd.deposit_number', 'j.deposit_number')
    .where('j.caravan_id', caravanId)
    .whereIn('j.stage', stages)
    .orderBy('j.deposit_number')
    .select('j.deposit_number as depositNumber', 'j.stage', 'd.national_code as nationalCode');
}
