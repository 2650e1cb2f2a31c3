import type { Db } from '../../db';
import { cpuPerOp, type CpuSnapshot } from '../cpu';
import { dbPerOp, type CostSample, type DbSnapshot } from '../costs';
import type { LifecycleResult } from './lifecycle';
import { summarize, type Summary } from '../stats';
import { routedSoFar, submitForm } from './submission';

/** The target: commit → routed p99 at most this, for the whole step. */
export const ROUTED_P99_TARGET_MS = 2000;

export interface BacklogSample {
  /** Seconds since the step began. */
  t: number;
  accepted: number;
  routed: number;
}

export interface SustainedStep {
  /** Arrivals per second offered, on a fixed schedule. */
  rate: number;
  plannedSeconds: number;
  /** How long submissions went on: less than planned when the step was stopped early. */
  submittedSeconds: number;
  /** Stopped once more than 1% of its planned cases were over the target: its p99 could only fail. */
  stoppedEarly: boolean;
  offered: number;
  accepted: number;
  errors: number;
  /** Arrivals sent more than a second after their time (the load generator fell behind). */
  late: number;
  post: Summary;
  routed: number;
  /** Commit → routed of the routed cases. */
  toRouted: Summary;
  /** The p99 over every accepted case, one not routed by the end of the drain counting as endless. */
  p99Ms: number;
  backlog: BacklogSample[];
  backlogMax: number;
  /** Accepted but not routed when submissions ended, and when the drain ended. */
  backlogAtEnd: number;
  backlogAfterDrain: number;
  drainSeconds: number;
  pass: boolean;
  cpu?: CpuSnapshot;
  db?: DbSnapshot;
  /** Tracking codes of routed cases, for the per-case counts. */
  sample: string[];
}

export interface SustainedResult {
  /** The bare baseline's completed workflows per second in the same run, on the same server. */
  baselinePerSecond: number;
  targetRate: number;
  steps: SustainedStep[];
  /** The highest rate that passed (undefined if none did). */
  found?: number;
  ratio: number;
}

/** What the lifecycle, sustained routing and the per-case counts found on one Temporal server. */
export interface ServerRun {
  server: string;
  lifecycle?: LifecycleResult;
  sustained?: SustainedResult;
  costs: CostSample[];
}

