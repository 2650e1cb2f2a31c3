import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowIdReusePolicy, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { outboxOnly } from '../../activities/integrations/notifications';
import { SimulatedRegistry } from '../../activities/integrations/registry';
import type { Db } from '../../db';
import { cancellationReceipt } from '../../db/queries/hajj/journeys';
import { openRound } from '../../db/queries/hajj/rounds';
import { addMonths, journeyWorkflowId, roundWorkflowId, type JourneyActor } from '../../domain/hajj/journey';
import { HAJJ_REJECTIONS } from '../../domain/hajj/copy';
import { createTestDb } from '../../test/support/db';
import { addStaff } from '../../test/support/generators';
import { addCaravan, addDeposits } from '../../test/support/hajj';
import { eventually } from '../../test/support/http';
import { createTimeSkippingEnv, workflowBundle } from '../../test/support/temporal';
import { allActivities } from '../../worker/main';
import { journeyWorkflow } from './journey';
import * as m from './messages';
import { roundWorkflow } from './round';

/**
 * The Umrah mofradeh as a journey kind (issue 19): its own queue and rounds, its journeys carry the
 * kind and book only Umrah caravans (a Hajj journey only Hajj ones), through the same steps.
 */

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
      full_name: 'کارگزار عمره',
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

type Handle = WorkflowHandle<typeof journeyWorkflow>;
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

