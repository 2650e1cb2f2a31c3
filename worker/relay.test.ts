import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { claimPendingWorkflowStarts } from '../db/queries/desk/outbox';
import { createTestDb } from '../test/support/db';
import { submitCase } from '../test/support/generators';
import { eventually } from '../test/support/http';
import { startOutboxRelay } from './relay';

/**
 * Two workers run the outbox relay at once against one database and the real Temporal dev server:
 * every stored submission is started exactly once, by one of them, and none is left behind.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
const connections: Connection[] = [];
const taskQueue = `relay-${randomUUID()}`;

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await testDb?.drop();
});

/** A relay's own client, counting each start request it sends to the engine, by workflow ID. */
async function relayClient(starts: string[]) {
  const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  connections.push(connection);
  const counting: WorkflowClientInterceptor = {
    startWithDetails(input, next) {
      starts.push(input.options.workflowId);
      return next(input);
    },
  };
  return new Client({ connection, interceptors: { workflow: [counting] } });
}

const startedRows = async () =>
  Number((await testDb.db('workflow_outbox').whereNotNull('started_at').count({ n: '*' }))[0].n);

it('starts every row once with two relays running at once, none lost', async () => {
  // More than one relay's batch (200), so both have rows to claim.
  const codes: string[] = [];
  for (let i = 0; i < 260; i++) codes.push(await submitCase(testDb.db));
  const starts: [string[], string[]] = [[], []];
  const relays = await Promise.all(
    starts.map(async (list) =>
      startOutboxRelay(testDb.db, await relayClient(list), taskQueue, { intervalMs: 20, graceMs: 0 }),
    ),
  );
  try {
    await eventually(startedRows, (n) => n === codes.length, 60_000);
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
  }

  const all = [...starts[0], ...starts[1]];
  expect(all.toSorted()).toEqual(codes.toSorted());
  expect(starts[0].length).toBeGreaterThan(0);
  expect(starts[1].length).toBeGreaterThan(0);
  // And the engine has one run of each, on the relays' queue.
  const client = await relayClient([]);
  const runs = await eventually(
    () => client.workflow.count(`TaskQueue = '${taskQueue}'`).then((c) => c.count),
    (n) => n >= codes.length,
  );
  expect(runs).toBe(codes.length);
  for (const code of codes) await client.workflow.getHandle(code).terminate('test over');
});

it('starts a row claimed by a relay that died, once its claim has ended', async () => {
  const code = await submitCase(testDb.db);
  // A relay claims it and dies before starting it.
  expect(await claimPendingWorkflowStarts(testDb.db, 0, 200)).toEqual([code]);
  const starts: string[] = [];
  const relay = startOutboxRelay(testDb.db, await relayClient(starts), taskQueue, {
    intervalMs: 20,
    graceMs: 0,
  });
  try {
    // Another relay leaves it alone while the claim lasts…
    await new Promise((r) => setTimeout(r, 300));
    expect(starts).toEqual([]);
    // …and starts it once the claim has run out (as if its 30 seconds had passed).
    await testDb
      .db('workflow_outbox')
      .where({ tracking_code: code })
      .update({
        claimed_until: testDb.db.raw(`now() - interval '1 second'`),
      });
    await eventually(
      () => testDb.db('workflow_outbox').where({ tracking_code: code }).first('started_at'),
      (row) => row?.started_at != null,
    );
  } finally {
    await relay.stop();
  }
  expect(starts).toEqual([code]);
  await (await relayClient([])).workflow.getHandle(code).terminate('test over');
});
