import { bookingKindRefusal, DEFAULT_JOURNEY_KIND, type JourneyKind } from '../../../domain/hajj/kinds';
import type { Db } from '../..';

export interface CaravanTerms {
  id: number;
  code: string;
  name: string;
  province: string;
  agentStaffId: number | null;
  /** Gregorian 'YYYY-MM-DD'. */
  flightDate: string;
  priceRials: string;
  /** The pilgrimage the caravan travels for. */
  kind: JourneyKind;
}

export type HoldResult =
  | { ok: true; bookingId: number; caravan: CaravanTerms }
  | {
      ok: false;
      reason:
        | 'caravanUnknown'
        | 'caravanFull'
        | 'otherProvince'
        | 'alreadyBooked'
        | 'notYourCaravan'
        | 'caravanOtherKind';
    };

export interface HoldRequest {
  /** The caller's key for this attempt: a retry with the same key returns the first answer. */
  requestKey: string;
  depositNumber: string;
  caravanId: number;
  channel: 'online' | 'office';
  /** The agent booking at the caravan office; null online. */
  bookedBy: number | null;
  /** The pilgrim's province when known: the caravan must be one of its. */
  province: string | null;
  heldUntil: string;
  /** The journey's kind: the caravan must be of it. Journeys from before the kinds send none (the Hajj). */
  kind?: JourneyKind;
}

export async function caravanTerms(db: Db, caravanId: number): Promise<CaravanTerms | undefined> {
  const row = await db('hajj_caravans')
    .where({ id: caravanId })
    .select(
      'id',
      'code',
      'name',
      'province',
      'agent_staff_id as agentStaffId',
      db.raw(`to_char(flight_date, 'YYYY-MM-DD') as "flightDate"`),
      db.raw('price_rials::text as "priceRials"'),
      'kind',
    )
    .first();
  return row;
}

/**
 * Holds one seat in a caravan. Capacity is enforced by PostgreSQL itself, in one statement: the seat
 * is taken by a conditional UPDATE (`seats_taken < capacity`), which row-locks the caravan only for
 * that statement, so concurrent bookings queue on the row and the last seat goes to exactly one of
 * them; the booking row is inserted by the same statement, so a refused insert gives the seat back.
 * The table's check constraint is the second line of defence; one active booking per pilgrim is a
 * unique partial index.
 */
export async function holdSeat(db: Db, r: HoldRequest): Promise<HoldResult> {
  const earlier = async () => {
    const row = await db('hajj_bookings').where({ request_key: r.requestKey }).first('id', 'caravan_id');
    return (
      row && {
        ok: true as const,
        bookingId: Number(row.id),
        caravan: (await caravanTerms(db, row.caravan_id))!,
      }
    );
  };
  const retried = await earlier();
  if (retried) return retried;
  const caravan = await caravanTerms(db, r.caravanId);
  if (!caravan) return { ok: false, reason: 'caravanUnknown' };
  const otherKind = bookingKindRefusal(r.kind ?? DEFAULT_JOURNEY_KIND, caravan.kind);
  if (otherKind) return { ok: false, reason: otherKind };
  if (r.province && caravan.province !== r.province) return { ok: false, reason: 'otherProvince' };
  if (r.bookedBy !== null && caravan.agentStaffId !== r.bookedBy)
    return { ok: false, reason: 'notYourCaravan' };
  const active = () =>
    db('hajj_bookings')
      .where({ deposit_number: r.depositNumber })
      .whereIn('status', ['held', 'final'])
      .first('id');
  try {
    const { rows } = await db.raw(
      `with seat as (
         update hajj_caravans set seats_taken = seats_taken + 1
         where id = ? and seats_taken < capacity
           and not exists (select 1 from hajj_bookings
                           where deposit_number = ? and status in ('held', 'final'))
         returning id)
       insert into hajj_bookings (request_key, deposit_number, caravan_id, status, channel, booked_by, held_until)
       select ?, ?, id, 'held', ?, ?, ? from seat
       returning id`,
      [r.caravanId, r.depositNumber, r.requestKey, r.depositNumber, r.channel, r.bookedBy, r.heldUntil],
    );
    if (rows.length > 0) return { ok: true, bookingId: Number(rows[0].id), caravan };
    return { ok: false, reason: (await active()) ? 'alreadyBooked' : 'caravanFull' };
  } catch (err) {
    // A unique index refused the row (and the statement its seat): the same request raced itself, or
    // another booking of this pilgrim's committed first.
    if ((err as { code?: string }).code !== '23505') throw err;
    return (await earlier()) ?? { ok: false, reason: 'alreadyBooked' };
  }
}

