import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import { createTestDb } from '../support/db';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { freePort } from '../support/ports';

/**
 * WEB_PROCESSES=2: `npm run web` forks two web processes on one port (node:cluster); one that dies
 * is forked again, and SIGTERM stops them all.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let primary: ChildProcess;
let url: string;

/** The web processes whose parent is `pid`, from /proc (not tsx's esbuild service beside them). */
function children(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        return (
          Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid &&
          fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('web/server.ts')
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  testDb = await createTestDb();
  const port = await freePort();
  primary = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'web/server.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH!,
      NODE_ENV: 'development',
      DATABASE_URL: testDb.url,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      CAPTCHA: 'off',
      WEB_PROCESSES: '2',
    },
    stdio: 'ignore',
  });
  url = `http://127.0.0.1:${port}`;
  await eventually(
    () =>
      fetch(`${url}/healthz`).then(
        (r) => r.status,
        () => 0,
      ),
    (status) => status === 200,
    60_000,
  );
}, 90_000);

afterAll(async () => {
  if (primary && primary.exitCode === null) {
    primary.kill('SIGKILL');
    for (const pid of children(primary.pid!)) process.kill(pid, 'SIGKILL');
  }
  await testDb?.drop();
});

it('serves from two processes on one port, forks one again that dies, and stops them all on SIGTERM', async () => {
  const pid = primary.pid!;
  await eventually(
    async () => children(pid),
    (c) => c.length === 2,
    30_000,
  );
  // A form's session and token work, whichever process answers each request.
  const citizen = new WebClient(url);
  const form = await citizen.get('/track');
  for (let i = 0; i < 4; i++) {
    const answer = await citizen.post('/track', {
      _csrf: hiddenValue(form.html, '_csrf'),
      nationalCode: '0000000000',
      trackingCode: '1234567890',
      captcha: '',
    });
    expect([404, 422]).toContain(answer.status);
  }

  const [first] = children(pid);
  process.kill(first, 'SIGKILL');
  const again = await eventually(
    async () => children(pid),
    (c) => c.length === 2 && !c.includes(first),
    30_000,
  );
  expect(again).toHaveLength(2);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);

  const exited = new Promise((resolve) => primary.once('exit', resolve));
  primary.kill('SIGTERM');
  expect(await exited).toBe(0);
  for (const child of again) expect(fs.existsSync(`/proc/${child}`)).toBe(false);
}, 90_000);
