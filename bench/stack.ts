import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { PROJECT_ROOT } from '../config/paths';
import { createDb, type Db } from '../db';
import { startPostgres } from '../stack/postgres';
import { startTemporal } from '../stack/temporal';
import { freeLowPort } from '../stack/ports';
import {
  assertTemporalServerBuilt,
  postgresServerOf,
  prepareNamespace,
  setupTemporalSchema,
  spawnTemporalServer,
} from '../stack/temporalServer';
import { TEMPORAL_SERVER_PIN } from '../stack/temporalServerPin';
import { freePort } from '../test/support/ports';

/**
 * Which Temporal server the bench runs its workflows on: the CLI's dev server (SQLite), or the real
 * server built into .tools/ (`npm run build:temporal-server`) on the bench's PostgreSQL, with SQL
 * visibility, as `npm run start:cluster` runs it in production's shape.
 */
export type TemporalKind = 'dev' | 'real';

export interface BenchServers {
  /** The server's URL as given (DATABASE_URL) or started; the bench makes a database of its own on it. */
  adminUrl: string;
  temporalAddress: string;
  /** The server the bench started (undefined: TEMPORAL_ADDRESS was given). */
  temporalKind?: TemporalKind;
  /** The real server's version line, when that is the one started. */
  temporalVersion?: string;
  embedded: { postgres: boolean; temporal: boolean };
  /** Data folders of the servers the bench started, to find their processes. */
  dirs: { postgres?: string; temporal?: string };
  stop(): Promise<void>;
}

/**
 * PostgreSQL and Temporal as `npm start` has them: DATABASE_URL / TEMPORAL_ADDRESS when set, else
 * the embedded servers, started here in a scratch folder on free loopback ports and removed after.
 */