async function withWorker<T>(fn: (taskQueue: string) => Promise<T>) {
  const taskQueue = `umrah-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: activities(),
  });
  try {
    return await worker.runUntil(fn(taskQueue));
  } finally {
    // Replacement rounds and the journeys they started end with the test too.
    const replacements = await db('hajj_rounds as r')
      .leftJoin('hajj_round_members as m', 'm.round_id', 'r.id')
      .whereNotNull('r.replaces_deposit')
      .select('r.id', 'm.deposit_number');
    for (const r of replacements) {
      started.push(roundWorkflowId(r.id));
      if (r.deposit_number) started.push(journeyWorkflowId(r.deposit_number));
    }
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

function startJourney(
  taskQueue: string,
  depositNumber: string,
  kind?: m.JourneyInput['kind'],
): Promise<Handle> {
  started.push(journeyWorkflowId(depositNumber));
  return env.client.workflow.start(journeyWorkflow, {
    workflowId: journeyWorkflowId(depositNumber),
    taskQueue,
    args: [kind ? { depositNumber, kind } : { depositNumber }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
}

/** With RECORD_HISTORIES=1, keeps the run's history for the replay test (test/histories). */
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
const step = (handle: Handle, args: m.StepArgs) => handle.executeUpdate(m.stepUpdate, { args: [args] });
const book = (handle: Handle, caravanId: number) =>
  handle.executeUpdate(m.bookUpdate, { args: [{ actor: null, caravanId }] });
const seatsTaken = async (caravanId: number) =>
  (await db('hajj_caravans').where({ id: caravanId }).first('seats_taken')).seats_taken as number;
const status = async (depositNumber: string): Promise<string> =>
  (await db('hajj_deposits').where({ deposit_number: depositNumber }).first('status')).status;

async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause!.message;
  }
  throw new Error('the update was accepted');
}

async function caravan(kind: 'hajj-tamattu' | 'umrah', capacity = 10) {
  return addCaravan(db, { agentStaffId: agent.staffId, capacity, kind }, new Date(await env.currentTimeMs()));
}

describe('Umrah journeys', () => {
  it('calls an Umrah round from the Umrah queue only, and its journeys carry the kind', async () => {
    // The Hajj's depositors come first by date, yet an Umrah round calls the Umrah's.
    const hajj = await addDeposits(db, 2, new Date('1980-01-01T00:00:00Z'));
    const umrah = await addDeposits(db, 2, new Date('1985-01-01T00:00:00Z'), 'umrah');
    const round = await openRound(db, {
      idempotencyKey: randomUUID(),
      size: 2,
      staffId: hq.staffId,
      kind: 'umrah',
    });
    expect(round.called).toBe(2);
    expect(await db('hajj_rounds').where({ id: round.roundId }).first('kind')).toEqual({ kind: 'umrah' });
    expect(
      await db('hajj_round_members')
        .where({ round_id: round.roundId })
        .orderBy('position')
        .pluck('deposit_number'),
    ).toEqual(umrah);
    expect(await Promise.all(hajj.map(status))).toEqual(['queued', 'queued']);

    await withWorker(async (taskQueue) => {
      started.push(roundWorkflowId(round.roundId), ...umrah.map(journeyWorkflowId));
      await env.client.workflow.start(roundWorkflow, {
        taskQueue,
        workflowId: roundWorkflowId(round.roundId),
        args: [{ roundId: round.roundId }],
      });
      for (const deposit of umrah) {
        const handle = env.client.workflow.getHandle(journeyWorkflowId(deposit)) as Handle;
        const called = await eventually(
          () => view(handle).catch(() => null),
          (v) => v?.stage === 'booking',
          20_000,
        );
        expect(called!.kind).toBe('umrah');
        const [first] = await handle.fetchHistory().then((h) => h.events!);
        const input = first.workflowExecutionStartedEventAttributes!.input!.payloads!;
        expect(JSON.parse(Buffer.from(input[0].data!).toString())).toMatchObject({ kind: 'umrah' });
      }
      // The call-up SMS names the Umrah, not the Hajj.
      const sms = await eventually(
        () =>
          db('notifications').whereIn(
            'dedupe_key',
            umrah.map((d) => `${d}:called:sms`),
          ),
        (rows) => rows.length === 2,
        20_000,
      );
      for (const n of sms) {
        expect(n.subject).toBe('فراخوان عمره مفرده');
        expect(n.body).toContain('نوبت شما برای عمره مفرده فرا رسید');
        expect(n.body).not.toContain('حج تمتع');
      }
    });
  });

  it('takes an Umrah pilgrim through its steps to dispatch, refusing a Hajj caravan', async () => {
    const [deposit] = await addDeposits(db, 1, undefined, 'umrah');
    const [hajjCaravan, umrahCaravan] = [await caravan('hajj-tamattu'), await caravan('umrah')];
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue, deposit, 'umrah');
      expect((await until(handle, (v) => v.stage === 'booking')).kind).toBe('umrah');

      // A Hajj caravan: refused in Persian, no seat taken, the journey still waits for a booking.
      expect(await refusal(book(handle, hajjCaravan))).toBe(HAJJ_REJECTIONS.caravanOtherKind);
      expect(await seatsTaken(hajjCaravan)).toBe(0);
      expect(await db('hajj_bookings').where({ deposit_number: deposit })).toEqual([]);
      expect((await view(handle)).stage).toBe('booking');

      const booked = await book(handle, umrahCaravan);
      expect(booked).toMatchObject({ stage: 'held', kind: 'umrah', caravan: { id: umrahCaravan } });
      const flightDate = booked.caravan!.flightDate;
      // The passport rule is the same: six months after the caravan's flight.
      expect(
        await refusal(
          step(handle, {
            actor: agent,
            step: 'documents',
            nationalCard: true,
            birthCertificate: true,
            passportExpiry: addMonths(flightDate, 5),
          }),
        ),
      ).toBe(HAJJ_REJECTIONS.passportTooShort);
      const steps: m.StepArgs[] = [
        {
          actor: agent,
          step: 'documents',
          nationalCard: true,
          birthCertificate: true,
          passportExpiry: addMonths(flightDate, 6),
        },
        { actor: hq, step: 'payment', paidRials: '1250000000' },
        { actor: agent, step: 'medical', medical: 'fit' },
        { actor: agent, step: 'insurance' },
        { actor: agent, step: 'training' },
        { actor: agent, step: 'card' },
        { actor: hq, step: 'visa-request' },
        { actor: hq, step: 'visa', visa: 'issued' },
        { actor: hq, step: 'ticket' },
        { actor: agent, step: 'dispatch', flightRecord: 'UM-1405-03' },
      ];
      let last = booked;
      for (const args of steps) last = await step(handle, args);
      expect(last).toMatchObject({ stage: 'dispatched', kind: 'umrah' });
      expect(await handle.result()).toBe('dispatched');
      await keepHistory(handle, 'journey-umrah-dispatched');
    });
    expect(await db('hajj_journeys').where({ deposit_number: deposit }).first('stage', 'caravan_id')).toEqual(
      {
        stage: 'dispatched',
        caravan_id: umrahCaravan,
      },
    );
  });

  it('keeps a journey without a kind (started before the kinds) the Hajj Tamattu: an Umrah caravan is refused', async () => {
    const [deposit] = await addDeposits(db, 1);
    const [hajjCaravan, umrahCaravan] = [await caravan('hajj-tamattu'), await caravan('umrah')];
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue, deposit);
      expect((await until(handle, (v) => v.stage === 'booking')).kind).toBe('hajj-tamattu');
      expect(await refusal(book(handle, umrahCaravan))).toBe(HAJJ_REJECTIONS.caravanOtherKind);
      expect(await seatsTaken(umrahCaravan)).toBe(0);
      expect(await book(handle, hajjCaravan)).toMatchObject({ stage: 'held', kind: 'hajj-tamattu' });
    });
  });

  it('calls the next Umrah depositor, not a Hajj one, when an Umrah place is given up', async () => {
    const umrahCaravan = await caravan('umrah');
    const [hajjHead] = await addDeposits(db, 1, new Date('1970-01-01T00:00:00Z'));
    const [umrahHead] = await addDeposits(db, 1, new Date('1975-01-01T00:00:00Z'), 'umrah');
    const [deposit] = await addDeposits(db, 1, undefined, 'umrah');
    await withWorker(async (taskQueue) => {
      const handle = await startJourney(taskQueue, deposit, 'umrah');
      await until(handle, (v) => v.stage === 'booking');
      const booked = await book(handle, umrahCaravan);
      await step(handle, {
        actor: agent,
        step: 'documents',
        nationalCard: true,
        birthCertificate: true,
        passportExpiry: addMonths(booked.caravan!.flightDate, 7),
      });
      await handle.executeUpdate(m.cancelUpdate, { args: [{ actor: agent }] });
      expect(await handle.result()).toBe('cancelled');
      const rounds = await eventually(
        () => db('hajj_rounds').where({ replaces_deposit: deposit }),
        (r) => r.length === 1,
        20_000,
      );
      expect(rounds[0]).toMatchObject({ kind: 'umrah', called: 1 });
      expect(
        await db('hajj_round_members').where({ round_id: rounds[0].id }).pluck('deposit_number'),
      ).toEqual([umrahHead]);
      expect(await status(hajjHead)).toBe('queued');
      // The notice and the receipt name the Umrah.
      const notice = await db('notifications')
        .where({ dedupe_key: `${deposit}:cancelled:sms` })
        .first('body');
      expect(notice.body).toContain('انصراف شما از سفر عمره مفرده ثبت شد');
      expect(await cancellationReceipt(db, deposit)).toMatchObject({ kind: 'umrah', reason: 'cancelled' });
    });
  });
});
