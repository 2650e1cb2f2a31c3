import type { Db } from '../index';

export interface CaravanTerms {
  id: number;
  code: string;
  name: string;
  province: string;
  agentStaffId: number | null;
  /** Gregorian 'YYYY-MM-DD'. */
  flightDate: string;
  priceRials: string;
}

export type HoldResult =
  | { ok: true; bookingId: number; caravan: CaravanTerms }
  | {
      ok: false;
      reason: 'caravanUnknown' | 'caravanFull' | 'otherProvince' | 'alreadyBooked' | 'notYourCaravan';
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
    )
    .first();
  return row;
}

/**
 * Holds one seat in a caravan. Capacity is enforced by PostgreSQL itself: the seat is taken by a
 * conditional UPDATE (`seats_taken < capacity`), which row-locks the caravan, so concurrent bookings
 * queue on that row and the last seat goes to exactly one of them; the table's check constraint is
 * the second line of defence. One active booking per pilgrim is a unique partial index.
 */
export async function holdSeat(db: Db, r: HoldRequest): Promise<HoldResult> {
  const earlier = await db('hajj_bookings').where({ request_key: r.requestKey }).first('id', 'caravan_id');
  if (earlier)
    return {
      ok: true,
      bookingId: Number(earlier.id),
      caravan: (await caravanTerms(db, earlier.caravan_id))!,
    };
  const caravan = await caravanTerms(db, r.caravanId);
  if (!caravan) return { ok: false, reason: 'caravanUnknown' };
  if (r.province && caravan.province !== r.province) return { ok: false, reason: 'otherProvince' };
  if (r.bookedBy !== null && caravan.agentStaffId !== r.bookedBy)
    return { ok: false, reason: 'notYourCaravan' };
  return db.transaction(async (trx) => {
    const active = await trx('hajj_bookings')
      .where({ deposit_number: r.depositNumber })
      .whereIn('status', ['held', 'final'])
      .first('id');
    if (active) return { ok: false as const, reason: 'alreadyBooked' as const };
    const taken = await trx('hajj_caravans')
      .where({ id: r.caravanId })
      .where('seats_taken', '<', trx.ref('capacity'))
      .increment('seats_taken', 1)
      .returning('id');
    if (taken.length === 0) return { ok: false as const, reason: 'caravanFull' as const };
    const [booking] = await trx('hajj_bookings')
      .insert({
        request_key: r.requestKey,
        deposit_number: r.depositNumber,
        caravan_id: r.caravanId,
        status: 'held',
        channel: r.channel,
        booked_by: r.bookedBy,
        held_until: r.heldUntil,
      })
      .returning('id');
    return { ok: true as const, bookingId: Number(booking.id), caravan };
  });
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
}

/** Caravans of a province with seats left, for the online booking page and the agents. */
export async function listCaravans(
  db: Db,
  filter: { province?: string; agentStaffId?: number; withSeatsOnly?: boolean; maxPriceRials?: bigint },
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
  );
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
  capacity: number;
  priceRials: bigint;
  departsFrom: string;
  departsTo: string;
  flightDate: string;
  flightNumber?: string;
  rating?: number;
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
      capacity: c.capacity,
      price_rials: c.priceRials.toString(),
      departs_from: c.departsFrom,
      departs_to: c.departsTo,
      flight_date: c.flightDate,
      flight_number: c.flightNumber ?? null,
      rating: c.rating ?? null,
    })
    .returning('id');
  return row.id;
}
