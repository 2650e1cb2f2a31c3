import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../config';
import { pgSessionStore, startWeb, type RunningWeb } from '../../web/server';
import { createTestDb } from '../support/db';
import { eventually } from '../support/http';

/** What a production web must not do, whatever the code that starts it asks for. */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(() => testDb?.drop());

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'session-secret',
  NATIONAL_CODE_HASH_KEY: 'hash-key',
  REGISTRY: 'simulated',
  OUTBOX_ONLY: 'sms,email',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
};

describe('the /dev pages', () => {
  const webs: RunningWeb[] = [];
  afterAll(() => Promise.all(webs.map((web) => web.close())));
  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ ...env, DATABASE_URL: testDb.url, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    const web = await startWeb(config, testDb.db, { embedded: true });
    webs.push(web);
    return web;
  };

  it('are never served by a production web, even one started as the embedded stack', async () => {
    const web = await start(PRODUCTION);
    for (const page of ['/dev/outbox', '/dev/registry/0012345679'])
      expect((await fetch(`${web.url}${page}`)).status).toBe(404);
  });

  it('are served by the embedded development stack', async () => {
    const web = await start({ NODE_ENV: 'development', CAPTCHA: 'off', PORT: '0', LOG_LEVEL: 'silent' });
    expect((await fetch(`${web.url}/dev/outbox`)).status).toBe(200);
  });
});

it('logs a lost session-store connection as one short JSON line, not the pg client on the console', async () => {
  const lines: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    }),
  );
  const consoleError = jest.spyOn(console, 'error');
  const store = pgSessionStore({ databaseUrl: testDb.url }, log);
  try {
    // An idle connection in the store's pool, which a database restart would end.
    await new Promise((resolve, reject) => store.get('nobody', (err) => (err ? reject(err) : resolve(null))));
    await testDb.db.raw(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'session-store' and datname = current_database()`,
    );
    await eventually(
      async () => lines.length,
      (n) => n > 0,
    );
    expect(consoleError).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 50, msg: 'session store: PG Pool error', code: '57P01' });
    expect(lines[0].length).toBeLessThan(400);
  } finally {
    consoleError.mockRestore();
    await store.close();
  }
});
