import { computeRefund, type JourneyStage, type SettlementReason } from '../../../domain/hajj/journey';
import type { JourneyKind } from '../../../domain/hajj/kinds';
import { HOLD_BUSINESS_DAYS, STEP_BUSINESS_DAYS } from '../../../domain/hajj/policy';
import type { Db } from '../..';
import { releaseSeat } from './bookings';

/** The journey's state as the pages read it, written whole with each event. */
export interface JourneySnapshot {
  stage: JourneyStage;
  caravanId: number | null;
  heldUntil: string | null;
  dueAt: string | null;
  /** Step → when it was recorded (ISO). */
  steps: Record<string, string>;
  paidRials: string;
  endReason: string | null;
}

export interface JourneyEvent {
  depositNumber: string;
  /** The workflow's own count of its events: (deposit, seq) makes a retried write harmless. */
  seq: number;
  kind: string;
  at: string;
  actorStaffId?: number;
  data?: Record<string, unknown>;
  snapshot: JourneySnapshot;
}

/** Writes a timeline entry and, if it is newer than what is there, the journey's whole state. */
export async function applyJourneyEvent(db: Db, e: JourneyEvent): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('hajj_journey_events')
      .insert({
        deposit_number: e.depositNumber,
        seq: e.seq,
        kind: e.kind,
        actor_staff_id: e.actorStaffId ?? null,
        data: e.data ?? {},
        at: e.at,
      })
      .onConflict(['deposit_number', 'seq'])
      .ignore();
    const row = {
      deposit_number: e.depositNumber,
      stage: e.snapshot.stage,
      caravan_id: e.snapshot.caravanId,
      held_until: e.snapshot.heldUntil,
      due_at: e.snapshot.dueAt,
      steps: e.snapshot.steps,
      paid_rials: e.snapshot.paidRials,
      end_reason: e.snapshot.endReason,
      projection_seq: e.seq,
      updated_at: e.at,
    };
    await trx('hajj_journeys')
      .insert(row)
      .onConflict('deposit_number')
      .merge()
      .where('hajj_journeys.projection_seq', '<', e.seq);
  });
}

export interface PilgrimFacts {
  nationalCodeHash: string;
  depositRials: string;
  holdBusinessDays: number;
  stepBusinessDays: number;
  /** The deposit's pilgrimage: the journey's kind (absent in facts recorded before the kinds). */
  kind?: JourneyKind;
}

/** What the workflow may know of its pilgrim: a keyed hash and amounts, never the code itself. */
export async function pilgrimFacts(db: Db, depositNumber: string): Promise<PilgrimFacts | undefined> {
  return (await pilgrimsFacts(db, [depositNumber])).get(depositNumber);
}

/** `pilgrimFacts` for a round's batch at once, by deposit number. */
export async function pilgrimsFacts(db: Db, depositNumbers: string[]): Promise<Map<string, PilgrimFacts>> {
  const [deposits, settings] = await Promise.all([
    db('hajj_deposits')
      .whereIn('deposit_number', depositNumbers)
      .select('deposit_number', 'national_code_hash', 'kind', db.raw('amount_rials::text as amount')),
    db('settings').whereIn('key', ['hajjHoldBusinessDays', 'hajjStepBusinessDays']).select('key', 'value'),
  ]);
  const days = (key: string, fallback: number) => {
    const n = Number(settings.find((s) => s.key === key)?.value);
    return Number.isInteger(n) && n >= 1 ? n : fallback;
  };
  const holdBusinessDays = days('hajjHoldBusinessDays', HOLD_BUSINESS_DAYS);
  const stepBusinessDays = days('hajjStepBusinessDays', STEP_BUSINESS_DAYS);
  return new Map(
    deposits.map((d) => [
      d.deposit_number,
      {
        nationalCodeHash: d.national_code_hash,
        depositRials: d.amount,
        holdBusinessDays,
        stepBusinessDays,
        kind: d.kind,
      },
    ]),
  );
}

/**
 * A round's batch called at once: each pilgrim's first timeline entry ("called", seq 1) and the
 * journey's state waiting for a booking until `dueAt`, as the journey would write them itself. A
 * journey already written (a round run again) is left as it is. Returns the deadline of each call
 * that has not gone further than that.
 */
export async function recordCalls(
  db: Db,
  calls: { depositNumbers: string[]; at: string; dueAt: string },
): Promise<Map<string, string>> {
  if (calls.depositNumbers.length === 0) return new Map();
  return db.transaction(async (trx) => {
    await trx('hajj_journey_events')
      .insert(calls.depositNumbers.map((d) => ({ deposit_number: d, seq: 1, kind: 'called', at: calls.at })))
      .onConflict(['deposit_number', 'seq'])
      .ignore();
    await trx('hajj_journeys')
      .insert(
        calls.depositNumbers.map((d) => ({
          deposit_number: d,
          stage: 'booking',
          due_at: calls.dueAt,
          projection_seq: 1,
          updated_at: calls.at,
        })),
      )
      .onConflict('deposit_number')
      .ignore();
    // The deadline each call was written with: an earlier attempt's, if it got this far.
    const written = await trx('hajj_journeys')
      .whereIn('deposit_number', calls.depositNumbers)
      .where({ projection_seq: 1 })
      .select('deposit_number', 'due_at');
    return new Map(written.map((j) => [j.deposit_number, new Date(j.due_at).toISOString()]));
  });
}

