import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { Readable } from 'node:stream';
import { WorkflowIdReusePolicy, type WorkflowHandle } from '@temporalio/client';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal as proto } from '@temporalio/proto';
import { outboxOnly } from '../../activities/integrations/notifications';
import { SimulatedRegistry, type CivilRegistry } from '../../activities/integrations/registry';
import type { Db } from '../../db';
import { createBatch, batchItems, findBatch } from '../../db/queries/hajj/batches';
import { importProgress, stageDepositFile, type ChunkResult } from '../../db/queries/hajj/depositImports';
import type { BatchItem, BatchKind } from '../../domain/hajj/batches';
import { addMonths, journeyWorkflowId, type JourneyActor } from '../../domain/hajj/journey';
import { HAJJ_REJECTIONS } from '../../domain/hajj/copy';
import { createTestDb } from '../../test/support/db';
import { addStaff, TEST_HASH_KEY } from '../../test/support/generators';
import { addCaravan, addDeposits, depositLines } from '../../test/support/hajj';
import { eventually } from '../../test/support/http';
import { createTimeSkippingEnv, workflowBundle } from '../../test/support/temporal';
import { allActivities } from '../../worker/main';
import {
  findPaymentImport,
  importBankPayments,
  issueSlip,
  type PaymentImportRow,
} from '../../db/queries/hajj/payments';
import { paymentIdentifier } from '../../domain/hajj/registration';
import { dispatchBatchWorkflow, paymentImportWorkflow, visaBatchWorkflow } from './batch';
import { depositImportWorkflow } from './depositImport';
import { journeyWorkflow } from './journey';
import * as m from './messages';

const { EventType } = proto.api.enums.v1;

let env: TestWorkflowEnvironment;
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let agent: JourneyActor;
let hq: JourneyActor;

beforeAll(async () => {
  [env, testDb] = await Promise.all([createTimeSkippingEnv(), createTestDb()]);
  db = testDb.db;
  const [row] = await db('staff')
    .insert({
      username: `agent-${randomUUID().slice(0, 8)}`,
      password_hash: 'not-a-login',
      full_name: 'کارگزار',
      role: 'agent',
      province: 'tehran',
    })
    .returning('id');
  agent = { staffId: row.id, role: 'agent', province: 'tehran' };
  hq = { staffId: await addStaff(db, 'admin', null), role: 'admin', province: null };
});

afterAll(async () => {
  await env?.teardown();
  await testDb?.drop();
});

const started: string[] = [];

