/**
 * Benchmarks of the Hajj journey (issue 9), on an embedded PostgreSQL and Temporal dev server of its
 * own: importing the deposit queue, a booking rush, the queue look-up and journey page queries at
 * that size, and opening a round. `npx tsx bench/hajj.ts [--deposits N] [--round N] [--rush N]
 * [--caravans N] [--out file.md]`; without flags, the sizes the issue names.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SimulatedRegistry } from '../activities/registry/simulated';
import { loadConfig } from '../config';
import { createDb, type Db } from '../db';
import { migrateAndSeed } from '../db/migrate';
import { createCaravan, holdSeat } from '../db/queries/hajjBookings';
import { importDeposits, queueStanding } from '../db/queries/hajjDeposits';
import { journeyForPage } from '../db/queries/hajjJourneys';
import { openRound } from '../db/queries/hajjRounds';
import { nationalCodeFromSeed } from '../domain/nationalCode';
import { startPostgres } from '../stack/postgres';
import { startTemporal } from '../stack/temporal';
import { freePort } from '../test/support/ports';
import { startWorker } from '../worker/main';
import { roundWorkflow } from '../workflows/journeyRound';
import { summarize, type Summary } from './stats';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const DEPOSITS = flag('--deposits', 1_000_000);
const ROUND = flag('--round', 100_000);
const RUSH = flag('--rush', 5000);
const CARAVANS = flag('--caravans', 50);
const outIndex = process.argv.indexOf('--out');
const OUT = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;

/** The bank's file, made on the fly: one deposit a minute from 2015 on, every code the registry knows. */
function* depositFile(n: number): Generator<string> {
  yield 'national_code,deposit_number,bank_branch,deposited_at,amount_rials';
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    yield `${nationalCodeFromSeed(7_000_000 + i)},${1_390_000_000_000 + i},شعبه ${i % 500},${at},250000000`;
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

async function latencies(
  n: number,
  concurrency: number,
  once: (i: number) => Promise<unknown>,
): Promise<Summary> {
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await once(i);
        samples.push(performance.now() - s);
      }
    }),
  );
  return summarize(samples, (performance.now() - t0) / 1000);
}

