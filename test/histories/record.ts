/**
 * Records the histories that workflows/replay.test.ts replays: run `npm run record-histories` when a
 * new path through the case workflow should be kept (names as arguments record only those). Each file is the full event history of one case
 * as it ran on the time-skipping server with the real activities and a real PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/desk';
import { outboxOnly } from '../../activities/integrations/notifications';
import { SimulatedRegistry } from '../../activities/integrations/registry';
import { createDb } from '../../db';
import { migrateAndSeed } from '../../db/migrate';
import { startPostgres } from '../../stack/postgres';
import { caseWorkflow } from '../../workflows/desk/workflow';
import { retryIncidentSignal } from '../../workflows/shared/messages';
import {
  assignUpdate,
  caseViewQuery,
  replyUpdate,
  requestInfoUpdate,
  supplementUpdate,
  transferUpdate,
} from '../../workflows/desk/messages';
import { addStaff, submitCase } from '../support/generators';
import { freePort } from '../support/ports';
import { createTimeSkippingEnv, workflowBundle } from '../support/temporal';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-record-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startPostgres(path.join(dir, 'pg'), await freePort());
  const db = createDb(pg.url);
  const env = await createTimeSkippingEnv();
  try {
    await migrateAndSeed(db);
    const expert = await addStaff(db, 'expert');
    const supervisor = await addStaff(db, 'supervisor');
    const isfahanExpert = await addStaff(db, 'expert', 'isfahan');
    const taskQueue = `record-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({
        db,
        registry: new SimulatedRegistry(),
        sms: outboxOnly,
        email: outboxOnly,
        publicUrl: 'http://localhost',
      }),
    });
    const untilRouted = async (trackingCode: string) => {
      const handle = env.client.workflow.getHandle(trackingCode);
      while ((await handle.query(caseViewQuery)).status !== 'routed')
        await new Promise((r) => setTimeout(r, 50));
      return handle;
    };
    const untilStarted = async (trackingCode: string) => {
      await env.client.workflow.start(caseWorkflow, {
        workflowId: trackingCode,
        taskQueue,
        args: [{ trackingCode }],
      });
      return untilRouted(trackingCode);
    };
    const message = async (trackingCode: string, kind: string, staffId: number) => {
      const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
      const id = randomUUID();
      await db('case_messages').insert({ id, case_id: kase.id, kind, author_staff_id: staffId, body: 'متن' });
      return id;
    };
    const paths: Record<string, (trackingCode: string) => Promise<void>> = {
      // An incident on the first step, retried by an operator; an assignment refused and one taken;
      // a transfer to a province that exists; the answer there.
      'incident-assign-checked-transfer-checked': async (trackingCode) => {
        const hidden = `${trackingCode.startsWith('9') ? 8 : 9}${trackingCode.slice(1)}`;
        await db('workflow_outbox').where({ tracking_code: trackingCode }).delete();
        await db('cases').where({ tracking_code: trackingCode }).update({ tracking_code: hidden });
        const handle = await env.client.workflow.start(caseWorkflow, {
          workflowId: trackingCode,
          taskQueue,
          args: [{ trackingCode }],
        });
        while (!(await db('incidents').where({ workflow_id: trackingCode }).first()))
          await new Promise((r) => setTimeout(r, 50));
        await db('cases').where({ tracking_code: hidden }).update({ tracking_code: trackingCode });
        await handle.signal(retryIncidentSignal);
        await untilRouted(trackingCode);
        const boss = { staffId: supervisor, role: 'supervisor' as const };
        await handle.executeUpdate(assignUpdate, { args: [{ actor: boss, staffId: isfahanExpert }] }).then(
          () => Promise.reject(new Error('an Isfahan expert was assigned a Tehran case')),
          () => undefined,
        );
        await handle.executeUpdate(assignUpdate, { args: [{ actor: boss, staffId: expert }] });
        await handle.executeUpdate(transferUpdate, {
          args: [
            {
              actor: { staffId: expert, role: 'expert' },
              province: 'isfahan',
              desk: 'province',
              messageId: await message(trackingCode, 'note', expert),
            },
          ],
        });
        await handle.executeUpdate(replyUpdate, {
          args: [
            {
              actor: { staffId: isfahanExpert, role: 'expert' },
              messageId: await message(trackingCode, 'reply', isfahanExpert),
            },
          ],
        });
        await handle.result();
      },
      'answered-in-time': async (trackingCode) => {
        const handle = await env.client.workflow.start(caseWorkflow, {
          workflowId: trackingCode,
          taskQueue,
          args: [{ trackingCode }],
        });
        while ((await handle.query(caseViewQuery)).status !== 'routed')
          await new Promise((r) => setTimeout(r, 50));
        const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
        const messageId = randomUUID();
        await db('case_messages').insert({
          id: messageId,
          case_id: kase.id,
          kind: 'reply',
          author_staff_id: expert,
          body: 'پاسخ',
        });
        await handle.executeUpdate(replyUpdate, {
          args: [{ actor: { staffId: expert, role: 'expert' }, messageId }],
        });
        await handle.result();
      },
      'escalated-twice-then-answered': async (trackingCode) => {
        const handle = await env.client.workflow.start(caseWorkflow, {
          workflowId: trackingCode,
          taskQueue,
          args: [{ trackingCode }],
        });
        while ((await handle.query(caseViewQuery)).status !== 'routed')
          await new Promise((r) => setTimeout(r, 50));
        await env.sleep('30 days');
        while ((await handle.query(caseViewQuery)).escalationLevel < 2)
          await new Promise((r) => setTimeout(r, 50));
        const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
        const messageId = randomUUID();
        await db('case_messages').insert({
          id: messageId,
          case_id: kase.id,
          kind: 'reply',
          author_staff_id: expert,
          body: 'پاسخ',
        });
        await handle.executeUpdate(replyUpdate, {
          args: [{ actor: { staffId: expert, role: 'expert' }, messageId }],
        });
        await handle.result();
      },
      // The expert asks the citizen for more, the citizen's supplement arrives, the expert answers.
      'info-requested-supplemented': async (trackingCode) => {
        const handle = await untilStarted(trackingCode);
        const actor = { staffId: expert, role: 'expert' as const };
        await handle.executeUpdate(requestInfoUpdate, {
          args: [{ actor, messageId: await message(trackingCode, 'info-request', expert) }],
        });
        const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
        const messageId = randomUUID();
        await db('case_messages').insert({
          id: messageId,
          case_id: kase.id,
          kind: 'supplement',
          body: 'پاسخ',
        });
        await handle.executeUpdate(supplementUpdate, { args: [{ messageId }] });
        await handle.executeUpdate(replyUpdate, {
          args: [{ actor, messageId: await message(trackingCode, 'reply', expert) }],
        });
        await handle.result();
      },
    };
    await worker.runUntil(async () => {
      // `npm run record-histories -- <name>…` records only those, keeping the others as they were.
      const only = process.argv.slice(2);
      for (const [name, run] of Object.entries(paths)) {
        if (only.length > 0 && !only.includes(name)) continue;
        const trackingCode = await submitCase(db);
        await run(trackingCode);
        const history = await env.client.workflow.getHandle(trackingCode).fetchHistory();
        fs.writeFileSync(path.join(__dirname, `${name}.json`), JSON.stringify(history, null, 1));
        console.log(`recorded ${name}`);
      }
    });
  } finally {
    await env.teardown();
    await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
