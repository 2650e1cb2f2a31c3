import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/desk';
import type { NotificationChannel } from '../../activities/integrations/notifications';
import { SimulatedRegistry } from '../../activities/integrations/registry';
import type { Db } from '../../db';
import type { OutgoingNotification } from '../../db/queries/shared/notifications';
import { createTestDb } from '../../test/support/db';
import { addStaff, submitCase } from '../../test/support/generators';
import { eventually } from '../../test/support/http';
import { createTimeSkippingEnv, workflowBundle } from '../../test/support/temporal';
import { caseWorkflow } from './workflow';
import * as m from './messages';

/**
 * Staff notices reach people: a case left unanswered tells its expert before the deadline and the
 * province's supervisor at it, on the notices page and through each channel each of them chose,
 * once, with the real activities against a real PostgreSQL on the time-skipping server.
 */
let env: TestWorkflowEnvironment;
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

/**
 * An SMS gateway or mail server that keeps what it was given; `failFirst` refuses the first
 * message whose dedupe key matches, as a gateway briefly away would.
 */
class GatewayRecording implements NotificationChannel {
  readonly delivered: OutgoingNotification[] = [];
  /** What staff members were sent (the citizen's notices go through the same gateway). */
  get toStaff() {
    return this.delivered.filter((n) => n.staffId !== undefined).map((n) => n.dedupeKey);
  }
  readonly refused: string[] = [];
  constructor(private failFirst?: RegExp) {}
  async send(n: OutgoingNotification): Promise<void> {
    if (this.failFirst?.test(n.dedupeKey)) {
      this.failFirst = undefined;
      this.refused.push(n.dedupeKey);
      throw new Error('gateway unavailable');
    }
    this.delivered.push(n);
  }
}

beforeAll(async () => {
  [env, testDb] = await Promise.all([createTimeSkippingEnv(), createTestDb()]);
  db = testDb.db;
});

afterAll(async () => {
  await env?.teardown();
  await testDb?.drop();
});

/** Runs `fn` with a worker of the real activities whose SMS and email go to the given gateways. */
async function withWorker<T>(
  sms: NotificationChannel,
  email: NotificationChannel,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `notices-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      db,
      registry: new SimulatedRegistry(),
      sms,
      email,
      publicUrl: 'http://desk.example',
    }),
  });
  return worker.runUntil(fn(taskQueue));
}

async function message(trackingCode: string, kind: string, author: number | null) {
  const id = randomUUID();
  const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
  await db('case_messages').insert({
    id,
    case_id: kase.id,
    kind,
    author_staff_id: author,
    body: 'متن آزمایشی',
  });
  return id;
}

it('reminds the expert before the deadline and escalates to the supervisor at it, through each chosen channel, once', async () => {
  const expert = await addStaff(db, 'expert');
  const supervisor = await addStaff(db, 'supervisor');
  // The expert chose SMS and email for deadlines; the supervisor keeps the role's default (email).
  await db('staff')
    .where({ id: expert })
    .update({
      mobile: '09121234567',
      email: 'expert@haj.ir',
      notice_channels: ['deadline:sms', 'deadline:email'],
    });
  await db('staff').where({ id: supervisor }).update({ mobile: '09127654321', email: 'supervisor@haj.ir' });
  const sms = new GatewayRecording(/:reminder:/);
  const email = new GatewayRecording();
  const trackingCode = await submitCase(db);
  await withWorker(sms, email, async (taskQueue) => {
    const handle = await env.client.workflow.start(caseWorkflow, {
      workflowId: trackingCode,
      taskQueue,
      args: [{ trackingCode }],
    });
    const view = () => handle.query(m.caseViewQuery);
    const first = await eventually(view, (v) => v.status === 'routed', 20_000);
    expect(first.assignedTo).toBe(expert);
    await env.sleep(Date.parse(first.dueAt!) - (await env.currentTimeMs()) + 60_000);
    await eventually(view, (v) => v.escalationLevel === 1, 20_000);
    const messageId = await message(trackingCode, 'reply', supervisor);
    await handle.executeUpdate(m.replyUpdate, {
      args: [{ actor: { staffId: supervisor, role: 'supervisor' }, messageId }],
    });
    // The case ends only when its notices are done, retries included.
    expect(await handle.result()).toBe('closed');
  });

  const rows = await db('notifications')
    .whereNotNull('staff_id')
    .where({ tracking_code: trackingCode })
    .orderBy('dedupe_key')
    .select('dedupe_key', 'channel', 'recipient', 'staff_id', 'sent_at', 'body');
  const reminder = `${trackingCode}:reminder:1:staff:${expert}`;
  const escalation = `${trackingCode}:escalated:2:staff:${supervisor}`;
  const assigned = `${trackingCode}:assigned:3:staff:${expert}`;
  expect(rows.map((r) => [r.dedupe_key, r.channel, r.recipient, r.staff_id])).toEqual(
    [
      [assigned, 'inbox', `staff:${expert}`, expert],
      [escalation, 'inbox', `staff:${supervisor}`, supervisor],
      [`${escalation}:email`, 'email', 'supervisor@haj.ir', supervisor],
      [reminder, 'inbox', `staff:${expert}`, expert],
      [`${reminder}:email`, 'email', 'expert@haj.ir', expert],
      [`${reminder}:sms`, 'sms', '09121234567', expert],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
  expect(rows.every((r) => r.sent_at !== null)).toBe(true);
  // The SMS gateway refused the reminder once; the retry sent it, and sent nothing else again.
  expect(sms.refused).toEqual([`${reminder}:sms`]);
  expect(sms.toStaff).toEqual([`${reminder}:sms`]);
  expect(email.toStaff.sort()).toEqual([`${escalation}:email`, `${reminder}:email`]);
  // The email leads to the case's page.
  expect(email.delivered.find((n) => n.staffId === expert)!.body).toContain(
    `http://desk.example/staff/cases/${trackingCode}`,
  );
});

