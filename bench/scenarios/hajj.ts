import { randomInt, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Readable } from 'node:stream';
import { createDb, type Db } from '../../db';
import { createCaravan, holdSeat } from '../../db/queries/hajj/bookings';
import { batchItems, createBatch, findBatch } from '../../db/queries/hajj/batches';
import { importProgress, stageDepositFile } from '../../db/queries/hajj/depositImports';
import { batchWorkflowId, depositImportWorkflowId } from '../../domain/hajj/batches';
import { DEPOSIT_IMPORT_CHUNK_ROWS } from '../../domain/hajj/policy';
import { journeyForPage } from '../../db/queries/hajj/journeys';
import { openRound } from '../../db/queries/hajj/rounds';
import { addMonths, journeyWorkflowId, roundWorkflowId, type JourneyActor } from '../../domain/hajj/journey';
import { nationalCodeFromSeed } from '../../domain/shared/nationalCode';
import { roundWorkflow } from '../../workflows/hajj/round';
import { depositImportWorkflow } from '../../workflows/hajj/depositImport';
import { visaBatchWorkflow } from '../../workflows/hajj/batch';
import { bookUpdate, stepUpdate, type StepArgs } from '../../workflows/hajj/messages';
import { cpuPerOp, type CpuSnapshot } from '../cpu';
import { BenchClient, hiddenValue, nextAddress } from '../http';
import { closedLoop, ms, rate, summarize, type Summary } from '../stats';

export interface HajjPlan {
  deposits: number;
  /** The first rows of the same file imported again (all duplicates). */
  reimport: number;
  /** Queue look-ups through the pages, each a citizen of their own; at most `seconds`. */
  lookups: { count: number; concurrency: number; seconds: number };
  /** Bookings all at once on `caravans` caravans whose seats are 80% of the bookings. */
  rush: { bookings: number; caravans: number; pool: number };
  /** The round's size, the roundWorkflow's pace, and how long to wait for its journeys at most. */
  round: { size: number; batchSize: number; intervalMs: number; maxWaitSeconds: number };
  /** Journey pages of the round's called pilgrims; at most `seconds`. */
  pages: { count: number; concurrency: number; seconds: number };
  /** A caravan's visa batch: its pilgrims (taken from the round to the visa), and its pace. */
  visaBatch: { pilgrims: number; perSecond: number };
}

export interface HajjResult {
  deposits: number;
  /** The staff page's path: the file streamed into PostgreSQL (COPY), then depositImportWorkflow. */
  import: {
    rows: number;
    rejected: number;
    seconds: number;
    perSecond: number;
    stagingSeconds: number;
    workflowSeconds: number;
    chunks: number;
    /** Rows per chunk. */
    chunkRows: number;
  };
  reimport: { rows: number; inserted: number; duplicates: number; seconds: number; perSecond: number };
  /** VACUUM ANALYZE after the load, as autovacuum would do (statistics, the visibility map). */
  vacuumSeconds: number;
  lookup: {
    queued: number;
    concurrency: number;
    /** POST /hajj (national code + deposit number) up to its redirect. */
    post: Summary;
    /** GET /hajj/journey of a queued pilgrim: their place in the queue. */
    page: Summary;
    /** CPU ms per look-up (form, POST, page) of each component. */
    cpu?: CpuSnapshot;
  };
  rush: {
    bookings: number;
    caravans: number;
    capacity: number;
    pool: number;
    taken: number;
    /** Held bookings above a caravan's capacity, counted in SQL after the rush. */
    overbooked: number;
    /** Caravans whose seats_taken differs from their held bookings. */
    seatCountMismatches: number;
    result: Summary;
  };
  round: {
    size: number;
    called: number;
    batchSize: number;
    intervalMs: number;
    maxWaitSeconds: number;
    /** openRound: the members chosen and marked called, in one transaction. */
    callSeconds: number;
    /**
     * Journeys started (marked so by the round once a batch's starts returned) and when the last
     * batch was, from before openRound.
     */
    started: number;
    startedSeconds?: number;
    startedPerSecond: number;
    /** Journeys whose row is at stage 'booking' and when the last one got there, from before openRound. */
    waiting: number;
    waitingSeconds?: number;
    /**
     * Journeys whose workflow has set JourneyStage 'booking' (its first task ran), counted in
     * Temporal's visibility, and when the last one had; undefined where the count failed.
     */
    running?: number;
    runningSeconds?: number;
    /** Seconds waited in all (the bound when it was hit). */
    waitedSeconds: number;
    complete: boolean;
    /** CPU ms per started journey of each component, from the call to the end of the wait. */
    cpu?: CpuSnapshot;
  };
  /** visaBatchWorkflow over a caravan's pilgrims at the visa: visa issued and ticket permit each. */
  visaBatch?: {
    pilgrims: number;
    perSecond: number;
    /** Seconds taking the pilgrims from booking to the visa (not the batch's). */
    prepareSeconds: number;
    seconds: number;
    /** Pilgrims done per second, from the batch's start to its end. */
    achievedPerSecond: number;
    sent: number;
    refused: number;
    atDispatch: number;
  };
  journeyPage?: {
    /** Seconds waited after the round for the worker and Temporal to go quiet (at most 30). */
    settleSeconds: number;
    queued: number;
    journeys: number;
    concurrency: number;
    /** GET /hajj/journey of a called pilgrim, after the look-up put them in the session. */
    page: Summary;
    /** journeyForPage (the page's own query) alone, over the bench's pool. */
    query: Summary;
    cpu?: CpuSnapshot;
  };
}

