import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';

/**
 * Request Tracker 5 from Debian's packages as the bench's peer (`npm run bench -- --peer rt`):
 * bench/peers/rt/ is the recipe (setup.sh, bench.mjs, stop.sh; NOTES.md tells its story). RT runs
 * on Debian's PostgreSQL 15 cluster `15/main` on port 5432, never on the bench's own embedded
 * PostgreSQL (a free port of its own); its runtime files go to /var/tmp/rt-peer.
 */
const HERE = path.join(PROJECT_ROOT, 'bench', 'peers', 'rt');
const RUN_DIR = '/var/tmp/rt-peer';

export interface RtScenario {
  name: string;
  kind: 'create' | 'fetch' | 'search' | 'cfsearch';
  concurrency: number;
  ok: number;
  errors: number;
  wallSeconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface RtMemory {
  processes: number;
  rssMiB: number;
  pssMiB: number;
}

export interface RtResult {
  version: string;
  port: number;
  setupSeconds: number;
  secondsPerScenario: number;
  scenarios: RtScenario[];
  memory: { idle: RtMemory; peak: RtMemory; after: RtMemory };
  /** CPU seconds RT's processes (reaped workers included) and PostgreSQL 15/main used in the run. */
  cpuSeconds: { rt: number; postgres: number };
  /** Whether 15/main was up before the peer step (then it is left up: KEEP_PG=1). */
  postgresWasUp: boolean;
}

export interface RtPlan {
  seconds: number;
  levels: { create: number[]; fetch: number[]; search: number[]; cfsearch: number[] };
}

const TICK_MS = 10;

function children(pid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** RSS and PSS summed over a process and its children, from smaps_rollup. */
export function treeMemory(pid: number): RtMemory {
  let rss = 0;
  let pss = 0;
  let processes = 0;
  for (const p of [pid, ...children(pid)]) {
    try {
      const text = fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
      processes++;
    } catch {
      // gone meanwhile
    }
  }
  return { processes, rssMiB: rss / 1024, pssMiB: pss / 1024 };
}

/** CPU ms of a process and its children, with the children each has reaped. */
function treeCpuMs(pid: number): number {
  let total = 0;
  for (const p of [pid, ...children(pid)]) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Whether Debian's PostgreSQL 15/main is up (then the peer leaves it up: KEEP_PG=1). */
export function clusterUp(): boolean {
  try {
    const lines = execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).split('\n');
    return lines.some((l) => /^15\s+main\s+\d+\s+online/.test(l));
  } catch {
    return false;
  }
}

function installed(pkg: string): boolean {
  try {
    return /Status: install ok installed/.test(execFileSync('dpkg', ['-s', pkg], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

/** Runs a command, its output into `logFile` and each line to `log`; rejects on another exit code. */
function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  log: (l: string) => void,
  okCodes = [0],
) {
  return new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (d: Buffer) => {
        out.write(d);
        for (const line of String(d).trimEnd().split('\n')) if (line) log(`[rt] ${line}`);
      });
    child.once('exit', (code) => {
      out.end();
      if (code !== null && okCodes.includes(code)) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}; see ${logFile}`));
    });
  });
}

/**
 * Sets RT up (installing its packages the first time: `apt-get update` first), runs bench.mjs at the
 * given levels for `seconds` each, samples RT's memory throughout, and stops RT (and 15/main, unless
 * it was up before) whatever happened.
 */
export async function rtPeer(
  plan: RtPlan,
  log: (line: string) => void,
  postgresWasUp = clusterUp(),
): Promise<RtResult> {
  if (process.platform !== 'linux' || !fs.existsSync('/etc/debian_version'))
    throw new Error('the RT peer needs Debian 12 (its packages)');
  if (process.getuid?.() !== 0) throw new Error('the RT peer installs and starts RT as root');
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const port = Number(process.env.RT_PORT ?? 8088);
  const env = { RT_PORT: String(port) };
  const setupLog = path.join(RUN_DIR, 'setup.log');
  const t0 = Date.now();
  try {
    if (!installed('request-tracker5')) {
      log('RT: apt-get update (request-tracker5 is not installed yet)');
      await run('apt-get', ['update'], {}, setupLog, log);
    }
    log('RT: setup.sh');
    await run('bash', [path.join(HERE, 'setup.sh')], env, setupLog, log);
    const setupSeconds = (Date.now() - t0) / 1000;
    const rtPid = Number(fs.readFileSync(path.join(RUN_DIR, 'rt-server.pid'), 'utf8'));
    const pgPid = Number(
      fs.readFileSync('/var/lib/postgresql/15/main/postmaster.pid', 'utf8').split('\n')[0],
    );
    await new Promise((r) => setTimeout(r, 2000));
    const idle = treeMemory(rtPid);
    const peak = { ...idle };
    const sampler = setInterval(() => {
      const now = treeMemory(rtPid);
      if (now.pssMiB > peak.pssMiB) Object.assign(peak, now);
    }, 1000);
    const cpu0 = { rt: treeCpuMs(rtPid), pg: treeCpuMs(pgPid) };
    const json = path.join(RUN_DIR, `bench-${new Date().toISOString().replace(/[:.]/g, '')}.json`);
    const l = plan.levels;
    try {
      await run(
        process.execPath,
        [
          path.join(HERE, 'bench.mjs'),
          `http://127.0.0.1:${port}/rt`,
          'root',
          'password',
          '--json',
          json,
          '--seconds',
          String(plan.seconds),
          // The unmeasured warm-up's bound.
          '--cap-s',
          String(Math.max(30, 2 * plan.seconds)),
          '--create-levels',
          l.create.join(','),
          '--fetch-levels',
          l.fetch.join(','),
          '--search-levels',
          l.search.join(','),
          '--cfsearch-levels',
          l.cfsearch.join(','),
        ],
        {},
        path.join(RUN_DIR, 'bench.log'),
        log,
        // 1: some requests failed; they are counted in the results.
        [0, 1],
      );
    } finally {
      clearInterval(sampler);
    }
    const cpu = { rt: (treeCpuMs(rtPid) - cpu0.rt) / 1000, postgres: (treeCpuMs(pgPid) - cpu0.pg) / 1000 };
    const after = treeMemory(rtPid);
    if (after.pssMiB > peak.pssMiB) Object.assign(peak, after);
    const data = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      rtVersion: string;
      results: {
        name: string;
        concurrency: number;
        ok: number;
        errors: number;
        wall_s: number;
        rps: number;
        p50: number;
        p95: number;
        p99: number;
      }[];
    };
    return {
      version: data.rtVersion,
      port,
      setupSeconds,
      secondsPerScenario: plan.seconds,
      scenarios: data.results.map((r) => ({
        name: r.name,
        kind: r.name.split('-c')[0] as RtScenario['kind'],
        concurrency: r.concurrency,
        ok: r.ok,
        errors: r.errors,
        wallSeconds: r.wall_s,
        perSecond: r.rps,
        p50: r.p50,
        p95: r.p95,
        p99: r.p99,
      })),
      memory: { idle, peak, after },
      cpuSeconds: cpu,
      postgresWasUp,
    };
  } finally {
    await stopRtPeer(postgresWasUp, log);
  }
}

/** bench/peers/rt/stop.sh: RT by its pid file, and 15/main too unless `keepPostgres`. */
export async function stopRtPeer(keepPostgres: boolean, log: (line: string) => void): Promise<void> {
  log(`RT: stop.sh${keepPostgres ? ' (KEEP_PG=1: 15/main was up before)' : ''}`);
  await run(
    'bash',
    [path.join(HERE, 'stop.sh')],
    { KEEP_PG: keepPostgres ? '1' : '0' },
    path.join(RUN_DIR, 'stop.log'),
    log,
  ).catch((err) => log(`RT: stop failed: ${String(err)}`));
}
