import type { Db } from '../..';
import { createTestDb } from '../../../test/support/db';
import { addStaff } from '../../../test/support/generators';
import { listStaffNotices, markAllNoticesRead, unreadNoticeCount } from './staffNotices';

/**
 * The menu's unread count runs on every staff page and the notices page pages through a table that
 * holds every citizen's notice too: on a generated table of a busy year's notifications both must
 * come from migration 014's partial indexes, never a scan of the table.
 */
const ROWS = 200_000;
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let expert: number;
let admin: number;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
  expert = await addStaff(db, 'expert');
  admin = await addStaff(db, 'admin', null);
  // Mostly citizens' SMS and email; every tenth row an in-app notice, a third of them unread; the
  // admin has a thousand unread (second-level escalations pile up).
  await db.raw(
    `insert into notifications (dedupe_key, channel, recipient, body, staff_id, sent_at, read_at)
     select 'k' || g,
            case when g % 10 = 0 then 'inbox' when g % 2 = 0 then 'sms' else 'email' end,
            case when g % 10 = 0 then 'staff:' || (case when g % 100 = 0 then ?::int else ?::int end) else '0912' end,
            'متن',
            case when g % 10 = 0 then (case when g % 100 = 0 then ?::int else ?::int end) end,
            now(),
            case when g % 10 = 0 and (g % 100 = 0 or g % 30 <> 0) then null when g % 10 = 0 then now() end
     from generate_series(1, ?::int) g`,
    [expert, admin, expert, admin, ROWS],
  );
  await db.raw('analyze notifications');
}, 120_000);

afterAll(() => testDb?.drop());

async function plan(query: { toSQL(): { sql: string; bindings: readonly unknown[] } }): Promise<string> {
  const { sql, bindings } = query.toSQL();
  const rows = (await db.raw(`explain ${sql}`, bindings as never)).rows as { 'QUERY PLAN': string }[];
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

it('counts the unread from the partial index, up to the cap', async () => {
  const sqls: { sql: string; bindings: unknown[] }[] = [];
  const listen = (q: { sql: string; bindings: unknown[] }) => sqls.push(q);
  db.on('query', listen);
  expect(await unreadNoticeCount(db, expert)).toBe(100);
  expect(await unreadNoticeCount(db, expert, 5000)).toBe(ROWS / 100);
  db.off('query', listen);
  const { rows } = await db.raw(`explain ${sqls[0].sql.replace(/\$\d+/g, '?')}`, sqls[0].bindings as never);
  const text = (rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
  expect(text).toContain('notifications_staff_unread_idx');
  expect(text).not.toContain('Seq Scan');
});

it('pages the notices newest first from the partial index', async () => {
  const first = await listStaffNotices(db, admin, { limit: 50 });
  expect(first.rows).toHaveLength(50);
  expect(first.rows.map((r) => r.id)).toEqual([...first.rows.map((r) => r.id)].sort((a, b) => b - a));
  const next = await listStaffNotices(db, admin, { beforeId: first.nextBeforeId!, limit: 50 });
  expect(next.rows[0].id).toBeLessThan(first.rows[49].id);
  const text = await plan(
    db('notifications')
      .where({ staff_id: admin, channel: 'inbox' })
      .where('id', '<', first.nextBeforeId!)
      .orderBy('id', 'desc')
      .limit(51)
      .select('id'),
  );
  expect(text).toContain('notifications_staff_inbox_idx');
  expect(text).not.toContain('Seq Scan');
  expect(await markAllNoticesRead(db, admin)).toBeGreaterThan(0);
  expect(await unreadNoticeCount(db, admin)).toBe(0);
});
