import type { Db } from '../..';
import { assigneeRefusal, type Candidate } from '../../../domain/desk/access';
import type { Desk, StaffRole } from '../../../domain/desk/caseStatus';

export interface StaffMember {
  id: number;
  username: string;
  fullName: string;
  role: StaffRole;
  province: string | null;
  desks: string[];
}

const COLUMNS = ['id', 'username', 'full_name as fullName', 'role', 'province', 'desks'];

export async function findStaffById(db: Db, id: number): Promise<StaffMember | undefined> {
  return db('staff').where({ id, active: true }).first(COLUMNS);
}

/**
 * The logged-in staff member of a staff page with the menu's unread count (capped at `cap`: one
 * bounded scan of the partial index of unread notices), in one round trip.
 */
export async function findStaffWithUnread(
  db: Db,
  id: number,
  cap = 100,
): Promise<(StaffMember & { unread: number }) | undefined> {
  const row = await db('staff')
    .where({ id, active: true })
    .first([
      ...COLUMNS,
      db.raw(
        `(select count(*) from (select 1 from notifications n
           where n.staff_id = staff.id and n.channel = 'inbox' and n.read_at is null limit ?) u)::int as unread`,
        [cap],
      ),
    ]);
  return row && { ...row, unread: Number(row.unread) };
}

export async function findStaffForLogin(db: Db, username: string) {
  return db('staff')
    .where({ username, active: true })
    .first([...COLUMNS, 'password_hash as passwordHash']);
}

/**
 * Who gets a new case: the active expert of the province's desk (inspectors for the confidential
 * desk, from any province) with the fewest open cases; null leaves it in the pool.
 */
export async function leastLoadedHandler(db: Db, province: string, desk: Desk): Promise<number | null> {
  const candidates = db('staff as s').where('s.active', true);
  if (desk === 'inspection') candidates.where('s.role', 'inspector');
  else candidates.where({ 's.role': 'expert', 's.province': province }).whereRaw('? = any(s.desks)', [desk]);
  const row = await candidates
    .select('s.id')
    // Counted over the open cases only, so the partial index on (assigned_to) of open cases serves it
    // (migration 003): asked for the two statuses alone, the planner also scanned the status index,
    // about 150 ms per routed case at a million cases instead of a few.
    .select(
      db.raw(
        `(select count(*) filter (where c.status in ('routed', 'awaiting-identity')) from cases c
          where c.assigned_to = s.id and c.status in ('received', 'awaiting-identity', 'routed', 'info-requested')) as load`,
      ),
    )
    .orderBy([{ column: 'load' }, { column: 's.id' }])
    .first();
  return row ? row.id : null;
}

/**
 * Who receives an escalation: level 1 the province's supervisors (headquarters for the confidential
 * desk, which province staff must not see), level 2 headquarters and the Inspection Office.
 */
export async function escalationRecipients(
  db: Db,
  province: string,
  desk: Desk,
  level: number,
): Promise<number[]> {
  const q = db('staff').where({ active: true });
  if (level >= 2) q.whereIn('role', ['inspector', 'admin']);
  else if (desk === 'inspection') q.where({ role: 'admin' });
  else q.where({ role: 'supervisor', province });
  return (await q.orderBy('id').select('id')).map((r) => r.id);
}

/** The province's supervisor who takes objections: the first active one. */
export async function provinceSupervisor(db: Db, province: string): Promise<number | null> {
  const row = await db('staff')
    .where({ active: true, role: 'supervisor', province })
    .orderBy('id')
    .first('id');
  return row?.id ?? null;
}

export async function createStaff(
  db: Db,
  s: {
    username: string;
    passwordHash: string;
    fullName: string;
    role: StaffRole;
    province: string | null;
    desks?: string[];
    email?: string | null;
    mobile?: string | null;
  },
): Promise<number> {
  const [row] = await db('staff')
    .insert({
      username: s.username,
      password_hash: s.passwordHash,
      full_name: s.fullName,
      role: s.role,
      province: s.province,
      desks: s.desks ?? ['province'],
      email: s.email ?? null,
      mobile: s.mobile ?? null,
    })
    .onConflict('username')
    .ignore()
    .returning('id');
  return row?.id ?? (await db('staff').where({ username: s.username }).first('id')).id;
}

/** Who may be given a case of this province and desk (domain/desk/access.ts `assigneeRefusal`). */
export async function eligibleAssignees(
  db: Db,
  kase: { province: string; desk: Desk; confidential: boolean },
): Promise<{ id: number; fullName: string }[]> {
  const candidates: (Candidate & { id: number; fullName: string })[] = await db('staff')
    .where({ active: true })
    .where((w) => w.where({ role: 'inspector' }).orWhere({ province: kase.province }))
    .orderBy('full_name')
    .select('id', 'full_name as fullName', 'active', 'role', 'province', 'desks');
  return candidates
    .filter((c) => assigneeRefusal(c, kase) === null)
    .map(({ id, fullName }) => ({ id, fullName }));
}

/**
 * Everyone a case in this scope can be given to, for pages that hand over cases of several provinces;
 * each case still takes only its own province's and desk's (domain/desk/access.ts `assigneeRefusal`).
 */
export async function assigneesInScope(
  db: Db,
  scope: { role: StaffRole; province: string | null },
): Promise<{ id: number; fullName: string; province: string | null }[]> {
  const q = db('staff').where({ active: true });
  if (scope.role === 'supervisor')
    q.whereIn('role', ['expert', 'supervisor']).where({ province: scope.province });
  else if (scope.role === 'inspector') q.where({ role: 'inspector' });
  else q.whereIn('role', ['expert', 'supervisor', 'inspector']);
  return q.orderBy(['province', 'full_name']).select('id', 'full_name as fullName', 'province');
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  return Boolean(await db('staff').where({ username }).first('id'));
}

/** A staff member as the assignment rule needs them, active or not; undefined when there is none. */
export async function assignmentCandidate(db: Db, id: number): Promise<Candidate | undefined> {
  return db('staff').where({ id }).first('active', 'role', 'province', 'desks');
}
