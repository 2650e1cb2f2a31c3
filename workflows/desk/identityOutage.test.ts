import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/desk';
import { outboxOnly } from '../../activities/integrations/notifications';
import {
  type CivilRegistry,
  RegistryUnavailableError,
  SimulatedRegistry,
} from '../../activities/integrations/registry';
import { createTestDb } from '../../test/support/db';
import { addStaff, submitCase } from '../../test/support/generators';
import { eventually } from '../../test/support/http';
import { quietRuntime, workflowBundle } from '../../test/support/temporal';
import { caseWorkflow } from './workflow';
import { caseViewQuery } from './messages';

/**
 * A civil registry outage, on the real dev server (its retries take real seconds; the time-skipping
 * server's lock does not survive failed activity attempts well, temporalio/sdk-java#3092).
 */
it('waits through a registry outage, showing it, and goes on when the registry is back', async () => {
  quietRuntime();
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
    let failures = 4;
    const real = new SimulatedRegistry();
    const flaky: CivilRegistry = {
      lookup: async (code) => {
        if (failures-- > 0) throw new RegistryUnavailableError('down');
        return real.lookup(code);
      },
    };
    const taskQueue = `outage-${randomUUID()}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({
        db,
        registry: flaky,
        sms: outboxOnly,
        email: outboxOnly,
        publicUrl: 'http://localhost',
      }),
    });
    const client = new Client({ connection });
    await worker.runUntil(async () => {
      const handle = await client.workflow.start(caseWorkflow, {
        workflowId: trackingCode,
        taskQueue,
        args: [{ trackingCode }],
      });
      await eventually(
        () => handle.query(caseViewQuery),
        (v) => v.status === 'routed',
      );
      await handle.terminate('test over');
    });
    const kase = await db('cases').where({ tracking_code: trackingCode }).first('id', 'status');
    expect(kase.status).toBe('routed');
    const kinds = await db('case_events').where({ case_id: kase.id }).orderBy('seq').pluck('kind');
    expect(kinds).toEqual(['received', 'awaiting-identity', 'identity-verified', 'routed']);
  } finally {
    await connection.close();
    await nativeConnection.close();
    await testDb.drop();
  }
});
