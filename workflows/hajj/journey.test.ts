import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { outboxOnly } from '../../activities/integrations/notifications';
import { SimulatedRegistry } from '../../activities/integrations/registry';
import type { Db } from '../../db';
import { openRound, setAutoReplacement } from '../../db/queries/hajj/rounds';
import { addMonths, journeyWorkflowId, roundWorkflowId, type JourneyActor } from '../../domain/hajj/journey';
import { toPersianDigits } from '../../domain/shared/digits';
import { HAJJ_REJECTIONS } from '../../domain/hajj/copy';
import { createTestDb } from '../../test/support/db';
import { addStaff } from '../../test/support/generators';
import { addCaravan, addDeposits } from '../../test/support/hajj';
import { eventually } from '../../test/support/http';
import { createTimeSkippingEnv, workflowBundle } from '../../test/support/temporal';
import { allActivities } from '../../worker/main';
import { journeyWorkflow } from './journey';
import { retryIncidentSignal } from '../shared/messages';
import * as m from './messages';
import { roundWorkflow } from './round';

let env: TestWorkflowEnvironment;
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let agent: JourneyActor;
let otherAgent: JourneyActor;
let province: JourneyActor;
let hq: JourneyActor;

async function addAgent(): Promise<JourneyActor> {
  const [row] = await db('staff')
    .insert({
      username: `agent-${randomUUID().slice(0, 8)}`,
      password_hash: 'not-a-login',
      full_name: 'کارگزار',
      role: 'agent',
      province: 'tehran',
    })
    .returning('id');
  return { staffId: row.id, role: 'agent', province: 'tehran' };
}

beforeAll(async () => {
  [env, testDb] = await Promise.all([createTimeSkippingEnv(), createTestDb()]);
  db = testDb.db;
  agent = await addAgent();
  otherAgent = await addAgent();
  province = { staffId: await addStaff(db, 'supervisor', 'tehran'), role: 'supervisor', province: 'tehran' };
  hq = { staffId: await addStaff(db, 'admin', null), role: 'admin', province: null };
});

afterAll(async () => {
  await env?.teardown();
  await testDb?.drop();
});

type Handle = WorkflowHandle<typeof journeyWorkflow>;
/** Every journey a test started, ended with the test: one left waiting would stall the server's clock. */
const started: string[] = [];

const activities = () =>
  allActivities(
    {
      db,
      registry: new SimulatedRegistry(),
      sms: outboxOnly,
      email: outboxOnly,
      publicUrl: 'http://localhost',
    },
    env.client,
  );

/** Replacement rounds already ended by an earlier test. */
const endedReplacements = new Set<number>();