it('tells the expert a case was transferred in, through the channels they chose for new work', async () => {
  const supervisor = await addStaff(db, 'supervisor');
  const isfahanExpert = await addStaff(db, 'expert', 'isfahan');
  await db('staff')
    .where({ id: isfahanExpert })
    .update({ mobile: '09131112222', notice_channels: ['work:sms'] });
  const sms = new GatewayRecording();
  let before: number | null = null;
  let rows: { dedupe_key: string; channel: string; recipient: string; sent_at: Date | null }[] = [];
  const trackingCode = await submitCase(db);
  await withWorker(sms, new GatewayRecording(), async (taskQueue) => {
    const handle = await env.client.workflow.start(caseWorkflow, {
      workflowId: trackingCode,
      taskQueue,
      args: [{ trackingCode }],
    });
    const first = await eventually(
      () => handle.query(m.caseViewQuery),
      (v) => v.status === 'routed',
      20_000,
    );
    before = first.assignedTo;
    const moved = await handle.executeUpdate(m.transferUpdate, {
      args: [
        {
          actor: { staffId: supervisor, role: 'supervisor' },
          province: 'isfahan',
          desk: 'province',
          messageId: await message(trackingCode, 'transfer-reason', supervisor),
        },
      ],
    });
    expect(moved.assignedTo).toBe(isfahanExpert);
    rows = await eventually(
      () =>
        db('notifications')
          .where({ tracking_code: trackingCode, staff_id: isfahanExpert })
          .orderBy('dedupe_key')
          .select('dedupe_key', 'channel', 'recipient', 'sent_at'),
      (r) => r.length === 2 && r.every((n) => n.sent_at !== null),
    );
    await handle.terminate('test over');
  });
  expect(rows.map(({ sent_at: _, ...r }) => r)).toEqual([
    {
      dedupe_key: expect.stringMatching(new RegExp(`^${trackingCode}:assigned:\\d+:staff:${isfahanExpert}$`)),
      channel: 'inbox',
      recipient: `staff:${isfahanExpert}`,
    },
    { dedupe_key: expect.stringMatching(/:sms$/), channel: 'sms', recipient: '09131112222' },
  ]);
  expect(sms.toStaff).toEqual([rows[1].dedupe_key]);
  expect(
    await db('notifications').where({ staff_id: before!, tracking_code: trackingCode }).pluck('channel'),
  ).toEqual(['inbox']);
});

it('tells the assignee when the citizen’s supplement arrives', async () => {
  const email = new GatewayRecording();
  const trackingCode = await submitCase(db);
  let assignee: number | null = null;
  let rows: { dedupe_key: string; channel: string; sent_at: Date | null }[] = [];
  await withWorker(new GatewayRecording(), email, async (taskQueue) => {
    const handle = await env.client.workflow.start(caseWorkflow, {
      workflowId: trackingCode,
      taskQueue,
      args: [{ trackingCode }],
    });
    const first = await eventually(
      () => handle.query(m.caseViewQuery),
      (v) => v.status === 'routed',
      20_000,
    );
    assignee = first.assignedTo;
    // The assignment's own notice goes beside the case's course: let it go out (in-app only)
    // before the assignee chooses email, so only the supplement's notice can be emailed.
    await eventually(
      () =>
        db('notifications')
          .where({ tracking_code: trackingCode, staff_id: assignee! })
          .where('dedupe_key', 'like', `${trackingCode}:assigned:%`)
          .whereNotNull('sent_at')
          .first('id'),
      (r) => r !== undefined,
    );
    await db('staff')
      .where({ id: assignee! })
      .update({ email: 'assignee@haj.ir', notice_channels: ['work:email'] });
    const actor = { staffId: assignee!, role: 'expert' as const };
    await handle.executeUpdate(m.requestInfoUpdate, {
      args: [{ actor, messageId: await message(trackingCode, 'info-request', assignee) }],
    });
    await handle.executeUpdate(m.supplementUpdate, {
      args: [{ messageId: await message(trackingCode, 'supplement', null) }],
    });
    rows = await eventually(
      () =>
        db('notifications')
          .where({ tracking_code: trackingCode, staff_id: assignee! })
          .where('dedupe_key', 'like', `${trackingCode}:supplemented:%`)
          .orderBy('dedupe_key')
          .select('dedupe_key', 'channel', 'sent_at'),
      (r) => r.length === 2 && r.every((n) => n.sent_at !== null),
    );
    await handle.terminate('test over');
  });
  const key = rows[0].dedupe_key;
  expect(key).toMatch(new RegExp(`^${trackingCode}:supplemented:\\d+:staff:${assignee}$`));
  expect(rows.map((r) => [r.dedupe_key, r.channel])).toEqual([
    [key, 'inbox'],
    [`${key}:email`, 'email'],
  ]);
  expect(email.toStaff).toEqual([`${key}:email`]);
  expect(email.delivered.find((n) => n.dedupeKey === `${key}:email`)!.recipient).toBe('assignee@haj.ir');
});
