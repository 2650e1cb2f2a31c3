import type { Db } from '../..';
import type { StaffScope } from '../../../domain/desk/access';
import { createTestDb } from '../../../test/support/db';
import { addStaff } from '../../../test/support/generators';
import { inbox, type InboxFilter } from './staffCases';

/**
 * The inbox's queries on a generated table large enough for the planner to prefer indexes the way it
 * does on a million rows: every page the inbox serves must come from an index, never a scan of all
 * cases, and keyset paging must visit every case once, in deadline order.
 */
const ROWS = Number(process.env.INBOX_TEST_ROWS ?? 200_000);
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let expert: StaffScope;
let supervisor: StaffScope;
let inspector: StaffScope;
let admin: StaffScope;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
  const scope = async (role: StaffScope['role'], province: string | null): Promise<StaffScope> => ({
    id: await addStaff(db, role, province),
    role,
    province,
    desks: ['province'],
  });
  expert = await scope('expert', 'tehran');
  supervisor = await scope('supervisor', 'tehran');
  inspector = await scope('inspector', null);
  admin = await scope('admin', null);
  // A busy year: 5% open (some overdue, some escalated, some undated), the rest answered or closed;
  // every province and subject; a tenth of the open ones assigned to our expert.
  await db.raw(
    `
    with p as (select array_agg(slug order by position) a from provinces),
         s as (select array_agg(ss.subject_slug order by ss.subject_slug, ss.slug) subj,
                      array_agg(ss.slug order by ss.subject_slug, ss.slug) sub,
                      array_agg(d.desk order by ss.subject_slug, ss.slug) desk
               from sub_subjects ss join subjects d on d.slug = ss.subject_slug)
    insert into cases (tracking_code, national_code, national_code_hash, birth_date, province, mobile,
                       subject, sub_subject, text, desk, confidential, status, assigned_to,
                       escalation_level, due_at, created_at, answered_at)
    select lpad((1000000000 + g)::text, 10, '0'), lpad((g * 7919 % 1000000000)::text, 10, '0'),
           md5('nc' || (g % 150000)), '1360/01/01', p.a[1 + g % 31], '09120000000',
           s.subj[1 + g % array_length(s.subj, 1)], s.sub[1 + g % array_length(s.subj, 1)], 'متن',
           s.desk[1 + g % array_length(s.subj, 1)], s.desk[1 + g % array_length(s.subj, 1)] = 'inspection',
           case when g % 20 = 0 then (case when g % 60 = 0 then 'received' else 'routed' end)
                when g % 20 = 1 then 'answered' else 'closed' end,
           case when g % 200 = 0 then ?::int end,
           case when g % 20 = 0 and g % 100 = 40 then 1 + (g / 100) % 2 else 0 end,
           case when g % 20 = 0 and g % 60 <> 0 then now() + ((g % 40) - 10) * interval '1 day' end,
           now() - (g % 365) * interval '1 day',
           case when g % 20 = 1 then now() - (g % 300) * interval '1 day' end
    from generate_series(1, ?::int) g, p, s`,
    [expert.id, ROWS],
  );
  await db.raw('analyze cases');
}, 120_000);

afterAll(() => testDb?.drop());