async function withWorker<T>(fn: (taskQueue: string) => Promise<T>) {
  const taskQueue = `journey-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: activities(),
  });
  const terminate = (ids: string[]) =>
    Promise.all(
      ids.map((id) =>
        env.client.workflow
          .getHandle(id)
          .terminate('test over')
          .catch(() => undefined),
      ),
    );
  try {
    return await worker.runUntil(fn(taskQueue));
  } finally {
    // A place given up calls a replacement: its round and the journey it started end here too.
    const replacements = await db('hajj_rounds as r')
      .leftJoin('hajj_round_members as m', 'm.round_id', 'r.id')
      .whereNotNull('r.replaces_deposit')
      .whereNotIn('r.id', [...endedReplacements])
      .select('r.id', 'm.deposit_number');
    await terminate([...new Set(replacements.map((r) => roundWorkflowId(r.id)))]);
    for (const r of replacements) {
      endedReplacements.add(r.id);
      if (r.deposit_number) started.push(journeyWorkflowId(r.deposit_number));
    }
    await terminate(started.splice(0));
  }
}

async function startJourney(taskQueue: string, depositNumber?: string): Promise<Handle> {
  const deposit = depositNumber ?? (await addDeposits(db, 1))[0];
  started.push(journeyWorkflowId(deposit));
  return env.client.workflow.start(journeyWorkflow, {
    workflowId: journeyWorkflowId(deposit),
    taskQueue,
    args: [{ depositNumber: deposit }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
}

/**
 * With RECORD_HISTORIES=1, keeps the run's history for workflows/replay.test.ts, as
 * test/histories/record.ts does for the case workflow.
 */
async function keepHistory(handle: Handle, name: string) {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await handle.fetchHistory();
  fs.writeFileSync(
    path.join(__dirname, '..', '..', 'test', 'histories', `${name}.json`),
    JSON.stringify(history, null, 1),
  );
}

const view = (handle: Handle) => handle.query(m.journeyViewQuery);
const until = (handle: Handle, ok: (v: m.JourneyView) => boolean) =>
  eventually(() => view(handle), ok, 20_000);

async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause!.message;
  }
  throw new Error('the update was accepted');
}

const step = (handle: Handle, args: m.StepArgs) => handle.executeUpdate(m.stepUpdate, { args: [args] });
const seatsTaken = async (caravanId: number) =>
  (await db('hajj_caravans').where({ id: caravanId }).first('seats_taken')).seats_taken as number;
const timeline = (depositNumber: string) =>
  db('hajj_journey_events').where({ deposit_number: depositNumber }).orderBy('seq').pluck('kind');

const replacementRounds = (depositNumber: string) =>
  db('hajj_rounds').where({ replaces_deposit: depositNumber }).orderBy('id');
/**
 * The pilgrim at the head of the deposit queue now, other than `except` (a test's own, started by
 * hand); someone is added when nobody else is waiting.
 */
async function queueHead(except: string): Promise<string> {
  const head = await db('hajj_deposits')
    .where({ status: 'queued' })
    .whereNot({ deposit_number: except })
    .orderBy([{ column: 'deposited_at' }, { column: 'deposit_number' }])
    .first('deposit_number');
  return head?.deposit_number ?? (await addDeposits(db, 1))[0];
}
const depositStatus = async (depositNumber: string): Promise<string> =>
  (await db('hajj_deposits').where({ deposit_number: depositNumber }).first('status')).status;

/** A caravan of the test agent's, with a flight two months from the test server's today. */
async function caravan(capacity = 10) {
  return addCaravan(db, { agentStaffId: agent.staffId, capacity }, new Date(await env.currentTimeMs()));
}

/** Books and takes the pilgrim through the registration steps up to (not including) `stopBefore`. */
async function registerUpTo(handle: Handle, caravanId: number, stopBefore: m.StepArgs['step'] | 'end') {
  await until(handle, (v) => v.stage === 'booking');
  const booked = await handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] });
  const flightDate = booked.caravan!.flightDate;
  const steps: m.StepArgs[] = [
    {
      actor: agent,
      step: 'documents',
      nationalCard: true,
      birthCertificate: true,
      passportExpiry: addMonths(flightDate, 7),
    },
    { actor: hq, step: 'payment', paidRials: '1250000000' },
    { actor: agent, step: 'medical', medical: 'fit' },
    { actor: agent, step: 'insurance' },
    { actor: agent, step: 'training' },
    { actor: agent, step: 'card' },
    { actor: hq, step: 'visa-request' },
    { actor: hq, step: 'visa', visa: 'issued' },
    { actor: hq, step: 'ticket' },
    { actor: agent, step: 'dispatch', flightRecord: 'IR-1402-17' },
  ];
  let last = booked;
  for (const args of steps) {
    if (args.step === stopBefore) break;
    last = await step(handle, args);
  }
  return last;
}

describe('journey workflow', () => {
  it('takes a pilgrim from the call-up through booking, every registration step and dispatch', async () => {
    const [deposit] = await addDeposits(db, 1);
    const caravanId = await caravan();
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue, deposit);
      const waiting = await until(handle, (v) => v.stage === 'booking' && v.dueAt !== null);
      expect(Date.parse(waiting.dueAt!)).toBeGreaterThan(await env.currentTimeMs());

      const booked = await handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] });
      expect(booked).toMatchObject({ stage: 'held', caravan: { id: caravanId } });
      expect(await seatsTaken(caravanId)).toBe(1);
      expect(await refusal(handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] }))).toBe(
        HAJJ_REJECTIONS.alreadyBooked,
      );

      // Documents: another caravan's agent may not, and a passport expiring too soon is refused.
      const documents = {
        actor: agent,
        step: 'documents' as const,
        nationalCard: true,
        birthCertificate: true,
        passportExpiry: addMonths(booked.caravan!.flightDate, 5),
      };
      expect(await refusal(step(handle, { ...documents, actor: otherAgent }))).toBe(
        HAJJ_REJECTIONS.notYourCaravan,
      );
      expect(await refusal(step(handle, documents))).toBe(HAJJ_REJECTIONS.passportTooShort);
      expect(await refusal(step(handle, { ...documents, birthCertificate: false }))).toBe(
        HAJJ_REJECTIONS.documentsMissing,
      );
      expect(await refusal(step(handle, { actor: agent, step: 'payment', paidRials: '1' }))).toBe(
        HAJJ_REJECTIONS.wrongStage,
      );
      await step(handle, { ...documents, passportExpiry: addMonths(booked.caravan!.flightDate, 6) });
      expect(await db('hajj_bookings').where({ deposit_number: deposit }).pluck('status')).toEqual(['final']);

      // The payment is confirmed by the bank's file at headquarters, never typed at the office.
      expect(await refusal(step(handle, { actor: agent, step: 'payment', paidRials: '1250000000' }))).toBe(
        HAJJ_REJECTIONS.roleNotAllowed,
      );
      expect(await refusal(step(handle, { actor: hq, step: 'payment', paidRials: '1500000000' }))).toBe(
        HAJJ_REJECTIONS.paymentAmount,
      );
      await step(handle, { actor: hq, step: 'payment', paidRials: '۱٬۲۵۰٬۰۰۰٬۰۰۰' });
      await step(handle, { actor: agent, step: 'medical', medical: 'fit' });
      await step(handle, { actor: agent, step: 'insurance' });
      await step(handle, { actor: agent, step: 'training' });
      await step(handle, { actor: agent, step: 'card' });
      expect(await refusal(step(handle, { actor: agent, step: 'visa-request' }))).toBe(
        HAJJ_REJECTIONS.roleNotAllowed,
      );
      await step(handle, { actor: hq, step: 'visa-request' });
      await step(handle, { actor: hq, step: 'visa', visa: 'issued' });
      await step(handle, { actor: hq, step: 'ticket' });
      expect(await refusal(step(handle, { actor: agent, step: 'dispatch', flightRecord: ' ' }))).toBe(
        HAJJ_REJECTIONS.flightRecord,
      );
      const done = await step(handle, { actor: province, step: 'dispatch', flightRecord: 'IR-1402-17' });
      expect(done.stage).toBe('dispatched');
      expect(await handle.result()).toBe('dispatched');
      await keepHistory(handle, 'journey-dispatched');
    });

    expect(await timeline(deposit)).toEqual([
      'called',
      'held',
      'documents',
      'payment',
      'medical',
      'insurance',
      'training',
      'card',
      'visa-request',
      'visa',
      'ticket',
      'dispatch',
    ]);
    const journey = await db('hajj_journeys').where({ deposit_number: deposit }).first();
    expect(journey).toMatchObject({ stage: 'dispatched', caravan_id: caravanId, paid_rials: '1250000000' });
    expect(Object.keys(journey.steps)).toHaveLength(11);
    const sms = await db('notifications').where('dedupe_key', 'like', `${deposit}:%`).pluck('dedupe_key');
    expect(sms).toEqual(expect.arrayContaining([`${deposit}:held:1:sms`, `${deposit}:dispatched:sms`]));
    // The call-up SMS is the round's to send, not the journey's.
    expect(sms).not.toContain(`${deposit}:called:sms`);
  });

  it('stops the journey on an unfit medical result: settled with a receipt, notice, seat freed', async () => {
    const caravanId = await caravan();
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      await registerUpTo(handle, caravanId, 'medical');
      expect(await refusal(step(handle, { actor: agent, step: 'medical', medical: 'maybe' as never }))).toBe(
        HAJJ_REJECTIONS.medicalResult,
      );
      const stopped = await step(handle, { actor: agent, step: 'medical', medical: 'unfit' });
      const deposit = handle.workflowId.slice(5);
      // The deposit of 250,000,000 stays blocked; the slip of 1,250,000,000 is refunded.
      expect(stopped).toMatchObject({
        stage: 'unfit',
        receiptNumber: `HR${deposit}`,
        refund: { paidRials: '1500000000', blockedRials: '250000000', refundRials: '1250000000' },
      });
      expect(await handle.result()).toBe('unfit');
      expect(await seatsTaken(caravanId)).toBe(0);
      expect(await db('hajj_cancellations').where({ deposit_number: deposit }).first()).toMatchObject({
        receipt_number: `HR${deposit}`,
        reason: 'medical',
        recorded_by: agent.staffId,
        recorded_as: 'agent',
        after_visa_request: false,
        paid_rials: '1500000000',
        blocked_rials: '250000000',
        refund_rials: '1250000000',
      });
      expect(await depositStatus(deposit)).toBe('cancelled');
      expect(await db('hajj_bookings').where({ deposit_number: deposit }).pluck('status')).toEqual([
        'cancelled',
      ]);
      const notice = await db('notifications')
        .where({ dedupe_key: `${deposit}:unfit:sms` })
        .first('body');
      expect(notice.body).toContain(toPersianDigits(`HR${deposit}`));
      const [event] = await db('hajj_journey_events').where({ deposit_number: deposit, kind: 'unfit' });
      expect(event.data).toMatchObject({ reason: 'medical', refundRials: '1250000000' });
      // A place given up before the visa request: a round of one calls the next in the queue.
      expect(await replacementRounds(deposit)).toHaveLength(1);
      await keepHistory(handle, 'journey-unfit-settled');
    });
  });

  it('settles a refused visa with a receipt and calls nobody in its place', async () => {
    const caravanId = await caravan();
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      await registerUpTo(handle, caravanId, 'visa');
      const deposit = handle.workflowId.slice(5);
      const head = await queueHead(deposit);
      const stopped = await step(handle, { actor: hq, step: 'visa', visa: 'refused' });
      expect(stopped).toMatchObject({
        stage: 'visa-refused',
        receiptNumber: `HR${deposit}`,
        refund: { paidRials: '1500000000', blockedRials: '250000000', refundRials: '1250000000' },
      });
      expect(await handle.result()).toBe('visa-refused');
      expect(await db('hajj_cancellations').where({ deposit_number: deposit }).first()).toMatchObject({
        reason: 'visa',
        recorded_by: hq.staffId,
        recorded_as: 'admin',
        after_visa_request: true,
        paid_rials: '1500000000',
        blocked_rials: '250000000',
        refund_rials: '1250000000',
      });
      expect(await seatsTaken(caravanId)).toBe(0);
      expect(await depositStatus(deposit)).toBe('cancelled');
      // The journey's result waits for everything it started: nothing was.
      expect(await replacementRounds(deposit)).toEqual([]);
      expect(await depositStatus(head)).toBe('queued');
      await keepHistory(handle, 'journey-visa-refused-settled');
    });
  });

  it('lets the agent cancel before the visa request: the deposit stays blocked, the rest is refunded', async () => {
    const caravanId = await caravan();
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      await registerUpTo(handle, caravanId, 'insurance');
      expect(await refusal(handle.executeUpdate(m.cancelUpdate, { args: [{ actor: province }] }))).toBe(
        HAJJ_REJECTIONS.cancelByAgent,
      );
      const cancelled = await handle.executeUpdate(m.cancelUpdate, { args: [{ actor: agent }] });
      expect(cancelled).toMatchObject({
        stage: 'cancelled',
        refund: { paidRials: '1500000000', blockedRials: '250000000', refundRials: '1250000000' },
      });
      expect(await handle.result()).toBe('cancelled');
      const deposit = handle.workflowId.slice(5);
      expect(await db('hajj_cancellations').where({ deposit_number: deposit }).first()).toMatchObject({
        receipt_number: `HR${deposit}`,
        recorded_by: agent.staffId,
        after_visa_request: false,
        refund_rials: '1250000000',
        blocked_rials: '250000000',
      });
      expect(await seatsTaken(caravanId)).toBe(0);
      expect((await db('hajj_deposits').where({ deposit_number: deposit }).first()).status).toBe('cancelled');
    });
  });

  it('leaves cancellation after the visa request to the province office', async () => {
    const caravanId = await caravan();
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      await registerUpTo(handle, caravanId, 'visa');
      expect(await refusal(handle.executeUpdate(m.cancelUpdate, { args: [{ actor: agent }] }))).toBe(
        HAJJ_REJECTIONS.cancelByProvince,
      );
      const head = await queueHead(handle.workflowId.slice(5));
      const cancelled = await handle.executeUpdate(m.cancelUpdate, { args: [{ actor: province }] });
      expect(cancelled.refund).toEqual({
        paidRials: '1500000000',
        blockedRials: '250000000',
        refundRials: '1250000000',
      });
      expect(await handle.result()).toBe('cancelled');
      await keepHistory(handle, 'journey-cancelled-after-visa-request');
      const row = await db('hajj_cancellations')
        .where({ deposit_number: handle.workflowId.slice(5) })
        .first();
      expect(row).toMatchObject({
        reason: 'cancelled',
        after_visa_request: true,
        recorded_by: province.staffId,
        recorded_as: 'supervisor',
      });
      expect(await seatsTaken(caravanId)).toBe(0);
      // After the visa request the place is not filled again: nobody is called.
      expect(await replacementRounds(handle.workflowId.slice(5))).toEqual([]);
      expect(await depositStatus(head)).toBe('queued');
    });
  });

  it('calls a round once however often it is opened or resumed: one journey per pilgrim', async () => {
    // The round takes the people at the head of the queue: make ours the earliest depositors.
    const deposits = await addDeposits(db, 5, new Date('2001-01-01T00:00:00Z'));
    await withWorker(async (taskQueue) => {
      const key = randomUUID();
      const first = await openRound(db, { idempotencyKey: key, size: 5, staffId: hq.staffId });
      const again = await openRound(db, { idempotencyKey: key, size: 5, staffId: hq.staffId });
      expect(again).toEqual({ ...first, created: false });
      expect(first.called).toBe(5);
      const members = await db('hajj_round_members')
        .where({ round_id: first.roundId })
        .orderBy('position')
        .pluck('deposit_number');
      expect(members).toEqual(deposits);
      started.push(...deposits.map(journeyWorkflowId));

      const roundId = roundWorkflowId(first.roundId);
      started.push(roundId);
      const options = {
        taskQueue,
        args: [{ roundId: first.roundId, batchSize: 2, intervalMs: 5_000 }] as const,
      };
      const round = await env.client.workflow.start(roundWorkflow, {
        ...options,
        workflowId: roundId,
        args: [...options.args],
      });
      await expect(
        env.client.workflow.start(roundWorkflow, {
          ...options,
          workflowId: roundId,
          args: [...options.args],
        }),
      ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      expect(await round.result()).toBe(5);
      const runs = await Promise.all(
        deposits.map((d) => env.client.workflow.getHandle(journeyWorkflowId(d)).describe()),
      );

      // A resumed run of the same round (say, after a restart) starts nobody a second time.
      const resumed = `${roundId}-resumed`;
      started.push(resumed);
      const rerun = await env.client.workflow.start(roundWorkflow, {
        ...options,
        workflowId: resumed,
        args: [...options.args],
      });
      expect(await rerun.result()).toBe(5);
      const after = await Promise.all(
        deposits.map((d) => env.client.workflow.getHandle(journeyWorkflowId(d)).describe()),
      );
      expect(after.map((d) => d.runId)).toEqual(runs.map((d) => d.runId));
      await expect(startJourney(taskQueue, deposits[0])).rejects.toBeInstanceOf(
        WorkflowExecutionAlreadyStartedError,
      );

      // Nobody called twice: a second round takes the next people in the queue.
      const next = await openRound(db, { idempotencyKey: randomUUID(), size: 3, staffId: hq.staffId });
      const nextMembers = await db('hajj_round_members')
        .where({ round_id: next.roundId })
        .pluck('deposit_number');
      expect(nextMembers.filter((d: string) => deposits.includes(d))).toEqual([]);
      expect(
        (
          await db('hajj_round_members')
            .whereNotNull('started_at')
            .where({ round_id: first.roundId })
            .count({ n: '*' })
        )[0].n,
      ).toBe('5');
      const announced = await db('notifications')
        .where('dedupe_key', 'like', `hajj-round:${first.roundId}:%`)
        .pluck('recipient');
      expect(announced).toContain(`staff:${province.staffId}`);
      // Each called pilgrim gets one call-up SMS, however often the round ran.
      const calls = await db('notifications')
        .whereIn(
          'dedupe_key',
          deposits.map((d) => `${d}:called:sms`),
        )
        .whereNotNull('sent_at')
        .select('recipient', 'body');
      expect(calls).toHaveLength(5);
      expect(new Set(calls.map((c) => c.recipient)).size).toBe(5);
      expect(calls[0].body).toContain('حج');
      // The round wrote each call and its deadline; the journeys wait on that same deadline.
      const written = await db('hajj_journeys')
        .whereIn('deposit_number', deposits)
        .select('deposit_number', 'stage', 'due_at');
      expect(written).toHaveLength(5);
      for (const j of written) {
        expect(j.stage).toBe('booking');
        const handle = env.client.workflow.getHandle(journeyWorkflowId(j.deposit_number)) as Handle;
        const v = await until(handle, (x) => x.stage === 'booking');
        expect(v.dueAt).toBe(new Date(j.due_at).toISOString());
      }
    });
  });

  it('lets a journey called by a round go on from the call the round wrote', async () => {
    const [deposit] = await addDeposits(db, 1, new Date('2000-01-01T00:00:00Z'));
    await withWorker(async (taskQueue) => {
      const round = await openRound(db, { idempotencyKey: randomUUID(), size: 1, staffId: hq.staffId });
      started.push(journeyWorkflowId(deposit), roundWorkflowId(round.roundId));
      // Not waited on through the test client, which would let the server's clock run on.
      await env.client.workflow.start(roundWorkflow, {
        taskQueue,
        workflowId: roundWorkflowId(round.roundId),
        args: [{ roundId: round.roundId }],
      });
      const handle = env.client.workflow.getHandle(journeyWorkflowId(deposit)) as Handle;
      const called = await eventually(
        () => view(handle).catch(() => null),
        (v) => v?.stage === 'booking',
        20_000,
      );
      const written = await db('hajj_journeys').where({ deposit_number: deposit }).first();
      expect(called!.dueAt).toBe(new Date(written.due_at).toISOString());
      await handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId: await caravan() }] });
      // The test server's clock runs on whenever nothing is busy: the deadline may have passed first.
      const kinds = await timeline(deposit);
      expect(kinds.filter((k: string) => k !== 'reminder')).toEqual(['called', 'held']);
      expect(await db('hajj_journeys').where({ deposit_number: deposit }).first()).toMatchObject({
        stage: 'held',
        projection_seq: kinds.length,
      });
      expect((await handle.describe()).searchAttributes).toMatchObject({ JourneyStage: ['held'] });
      await keepHistory(handle, 'journey-called-by-round');
    });
  });

  it('calls exactly the next pilgrim in the queue when a place is given up before the visa request', async () => {
    const caravanId = await caravan();
    // The earliest depositors of all: the head of the queue, and the one after.
    const [next, afterNext] = await addDeposits(db, 2, new Date('1990-01-01T00:00:00Z'));
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      const deposit = handle.workflowId.slice(5);
      await registerUpTo(handle, caravanId, 'insurance');
      await handle.executeUpdate(m.cancelUpdate, { args: [{ actor: agent }] });
      expect(await handle.result()).toBe('cancelled');

      const rounds = await replacementRounds(deposit);
      expect(rounds).toHaveLength(1);
      expect(rounds[0]).toMatchObject({
        idempotency_key: `replacement:${deposit}`,
        size: 1,
        called: 1,
        opened_by: null,
      });
      const roundId = rounds[0].id as number;
      expect(await db('hajj_round_members').where({ round_id: roundId }).pluck('deposit_number')).toEqual([
        next,
      ]);
      const replacement = env.client.workflow.getHandle(journeyWorkflowId(next)) as Handle;
      await eventually(
        () => view(replacement).catch(() => null),
        (v) => v?.stage === 'booking',
        20_000,
      );
      expect(await depositStatus(next)).toBe('called');
      expect(await depositStatus(afterNext)).toBe('queued');
      await eventually(
        () => db('hajj_rounds').where({ id: roundId }).first('completed_at'),
        (r) => r.completed_at !== null,
        20_000,
      );
      // Already announced: the province offices hear of rounds opened by headquarters only.
      expect(
        await db('notifications').where('dedupe_key', 'like', `hajj-round:${roundId}:%`).count({ n: '*' }),
      ).toEqual([{ n: '0' }]);
      expect(
        await db('notifications')
          .where({ dedupe_key: `${next}:called:sms` })
          .whereNotNull('sent_at'),
      ).toHaveLength(1);

      // The activity retried (or the journey replayed and ran it again): the same round, nobody else.
      const again = await activities().callReplacement(deposit, taskQueue);
      expect(again).toEqual({ roundId, called: 1 });
      expect(await replacementRounds(deposit)).toHaveLength(1);
      expect(await depositStatus(afterNext)).toBe('queued');
      await keepHistory(handle, 'journey-cancelled-replaced');
    });
  });

  it('calls nobody in a cancelled pilgrim’s place when headquarters has turned replacement off', async () => {
    const caravanId = await caravan();
    await setAutoReplacement(db, false);
    try {
      await withWorker(async (taskQueue) => {
        const handle = await startJourney(taskQueue);
        const deposit = handle.workflowId.slice(5);
        await registerUpTo(handle, caravanId, 'insurance');
        const head = await queueHead(deposit);
        await handle.executeUpdate(m.cancelUpdate, { args: [{ actor: agent }] });
        expect(await handle.result()).toBe('cancelled');
        expect(await replacementRounds(deposit)).toEqual([]);
        expect(await db('hajj_rounds').where({ idempotency_key: `replacement:${deposit}` })).toEqual([]);
        expect(await depositStatus(head)).toBe('queued');
      });
    } finally {
      await setAutoReplacement(db, true);
    }
  });

  it('refuses a booking of a caravan id no database row can have, and takes a real one after', async () => {
    const id = await caravan();
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      await until(handle, (v) => v.stage === 'booking');
      const book = (caravanId: number) =>
        handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] });
      expect(await refusal(book(2 ** 31))).toBe(HAJJ_REJECTIONS.caravanUnknown);
      expect((await view(handle)).stage).toBe('booking');
      expect((await book(id)).stage).toBe('held');
    });
  });

  it('raises an incident when the pilgrim’s deposit cannot be found, and goes on when an operator retries', async () => {
    const [deposit] = await addDeposits(db, 1);
    const hidden = `${deposit}-hidden`;
    await db('hajj_deposits').where({ deposit_number: deposit }).update({ deposit_number: hidden });
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue, deposit);
      const incident = await eventually(
        () => db('incidents').where({ workflow_id: handle.workflowId }).first(),
        Boolean,
        20_000,
      );
      expect(incident).toMatchObject({ kind: 'journey', step: 'loadPilgrim', resolved_at: null });
      expect((await handle.describe()).searchAttributes).toMatchObject({ Incident: ['loadPilgrim'] });

      await db('hajj_deposits').where({ deposit_number: hidden }).update({ deposit_number: deposit });
      await handle.signal(retryIncidentSignal);
      await until(handle, (v) => v.stage === 'booking');
      await eventually(
        () => db('incidents').where({ workflow_id: handle.workflowId }).first('resolved_at'),
        (row) => row?.resolved_at != null,
      );
    });
  });
});

/**
 * Tests that move the test server's clock get a server of their own: a journey terminated while its
 * timers were pending must not be in the way of the next test's skip.
 */
describe('journey deadlines', () => {
  let shared: TestWorkflowEnvironment;
  beforeEach(async () => {
    shared = env;
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env.teardown();
    env = shared;
  });

  it('reminds the pilgrim and the agent when a step’s deadline passes', async () => {
    const caravanId = await caravan();
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      const deposit = handle.workflowId.slice(5);
      await registerUpTo(handle, caravanId, 'payment');
      const due = await until(handle, (v) => v.stage === 'payment' && v.dueAt !== null);
      const projected = await db('hajj_journeys').where({ deposit_number: deposit }).first('due_at');
      expect(projected.due_at.toISOString()).toBe(due.dueAt);
      // Waiting on the result lets the test server skip time to the deadline (and no further: the
      // journey then waits for the step without a timer).
      void handle.result().catch(() => undefined);
      await eventually(
        () => timeline(deposit),
        (kinds) => kinds.includes('reminder'),
        20_000,
      );
      // The notices go out beside the journey, without holding it: wait for them too.
      const keys = await eventually(
        () => db('notifications').where('dedupe_key', 'like', `${deposit}:reminder%`).pluck('dedupe_key'),
        (found) => found.length >= 2,
        20_000,
      );
      expect(keys).toEqual(
        expect.arrayContaining([
          `${deposit}:reminder:payment:1:sms`,
          `${deposit}:reminder:payment:1:staff:${agent.staffId}`,
        ]),
      );
    });
  });

  it('frees the seat when the hold expires, and lets the pilgrim book again', async () => {
    const caravanId = await caravan(1);
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue);
      await until(handle, (v) => v.stage === 'booking');
      const held = await handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] });
      expect(await seatsTaken(caravanId)).toBe(1);
      await env.sleep(Date.parse(held.heldUntil!) - (await env.currentTimeMs()) + 60_000);
      const freed = await until(handle, (v) => v.stage === 'booking');
      expect(freed.caravan).toBeNull();
      expect(await seatsTaken(caravanId)).toBe(0);
      expect(
        await db('hajj_bookings')
          .where({ deposit_number: handle.workflowId.slice(5) })
          .pluck('status'),
      ).toEqual(['released']);
      expect((await handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] })).stage).toBe(
        'held',
      );
      expect(await seatsTaken(caravanId)).toBe(1);
      expect(await timeline(handle.workflowId.slice(5))).toEqual(['called', 'held', 'hold-expired', 'held']);
    });
  });
});
