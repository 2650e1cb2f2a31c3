import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { outboxOnly } from '../activities/notifications';
import { type CivilRegistry, RegistryUnavailableError } from '../activities/registry';
import type { Db } from '../db';
import { ACTION_REJECTIONS } from '../domain/messages';
import { SimulatedRegistry } from '../activities/registry/simulated';
import { createTestDb } from '../test/support/db';
import { addStaff, newCitizen, submitCase } from '../test/support/generators';
import { createTimeSkippingEnv, workflowBundle } from '../test/support/temporal';
import { caseWorkflow } from './case';
import { caseViewQuery, replyUpdate } from './messages';

let env: TestWorkflowEnvironment;
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let expert: number;
let supervisor: number;

beforeAll(async () => {
  [env, testDb] = await Promise.all([createTimeSkippingEnv(), createTestDb()]);
  db = testDb.db;
  expert = await addStaff(db, 'expert');
  supervisor = await addStaff(db, 'supervisor');
});

afterAll(async () => {
  await env?.teardown();
  await testDb?.drop();
});

/** Runs `fn` with a worker on a task queue of its own, using the real activities and database. */
async function withWorker<T>(
  fn: (taskQueue: string) => Promise<T>,
  registry: CivilRegistry = new SimulatedRegistry(),
) {
  const taskQueue = `case-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      db,
      registry,
      sms: outboxOnly,
      email: outboxOnly,
      publicUrl: 'http://localhost',
    }),
  });
  return worker.runUntil(fn(taskQueue));
}

async function start(taskQueue: string, trackingCode: string) {
  return env.client.workflow.start(caseWorkflow, {
    workflowId: trackingCode,
    taskQueue,
    args: [{ trackingCode }],
  });
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached');
}

async function storeReply(trackingCode: string, author: number, body = 'پاسخ کارشناس') {
  const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
  const id = randomUUID();
  await db('case_messages').insert({ id, case_id: kase.id, kind: 'reply', author_staff_id: author, body });
  return id;
}

describe('case workflow', () => {
  it('verifies, routes to the province expert, takes the reply, notifies and closes', async () => {
    const citizen = newCitizen();
    const trackingCode = await submitCase(db, {}, citizen);
    await withWorker(async (taskQueue) => {
      const handle = await start(taskQueue, trackingCode);
      const routed = await until(
        () => handle.query(caseViewQuery),
        (v) => v.status === 'routed',
      );
      expect(routed.assignedTo).toBe(expert);
      expect(Date.parse(routed.dueAt!)).toBeGreaterThan(Date.now());

      const messageId = await storeReply(trackingCode, expert);
      const answered = await handle.executeUpdate(replyUpdate, {
        args: [{ actor: { staffId: expert, role: 'expert' }, messageId }],
      });
      expect(answered.status).toBe('answered');
      expect(await handle.result()).toBe('closed');
    });

    const row = await db('cases').where({ tracking_code: trackingCode }).first();
    expect(row).toMatchObject({
      status: 'closed',
      answered_by: expert,
      assigned_to: expert,
      escalation_level: 0,
    });
    const events = await db('case_events').where({ case_id: row.id }).orderBy('seq').pluck('kind');
    expect(events).toEqual(['received', 'identity-verified', 'routed', 'answered', 'closed']);
    const published = await db('case_messages').where({ case_id: row.id }).first('published_at');
    expect(published.published_at).not.toBeNull();
    const notices = await db('notifications')
      .where({ tracking_code: trackingCode })
      .select('channel', 'recipient', 'dedupe_key');
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: 'sms',
          recipient: citizen.mobile,
          dedupe_key: `${trackingCode}:received:sms`,
        }),
        expect.objectContaining({ channel: 'sms', dedupe_key: `${trackingCode}:answered:sms` }),
        expect.objectContaining({ channel: 'email', dedupe_key: `${trackingCode}:answered:email` }),
        expect.objectContaining({ channel: 'inbox', recipient: `staff:${expert}` }),
      ]),
    );
  });

  it('escalates to the province supervisor when the deadline passes without a reply, then one level up', async () => {
    const trackingCode = await submitCase(db);
    await withWorker(async (taskQueue) => {
      const handle = await start(taskQueue, trackingCode);
      const routed = await until(
        () => handle.query(caseViewQuery),
        (v) => v.status === 'routed',
      );
      await env.sleep(Date.parse(routed.dueAt!) - (await env.currentTimeMs()) + 60_000);
      const escalated = await until(
        () => handle.query(caseViewQuery),
        (v) => v.escalationLevel === 1,
      );
      expect(Date.parse(escalated.dueAt!)).toBeGreaterThan(Date.parse(routed.dueAt!));
      await until(
        () =>
          db('notifications')
            .where({ dedupe_key: `${trackingCode}:escalated:1:staff:${supervisor}` })
            .first(),
        (row) => row !== undefined,
      );
      await env.sleep(Date.parse(escalated.dueAt!) - (await env.currentTimeMs()) + 60_000);
      await until(
        () => handle.query(caseViewQuery),
        (v) => v.escalationLevel === 2,
      );

      // A late reply is still taken.
      const messageId = await storeReply(trackingCode, supervisor);
      await handle.executeUpdate(replyUpdate, {
        args: [{ actor: { staffId: supervisor, role: 'supervisor' }, messageId }],
      });
      expect(await handle.result()).toBe('closed');
    });
    const row = await db('cases').where({ tracking_code: trackingCode }).first();
    expect(row.escalation_level).toBe(2);
    const escalations = await db('case_events')
      .where({ case_id: row.id, kind: 'escalated' })
      .select('public', 'data');
    expect(escalations.map((e) => [e.public, e.data.level])).toEqual([
      [false, 1],
      [false, 2],
    ]);
  });

  it('refuses, with a reason, a reply the case state or the role does not allow', async () => {
    const trackingCode = await submitCase(db);
    await withWorker(async (taskQueue) => {
      const handle = await start(taskQueue, trackingCode);
      await until(
        () => handle.query(caseViewQuery),
        (v) => v.status === 'routed',
      );
      const messageId = await storeReply(trackingCode, expert);
      const reply = (role: 'admin' | 'expert') =>
        handle.executeUpdate(replyUpdate, { args: [{ actor: { staffId: expert, role }, messageId }] });

      await expect(reply('admin')).rejects.toThrow(WorkflowUpdateFailedError);
      await reply('admin').catch((err) => expect(err.cause.message).toBe(ACTION_REJECTIONS.roleMayNotReply));
      await reply('expert');
      await reply('expert').then(
        () => {
          throw new Error('a second reply was accepted');
        },
        (err) => expect(err.cause.message).toBe(ACTION_REJECTIONS.notWaitingForReply),
      );
    });
  });

  it('rejects the case and tells the citizen when the registry does not match', async () => {
    const citizen = newCitizen();
    const [y, m, d] = citizen.birthDate.split('/');
    const wrongBirthDate = `${Number(y) - 1}/${m}/${d}`;
    const trackingCode = await submitCase(db, { birthDate: wrongBirthDate }, citizen);
    await withWorker(async (taskQueue) => {
      expect(await (await start(taskQueue, trackingCode)).result()).toBe('rejected');
    });
    const row = await db('cases').where({ tracking_code: trackingCode }).first('status', 'closed_at');
    expect(row.status).toBe('rejected');
    expect(row.closed_at).not.toBeNull();
    expect(
      await db('notifications')
        .where({ dedupe_key: `${trackingCode}:rejected:sms` })
        .first(),
    ).toBeDefined();
  });

  it('waits through a registry outage, showing it, and goes on when the registry is back', async () => {
    const trackingCode = await submitCase(db);
    let failures = 4;
    const real = new SimulatedRegistry();
    const flaky: CivilRegistry = {
      lookup: async (code) => {
        if (failures-- > 0) throw new RegistryUnavailableError('down');
        return real.lookup(code);
      },
    };
    await withWorker(async (taskQueue) => {
      const handle = await start(taskQueue, trackingCode);
      await until(
        () => handle.query(caseViewQuery),
        (v) => v.status === 'routed',
      );
    }, flaky);
    const kase = await db('cases').where({ tracking_code: trackingCode }).first('id', 'status');
    expect(kase.status).toBe('routed');
    const kinds = await db('case_events').where({ case_id: kase.id }).orderBy('seq').pluck('kind');
    expect(kinds).toEqual(['received', 'awaiting-identity', 'identity-verified', 'routed']);
  });
});