/**
 * Ends an active booking (an expired hold, a cancellation, an unfit result) and gives its seat back.
 * Safe to repeat: a booking already ended returns its seat only once.
 */
export async function releaseSeat(
  db: Db,
  bookingId: number,
  status: 'released' | 'cancelled' = 'released',
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const [ended] = await trx('hajj_bookings')
      .where({ id: bookingId })
      .whereIn('status', ['held', 'final'])
      .update({ status, ended_at: trx.fn.now() })
      .returning('caravan_id');
    if (!ended) return false;
    await trx('hajj_caravans').where({ id: ended.caravan_id }).decrement('seats_taken', 1);
    return true;
  });
}

/** The registration is made final at the caravan office: the hold no longer expires. */
export async function finalizeBooking(db: Db, bookingId: number): Promise<void> {
  await db('hajj_bookings')
    .where({ id: bookingId, status: 'held' })
    .update({ status: 'final', held_until: null });
}

export interface CaravanListing {
  id: number;
  code: string;
  name: string;
  province: string;
  agentName: string;
  managerName: string;
  capacity: number;
  seatsLeft: number;
  priceRials: string;
  departsFrom: string;
  departsTo: string;
  flightDate: string;
  rating: string | null;
  kind: JourneyKind;
}

/** Caravans of a province with seats left, for the online booking page and the agents. */
export async function listCaravans(
  db: Db,
  filter: {
    id?: number;
    province?: string;
    agentStaffId?: number;
    withSeatsOnly?: boolean;
    maxPriceRials?: bigint;
    kind?: JourneyKind;
  },
): Promise<CaravanListing[]> {
  const q = db('hajj_caravans').select(
    'id',
    'code',
    'name',
    'province',
    'agent_name as agentName',
    'manager_name as managerName',
    'capacity',
    db.raw('capacity - seats_taken as "seatsLeft"'),
    db.raw('price_rials::text as "priceRials"'),
    db.raw(`to_char(departs_from, 'YYYY-MM-DD') as "departsFrom"`),
    db.raw(`to_char(departs_to, 'YYYY-MM-DD') as "departsTo"`),
    db.raw(`to_char(flight_date, 'YYYY-MM-DD') as "flightDate"`),
    db.raw('rating::text as rating'),
    'kind',
  );
  if (filter.kind) q.where({ kind: filter.kind });
  if (filter.id !== undefined) q.where({ id: filter.id });
  if (filter.province) q.where({ province: filter.province });
  if (filter.agentStaffId) q.where({ agent_staff_id: filter.agentStaffId });
  if (filter.withSeatsOnly) q.whereRaw('seats_taken < capacity');
  if (filter.maxPriceRials !== undefined) q.where('price_rials', '<=', filter.maxPriceRials.toString());
  return q.orderBy([{ column: 'departs_from' }, { column: 'id' }]);
}

export interface NewCaravan {
  code: string;
  name: string;
  province: string;
  agentStaffId: number | null;
  agentName: string;
  managerName: string;
  /** The manager's phone, printed on the pilgrim card. */
  managerPhone?: string | null;
  capacity: number;
  priceRials: bigint;
  departsFrom: string;
  departsTo: string;
  flightDate: string;
  flightNumber?: string;
  rating?: number;
  /** Chosen when the caravan is made (its pilgrims book by it): the Hajj's unless said. */
  kind?: JourneyKind;
}

export async function createCaravan(db: Db, c: NewCaravan): Promise<number> {
  const [row] = await db('hajj_caravans')
    .insert({
      code: c.code,
      name: c.name,
      province: c.province,
      agent_staff_id: c.agentStaffId,
      agent_name: c.agentName,
      manager_name: c.managerName,
      manager_phone: c.managerPhone ?? null,
      capacity: c.capacity,
      price_rials: c.priceRials.toString(),
      departs_from: c.departsFrom,
      departs_to: c.departsTo,
      flight_date: c.flightDate,
      flight_number: c.flightNumber ?? null,
      rating: c.rating ?? null,
      kind: c.kind ?? DEFAULT_JOURNEY_KIND,
    })
    .returning('id');
  return row.id;
}