export async function startServers(
  log: (line: string) => void,
  temporalKind: TemporalKind = 'dev',
): Promise<BenchServers> {
  const stops: (() => Promise<unknown>)[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-bench-'));
  fs.chmodSync(dir, 0o755);
  stops.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log(`stop: ${String(err)}`));
  };
  try {
    let adminUrl = process.env.DATABASE_URL;
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    const embedded = { postgres: !adminUrl, temporal: !temporalAddress };
    const [pg, temporal] = await Promise.all([
      adminUrl ? undefined : startPostgres(path.join(dir, 'postgres'), await freePort()),
      temporalAddress || temporalKind === 'real'
        ? undefined
        : startTemporal({
            dataDir: path.join(dir, 'temporal'),
            port: await freePort(),
            uiPort: await freePort(),
            namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
          }),
    ]);
    if (pg) stops.push(pg.stop);
    if (temporal) stops.push(temporal.stop);
    adminUrl ??= pg!.url;
    let real: RealTemporal | undefined;
    if (!temporalAddress && temporalKind === 'real') {
      real = await startRealTemporal(adminUrl, path.join(dir, 'temporal'), log);
      stops.push(real.stop);
    }
    temporalAddress ??= temporal?.address ?? real!.address;
    const dirs = {
      postgres: pg ? path.join(dir, 'postgres') : undefined,
      temporal: temporal || real ? path.join(dir, 'temporal') : undefined,
    };
    return {
      adminUrl,
      temporalAddress,
      temporalKind: embedded.temporal ? temporalKind : undefined,
      temporalVersion: real?.version,
      embedded,
      dirs,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

export interface RealTemporal {
  address: string;
  /** Its data folder: its config lives there, which finds its process (bench/cpu.ts). */
  dir: string;
  version: string;
  stop(): Promise<void>;
}

/**
 * The real Temporal server (all four services in one process, as stack/cluster.ts runs it) on the
 * PostgreSQL server at `adminUrl`: its two databases created there with its own schema tool, the
 * namespace and the case search attributes registered. Membership ports below 32768 (the server
 * stores them in a smallint).
 */
export async function startRealTemporal(
  adminUrl: string,
  dir: string,
  log: (line: string) => void,
  namespace = process.env.TEMPORAL_NAMESPACE ?? 'default',
): Promise<RealTemporal> {
  assertTemporalServerBuilt();
  const server = postgresServerOf(adminUrl);
  const serverLog = (line: string) => log(`[temporal-server] ${line}`);
  await setupTemporalSchema(server, serverLog);
  const taken = new Set<number>();
  const low = () => freeLowPort(taken);
  const ports = {
    frontend: await low(),
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
  const running = await spawnTemporalServer(server, ports, dir, serverLog);
  const address = `127.0.0.1:${ports.frontend}`;
  try {
    await prepareNamespace(address, namespace, serverLog);
  } catch (err) {
    await running.stop();
    throw err;
  }
  return {
    address,
    dir,
    version: `temporal-server ${TEMPORAL_SERVER_PIN.server} (built in .tools/, SQL persistence and visibility on the bench's PostgreSQL, 4 history shards)`,
    stop: running.stop,
  };
}

/** A database of the bench's own on the server, so no one's data is touched; dropped at the end. */
export async function createBenchDatabase(adminUrl: string) {
  const name = `miz_bench_${randomBytes(4).toString('hex')}`;
  const admin = createDb(adminUrl, { max: 1 });
  await admin.raw(`create database ${name}`);
  const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  return {
    name,
    url,
    async drop() {
      await admin.raw(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.destroy();
    },
  };
}

/** What a child prints once it is ready, before a JSON object (its logs go to stdout too). */
export const READY = 'BENCH_READY ';

/** The message a child answers with its counters. */
export const COUNTERS = 'counters';

/**
 * Counts the queries `db` sends (every round trip through knex, a transaction's BEGIN and COMMIT
 * included) and answers the parent's COUNTERS message with them.
 */
export function answerCounters(db: Db): void {
  let queries = 0;
  db.on('query', () => queries++);
  process.on('message', (m) => {
    if (m === COUNTERS) process.send?.({ queries });
  });
  // The channel must not keep the process alive on its own.
  process.channel?.unref();
}

export interface Child {
  pid: number;
  /** The JSON line the child printed once ready. */
  ready: Record<string, unknown>;
  /** Resident set size now, in MiB (from /proc; NaN where there is none). */
  rssMiB(): number;
  /** The child's own counters (bench/processes: queries sent through its knex pool). */
  counters(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Runs one of bench/processes/*.ts as its own Node process (through tsx) and waits for its ready line. */
export async function spawnChild(
  script: string,
  env: Record<string, string>,
  log: (line: string) => void,
  timeoutMs = 120_000,
  /** Node's own flags for the child, e.g. `--cpu-prof` (BENCH_WEB_CPU_PROF for the web). */
  nodeArgs: string[] = [],
): Promise<Child> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--max-old-space-size=1024',
      ...nodeArgs,
      // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the bench's children.
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      path.join(PROJECT_ROOT, 'bench', 'processes', script),
    ],
    { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  readline.createInterface({ input: child.stderr! }).on('line', (line) => log(`[${script}] ${line}`));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready in ${timeoutMs} ms`)), timeoutMs);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(READY)) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY.length)));
      } else log(`[${script}] ${line}`);
    });
    void exited.then((code) => reject(new Error(`${script} exited with code ${code}`)));
  });
  const pid = child.pid!;
  return {
    pid,
    ready,
    rssMiB: () => {
      // The child's and its own children's (the web's processes forked by WEB_PROCESSES).
      const rss = (p: number) => {
        const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
      };
      try {
        let total = rss(pid);
        for (const p of childPids(pid)) total += rss(p);
        return total;
      } catch {
        return NaN;
      }
    },
    counters: () =>
      new Promise((resolve) => {
        if (!child.connected) return resolve({});
        const timer = setTimeout(() => resolve({}), 5000);
        child.once('message', (m) => {
          clearTimeout(timer);
          resolve(m as Record<string, number>);
        });
        child.send(COUNTERS);
      }),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The processes whose parent is `pid` (from /proc; none where there is no /proc). */
function childPids(pid: number): number[] {
  if (!fs.existsSync('/proc/self/stat')) return [];
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => {
      try {
        const text = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
        return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    });
}

export type { Db };
