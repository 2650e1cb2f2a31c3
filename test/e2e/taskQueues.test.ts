import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { openRound } from '../../db/queries/hajj/rounds';
import { journeyWorkflowId, roundWorkflowId, startJourneyWorkflow } from '../../workflows/hajj/client';
import { journeyViewQuery } from '../../workflows/hajj/messages';
import { addDeposits } from '../support/hajj';
import { eventually } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * Each area has its own task queue and worker: the Hajj's rounds and journeys run on theirs, so a
 * round's journeys never queue before a citizen's request; journeys started on the shared queue
 * before the Hajj had its own are still served there.
 */
let system: TestSystem;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  system = await startTestSystem();
  connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  client = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
  await system?.close();
});

it('starts a round, and the journeys it calls, on the Hajj task queue', async () => {
  const { hajjTaskQueue, taskQueue } = system.config.temporal;
  expect(hajjTaskQueue).not.toBe(taskQueue);
  await addDeposits(system.db, 2);
  const round = await openRound(system.db, { idempotencyKey: randomUUID(), size: 2, staffId: null });
  const handle = client.workflow.getHandle(roundWorkflowId(round.roundId));
  const described = await eventually(
    () => handle.describe().catch(() => undefined),
    (d) => d !== undefined,
  );
  expect(described!.taskQueue).toBe(hajjTaskQueue);
  await handle.result();
  const called = await system.db('hajj_journeys').pluck('deposit_number');
  expect(called).toHaveLength(2);
  for (const depositNumber of called) {
    const journey = await client.workflow.getHandle(journeyWorkflowId(depositNumber)).describe();
    expect(journey.taskQueue).toBe(hajjTaskQueue);
  }
});

it('serves a journey started on the shared task queue before the Hajj had its own', async () => {
  const [depositNumber] = await addDeposits(system.db, 1, new Date('2016-01-01T05:00:00Z'));
  await startJourneyWorkflow(client, system.config.temporal.taskQueue, { depositNumber });
  const handle = client.workflow.getHandle(journeyWorkflowId(depositNumber));
  const view = await eventually(
    () => handle.query(journeyViewQuery).catch(() => undefined),
    (v) => v !== undefined,
  );
  expect(view!.depositNumber).toBe(depositNumber);
  expect((await handle.describe()).taskQueue).toBe(system.config.temporal.taskQueue);
  await handle.terminate('test over');
});
