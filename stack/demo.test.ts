import { loadConfig } from '../config';
import { DEMO_ACCOUNTS } from '../db/seeds/demoStaff';
import { HAJJ_DEMO_AGENT } from '../db/seeds/hajjDemo';
import { createTestDb } from '../test/support/db';
import { demoDataWanted, seedDemoIfWanted } from './demo';

const DEMO_USERNAMES = [...DEMO_ACCOUNTS.map((a) => a.username), HAJJ_DEMO_AGENT];
const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 's',
  NATIONAL_CODE_HASH_KEY: 'k',
  REGISTRY: 'simulated',
  OUTBOX_ONLY: 'sms,email',
};

let testDb: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(() => testDb?.drop());
beforeEach(async () => {
  await testDb.db('hajj_deposits').del();
  await testDb.db('hajj_caravans').del();
  await testDb.db('staff').whereIn('username', DEMO_USERNAMES).del();
});

async function demoRows() {
  const count = async (query: PromiseLike<{ n: string }[]>) => Number((await query)[0].n);
  return {
    staff: await count(testDb.db('staff').whereIn('username', DEMO_USERNAMES).count({ n: '*' })),
    caravans: await count(testDb.db('hajj_caravans').count({ n: '*' })),
    deposits: await count(testDb.db('hajj_deposits').count({ n: '*' })),
  };
}

const NONE = { staff: 0, caravans: 0, deposits: 0 };

it('seeds the demo on the stack’s own embedded PostgreSQL and Temporal', async () => {
  const config = loadConfig({ NODE_ENV: 'development' });
  const password = await seedDemoIfWanted(testDb.db, config, { postgres: true, temporal: true });
  expect(password).toEqual(expect.any(String));
  const rows = await demoRows();
  expect(rows.staff).toBe(DEMO_USERNAMES.length);
  expect(rows.caravans).toBeGreaterThan(0);
  expect(rows.deposits).toBeGreaterThan(0);
});

it('seeds nothing on an external DATABASE_URL or TEMPORAL_ADDRESS', async () => {
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: testDb.url });
  for (const started of [
    { postgres: false, temporal: false },
    { postgres: false, temporal: true },
    { postgres: true, temporal: false },
  ]) {
    expect(await seedDemoIfWanted(testDb.db, config, started)).toBeNull();
    expect(await demoRows()).toEqual(NONE);
  }
});

it('seeds on external servers only with DEMO_DATA=on, and DEMO_DATA=off keeps the embedded stack bare', async () => {
  const off = loadConfig({ NODE_ENV: 'development', DEMO_DATA: 'off' });
  expect(await seedDemoIfWanted(testDb.db, off, { postgres: true, temporal: true })).toBeNull();
  expect(await demoRows()).toEqual(NONE);

  const on = loadConfig({ NODE_ENV: 'development', DEMO_DATA: 'on', DEMO_PASSWORD: 'demo-pass' });
  expect(await seedDemoIfWanted(testDb.db, on, { postgres: false, temporal: false })).toBe('demo-pass');
  expect((await demoRows()).staff).toBe(DEMO_USERNAMES.length);
});

it('never wants demo data in production, even on embedded servers', () => {
  const config = loadConfig(PRODUCTION);
  expect(demoDataWanted(config, { postgres: true, temporal: true })).toBe(false);
  expect(demoDataWanted({ ...config, demoData: true }, { postgres: true, temporal: true })).toBe(false);
});
