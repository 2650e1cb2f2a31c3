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
import { freePort } from '../test/support/ports';

export interface BenchServers {
  /** The server's URL as given (DATABASE_URL) or started; the bench makes a database of its own on it. */
  adminUrl: string;
  temporalAddress: string;
  embedded: { postgres: boolean; temporal: boolean };
  /** Data folders of the servers the bench started, to find their processes. */
  dirs: { postgres?: string; temporal?: string };
  stop(): Promise<void>;
}

/**
 * PostgreSQL and Temporal as `npm start` has them: DATABASE_URL / TEMPORAL_ADDRESS when set, else
 * the embedded servers, started here in a scratch folder on free loopback ports and removed after.
 */
export async function startServers(log: (line: string) => void): Promise<BenchServers> {
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
      temporalAddress
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
    temporalAddress ??= temporal!.address;
    const dirs = {
      postgres: pg ? path.join(dir, 'postgres') : undefined,
      temporal: temporal ? path.join(dir, 'temporal') : undefined,
    };
    return { adminUrl, temporalAddress, embedded, dirs, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
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

export interface Child {
  pid: number;
  /** The JSON line the child printed once ready. */
  ready: Record<string, unknown>;
  /** Resident set size now, in MiB (from /proc; NaN where there is none). */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Runs one of bench/processes/*.ts as its own Node process (through tsx) and waits for its ready line. */
export async function spawnChild(
  script: string,
  env: Record<string, string>,
  log: (line: string) => void,
  timeoutMs = 120_000,
): Promise<Child> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-old-space-size=1024', '--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'processes', script)],
    { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
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
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
      } catch {
        return NaN;
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type { Db };