async function plan(staff: StaffScope, filter: InboxFilter): Promise<string> {
  const { sql, bindings } = captureSql(staff, filter);
  // The listener sees the native SQL ($1, $2 …); knex.raw takes `?` in the same order.
  const rows = (await db.raw(`explain ${sql.replace(/\$\d+/g, '?')}`, bindings as never)).rows as {
    'QUERY PLAN': string;
  }[];
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** The SQL the inbox runs, caught by a query listener. */
function captureSql(staff: StaffScope, filter: InboxFilter): { sql: string; bindings: unknown[] } {
  return captured.get(JSON.stringify([staff.id, filter]))!;
}
const captured = new Map<string, { sql: string; bindings: unknown[] }>();
async function run(staff: StaffScope, filter: InboxFilter) {
  const key = JSON.stringify([staff.id, filter]);
  const listen = (q: { sql: string; bindings: unknown[] }) => {
    if (q.sql.includes('from "cases" as "c"')) captured.set(key, { sql: q.sql, bindings: q.bindings });
  };
  db.on('query', listen);
  try {
    return await inbox(db, staff, filter);
  } finally {
    db.off('query', listen);
  }
}

describe('inbox queries on a large generated table', () => {
  const cases: [string, () => StaffScope, InboxFilter][] = [
    ['admin, first page', () => admin, { view: 'all' }],
    ['supervisor, first page', () => supervisor, { view: 'all' }],
    ['expert, all in scope', () => expert, { view: 'all' }],
    ['expert, my cases', () => expert, { view: 'mine' }],
    ['supervisor, province pool', () => supervisor, { view: 'pool' }],
    ['supervisor, overdue', () => supervisor, { view: 'all', overdue: true }],
    ['admin, escalated', () => admin, { view: 'all', minEscalationLevel: 1 }],
    ['admin, closed cases of a subject', () => admin, { view: 'all', status: 'closed', subject: 'umrah' }],
    ['admin, by national code', () => admin, { view: 'all', status: 'any', nationalCodeHash: 'x' }],
    ['admin, by tracking code', () => admin, { view: 'all', status: 'any', trackingCode: '1000000040' }],
    ['inspector, first page', () => inspector, { view: 'all' }],
  ];

  it.each(cases)('%s: served by an index, no scan of all cases', async (_name, who, filter) => {
    const staff = who();
    await run(staff, filter);
    const text = await plan(staff, filter);
    expect(text).not.toMatch(/Seq Scan on cases/);
    expect(text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
  });

  it('pages through every open case of a province once, soonest deadline first, undated last', async () => {
    const expected = await db('cases')
      .where({ province: 'tehran', desk: 'province', confidential: false })
      .whereIn('status', ['received', 'awaiting-identity', 'routed', 'info-requested'])
      .select('id', 'due_at');
    const seen: { id: string; dueAt: Date | null }[] = [];
    let filter: InboxFilter = { view: 'all', limit: 37 };
    for (;;) {
      const { rows, next } = await inbox(db, supervisor, filter);
      seen.push(...rows.map((r) => ({ id: String(r.id), dueAt: r.dueAt })));
      if (!next) break;
      filter = { ...filter, after: next };
    }
    expect(seen.map((r) => r.id).sort()).toEqual(expected.map((r) => String(r.id)).sort());
    const keys = seen.map((r) => (r.dueAt ? r.dueAt.getTime() : Infinity));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(keys[keys.length - 1]).toBe(Infinity);
  });

  it('filters as asked: overdue, escalation level, mine, pool, and a citizen by national code', async () => {
    const now = Date.now();
    const { rows: overdue } = await inbox(db, admin, { view: 'all', overdue: true, limit: 500 });
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((r) => r.dueAt !== null && r.dueAt.getTime() < now)).toBe(true);
    const { rows: level2 } = await inbox(db, admin, { view: 'all', escalationLevel: 2, limit: 500 });
    expect(level2.length).toBeGreaterThan(0);
    expect(level2.every((r) => r.escalationLevel === 2)).toBe(true);
    const { rows: mine } = await inbox(db, expert, { view: 'mine', limit: 500 });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.assignedTo === expert.id && r.province === 'tehran')).toBe(true);
    const { rows: pool } = await inbox(db, supervisor, { view: 'pool', limit: 500 });
    expect(pool.every((r) => r.assignedTo === null)).toBe(true);
    const hash = (await db('cases').where({ tracking_code: '1000000040' }).first('national_code_hash'))
      .national_code_hash;
    const { rows: citizen } = await inbox(db, admin, { view: 'all', status: 'any', nationalCodeHash: hash });
    const count = await db('cases').where({ national_code_hash: hash }).count({ n: '*' }).first();
    expect(citizen.length).toBe(Math.min(50, Number(count?.n)));
    expect(citizen.length).toBeGreaterThan(1);
  });

  it('keeps every province out of an expert of another province, and confidential cases out of supervisors', async () => {
    const { rows } = await inbox(db, supervisor, { view: 'all', status: 'any', limit: 1000 });
    expect(rows.every((r) => r.province === 'tehran')).toBe(true);
    const ids = rows.map((r) => r.id);
    const leaked = await db('cases')
      .whereIn('id', ids)
      .where({ confidential: true })
      .count({ n: '*' })
      .first();
    expect(Number(leaked?.n)).toBe(0);
  });
});
