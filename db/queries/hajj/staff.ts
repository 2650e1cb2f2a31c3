import type { Knex } from 'knex';
import type { Db } from '../..';
import type { StaffMember } from '../shared/staff';

/** What a staff member's role lets them see of the journey: agents their caravans, offices their province. */
function applyScope(q: Knex.QueryBuilder, staff: StaffMember, caravanAlias = 'c'): void {
  if (staff.role === 'admin') return;
  if (staff.role === 'agent') q.where(`${caravanAlias}.agent_staff_id`, staff.id);
  else if (staff.role === 'supervisor' || staff.role === 'expert')
    q.where(`${caravanAlias}.province`, staff.province ?? '');
  else q.whereRaw('false');
}

export interface CaravanRow {
  id: number;
  code: string;
  name: string;
  province: string;
  agentName: string;
  capacity: number;
  seatsTaken: number;
  priceRials: string;
  flightDate: string;
  visaRequestedAt: Date | null;
  kind: string;
}

/** The caravans a staff member sees, of one journey kind when `kind` is given. */
export async function caravansInScope(db: Db, staff: StaffMember, kind?: string): Promise<CaravanRow[]> {
  const q = db('hajj_caravans as c').select(
    'c.id',
    'c.code',
    'c.name',
    'c.province',
    'c.agent_name as agentName',
    'c.capacity',
    'c.seats_taken as seatsTaken',
    db.raw('c.price_rials::text as "priceRials"'),
    db.raw(`to_char(c.flight_date, 'YYYY-MM-DD') as "flightDate"`),
    'c.visa_requested_at as visaRequestedAt',
    'c.kind',
  );
  applyScope(q, staff);
  if (kind) q.where('c.kind', kind);
  return q.orderBy('c.id').limit(500);
}

export async function caravanInScope(db: Db, staff: StaffMember, caravanId: number) {
  const q = db('hajj_caravans as c').where('c.id', caravanId);
  applyScope(q, staff);
  return q.first('c.*');
}

/** The pilgrims holding or having held a seat in a caravan, with their stage. */
export async function pilgrimsOfCaravan(db: Db, caravanId: number) {
  return db('hajj_journeys as j')
    .where('j.caravan_id', caravanId)
    .orderBy('j.deposit_number')
    .select('j.deposit_number as depositNumber', 'j.stage', 'j.updated_at as updatedAt');
}

export async function journeyInScope(db: Db, staff: StaffMember, depositNumber: string) {
  const q = db('hajj_journeys as j')
    .join('hajj_caravans as c', 'c.id', 'j.caravan_id')
    .join('hajj_deposits as d', 'd.deposit_number', 'j.deposit_number')
    .where('j.deposit_number', depositNumber);
  applyScope(q, staff);
  return q.first(
    'j.deposit_number as depositNumber',
    'j.stage',
    'j.steps',
    'j.due_at as dueAt',
    'j.held_until as heldUntil',
    'd.national_code as nationalCode',
    db.raw('d.amount_rials::text as "depositRials"'),
    db.raw('j.paid_rials::text as "paidRials"'),
    'c.id as caravanId',
    'c.code as caravanCode',
    'c.province as caravanProvince',
    'c.agent_staff_id as caravanAgent',
    'd.kind',
  );
}

/** Pilgrims of a caravan awaiting the visa request: headquarters sends them in one batch. */
export async function awaitingVisaRequest(db: Db, caravanId: number): Promise<string[]> {
  return db('hajj_journeys').where({ caravan_id: caravanId, stage: 'visa-request' }).pluck('deposit_number');
}

export async function markVisaRequested(db: Db, caravanId: number): Promise<void> {
  await db('hajj_caravans').where({ id: caravanId }).update({ visa_requested_at: db.fn.now() });
}

/** The deposits by status, all kinds together, and by journey kind (kind → status → count). */
export async function queueSummary(db: Db) {
  const rows = await db('hajj_deposits')
    .groupBy('kind', 'status')
    .select('kind', 'status', db.raw('count(*)::int as n'));
  const all: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    all[r.status] = (all[r.status] ?? 0) + r.n;
    (byKind[r.kind] ??= {})[r.status] = r.n;
  }
  return Object.assign(all, { byKind });
}