const ms = (x: number) => x.toFixed(1);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-hajj-bench-'));
  fs.chmodSync(dir, 0o755);
  const lines: string[] = [];
  const say = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  const pg = await startPostgres(path.join(dir, 'pg'), await freePort());
  const db: Db = createDb(pg.url, { max: 40 });
  const stops: (() => Promise<unknown>)[] = [() => pg.stop(), () => db.destroy()];
  try {
    await migrateAndSeed(db);
    say(`# Hajj journey benchmarks (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs)`);
    say('');

    // 1. Import of the deposit queue.
    const imported = await timed(() =>
      importDeposits(db, depositFile(DEPOSITS), {
        filename: 'bench.csv',
        staffId: null,
        registry: new SimulatedRegistry(),
        hashKey: 'bench',
        batchSize: 10_000,
      }),
    );
    const again = await timed(() =>
      importDeposits(db, depositFile(Math.min(DEPOSITS, 100_000)), {
        filename: 'bench-again.csv',
        staffId: null,
        registry: new SimulatedRegistry(),
        hashKey: 'bench',
        batchSize: 10_000,
      }),
    );
    say('| measure | value |');
    say('| --- | --- |');
    say(`| deposits imported | ${imported.value.insertedRows.toLocaleString('en')} |`);
    say(`| import time | ${imported.seconds.toFixed(1)} s |`);
    say(
      `| import rate | ${Math.round(imported.value.insertedRows / imported.seconds).toLocaleString('en')} rows/s |`,
    );
    say(
      `| re-import of ${again.value.totalRows.toLocaleString('en')} rows | ${again.value.insertedRows} inserted, ${again.value.duplicateRows.toLocaleString('en')} duplicates, ${again.seconds.toFixed(1)} s |`,
    );
    // What autovacuum does after a bulk load: statistics, and the visibility map index-only scans need.
    await db.raw('vacuum analyze hajj_deposits');

    // 2. The queue look-up at that size.
    const sample = (i: number) => (i * 7919) % DEPOSITS;
    const lookup = await latencies(2000, 16, (i) =>
      queueStanding(db, nationalCodeFromSeed(7_000_000 + sample(i)), String(1_390_000_000_000 + sample(i))),
    );
    say(
      `| queue look-up (2,000 at concurrency 16) | p50 ${ms(lookup.p50)} ms, p99 ${ms(lookup.p99)} ms, ${Math.round(lookup.perSecond)}/s |`,
    );

    // 3. A booking rush on caravans whose seats are fewer than the pilgrims.
    const capacity = Math.max(1, Math.floor((RUSH * 0.8) / CARAVANS));
    const caravans = await Promise.all(
      Array.from({ length: CARAVANS }, (_, i) =>
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
    let won = 0;
    const rush = await latencies(RUSH, RUSH, async (i) => {
      const result = await holdSeat(db, {
        requestKey: randomUUID(),
        depositNumber: String(1_390_000_000_000 + DEPOSITS - 1 - i),
        caravanId: caravans[i % CARAVANS],
        channel: 'online',
        bookedBy: null,
        province: 'tehran',
        heldUntil: new Date(Date.now() + 86_400_000).toISOString(),
      });
      if (result.ok) won++;
    });
    const { rows: over } = await db.raw(
      `select coalesce(sum(greatest(n - c.capacity, 0)), 0)::int as over from hajj_caravans c
       join (select caravan_id, count(*) n from hajj_bookings where status = 'held' group by caravan_id) b
       on b.caravan_id = c.id`,
    );
    say(
      `| booking rush: ${RUSH.toLocaleString('en')} at once on ${CARAVANS} caravans of ${capacity} seats (pool of 40) | ${won.toLocaleString('en')} seats taken, ${over[0].over} overbooked, ${Math.round(rush.perSecond)} bookings/s, p50 ${ms(rush.p50)} ms, p99 ${ms(rush.p99)} ms |`,
    );

    if (ROUND <= 0) return;
    // 4. Opening a round: journeys started per second, and the time until all wait for a booking.
    const temporal = await startTemporal({
      dataDir: path.join(dir, 'temporal'),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
    });
    stops.unshift(() => temporal.stop());
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: 'hajj-bench',
      LOG_LEVEL: 'warn',
    });
    const worker = await startWorker(config, db, { relayIntervalMs: 60_000 });
    stops.unshift(() => worker.shutdown());
    const connection = await Connection.connect({ address: temporal.address });
    stops.unshift(() => connection.close());
    const client = new Client({ connection });
    const t0 = performance.now();
    const round = await openRound(db, { idempotencyKey: 'bench', size: ROUND, staffId: null });
    const opened = (performance.now() - t0) / 1000;
    const handle = await client.workflow.start(roundWorkflow, {
      workflowId: `hajj-round-${round.roundId}`,
      taskQueue: 'hajj-bench',
      args: [{ roundId: round.roundId, batchSize: 200, intervalMs: 0 }],
    });
    await handle.result();
    const started = (performance.now() - t0) / 1000;
    // Until every journey waits for a booking, or an hour: a stuck journey must not hang the run.
    let waitingCount = 0;
    while (performance.now() - t0 < 3_600_000) {
      const [{ n }] = await db('hajj_journeys').where({ stage: 'booking' }).count({ n: '*' });
      waitingCount = Number(n);
      if (waitingCount >= round.called) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const waiting = (performance.now() - t0) / 1000;
    say(
      `| round of ${round.called.toLocaleString('en')} | called in ${opened.toFixed(1)} s; all journeys started in ${started.toFixed(1)} s (${(round.called / started).toFixed(1)} workflows/s); ${waitingCount.toLocaleString('en')} waiting for a booking after ${waiting.toFixed(1)} s |`,
    );

    // 5. The journey page's query with the queue full and the round's journeys written.
    const members = await db('hajj_round_members').where({ round_id: round.roundId }).pluck('deposit_number');
    const page = await latencies(2000, 16, (i) => journeyForPage(db, members[(i * 31) % members.length]));
    say(
      `| journey page query (2,000 at concurrency 16, ${DEPOSITS.toLocaleString('en')} queued) | p50 ${ms(page.p50)} ms, p99 ${ms(page.p99)} ms |`,
    );
  } finally {
    if (OUT) fs.writeFileSync(OUT, lines.join('\n') + '\n');
    for (const stop of stops) await stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
