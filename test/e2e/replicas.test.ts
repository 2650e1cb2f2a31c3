import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import { FIELD_ERRORS, PAGE_MESSAGES } from '../../domain/shared/copy';
import { createTestDb } from '../support/db';
import { newCitizen } from '../support/generators';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { freePort } from '../support/ports';

/**
 * Two web processes on one database, as behind the production proxy: whatever one of them learns
 * about a visitor (the session, the captcha's answer, the hits counted against a limit) the other
 * knows too, because none of it is kept in a process.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
const webs: { url: string; child: ChildProcess }[] = [];

async function startWebProcess() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'web/server.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH!,
      NODE_ENV: 'development',
      DATABASE_URL: testDb.url,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  webs.push({ url, child });
  await eventually(
    () =>
      fetch(`${url}/healthz`).then(
        (r) => r.status,
        () => 0,
      ),
    (status) => status === 200,
    60_000,
  );
  return url;
}

let a: string;
let b: string;
beforeAll(async () => {
  testDb = await createTestDb();
  [a, b] = await Promise.all([startWebProcess(), startWebProcess()]);
}, 90_000);

afterAll(async () => {
  for (const { child } of webs) child.kill('SIGTERM');
  await Promise.all(
    webs.map(({ child }) => new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))),
  );
  await testDb?.drop();
});

let addressCounter = 0;
/** A documentation address (RFC 5737) of its own, so each test's client counts alone. */
const newVisitor = () => new WebClient(a, { 'x-forwarded-for': `203.0.113.${++addressCounter}` });

it('reads on one web the session and the captcha answer that the other web gave', async () => {
  const onA = newVisitor();
  const page = await onA.get('/track');
  expect((await onA.get('/captcha.svg')).html).toContain('<svg');
  const answer = await eventually(
    async () => {
      const rows = await testDb.db('session').select('sess');
      return rows.map((r) => String(r.sess.captcha ?? '')).find(Boolean) ?? '';
    },
    (found) => found !== '',
  );
  const track = (client: WebClient, captcha: string) =>
    client.post('/track', {
      _csrf: hiddenValue(page.html, '_csrf'),
      nationalCode: newCitizen().nationalCode,
      trackingCode: '1234567897',
      captcha,
    });
  // Web B knows A's CSRF token and captcha: the pair is checked (and found unknown).
  const answered = await track(onA.at(b), answer);
  expect(answered.status).toBe(404);
  expect(answered.html).not.toContain(FIELD_ERRORS.captcha);
  // The answer was used up in the session both share: A does not take it again.
  const again = await track(onA, answer);
  expect(again.status).toBe(422);
  expect(again.html).toContain(FIELD_ERRORS.captcha);
});

it('counts one visitor’s hits on both webs against one limit', async () => {
  const onA = newVisitor();
  const onB = onA.at(b);
  const page = await onA.get('/requests/new');
  const citizen = newCitizen();
  const ask = (client: WebClient) =>
    client.post('/requests/identity', {
      _csrf: hiddenValue(page.html, '_csrf'),
      nationalCode: citizen.nationalCode,
      birthDate: '1300/01/01',
    });
  // The look-up allows 30 in 10 minutes: 15 on each web use them all up.
  for (let i = 0; i < 15; i++) {
    expect((await ask(onA)).status).toBe(404);
    expect((await ask(onB)).status).toBe(404);
  }
  for (const client of [onA, onB]) {
    const response = await ask(client);
    expect(response.status).toBe(429);
    expect(JSON.parse(response.html)).toEqual({ error: PAGE_MESSAGES.rateLimited });
  }
  // Another visitor is not limited by this one's hits.
  const other = newVisitor().at(b);
  const otherPage = await other.get('/requests/new');
  const fresh = await other.post('/requests/identity', {
    _csrf: hiddenValue(otherPage.html, '_csrf'),
    nationalCode: citizen.nationalCode,
    birthDate: '1300/01/01',
  });
  expect(fresh.status).toBe(404);
});
