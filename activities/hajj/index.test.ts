import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { eventually } from '../../test/support/http';
import { backlogAtMost } from './index';

let connection: Connection;
let client: Client;

beforeAll(async () => {
  connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
  client = new Client({ connection });
});
afterAll(() => connection?.close());

const backlog = async (taskQueue: string) =>
  Number(
    (
      await client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        taskQueueType: 1, // workflow
        reportStats: true,
      })
    ).stats?.approximateBacklogCount ?? 0,
  );

describe("a round's pace", () => {
  it('waits while the journeys’ first tasks pile up, and goes on once the workers take them', async () => {
    // Four workflows on a queue nobody polls: four first tasks waiting.
    const taskQueue = `paced-${randomUUID()}`;
    const ids = Array.from({ length: 4 }, () => `paced-${randomUUID()}`);
    for (const workflowId of ids)
      await client.workflow.start('unpolled', { workflowId, taskQueue, args: [] });
    await eventually(
      () => backlog(taskQueue),
      (n) => n === 4,
      10_000,
    );

    let settled = false;
    const waiting = new MockActivityEnvironment()
      .run(backlogAtMost, client, taskQueue, 1)
      .finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toBe(false);

    // A worker takes three of them: the backlog is down to one, and the round may go on.
    for (let i = 0; i < 3; i++)
      await connection.withDeadline(Date.now() + 10_000, () =>
        client.workflowService.pollWorkflowTaskQueue({
          namespace: 'default',
          taskQueue: { name: taskQueue },
          identity: 'test',
        }),
      );
    await waiting;
    expect(await backlog(taskQueue)).toBeLessThanOrEqual(1);
    await Promise.all(ids.map((id) => client.workflow.getHandle(id).terminate('test over')));
  });
});