/** Deposit numbers of this run: 13 digits, a run prefix, so a shared Temporal server sees new journey IDs. */
function depositNumbers(): (i: number) => string {
  const prefix = `13${String(randomInt(10_000)).padStart(4, '0')}`;
  return (i) => `${prefix}${String(i).padStart(7, '0')}`;
}

const nationalCodeOf = (i: number) => nationalCodeFromSeed(7_000_000 + i);

/** The bank's file, made on the fly: one deposit a minute from 2015 on, every code the registry knows. */
function* depositLines(n: number, number: (i: number) => string): Generator<string> {
  // In pieces of about 64 KB, as an upload reaches the staging (busboy's chunks), not a line each.
  let piece = 'national_code,deposit_number,bank_branch,deposited_at,amount_rials\n';
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    piece += `${nationalCodeOf(i)},${number(i)},شعبه ${i % 500},${at},250000000\n`;
    if (piece.length >= 64 * 1024) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/**
 * Waits until the case worker and Temporal together use under a tenth of a core over a second, or
 * `maxSeconds` have passed; the seconds waited. Without a probe (no /proc), nothing.
 */
async function settle(probe: (() => CpuSnapshot) | undefined, maxSeconds: number): Promise<number> {
  if (!probe) return 0;
  const t0 = performance.now();
  let last = probe();
  while (performance.now() - t0 < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = probe();
    const busy = ['worker', 'temporal'].reduce((a, k) => a + ((now[k] ?? 0) - (last[k] ?? 0)), 0);
    last = now;
    if (busy < 100) break;
  }
  return (performance.now() - t0) / 1000;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/**
 * A citizen opening the look-up form and sending their pair (CAPTCHA off). The POST is timed; the
 * client then holds the session in which the pair is proven, or undefined if it was refused.
 */
async function lookUp(webUrl: string, nationalCode: string, depositNumber: string) {
  const client = new BenchClient(webUrl, nextAddress());
  const form = await client.get('/hajj');
  if (form.status !== 200) return undefined;
  const t0 = performance.now();
  const sent = await client.post('/hajj', {
    _csrf: hiddenValue(form.html, '_csrf'),
    nationalCode,
    depositNumber,
    captcha: '',
  });
  const postMs = performance.now() - t0;
  if (sent.status !== 303 || sent.location !== '/hajj/journey') return undefined;
  return { client, postMs };
}

async function timedGet(client: BenchClient, path: string): Promise<number | undefined> {
  const t0 = performance.now();
  const page = await client.get(path);
  return page.status === 200 ? performance.now() - t0 : undefined;
}

/**
 * The Hajj journey at the sizes, on the bench's database, web and case worker: importing
 * the deposit queue (and the same rows again), the queue look-up through the pages, a booking rush
 * on the seat query itself, opening a round as the staff page does (openRound, then roundWorkflow on
 * the case task queue), and the journey page of the called pilgrims.
 */
export async function hajjScenario(
  db: Db,
  client: Client,
  webUrl: string,
  options: HajjPlan & {
    databaseUrl: string;
    taskQueue: string;
    hashKey: string;
    log: (line: string) => void;
    probe?: () => CpuSnapshot;
  },
): Promise<HajjResult> {
  const { log, probe } = options;
  const N = options.deposits;
  const number = depositNumbers();

  // 1. Import as headquarters' page does: the file streamed into the staging table, then its
  // workflow in chunks of DEPOSIT_IMPORT_CHUNK_ROWS on the bench's worker; then the same first rows again.
  const importFile = async (rows: number, filename: string) => {
    const staged = await timed(() =>
      stageDepositFile(db, { filename, staffId: null }, Readable.from(depositLines(rows, number))),
    );
    const run = await timed(() =>
      client.workflow.execute(depositImportWorkflow, {
        workflowId: depositImportWorkflowId(staged.value.importId),
        taskQueue: options.taskQueue,
        args: [{ importId: staged.value.importId }],
      }),
    );
    const progress = (await importProgress(db, staged.value.importId))!;
    return { progress, stagingSeconds: staged.seconds, workflowSeconds: run.seconds };
  };
  const imported = await importFile(N, 'bench.csv');
  const importSeconds = imported.stagingSeconds + imported.workflowSeconds;
  const reimportRows = Math.min(N, options.reimport);
  const again = await importFile(reimportRows, 'bench-again.csv');
  const againSeconds = again.stagingSeconds + again.workflowSeconds;
  log(
    `  hajj import: ${imported.progress.inserted} rows in ${importSeconds.toFixed(1)} s (staged ${imported.stagingSeconds.toFixed(1)} s, workflow ${imported.workflowSeconds.toFixed(1)} s; ${rate(imported.progress.inserted / importSeconds)}/s); again ${again.progress.duplicates} duplicates in ${againSeconds.toFixed(1)} s`,
  );
  const vacuum = await timed(() => db.raw('vacuum analyze hajj_deposits'));

  // 2. The queue look-up through the pages, for pilgrims spread over the queue.
  const spread = (i: number) => (i * 7919) % N;
  const pageSamples: number[] = [];
  let before = probe?.();
  const post = await closedLoop(
    {
      concurrency: options.lookups.concurrency,
      seconds: options.lookups.seconds,
      maxCount: options.lookups.count,
    },
    async (_, i) => {
      const at = spread(i);
      const citizen = await lookUp(webUrl, nationalCodeOf(at), number(at));
      if (!citizen) return false;
      const pageMs = await timedGet(citizen.client, '/hajj/journey');
      if (pageMs === undefined) return false;
      pageSamples.push(pageMs);
      return citizen.postMs;
    },
  );
  const lookup = {
    queued: N,
    concurrency: options.lookups.concurrency,
    post,
    page: summarize(pageSamples, post.seconds),
    cpu: before && cpuPerOp(before, probe!(), post.count),
  };
  log(
    `  hajj look-up at ${N} queued: POST p99 ${ms(post.p99)} ms, page p99 ${ms(lookup.page.p99)} ms, errors ${post.errors}`,
  );

  // 3. A booking rush on caravans with fewer seats than bookings, for pilgrims at the queue's tail.
  const { bookings, caravans: caravanCount, pool } = options.rush;
  const capacity = Math.max(1, Math.floor((bookings * 0.8) / caravanCount));
  const caravans = await Promise.all(
    Array.from({ length: caravanCount }, (_, i) =>
      createCaravan(db, {
        code: `B-${i}-${randomUUID().slice(0, 6)}`,
        name: `کاروان ${i}`,
        province: 'tehran',
        agentStaffId: null,
        agentName: 'کارگزار',
        managerName: 'مدیر',
        capacity,
        priceRials: 1_500_000_000n,
        departsFrom: '2027-05-10',
        departsTo: '2027-05-20',
        flightDate: '2027-05-15',
      }),
    ),
  );
  const rushDb = createDb(options.databaseUrl, { max: pool });
  let taken = 0;
  let rushResult: Summary;
  try {
    const heldUntil = new Date(Date.now() + 86_400_000).toISOString();
    rushResult = await closedLoop(
      { concurrency: bookings, seconds: Infinity, maxCount: bookings },
      async (_, i) => {
        const result = await holdSeat(rushDb, {
          requestKey: randomUUID(),
          depositNumber: number(N - 1 - (i % N)),
          caravanId: caravans[i % caravanCount],
          channel: 'online',
          bookedBy: null,
          province: 'tehran',
          heldUntil,
        });
        if (result.ok) taken++;
        return true;
      },
    );
  } finally {
    await rushDb.destroy();
  }
  const {
    rows: [check],
  } = await db.raw(
    `select coalesce(sum(greatest(b.n - c.capacity, 0)), 0)::int as over,
            count(*) filter (where c.seats_taken <> coalesce(b.n, 0))::int as mismatches
     from hajj_caravans c
     left join (select caravan_id, count(*)::int n from hajj_bookings where status = 'held' group by caravan_id) b
       on b.caravan_id = c.id
     where c.id = any(?)`,
    [caravans],
  );
  const rush = {
    bookings,
    caravans: caravanCount,
    capacity,
    pool,
    taken,
    overbooked: check.over,
    seatCountMismatches: check.mismatches,
    result: rushResult,
  };
  log(
    `  hajj rush: ${bookings} on ${caravanCount}×${capacity} seats: ${taken} taken, ${check.over} overbooked, ${rate(rushResult.perSecond)}/s, p99 ${ms(rushResult.p99)} ms`,
  );

  // 4. Opening a round as the staff page does. Round ids start at a random point: on a shared
  // Temporal server (TEMPORAL_ADDRESS) another database's `hajj-round-1` may be running.
  await db.raw(`select setval(pg_get_serial_sequence('hajj_rounds', 'id'), ?)`, [
    randomInt(1_000_000, 1_000_000_000),
  ]);
  const { size, batchSize, intervalMs, maxWaitSeconds } = options.round;
  before = probe?.();
  const t0 = performance.now();
  const since = () => (performance.now() - t0) / 1000;
  const opened = await openRound(db, { idempotencyKey: `bench-${randomUUID()}`, size, staffId: null });
  const callSeconds = since();
  const handle = await client.workflow.start(roundWorkflow, {
    workflowId: roundWorkflowId(opened.roundId),
    taskQueue: options.taskQueue,
    args: [{ roundId: opened.roundId, batchSize, intervalMs }],
  });
  log(`  hajj round: ${opened.called} called in ${callSeconds.toFixed(1)} s; starting journeys…`);
  // Journeys whose own first workflow task has run: they set JourneyStage to 'booking' (the case
  // task queue is the bench's own, so only this round's journeys are counted).
  const runningQuery = `WorkflowType = 'journeyWorkflow' AND TaskQueue = '${options.taskQueue}' AND JourneyStage = 'booking'`;
  let started: number;
  let waiting: number;
  let running: number | undefined = 0;
  let startedSeconds: number | undefined;
  let waitingSeconds: number | undefined;
  let runningSeconds: number | undefined;
  let lastSaid = 0;
  let lastCounted = -Infinity;
  const pollMs = opened.called > 10_000 ? 1000 : 250;
  const countEveryMs = opened.called > 10_000 ? 5000 : 1000;
  for (;;) {
    const {
      rows: [c],
    } = await db.raw(
      `select count(m.started_at)::int as started, count(*) filter (where j.stage = 'booking')::int as waiting
       from hajj_round_members m left join hajj_journeys j on j.deposit_number = m.deposit_number
       where m.round_id = ?`,
      [opened.roundId],
    );
    // The round marks a batch started once the batch's starts returned.
    started = c.started;
    waiting = c.waiting;
    if (startedSeconds === undefined && started >= opened.called) startedSeconds = since();
    if (waitingSeconds === undefined && waiting >= opened.called) waitingSeconds = since();
    if (
      running !== undefined &&
      runningSeconds === undefined &&
      performance.now() - lastCounted >= countEveryMs
    ) {
      lastCounted = performance.now();
      running = await client.workflow.count(runningQuery).then(
        (r) => r.count,
        (err) => {
          log(`  hajj round: no count from Temporal's visibility (${String(err)}); rows only`);
          return undefined;
        },
      );
      if (running !== undefined && running >= opened.called) runningSeconds = since();
    }
    const done =
      startedSeconds !== undefined &&
      waitingSeconds !== undefined &&
      (running === undefined || runningSeconds !== undefined);
    if (done || since() >= maxWaitSeconds) break;
    if (since() - lastSaid >= 30) {
      lastSaid = since();
      log(
        `    ${since().toFixed(0)} s: ${started} started, ${waiting} rows and ${running ?? '?'} journeys waiting for a booking`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const waitedSeconds = since();
  const roundCpu = before && cpuPerOp(before, probe!(), started);
  const complete =
    startedSeconds !== undefined &&
    waitingSeconds !== undefined &&
    (running === undefined || runningSeconds !== undefined);
  if (!complete) {
    // The bound was hit: the round stops calling, so it does not load what is measured next.
    await handle
      .terminate('bench: wait bound reached')
      .catch((err) => log(`  hajj round: not terminated: ${String(err)}`));
  }
  const startSpan = startedSeconds ?? waitedSeconds;
  const round = {
    size,
    called: opened.called,
    batchSize,
    intervalMs,
    maxWaitSeconds,
    callSeconds,
    started,
    startedSeconds,
    startedPerSecond: startSpan > 0 ? started / startSpan : NaN,
    waiting,
    waitingSeconds,
    running,
    runningSeconds,
    waitedSeconds,
    complete,
    cpu: roundCpu,
  };
  log(
    `  hajj round: ${started} started (${rate(round.startedPerSecond)}/s); ${waiting} rows and ${running ?? '?'} journeys waiting for a booking after ${waitedSeconds.toFixed(1)} s${complete ? '' : ' (bound reached)'}`,
  );

  // 5. The journey page of called pilgrims, with the rest still queued; first what the round left
  // running (journeys' first tasks, notices) settles, so the pages are not measured beside it.
  const settleSeconds = await settle(probe, 30);
  const members: { deposit_number: string; national_code: string }[] = (
    await db.raw(
      `select m.deposit_number, d.national_code
       from hajj_round_members m
       join hajj_journeys j on j.deposit_number = m.deposit_number
       join hajj_deposits d on d.deposit_number = m.deposit_number
       where m.round_id = ?
       order by random() limit 2000`,
      [opened.roundId],
    )
  ).rows;
  let journeyPage: HajjResult['journeyPage'];
  if (members.length > 0) {
    before = probe?.();
    const page = await closedLoop(
      {
        concurrency: options.pages.concurrency,
        seconds: options.pages.seconds,
        maxCount: options.pages.count,
      },
      async (_, i) => {
        const m = members[i % members.length];
        const citizen = await lookUp(webUrl, m.national_code, m.deposit_number);
        if (!citizen) return false;
        return (await timedGet(citizen.client, '/hajj/journey')) ?? false;
      },
    );
    const cpu = before && cpuPerOp(before, probe!(), page.count);
    const query = await closedLoop(
      {
        concurrency: options.pages.concurrency,
        seconds: options.pages.seconds,
        maxCount: options.pages.count,
      },
      async (_, i) => Boolean(await journeyForPage(db, members[(i * 31) % members.length].deposit_number)),
    );
    const [{ n: queued }] = await db('hajj_deposits').where({ status: 'queued' }).count({ n: '*' });
    journeyPage = {
      settleSeconds,
      queued: Number(queued),
      journeys: members.length,
      concurrency: options.pages.concurrency,
      page,
      query,
      cpu,
    };
    log(
      `  hajj journey page at ${queued} queued: p50 ${ms(page.p50)} ms, p99 ${ms(page.p99)} ms, errors ${page.errors}; query p99 ${ms(query.p99)} ms`,
    );
  }

  return {
    deposits: N,
    import: {
      rows: imported.progress.inserted,
      rejected: imported.progress.rejected,
      seconds: importSeconds,
      perSecond: imported.progress.inserted / importSeconds,
      stagingSeconds: imported.stagingSeconds,
      workflowSeconds: imported.workflowSeconds,
      chunks: Math.ceil(imported.progress.total / DEPOSIT_IMPORT_CHUNK_ROWS),
      chunkRows: DEPOSIT_IMPORT_CHUNK_ROWS,
    },
    reimport: {
      rows: again.progress.total,
      inserted: again.progress.inserted,
      duplicates: again.progress.duplicates,
      seconds: againSeconds,
      perSecond: again.progress.total / againSeconds,
    },
    vacuumSeconds: vacuum.seconds,
    lookup,
    rush,
    round,
    journeyPage,
    visaBatch: await visaBatchScenario(db, client, opened.roundId, options),
  };
}

/** Sends at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * 7. A caravan's visa batch: round members waiting for a booking are booked into one caravan and
 * taken through the registration steps to the visa (updates, 16 at a time, not measured), then
 * headquarters' batch (visa issued, ticket permit) goes by visaBatchWorkflow at its pace.
 */
async function visaBatchScenario(
  db: Db,
  client: Client,
  roundId: number,
  options: HajjPlan & { taskQueue: string; log: (line: string) => void },
): Promise<HajjResult['visaBatch']> {
  const { pilgrims, perSecond } = options.visaBatch;
  const members: string[] = await db('hajj_round_members as m')
    .join('hajj_journeys as j', 'j.deposit_number', 'm.deposit_number')
    .where({ 'm.round_id': roundId, 'j.stage': 'booking' })
    .orderBy('m.position')
    .limit(pilgrims)
    .pluck('m.deposit_number');
  if (members.length === 0) return undefined;
  const staff = async (role: string) =>
    (
      await db('staff')
        .insert({
          username: `bench.${role}.${randomUUID().slice(0, 8)}`,
          password_hash: 'x',
          full_name: role,
          role,
        })
        .returning('id')
    )[0].id as number;
  const agent: JourneyActor = { staffId: await staff('agent'), role: 'agent', province: null };
  const hq: JourneyActor = { staffId: await staff('admin'), role: 'admin', province: null };
  const flight = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const caravanId = await createCaravan(db, {
    code: `VB-${randomUUID().slice(0, 8)}`,
    name: 'کاروان سنجش روادید',
    province: 'tehran',
    agentStaffId: agent.staffId,
    agentName: 'کارگزار',
    managerName: 'مدیر',
    capacity: members.length,
    priceRials: 1_500_000_000n,
    departsFrom: flight,
    departsTo: flight,
    flightDate: flight,
    rating: 4,
  });
  const steps: StepArgs[] = [
    {
      actor: agent,
      step: 'documents',
      nationalCard: true,
      birthCertificate: true,
      passportExpiry: addMonths(flight, 7),
    },
    { actor: hq, step: 'payment', paidRials: '1250000000' },
    { actor: agent, step: 'medical', medical: 'fit' },
    { actor: agent, step: 'insurance' },
    { actor: agent, step: 'training' },
    { actor: agent, step: 'card' },
    { actor: hq, step: 'visa-request' },
  ];
  const prepared = await timed(() =>
    eachLimited(members, 16, async (deposit) => {
      const journey = client.workflow.getHandle(journeyWorkflowId(deposit));
      await journey.executeUpdate(bookUpdate, { args: [{ actor: null, caravanId }] });
      for (const args of steps) await journey.executeUpdate(stepUpdate, { args: [args] });
    }),
  );
  const { batchId } = await createBatch(db, {
    idempotencyKey: `bench-${randomUUID()}`,
    kind: 'visa',
    caravanId,
    actor: hq,
    items: members.map((depositNumber) => ({ depositNumber, visa: 'issued', ticket: true, present: true })),
  });
  const run = await timed(() =>
    client.workflow.execute(visaBatchWorkflow, {
      workflowId: batchWorkflowId(batchId),
      taskQueue: options.taskQueue,
      args: [{ batchId, perSecond }],
    }),
  );
  const batch = (await findBatch(db, batchId))!;
  const outcomes = await batchItems(db, batchId);
  const atDispatch = await db('hajj_journeys')
    .where({ caravan_id: caravanId, stage: 'dispatch' })
    .count({ n: '*' });
  const result = {
    pilgrims: members.length,
    perSecond,
    prepareSeconds: prepared.seconds,
    seconds: run.seconds,
    achievedPerSecond: outcomes.length / run.seconds,
    sent: batch.sent,
    refused: batch.refused,
    atDispatch: Number(atDispatch[0].n),
  };
  options.log(
    `  hajj visa batch: ${result.pilgrims} pilgrims at ${perSecond}/s in ${result.seconds.toFixed(1)} s (${rate(result.achievedPerSecond)}/s); ${result.sent} sent, ${result.refused} refused, ${result.atDispatch} at dispatch`,
  );
  return result;
}