async function withWorker<T>(
  fn: (taskQueue: string) => Promise<T>,
  options: { registry?: CivilRegistry; taskQueue?: string; sticky?: boolean } = {},
) {
  const taskQueue = options.taskQueue ?? `batches-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    shutdownGraceTime: '1s',
    // A worker that stops leaves no workflow on a queue of its own: the test server would keep it
    // there (a real server sends it back to the task queue after a few seconds).
    ...(options.sticky === false ? { maxCachedWorkflows: 0 } : {}),
    activities: allActivities(
      {
        db,
        registry: options.registry ?? new SimulatedRegistry(),
        sms: outboxOnly,
        email: outboxOnly,
        publicUrl: 'http://localhost',
        nationalCodeHashKey: TEST_HASH_KEY,
      },
      env.client,
    ),
  });
  try {
    return await worker.runUntil(fn(taskQueue));
  } finally {
    await Promise.all(
      started.splice(0).map((id) =>
        env.client.workflow
          .getHandle(id)
          .terminate('test over')
          .catch(() => undefined),
      ),
    );
  }
}

const stage = (lines: string[]) =>
  stageDepositFile(db, { filename: 'deposits.csv', staffId: hq.staffId }, Readable.from([lines.join('\n')]));

const activityCalls = async (handle: WorkflowHandle, type: string) =>
  (await handle.fetchHistory()).events!.filter(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === type,
  ).length;

describe('deposit import workflow', () => {
  it('imports a staged file in chunks, with its progress, problems and a second file changing nothing', async () => {
    const lines = depositLines(12);
    const file = [
      'national_code,deposit_number,branch,at,amount,mobile',
      ...lines.slice(0, 6),
      'bad,row',
      ...lines.slice(6),
    ];
    const { importId, rows } = await stage(file);
    expect(rows).toBe(13);
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(depositImportWorkflow, {
        workflowId: `hajj-import-${importId}`,
        taskQueue,
        args: [{ importId, chunkSize: 5 }],
      });
      expect(await handle.result()).toBe(13);
      expect(await activityCalls(handle, 'importDepositChunk')).toBe(3);
    });
    expect(await importProgress(db, importId)).toMatchObject({
      status: 'done',
      total: 13,
      done: 13,
      inserted: 12,
      duplicates: 0,
      rejected: 1,
    });
    // The bad row is line 8 of the file (the header is line 1); the staged lines are gone.
    expect(
      await db('hajj_deposit_import_problems').where({ import_id: importId }).select('line', 'problem'),
    ).toEqual([{ line: 8, problem: 'columns' }]);
    expect(await db('hajj_deposit_import_lines').where({ import_id: importId }).count()).toEqual([
      { count: '0' },
    ]);

    const again = await stage(lines);
    await withWorker(async (taskQueue) => {
      await env.client.workflow.execute(depositImportWorkflow, {
        workflowId: `hajj-import-${again.importId}`,
        taskQueue,
        args: [{ importId: again.importId, chunkSize: 5 }],
      });
    });
    expect(await importProgress(db, again.importId)).toMatchObject({
      inserted: 0,
      duplicates: 12,
      rejected: 0,
    });
  });

  it('goes on from the last committed chunk after its worker stops mid-import, counting each row once', async () => {
    const lines = depositLines(20);
    const { importId } = await stage(lines);
    const taskQueue = `batches-${randomUUID()}`;
    // The first worker's registry answers 12 look-ups, then hangs until the worker, stopping,
    // cancels its activity: the worker stops mid-chunk.
    let answered = 0;
    const hanging: CivilRegistry = {
      lookup: (code) =>
        ++answered <= 12
          ? new SimulatedRegistry().lookup(code)
          : new Promise((_, reject) => {
              const signal = Context.current().cancellationSignal;
              if (signal.aborted) reject(new Error('worker stopped'));
              signal.addEventListener('abort', () => reject(new Error('worker stopped')));
            }),
    };
    const workflowId = `hajj-import-${importId}`;
    await withWorker(
      async () => {
        await env.client.workflow.start(depositImportWorkflow, {
          workflowId,
          taskQueue,
          args: [{ importId, chunkSize: 5 }],
        });
        await eventually(
          () => importProgress(db, importId),
          (p) => p!.done === 10 && answered > 12,
          20_000,
        );
      },
      { registry: hanging, taskQueue, sticky: false },
    );
    expect((await importProgress(db, importId))!.done).toBe(10);
    // A new worker takes the workflow over; the chunk cut short runs again whole.
    await withWorker(async () => env.client.workflow.getHandle(workflowId).result(), { taskQueue });
    expect(await importProgress(db, importId)).toMatchObject({
      status: 'done',
      done: 20,
      inserted: 20,
      duplicates: 0,
      rejected: 0,
    });
    const imported = await db('hajj_deposits').where({ import_id: importId }).count();
    expect(imported).toEqual([{ count: '20' }]);
  });

  it('hands a long import to a fresh run every 100 chunks and finishes it there', async () => {
    const { importId } = await stage(depositLines(105));
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(depositImportWorkflow, {
        workflowId: `hajj-import-${importId}`,
        taskQueue,
        args: [{ importId, chunkSize: 1 }],
      });
      expect(await handle.result()).toBe(105);
      // The last run did the last 5 chunks; the first run's history ended at 100.
      expect(await activityCalls(handle, 'importDepositChunk')).toBe(5);
    });
    expect(await importProgress(db, importId)).toMatchObject({ status: 'done', done: 105, inserted: 105 });
  });

  it('commits a chunk once when it runs twice at once, and a re-run of a finished import changes nothing', async () => {
    const { importId } = await stage(depositLines(8));
    const activities = allActivities(
      {
        db,
        registry: new SimulatedRegistry(5),
        sms: outboxOnly,
        email: outboxOnly,
        publicUrl: 'http://localhost',
        nationalCodeHashKey: TEST_HASH_KEY,
      },
      env.client,
    );
    // Two attempts of the same chunk at once, each in an activity context of its own.
    const chunk = () =>
      new MockActivityEnvironment().run(activities.importDepositChunk, importId, 4) as Promise<ChunkResult>;
    const both: ChunkResult[] = await Promise.all([chunk(), chunk()]);
    expect(both.map((r) => r.committed).sort()).toEqual([false, true]);
    expect(await importProgress(db, importId)).toMatchObject({ done: 4, inserted: 4, duplicates: 0 });
    await withWorker(async (taskQueue) => {
      for (const run of ['first', 'again'])
        await env.client.workflow.execute(depositImportWorkflow, {
          workflowId: `hajj-import-${importId}-${run}`,
          taskQueue,
          args: [{ importId, chunkSize: 4 }],
        });
    });
    expect(await importProgress(db, importId)).toMatchObject({
      status: 'done',
      done: 8,
      inserted: 8,
      duplicates: 0,
      rejected: 0,
    });
  });

  it('waits out a registry outage instead of rejecting rows, and rejects a code the registry does not know', async () => {
    const lines = depositLines(4);
    const unknown = lines[2].split(',')[0];
    const { importId } = await stage(lines);
    let outage = 6;
    const flaky: CivilRegistry = {
      lookup: async (code) => {
        if (outage-- > 0) throw new Error('registry down');
        return code === unknown ? null : new SimulatedRegistry().lookup(code);
      },
    };
    await withWorker(
      (taskQueue) =>
        env.client.workflow.execute(depositImportWorkflow, {
          workflowId: `hajj-import-${importId}`,
          taskQueue,
          args: [{ importId }],
        }),
      { registry: flaky },
    );
    expect(await importProgress(db, importId)).toMatchObject({ inserted: 3, rejected: 1 });
    expect(await db('hajj_deposit_import_problems').where({ import_id: importId }).pluck('problem')).toEqual([
      'notInRegistry',
    ]);
  });
});

type Journey = WorkflowHandle<typeof journeyWorkflow>;

/** A journey taken through booking and registration to the stage before `until`. */
async function journeyBefore(
  taskQueue: string,
  caravanId: number,
  until: m.StepArgs['step'],
): Promise<Journey> {
  const [deposit] = await addDeposits(db, 1);
  started.push(journeyWorkflowId(deposit));
  const handle = await env.client.workflow.start(journeyWorkflow, {
    workflowId: journeyWorkflowId(deposit),
    taskQueue,
    args: [{ depositNumber: deposit }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
  await eventually(
    () => handle.query(m.journeyViewQuery),
    (v) => v.stage === 'booking',
    20_000,
  );
  const booked = await handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] });
  const steps: m.StepArgs[] = [
    {
      actor: agent,
      step: 'documents',
      nationalCard: true,
      birthCertificate: true,
      passportExpiry: addMonths(booked.caravan!.flightDate, 7),
    },
    { actor: hq, step: 'payment', paidRials: '1250000000' },
    { actor: agent, step: 'medical', medical: 'fit' },
    { actor: agent, step: 'insurance' },
    { actor: agent, step: 'training' },
    { actor: agent, step: 'card' },
    { actor: hq, step: 'visa-request' },
    { actor: hq, step: 'visa', visa: 'issued' },
    { actor: hq, step: 'ticket' },
  ];
  for (const args of steps) {
    if (args.step === until) break;
    await handle.executeUpdate(m.stepUpdate, { args: [args] });
  }
  return handle;
}

const stageOf = async (h: Journey) => (await h.query(m.journeyViewQuery)).stage;

async function runBatch(
  taskQueue: string,
  kind: BatchKind,
  caravanId: number,
  items: BatchItem[],
  options: {
    actor?: JourneyActor;
    perSecond?: number;
    flight?: Parameters<typeof createBatch>[1]['flight'];
  } = {},
) {
  const { batchId } = await createBatch(db, {
    idempotencyKey: randomUUID(),
    kind,
    caravanId,
    actor: options.actor ?? hq,
    items,
    flight: options.flight,
  });
  const workflow = kind === 'dispatch' ? dispatchBatchWorkflow : visaBatchWorkflow;
  const handle = await env.client.workflow.start(workflow, {
    workflowId: `hajj-batch-${batchId}`,
    taskQueue,
    args: [{ batchId, perSecond: options.perSecond }],
  });
  await handle.result();
  return { batchId, handle };
}

const item = (h: Journey, fields: Partial<BatchItem> = {}): BatchItem => ({
  depositNumber: h.workflowId.slice('hajj-'.length),
  visa: null,
  ticket: false,
  present: true,
  ...fields,
});

describe('caravan batches', () => {
  it('sends visa results and ticket permits at a bounded pace; a refused visa settles; nothing is sent twice', async () => {
    const caravanId = await addCaravan(
      db,
      { agentStaffId: agent.staffId, capacity: 10 },
      new Date(await env.currentTimeMs()),
    );
    await withWorker(async (taskQueue) => {
      const [a, b, c, d, e] = await Promise.all(
        [0, 1, 2, 3, 4].map(() => journeyBefore(taskQueue, caravanId, 'visa')),
      );
      const { batchId, handle } = await runBatch(
        taskQueue,
        'visa',
        caravanId,
        [
          item(a, { visa: 'issued', ticket: true }),
          item(b, { visa: 'refused', ticket: true }),
          item(c, { visa: 'issued' }),
          item(d, { visa: 'issued', ticket: true }),
          item(e, { visa: 'issued' }),
        ],
        { perSecond: 2 },
      );
      expect(await Promise.all([a, b, c, d, e].map(stageOf))).toEqual([
        'dispatch',
        'visa-refused',
        'ticket',
        'dispatch',
        'ticket',
      ]);
      // The refused visa settles as a refusal entered one by one does: receipt, seat freed.
      expect(
        await db('hajj_cancellations')
          .where({ deposit_number: item(b).depositNumber })
          .first('reason'),
      ).toEqual({ reason: 'visa' });
      expect(await findBatch(db, batchId)).toMatchObject({ total: 5, sent: 5, refused: 0 });
      expect(await findBatch(db, batchId).then((x) => x!.completedAt)).not.toBeNull();
      // Two journeys a second: three chunks, a second's sleep between them.
      const history = (await handle.fetchHistory()).events!;
      expect(await activityCalls(handle, 'sendBatchChunk')).toBe(3);
      const timers = history.filter((ev) => ev.eventType === EventType.EVENT_TYPE_TIMER_STARTED);
      expect(timers).toHaveLength(2);
      expect(Number(timers[0].timerStartedEventAttributes!.startToFireTimeout!.seconds)).toBe(1);

      // The same batch again: every item is settled, nothing is sent.
      await env.client.workflow.execute(visaBatchWorkflow, {
        workflowId: `hajj-batch-${batchId}-again`,
        taskQueue,
        args: [{ batchId }],
      });
      expect(await findBatch(db, batchId)).toMatchObject({ sent: 5, refused: 0 });

      // A ticket permit alone for a pilgrim whose visa came before; an item sent anew (its chunk's
      // answer lost) is not sent twice: the journey is past it.
      const later = await runBatch(taskQueue, 'visa', caravanId, [
        item(c, { ticket: true }),
        item(a, { visa: 'issued', ticket: true }),
      ]);
      expect(await stageOf(c)).toBe('dispatch');
      expect((await batchItems(db, later.batchId)).map((i) => i.outcome)).toEqual(['sent', 'sent']);
      expect(await stageOf(a)).toBe('dispatch');

      // The wrong hands: an agent's visa batch is refused by every journey, with the reason.
      const refused = await runBatch(taskQueue, 'visa', caravanId, [item(e, { ticket: true })], {
        actor: agent,
      });
      expect(await batchItems(db, refused.batchId)).toMatchObject([
        { outcome: 'refused', reason: HAJJ_REJECTIONS.roleNotAllowed },
      ]);
      expect(await findBatch(db, refused.batchId)).toMatchObject({ sent: 0, refused: 1 });
      expect(await stageOf(e)).toBe('ticket');
    });
  });

  it('dispatches the present pilgrims with the flight minutes and records the absentees', async () => {
    const caravanId = await addCaravan(
      db,
      { agentStaffId: agent.staffId, capacity: 10 },
      new Date(await env.currentTimeMs()),
    );
    await withWorker(async (taskQueue) => {
      const [a, b] = await Promise.all([0, 1].map(() => journeyBefore(taskQueue, caravanId, 'dispatch')));
      const [early] = await Promise.all([journeyBefore(taskQueue, caravanId, 'ticket')]);
      const { batchId } = await runBatch(
        taskQueue,
        'dispatch',
        caravanId,
        [item(a), item(b, { present: false }), item(early)],
        {
          actor: agent,
          flight: { number: 'IR712', date: '2027-05-01', airport: 'امام خمینی', minutesNumber: '1406-17' },
        },
      );
      expect(await Promise.all([a, b, early].map(stageOf))).toEqual(['dispatched', 'dispatch', 'ticket']);
      expect(await batchItems(db, batchId)).toMatchObject([
        { present: true, outcome: 'sent' },
        { present: false, outcome: 'skipped', reason: null },
        { present: true, outcome: 'skipped', reason: HAJJ_REJECTIONS.wrongStage },
      ]);
      const event = await db('hajj_journey_events')
        .where({ deposit_number: item(a).depositNumber, kind: 'dispatch' })
        .first('data');
      expect(event.data.flightRecord).toBe('1406-17 / IR712');
    });
  });
});

const depositOf = (h: Journey) => h.workflowId.slice('hajj-'.length);

/** Slips of 1,250,000,000 rials for the journeys, and the bank's lines paying them. */
async function bankLines(journeys: Journey[], prefix: string) {
  const account = { account: 'IR490170000000001234567890', holder: 'سازمان حج و زیارت' };
  const lines: string[] = [];
  for (const [i, h] of journeys.entries()) {
    const d = depositOf(h);
    await issueSlip(db, {
      depositNumber: d,
      paymentId: paymentIdentifier(d),
      amountRials: 1_250_000_000n,
      account,
      staffId: null,
    });
    lines.push(
      `${prefix}${String(i).padStart(4, '0')}${d.slice(-4)},${paymentIdentifier(d)},1250000000,2026-02-01 10:00`,
    );
  }
  return lines;
}

const stageFile = (lines: string[]) =>
  importBankPayments(db, lines, {
    filename: 'payments.csv',
    staffId: hq.staffId,
    role: hq.role,
    province: null,
  });

const runPayments = (taskQueue: string, importId: number, perSecond?: number, suffix = '') =>
  env.client.workflow.start(paymentImportWorkflow, {
    workflowId: `hajj-payments-${importId}${suffix}`,
    taskQueue,
    args: [{ importId, perSecond }],
  });

/** How many times each journey recorded its payment step. */
const paymentEvents = async (journeys: Journey[]) =>
  Promise.all(
    journeys.map(async (h) =>
      Number(
        (
          await db('hajj_journey_events')
            .where({ deposit_number: depositOf(h), kind: 'payment' })
            .count({ n: '*' })
        )[0].n,
      ),
    ),
  );

describe('bank payment file workflow', () => {
  it('sends the confirmed payments at a bounded pace with its progress; mismatches and refusals reported; a file again counts nothing twice', async () => {
    const caravanId = await addCaravan(
      db,
      { agentStaffId: agent.staffId, capacity: 10 },
      new Date(await env.currentTimeMs()),
    );
    await withWorker(async (taskQueue) => {
      const paying = await Promise.all(
        [0, 1, 2, 3].map(() => journeyBefore(taskQueue, caravanId, 'payment')),
      );
      // Its documents are not final: the journey refuses the payment, which stays to be taken.
      const early = await journeyBefore(taskQueue, caravanId, 'documents');
      const good = await bankLines([...paying, early], 'PW');
      const unknown = `PW9999000001,${paymentIdentifier('77777777')},1250000000,2026-02-01 10:00`;
      const wrongAmount = good[0].replace('PW0000', 'PX0000').replace(',1250000000,', ',1,');
      const report = await stageFile([...good, unknown, wrongAmount]);
      expect(report).toMatchObject({ confirmed: 5, duplicates: 0, toApply: 5 });
      expect(report.problems).toEqual([
        { line: 6, problem: 'unknownPayment' },
        { line: 7, problem: 'wrongAmount' },
      ]);
      expect(await findPaymentImport(db, report.importId)).toMatchObject({ status: 'running', applied: 0 });

      const handle = await runPayments(taskQueue, report.importId, 2);
      await handle.result();
      expect(await Promise.all(paying.map(stageOf))).toEqual(['medical', 'medical', 'medical', 'medical']);
      // (Held, or back to booking once the time skipped past its hold.)
      expect(['held', 'booking']).toContain(await stageOf(early));
      const done = (await findPaymentImport(db, report.importId))!;
      expect(done).toMatchObject<Partial<PaymentImportRow>>({
        status: 'done',
        toApply: 5,
        applied: 4,
        refused: 1,
        earlier: 0,
      });
      expect(done.completedAt).not.toBeNull();
      expect(
        await db('hajj_payment_import_items')
          .where({ import_id: report.importId, outcome: 'refused' })
          .first('deposit_number', 'reason'),
      ).toEqual({ deposit_number: depositOf(early), reason: expect.any(String) });
      // Two payments a second: three chunks, a second's sleep between them.
      expect(await activityCalls(handle, 'sendPaymentChunk')).toBe(3);
      const timers = (await handle.fetchHistory()).events!.filter(
        (ev) => ev.eventType === EventType.EVENT_TYPE_TIMER_STARTED,
      );
      expect(timers).toHaveLength(2);

      // The same file again: every payment is a duplicate; only the one not taken is sent again.
      const again = await stageFile(good);
      expect(again).toMatchObject({ confirmed: 0, duplicates: 5, toApply: 1 });
      await (await runPayments(taskQueue, again.importId)).result();
      expect(await findPaymentImport(db, again.importId)).toMatchObject({ applied: 0, refused: 1 });
      // And the first import's workflow run again: nothing left to send, nothing counted.
      await (await runPayments(taskQueue, report.importId, 2, '-again')).result();
      expect(await findPaymentImport(db, report.importId)).toMatchObject({ applied: 4, refused: 1 });
      expect(await paymentEvents(paying)).toEqual([1, 1, 1, 1]);
      const applied = await db('hajj_bank_payments')
        .whereIn('deposit_number', [...paying, early].map(depositOf))
        .whereNotNull('applied_at')
        .count({ n: '*' });
      expect(applied).toEqual([{ n: '4' }]);
    });
  });

  it('counts a payment once when its chunk runs twice, or its journey took it before the record', async () => {
    const caravanId = await addCaravan(
      db,
      { agentStaffId: agent.staffId, capacity: 10 },
      new Date(await env.currentTimeMs()),
    );
    await withWorker(async (taskQueue) => {
      const journeys = await Promise.all([0, 1, 2].map(() => journeyBefore(taskQueue, caravanId, 'payment')));
      const report = await stageFile(await bankLines(journeys, 'PR'));
      // The third journey took its payment already (an update answered, the chunk's record lost).
      await journeys[2].executeUpdate(m.stepUpdate, {
        args: [{ actor: hq, step: 'payment', paidRials: '1250000000' }],
      });
      const activities = allActivities(
        {
          db,
          registry: new SimulatedRegistry(),
          sms: outboxOnly,
          email: outboxOnly,
          publicUrl: 'http://localhost',
          nationalCodeHashKey: TEST_HASH_KEY,
        },
        env.client,
      );
      // Two attempts of the same chunk at once (a retry while the first still runs), then once more.
      const chunk = () =>
        new MockActivityEnvironment().run(activities.sendPaymentChunk, report.importId, 0, 3) as Promise<{
          items: number;
        }>;
      await Promise.all([chunk(), chunk()]);
      expect((await chunk()).items).toBe(0);
      expect(await findPaymentImport(db, report.importId)).toMatchObject({ applied: 3, refused: 0 });
      expect(await Promise.all(journeys.map(stageOf))).toEqual(['medical', 'medical', 'medical']);
      expect(await paymentEvents(journeys)).toEqual([1, 1, 1]);
    });
  });

  it('goes on after its worker stops mid-file, sending and counting each payment once', async () => {
    const caravanId = await addCaravan(
      db,
      { agentStaffId: agent.staffId, capacity: 10 },
      new Date(await env.currentTimeMs()),
    );
    const taskQueue = `batches-${randomUUID()}`;
    // The journeys outlive the first worker (it would end them): the last one's end does.
    const kept: string[] = [];
    let journeys: Journey[] = [];
    let importId = 0;
    // The first worker sends one payment a second and stops after the first.
    await withWorker(
      async () => {
        journeys = await Promise.all([0, 1, 2, 3].map(() => journeyBefore(taskQueue, caravanId, 'payment')));
        kept.push(...started.splice(0));
        importId = (await stageFile(await bankLines(journeys, 'PS'))).importId;
        await env.client.workflow.start(paymentImportWorkflow, {
          workflowId: `hajj-payments-${importId}`,
          taskQueue,
          args: [{ importId, perSecond: 1 }],
        });
        await eventually(
          () => findPaymentImport(db, importId),
          (p) => p!.applied >= 1,
          20_000,
        );
      },
      { taskQueue, sticky: false },
    );
    const report = { importId };
    const workflowId = `hajj-payments-${importId}`;
    expect((await findPaymentImport(db, report.importId))!.applied).toBeLessThan(4);
    await withWorker(
      async () => {
        started.push(...kept);
        await env.client.workflow.getHandle(workflowId).result();
      },
      { taskQueue },
    );
    expect(await findPaymentImport(db, report.importId)).toMatchObject({
      status: 'done',
      applied: 4,
      refused: 0,
      earlier: 0,
    });
    expect(await paymentEvents(journeys)).toEqual([1, 1, 1, 1]);
  });
});
