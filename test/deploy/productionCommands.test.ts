import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { PROJECT_ROOT } from '../../config/paths';
import { loadConfig } from '../../config';
import { createTestDb } from '../support/db';
import { eventually } from '../support/http';
import { freePort } from '../support/ports';

/**
 * The containers' commands, run here as the compose file runs them: the build, then migrate, worker
 * and web from dist/ with NODE_ENV=production, against a real PostgreSQL and Temporal.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  testDb = await createTestDb();
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync('node', [tsc, '-p', 'tsconfig.build.json'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  expect(build.stdout).toBe('');
  expect(build.status).toBe(0);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
  );
  await testDb?.drop();
});

function production(extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH!,
    NODE_ENV: 'production',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: `prod-${randomUUID()}`,
    SESSION_SECRET: randomUUID(),
    NATIONAL_CODE_HASH_KEY: randomUUID(),
    LOG_LEVEL: 'warn',
    // No real registry or gateways here: each stand-in chosen explicitly, as production requires.
    REGISTRY: 'simulated',
    OUTBOX_ONLY: 'sms,email',
    ...extra,
  };
}

it('refuses to start in production without its secrets, or with the captcha off', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  expect(() => loadConfig({ ...production(), CAPTCHA: 'off' })).toThrow(/CAPTCHA/);
});

it('migrates, then runs the worker and the web from the build', async () => {
  const migrate = spawnSync('node', ['dist/db/migrate.js'], {
    cwd: PROJECT_ROOT,
    env: production(),
    encoding: 'utf8',
  });
  expect(migrate.status).toBe(0);
  expect(migrate.stdout).toContain('database is up to date');

  const port = await freePort();
  const env = production({ PORT: String(port) });
  for (const entry of ['dist/worker/main.js', 'dist/web/server.js']) {
    children.push(spawn('node', [entry], { cwd: PROJECT_ROOT, env, stdio: 'ignore' }));
  }
  const ready = await eventually(
    () =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status,
        () => 0,
      ),
    (status) => status === 200,
    60_000,
  );
  expect(ready).toBe(200);
  const home = await fetch(`http://127.0.0.1:${port}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain('تابلو اعلانات');
  // The embedded stack's dev pages do not exist in production.
  expect((await fetch(`http://127.0.0.1:${port}/dev/outbox`)).status).toBe(404);
});
