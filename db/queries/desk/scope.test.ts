import type { Db } from '../..';
import { canSeeCase, type CaseScope, type StaffScope } from '../../../domain/desk/access';
import type { Desk, StaffRole } from '../../../domain/desk/caseStatus';
import { createTestDb } from '../../../test/support/db';
import { submitCase } from '../../../test/support/generators';
import { inScope } from './staffCases';

/**
 * Scope is one rule in two forms: `canSeeCase` for one case in memory, `inScope` for SQL. Every
 * staff member of every role, province and desk set asks every kind of case in a real database;
 * the two forms must agree on each pair.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
const PROVINCES = ['tehran', 'isfahan'];
const DESKS: Desk[] = ['province', 'inspection'];
const cases: (CaseScope & { id: number })[] = [];

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
  for (const province of PROVINCES)
    for (const desk of DESKS)
      for (const confidential of [false, true])
        for (const escalationLevel of [0, 1, 2]) {
          const trackingCode = await submitCase(db, { province, desk, confidential });
          const [{ id }] = await db('cases')
            .where({ tracking_code: trackingCode })
            .update({ escalation_level: escalationLevel })
            .returning('id');
          cases.push({ id: Number(id), province, desk, confidential, escalationLevel });
        }
});
afterAll(() => testDb?.drop());

const ROLES: StaffRole[] = ['expert', 'supervisor', 'inspector', 'admin', 'agent'];
const staff: StaffScope[] = ROLES.flatMap((role) =>
  [...PROVINCES, null].flatMap((province) =>
    [[], ['province'], ['inspection'], ['province', 'inspection']].map((desks) => ({
      id: 1,
      role,
      province,
      desks,
    })),
  ),
);

it.each(staff.map((s) => [`${s.role} ${s.province ?? 'hq'} [${s.desks.join(',')}]`, s] as const))(
  'canSeeCase and inScope agree for %s',
  async (_name, member) => {
    const seen = await inScope(
      db('cases as c').whereIn(
        'c.id',
        cases.map((k) => k.id),
      ),
      member,
    ).pluck('c.id');
    expect(new Set(seen.map(Number))).toEqual(
      new Set(cases.filter((k) => canSeeCase(member, k)).map((k) => k.id)),
    );
  },
);
