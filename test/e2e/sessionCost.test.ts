import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../config';
import { PgSessionStore, startWeb, type RunningWeb } from '../../web/server';
import { IDLE_TIMEOUT_MS, SESSION_TOUCH_EVERY_MS } from '../../web/middleware/sessionTimer';
import { createTestDb } from '../support/db';
import { createStaffAccount } from '../support/system';
import { hiddenValue, WebClient } from '../support/http';

/**
 * What the web writes per request (issue 21): no session row for an anonymous page, a session's
 * expiry moved at most once a minute rather than on every request, and one lean log line.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let web: RunningWeb;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  testDb = await createTestDb();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    CAPTCHA: 'off',
    LOG_LEVEL: 'info',
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  web = await startWeb(config, testDb.db, { host: '127.0.0.1', log: pino({ level: 'info' }, sink) });
}, 60_000);

afterAll(async () => {
  await web?.close();
  await testDb?.drop();
});

const sessions = () => testDb.db('session').orderBy('sid').select('sid', 'expire');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('stores no session for an anonymous page without a form', async () => {
  await testDb.db('session').del();
  const visitor = new WebClient(web.url);
  for (const page of ['/', '/help']) expect((await visitor.get(page)).status).toBe(200);
  expect(await sessions()).toHaveLength(0);
  // A form's page stores its token.
  await visitor.get('/track');
  expect(await sessions()).toHaveLength(1);
});

it("moves a staff member's session expiry at most once a minute, and the page counts from the earlier end", async () => {
  const { username, password } = await createStaffAccount(testDb.db, 'admin', null);
  const client = new WebClient(web.url);
  const login = await client.get('/staff/login');
  const answer = await client.post('/staff/login', {
    _csrf: hiddenValue(login.html, '_csrf'),
    username,
    password,
  });
  expect(answer.status).toBe(303);
  expect((await client.get('/staff/inbox')).status).toBe(200);
  const [after] = await testDb.db('session').whereRaw(`sess->>'staffId' is not null`).select('sid', 'expire');
  // The store's expiry has whole seconds: a touch a second later would move it.
  await sleep(1100);
  expect((await client.get('/staff/inbox')).status).toBe(200);
  expect((await client.get('/staff/notices')).status).toBe(200);
  const [again] = await testDb.db('session').where({ sid: after.sid }).select('expire');
  expect(again.expire).toEqual(after.expire);

  const form = await new WebClient(web.url).get('/requests/new');
  expect(form.html).toContain(`data-expires-in-ms="${IDLE_TIMEOUT_MS - SESSION_TOUCH_EVERY_MS}"`);
});

it('the store moves the expiry again once the interval has passed, and forgets a destroyed session', async () => {
  const store = new PgSessionStore({
    conObject: { connectionString: testDb.url, max: 1 },
    tableName: 'session',
  });
  const cookie = (at: number) => ({
    cookie: { originalMaxAge: IDLE_TIMEOUT_MS, expires: new Date(at + IDLE_TIMEOUT_MS) },
  });
  const expireOf = async () =>
    (await testDb.db('session').where({ sid: 'touch-test' }).first('expire'))?.expire as Date;
  const call = (f: (cb: (err?: unknown) => void) => void) =>
    new Promise<void>((resolve, reject) => f((err) => (err ? reject(err) : resolve())));
  const t0 = Date.now();
  try {
    await call((cb) => store.set('touch-test', cookie(t0) as never, cb));
    const first = await expireOf();
    await call((cb) => store.touch('touch-test', cookie(t0 + 30_000) as never, cb as () => void));
    expect(await expireOf()).toEqual(first);
    const now = jest.spyOn(Date, 'now').mockReturnValue(t0 + SESSION_TOUCH_EVERY_MS + 1000);
    try {
      await call((cb) =>
        store.touch('touch-test', cookie(t0 + SESSION_TOUCH_EVERY_MS + 1000) as never, cb as () => void),
      );
    } finally {
      now.mockRestore();
    }
    expect((await expireOf()).getTime()).toBeGreaterThan(first.getTime() + 50_000);
    await call((cb) => store.destroy('touch-test', cb));
    expect(await expireOf()).toBeUndefined();
  } finally {
    store.close();
  }
});

it('logs one line per request: method, path without its query, status and time; no headers, no cookie', async () => {
  lines.length = 0;
  const visitor = new WebClient(web.url);
  await visitor.get('/track?code=1234567890');
  await visitor.get('/track?code=1234567890');
  const requests = lines.filter((l) => l.msg === 'request completed');
  expect(requests).toHaveLength(2);
  for (const line of requests) {
    expect(line).toMatchObject({ method: 'GET', path: '/track', status: 200, level: 30 });
    expect(typeof line.ms).toBe('number');
    expect(typeof line.reqId).toBe('string');
  }
  const text = JSON.stringify(lines);
  expect(text).not.toContain('1234567890');
  expect(text).not.toContain('miz.sid');
  expect(text).not.toContain('cookie');
});