/** A caravan as the admin edits it: its terms, its agent and its seats. */
export interface CaravanRecord {
  id: number;
  code: string;
  name: string;
  province: string;
  agentStaffId: number | null;
  agentName: string;
  managerName: string;
  managerPhone: string | null;
  capacity: number;
  seatsTaken: number;
  priceRials: string;
  /** Gregorian 'YYYY-MM-DD'. */
  departsFrom: string;
  departsTo: string;
  flightDate: string;
  kind: JourneyKind;
}

/** The caravans as the admin lists them, of one kind when `kind` is given. */
export async function listCaravanRecords(db: Db, kind?: JourneyKind): Promise<CaravanRecord[]> {
  return db('hajj_caravans')
    .modify((q) => {
      if (kind) q.where({ kind });
    })
    .orderBy([{ column: 'province' }, { column: 'code' }])
    .select(
      'id',
      'code',
      'name',
      'province',
      'agent_staff_id as agentStaffId',
      'agent_name as agentName',
      'manager_name as managerName',
      'manager_phone as managerPhone',
      'capacity',
      'seats_taken as seatsTaken',
      db.raw('price_rials::text as "priceRials"'),
      db.raw(`to_char(departs_from, 'YYYY-MM-DD') as "departsFrom"`),
      db.raw(`to_char(departs_to, 'YYYY-MM-DD') as "departsTo"`),
      db.raw(`to_char(flight_date, 'YYYY-MM-DD') as "flightDate"`),
      'kind',
    );
}

export async function caravanCodeTaken(db: Db, code: string, exceptId?: number): Promise<boolean> {
  const q = db('hajj_caravans').where({ code });
  if (exceptId !== undefined) q.whereNot({ id: exceptId });
  return Boolean(await q.first('id'));
}

/**
 * Changes a caravan's terms. Its capacity never goes below the seats held and sold: the condition is
 * in the UPDATE itself, so a booking committing meanwhile cannot slip under it (the booking's own
 * UPDATE queues on the row), and the table's check constraint stands behind it. A caravan with
 * seats taken keeps its province, which its pilgrims booked by.
 */
export async function updateCaravan(
  db: Db,
  id: number,
  c: Omit<NewCaravan, 'agentStaffId' | 'flightNumber' | 'rating' | 'kind'>,
): Promise<'updated' | 'missing' | 'belowSeatsTaken' | 'provinceBooked'> {
  const changed = await db('hajj_caravans')
    .where({ id })
    .where('seats_taken', '<=', c.capacity)
    .where((w) => w.where({ province: c.province }).orWhere('seats_taken', 0))
    .update({
      code: c.code,
      name: c.name,
      province: c.province,
      agent_name: c.agentName,
      manager_name: c.managerName,
      manager_phone: c.managerPhone ?? null,
      capacity: c.capacity,
      price_rials: c.priceRials.toString(),
      departs_from: c.departsFrom,
      departs_to: c.departsTo,
      flight_date: c.flightDate,
    });
  if (changed) return 'updated';
  const row = await db('hajj_caravans').where({ id }).first('seats_taken', 'province');
  if (!row) return 'missing';
  return row.seats_taken > c.capacity ? 'belowSeatsTaken' : 'provinceBooked';
}

/**
 * Makes these caravans the agent's (taken from any agent they had) and releases the agent's other
 * caravans; the agent's name goes on the caravans they now hold. One transaction.
 */
export async function setAgentCaravans(
  db: Db,
  agent: { id: number; fullName: string },
  caravanIds: number[],
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('hajj_caravans')
      .where({ agent_staff_id: agent.id })
      .whereNotIn('id', caravanIds)
      .update({ agent_staff_id: null });
    if (caravanIds.length > 0)
      await trx('hajj_caravans')
        .whereIn('id', caravanIds)
        .update({ agent_staff_id: agent.id, agent_name: agent.fullName });
  });
}
