import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
  // `npm run build` as the image's build stage runs it: the compiler, then the workflow bundle.
  const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  fs.rmSync(path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js'), { force: true });
  const build = spawnSync('sh', ['-c', scripts.build], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PATH: `${path.join(PROJECT_ROOT, 'node_modules', '.bin')}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  expect(build.stdout).not.toMatch(/error TS/);
  expect(build.status).toBe(0);
  expect(fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js'))).toBe(true);
}, 120_000);

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

  const [port, metricsPort] = [await freePort(), await freePort()];
  const env = production({ PORT: String(port) });
  const workerStarted = Date.now();
  const worker = spawn('node', ['dist/worker/main.js'], {
    cwd: PROJECT_ROOT,
    env: { ...env, LOG_LEVEL: 'info', WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let workerOutput = '';
  worker.stdout!.on('data', (d) => (workerOutput += String(d)));
  worker.stderr!.on('data', (d) => (workerOutput += String(d)));
  children.push(worker, spawn('node', ['dist/web/server.js'], { cwd: PROJECT_ROOT, env, stdio: 'ignore' }));
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

  // The worker loads the bundle the build made, and serves the SDK's metrics on its own port.
  await eventually(
    async () => workerOutput,
    (out) => /state.*RUNNING/.test(out),
    60_000,
  );
  console.log(`worker from the build polling after ${((Date.now() - workerStarted) / 1000).toFixed(1)} s`);
  const bundleLine = workerOutput
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; codePath?: string })
    .find((line) => line.msg === 'workflow code from the bundle made at build time');
  expect(bundleLine?.codePath).toBe(path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js'));
  expect(workerOutput).not.toContain('Workflow bundle created');
  const metrics = await eventually(
    () =>
      fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
        (r) => r.text(),
        () => '',
      ),
    (text) => /^temporal_worker_start/m.test(text),
    30_000,
  );
  expect(metrics).toMatch(/^temporal_num_pollers\{/m);
}, 120_000);
