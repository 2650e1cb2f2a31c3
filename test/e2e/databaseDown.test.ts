import net from 'node:net';
import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { loadConfig } from '../../config';
import { createDb, type Db } from '../../db';
import { PAGE_MESSAGES } from '../../domain/shared/copy';
import { startWeb, type RunningWeb } from '../../web/server';
import { createTestDb } from '../support/db';
import { WebClient } from '../support/http';

/**
 * PostgreSQL out of reach while the site runs (the chaos run's case): every page answers 503 with
 * Retry-After and the Persian "temporarily unavailable" message, never a 500 or a stack trace.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;

beforeAll(async () => {
  testDb = await createTestDb();
});

afterAll(async () => {
  await testDb?.drop();
});

const noStackTrace = (html: string) => expect(html).not.toMatch(/at \w+ \(|Error:|node_modules/);

/**
 * A TCP relay in front of the real server: the web reaches PostgreSQL only through it, so closing
 * it cuts the database off as a stopped server or a lost network would (open connections drop,
 * new ones are refused). `hold` accepts connections and never answers, as a hung server does.
 */
async function relay(target: URL, mode: 'forward' | 'hold') {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined).on('close', () => sockets.delete(client));
    if (mode === 'hold') return;
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('error', () => undefined).on('close', () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

async function web(databaseUrl: string, db: Db): Promise<RunningWeb> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `db-down-${randomUUID()}`,
    CAPTCHA: 'off',
    LOG_LEVEL: 'silent',
  });
  return startWeb(config, db, { host: '127.0.0.1' });
}

function expectUnavailable(response: { status: number; html: string; headers: Headers }) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.html).toContain(PAGE_MESSAGES.serviceUnavailable);
  noStackTrace(response.html);
}

it('answers 503 with Retry-After once PostgreSQL is cut off, for visitors with and without a session', async () => {
  const link = await relay(new URL(testDb.url), 'forward');
  const db = createDb(link.url);
  const site = await web(link.url, db);
  // The session store logs its lost connections; the page is what this test reads.
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const visitor = new WebClient(site.url);
    expect((await visitor.get('/')).status).toBe(200);
    expect((await visitor.get('/track')).status).toBe(200);

    await link.cut();
    for (const path of ['/', '/track', '/requests/new', '/hajj', '/staff/inbox'])
      expectUnavailable(await visitor.get(path));
    expectUnavailable(await new WebClient(site.url).get('/'));
    expectUnavailable(await visitor.post('/track', { nationalCode: '0012345679', trackingCode: '1' }));
  } finally {
    quiet.mockRestore();
    await site.close();
    await db.destroy();
  }
});

it('answers 503 when no connection comes from the pool in time (a hung server)', async () => {
  const hung = await relay(new URL(testDb.url), 'hold');
  const db = knex({
    client: 'pg',
    connection: hung.url,
    pool: { min: 0, max: 2 },
    acquireConnectionTimeout: 500,
  });
  // Sessions stay on the real server: this case is the pool's timeout alone.
  const site = await web(testDb.url, db);
  try {
    expectUnavailable(await new WebClient(site.url).get('/'));
  } finally {
    await site.close();
    await hung.cut();
    await db.destroy();
  }
});