export interface CancellationReceipt {
  receiptNumber: string;
  depositNumber: string;
  /** Why the deposit was settled; receipts before migration 008 are cancellations. */
  reason: SettlementReason;
  /** The role of whoever recorded the end: the caravan's agent, the province office, headquarters. */
  recordedAs: string;
  afterVisaRequest: boolean;
  paidRials: string;
  blockedRials: string;
  refundRials: string;
  at: string;
  /** The deposit's journey kind (its receipt is titled with it). */
  kind?: string;
}

/**
 * Settles a journey that ends after final registration, by the pilgrim's cancellation or by an
 * unfit medical result or a refused visa (`reason`): the deposit document made stable (its
 * principal blocked), the rest refunded, the seat back in the caravan. Safe to repeat: the receipt
 * is the deposit's one settlement.
 */
export async function recordCancellation(
  db: Db,
  c: {
    depositNumber: string;
    bookingId: number | null;
    staffId: number;
    role: string;
    afterVisaRequest: boolean;
    paymentsRials: string[];
    /** Absent from activities scheduled before migration 008: a cancellation. */
    reason?: SettlementReason;
  },
): Promise<CancellationReceipt> {
  await db.transaction(async (trx) => {
    const deposit = await trx('hajj_deposits')
      .where({ deposit_number: c.depositNumber })
      .forUpdate()
      .first(trx.raw('amount_rials::text as amount'));
    const refund = computeRefund(
      BigInt(deposit.amount),
      c.paymentsRials.map((p) => BigInt(p)),
    );
    await trx('hajj_cancellations')
      .insert({
        receipt_number: `HR${c.depositNumber}`,
        deposit_number: c.depositNumber,
        recorded_by: c.staffId,
        recorded_as: c.role,
        after_visa_request: c.afterVisaRequest,
        reason: c.reason ?? 'cancelled',
        paid_rials: refund.paidRials.toString(),
        blocked_rials: refund.blockedRials.toString(),
        refund_rials: refund.refundRials.toString(),
      })
      .onConflict('deposit_number')
      .ignore();
    await trx('hajj_deposits').where({ deposit_number: c.depositNumber }).update({ status: 'cancelled' });
  });
  if (c.bookingId !== null) await releaseSeat(db, c.bookingId, 'cancelled');
  return (await cancellationReceipt(db, c.depositNumber))!;
}

export async function cancellationReceipt(
  db: Db,
  depositNumber: string,
): Promise<CancellationReceipt | undefined> {
  const row = await db('hajj_cancellations')
    .where({ deposit_number: depositNumber })
    .first(
      'receipt_number as receiptNumber',
      'deposit_number as depositNumber',
      'reason',
      'recorded_as as recordedAs',
      'after_visa_request as afterVisaRequest',
      db.raw('paid_rials::text as "paidRials"'),
      db.raw('blocked_rials::text as "blockedRials"'),
      db.raw('refund_rials::text as "refundRials"'),
      'at',
      db.raw(
        '(select kind from hajj_deposits d where d.deposit_number = hajj_cancellations.deposit_number) as kind',
      ),
    );
  return row ? { ...row, at: new Date(row.at).toISOString() } : undefined;
}

/** The journey as its page shows it: the projection, the caravan and the public timeline. */
export async function journeyForPage(db: Db, depositNumber: string) {
  const journey = await db('hajj_journeys as j')
    .leftJoin('hajj_caravans as c', 'c.id', 'j.caravan_id')
    .where('j.deposit_number', depositNumber)
    .first(
      'j.stage',
      'j.held_until as heldUntil',
      'j.due_at as dueAt',
      'j.steps',
      db.raw('j.paid_rials::text as "paidRials"'),
      db.raw('c.price_rials::text as "priceRials"'),
      'c.id as caravanId',
      'c.code as caravanCode',
      'c.name as caravanName',
      'c.province as caravanProvince',
      'c.agent_name as agentName',
      'c.manager_name as managerName',
      db.raw(`to_char(c.flight_date, 'YYYY-MM-DD') as "flightDate"`),
      'c.flight_number as flightNumber',
    );
  if (!journey) return undefined;
  const events = await db('hajj_journey_events')
    .where({ deposit_number: depositNumber })
    .orderBy('seq')
    .select('kind', 'at', 'data');
  return { ...journey, events };
}
