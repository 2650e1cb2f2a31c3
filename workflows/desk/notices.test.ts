import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type LogEntry, NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/desk';
import type { NotificationChannel } from '../../activities/integrations/notifications';
import { SimulatedRegistry } from '../../activities/integrations/registry';
import { createTestDb } from '../../test/support/db';
import { addStaff, submitCase } from '../../test/support/generators';
import { eventually } from '../../test/support/http';
import { quietRuntime, workflowBundle } from '../../test/support/temporal';
import { caseViewQuery } from './messages';
import type { caseWorkflow } from './workflow';

/**
 * A notice that cannot be delivered never holds the case up, but it is not forgotten either: the
 * workflow logs a warning naming the case (on the real dev server, as the outage test).
 */
it('logs a notice it could not deliver, and goes on with the case', async () => {
  const warnings: LogEntry[] = [];
  quietRuntime((entry) => {
    if (entry.level === 'WARN') warnings.push(entry);
  });
  const testDb = await createTestDb();
  const address = process.env.TEST_TEMPORAL_ADDRESS!;
  const [nativeConnection, connection] = await Promise.all([
    NativeConnection.connect({ address }),
    Connection.connect({ address }),
  ]);
  try {
    const { db } = testDb;
    await addStaff(db, 'expert');
    const trackingCode = await submitCase(db);
    const refusing: NotificationChannel = {
      send: async () => {
        throw ApplicationFailure.nonRetryable('the gateway refuses this recipient');
      },
    };
    const taskQueue = `notices-${randomUUID()}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({
        db,
        registry: new SimulatedRegistry(),
        sms: refusing,
        email: refusing,
        publicUrl: 'http://localhost',
      }),
    });
    const client = new Client({ connection });
    await worker.runUntil(async () => {
      const handle = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: trackingCode,
        taskQueue,
        args: [{ trackingCode }],
      });
      await eventually(
        () => handle.query(caseViewQuery),
        (v) => v.status === 'routed',
      );
      await eventually(
        async () => warnings.filter((w) => w.message === 'a notice was not delivered'),
        (found) => found.length > 0,
      );
      await handle.terminate('test over');
    });
    const logged = warnings.find((w) => w.message === 'a notice was not delivered')!;
    expect(logged.meta).toMatchObject({ workflowId: trackingCode });
    expect(String(logged.meta?.error)).toContain('the gateway refuses this recipient');
  } finally {
    await connection.close();
    await nativeConnection.close();
    await testDb.drop();
  }
});