export interface SustainedPlan {
  /** Seconds of submissions per step (the full plan: at least 300). */
  seconds: number;
  /** Rate steps at most; the search stops sooner once it has the rate within 10%. */
  maxSteps: number;
  /** Seconds to wait after a step for its cases to be routed before the next. */
  drainSeconds: number;
  /** Fixed rates to run instead of the search. */
  rates?: number[];
  /** Cases per step whose histories are counted. */
  sampleSize: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** At most this many submissions in flight: beyond, the arrivals wait (and count as late). */
const MAX_IN_FLIGHT = 256;

/**
 * One step: citizens submit the form at `rate` per second, each arrival at its own time on a fixed
 * schedule whatever the answers (an open loop), for `seconds`. Every second the accepted cases not
 * yet routed are looked up; the step ends early once its p99 cannot meet the target any more.
 */
export async function sustainedStep(
  db: Db,
  webUrl: string,
  options: {
    rate: number;
    seconds: number;
    drainSeconds: number;
    sampleSize: number;
    /** The label of the desk's database in the database probe: the bench's own queries come off it. */
    benchDatabase: string;
    probe?: () => CpuSnapshot;
    dbProbe?: () => Promise<DbSnapshot>;
    log: (line: string) => void;
  },
): Promise<SustainedStep> {
  const planned = Math.max(1, Math.round(options.rate * options.seconds));
  // Nearest-rank p99 over the planned cases exceeds the target once more than this many do.
  const allowedOver = planned - Math.ceil(0.99 * planned);
  const acceptedAt = new Map<string, number>();
  const pending = new Set<string>();
  const routedMs = new Map<string, number>();
  const postMs: number[] = [];
  let errors = 0;
  let late = 0;
  let overTarget = 0;
  let stop = false;
  const backlog: BacklogSample[] = [];

  const cpuBefore = options.probe?.();
  const dbBefore = await options.dbProbe?.();
  const start = performance.now();
  const since = () => (performance.now() - start) / 1000;

  const poll = async () => {
    const found = await routedSoFar(db, [...pending]);
    for (const { code, ms } of found) {
      pending.delete(code);
      routedMs.set(code, ms);
      if (ms > ROUTED_P99_TARGET_MS) overTarget++;
    }
    // Waiting longer than the target already (from the answer: the commit is a little earlier).
    const now = performance.now();
    const overdue = [...pending].filter((c) => now - acceptedAt.get(c)! > ROUTED_P99_TARGET_MS).length;
    backlog.push({ t: since(), accepted: acceptedAt.size, routed: routedMs.size });
    return overTarget + overdue;
  };
  let polling = true;
  let submitting = true;
  const poller = (async () => {
    while (polling) {
      const t = performance.now();
      // Once every arrival is sent there is nothing to stop: the step simply fails.
      if ((await poll()) > allowedOver && submitting && !stop) {
        stop = true;
        options.log(
          `    rate ${options.rate.toFixed(1)}/s: over the target, stopped at ${since().toFixed(0)} s`,
        );
      }
      await sleep(Math.max(0, 1000 - (performance.now() - t)));
    }
  })();

  const inFlight = new Set<Promise<void>>();
  let next = 0;
  while (next < planned && !stop) {
    const due = start + (next * 1000) / options.rate;
    const now = performance.now();
    if (due > now) {
      await sleep(Math.min(due - now, 50));
      continue;
    }
    if (inFlight.size >= MAX_IN_FLIGHT) {
      await Promise.race(inFlight);
      continue;
    }
    if (now - due > 1000) late++;
    next++;
    const p = submitForm(webUrl).then(
      (created) => {
        if (!created) errors++;
        else {
          postMs.push(created.elapsed);
          acceptedAt.set(created.code, performance.now());
          pending.add(created.code);
        }
      },
      () => {
        errors++;
      },
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  submitting = false;
  const submittedSeconds = since();
  await Promise.all(inFlight);
  const backlogAtEnd = acceptedAt.size - routedMs.size;
  const drainStart = performance.now();
  while (pending.size > 0 && performance.now() - drainStart < options.drainSeconds * 1000) await sleep(250);
  polling = false;
  await poller;
  await poll();
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const cpu = cpuBefore && cpuPerOp(cpuBefore, options.probe!(), acceptedAt.size);
  const dbAfter = await options.dbProbe?.();
  const dbCost = dbBefore && dbAfter && dbPerOp(dbBefore, dbAfter, acceptedAt.size, options.benchDatabase);

  const all = [...acceptedAt.keys()].map((c) => routedMs.get(c) ?? Infinity).sort((a, b) => a - b);
  const p99Ms = all.length ? all[Math.max(0, Math.ceil(0.99 * all.length) - 1)] : NaN;
  const routed = [...routedMs.values()];
  const step: SustainedStep = {
    rate: options.rate,
    plannedSeconds: options.seconds,
    submittedSeconds,
    stoppedEarly: stop,
    offered: next,
    accepted: acceptedAt.size,
    errors,
    late,
    post: summarize(postMs, submittedSeconds, errors),
    routed: routed.length,
    toRouted: summarize(routed, submittedSeconds),
    p99Ms,
    backlog,
    backlogMax: Math.max(0, ...backlog.map((b) => b.accepted - b.routed)),
    backlogAtEnd,
    backlogAfterDrain: pending.size,
    drainSeconds,
    pass: !stop && errors === 0 && acceptedAt.size > 0 && p99Ms <= ROUTED_P99_TARGET_MS,
    cpu,
    db: dbCost,
    sample: [...routedMs.keys()].slice(-options.sampleSize),
  };
  options.log(
    `  sustained ${options.rate.toFixed(1)}/s: ${step.accepted}/${planned} accepted, routed ${step.routed}, p50 ${step.toRouted.p50.toFixed(0)} ms, p99 ${Number.isFinite(p99Ms) ? p99Ms.toFixed(0) : '∞'} ms, backlog max ${step.backlogMax} → ${step.pass ? 'pass' : 'fail'}`,
  );
  return step;
}

/**
 * The highest arrival rate whose commit → routed p99 stays within the target for a whole step:
 * the first step at the target rate (0.8 × the baseline's), then up by half after a pass and down
 * by half after a failure until one of each is known, then halfway between them, at most
 * `maxSteps` steps (or the given rates, in order).
 */
export async function sustainedScenario(
  db: Db,
  webUrl: string,
  options: SustainedPlan & {
    baselinePerSecond: number;
    benchDatabase: string;
    probe?: () => CpuSnapshot;
    dbProbe?: () => Promise<DbSnapshot>;
    log: (line: string) => void;
  },
): Promise<SustainedResult> {
  const targetRate = 0.8 * options.baselinePerSecond;
  const steps: SustainedStep[] = [];
  let lo: number | undefined;
  let hi: number | undefined;
  const nextRate = (): number | undefined => {
    if (options.rates) return options.rates[steps.length];
    if (steps.length >= options.maxSteps) return undefined;
    if (steps.length === 0) return targetRate;
    if (lo !== undefined && hi !== undefined) return (hi - lo) / hi < 0.1 ? undefined : (lo + hi) / 2;
    return lo !== undefined ? lo * 1.5 : hi! / 2;
  };
  for (let rate = nextRate(); rate !== undefined; rate = nextRate()) {
    const step = await sustainedStep(db, webUrl, { ...options, rate });
    steps.push(step);
    if (step.pass) lo = Math.max(lo ?? 0, rate);
    else hi = Math.min(hi ?? Infinity, rate);
  }
  const found = steps
    .filter((s) => s.pass)
    .reduce<number | undefined>((m, s) => Math.max(m ?? 0, s.rate), undefined);
  return {
    baselinePerSecond: options.baselinePerSecond,
    targetRate,
    steps,
    found,
    ratio: (found ?? 0) / options.baselinePerSecond,
  };
}
