import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type ApplicationFailure, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/desk';
import { outboxOnly } from '../../activities/integrations/notifications';
import { type CivilRegistry, SimulatedRegistry } from '../../activities/integrations/registry';
import type { Db } from '../../db';
import type { CaseStatus, StaffRole } from '../../domain/desk/caseStatus';
import { tehranDateKey } from '../../domain/shared/businessCalendar';
import { ACTION_REJECTIONS } from '../../domain/desk/copy';
import { createTestDb } from '../../test/support/db';
import { addStaff, newCitizen, submitCase } from '../../test/support/generators';
import { eventually } from '../../test/support/http';
import { createTimeSkippingEnv, workflowBundle } from '../../test/support/temporal';
import { caseWorkflow } from './workflow';
import { retryIncidentSignal } from '../shared/messages';
import * as m from './messages';

let env: TestWorkflowEnvironment;
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let expert: number;
let supervisor: number;
let isfahanExpert: number;

beforeAll(async () => {
  [env, testDb] = await Promise.all([createTimeSkippingEnv(), createTestDb()]);
  db = testDb.db;
  expert = await addStaff(db, 'expert');
  supervisor = await addStaff(db, 'supervisor');
  isfahanExpert = await addStaff(db, 'expert', 'isfahan');
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

type Handle = WorkflowHandle<typeof caseWorkflow>;

async function startCase(taskQueue: string, trackingCode?: string): Promise<Handle> {
  const code = trackingCode ?? (await submitCase(db));
  return env.client.workflow.start(caseWorkflow, {
    workflowId: code,
    taskQueue,
    args: [{ trackingCode: code }],
  });
}

const view = (handle: Handle) => handle.query(m.caseViewQuery);
const until = (handle: Handle, ok: (v: m.CaseView) => boolean) => eventually(() => view(handle), ok, 20_000);
const routed = (handle: Handle) => until(handle, (v) => v.status === 'routed');
const actor = (staffId: number, role: StaffRole = 'expert') => ({ staffId, role });

/** Skips simulated time to just past an instant. */
async function skipPast(iso: string) {
  await env.sleep(Date.parse(iso) - (await env.currentTimeMs()) + 60_000);
}

async function message(handle: Handle, kind: string, body = 'متن آزمایشی', author: number | null = expert) {
  const kase = await db('cases').where({ tracking_code: handle.workflowId }).first('id');
  const id = randomUUID();
  await db('case_messages').insert({ id, case_id: kase.id, kind, author_staff_id: author, body });
  return id;
}

async function reply(handle: Handle, by = actor(expert)) {
  return handle.executeUpdate(m.replyUpdate, {
    args: [{ actor: by, messageId: await message(handle, 'reply') }],
  });
}

async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause!.message;
  }
  throw new Error('the update was accepted');
}

async function timeline(trackingCode: string) {
  const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
  return db('case_events').where({ case_id: kase.id }).orderBy('seq').pluck('kind');
}

const caseRow = (trackingCode: string) => db('cases').where({ tracking_code: trackingCode }).first();

describe('case workflow', () => {
  it('verifies, routes to the province expert, takes the reply, notifies and closes', async () => {
    const citizen = newCitizen();
    const trackingCode = await submitCase(db, {}, citizen);
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue, trackingCode);
      const first = await routed(handle);
      expect(first.assignedTo).toBe(expert);
      expect(Date.parse(first.dueAt!)).toBeGreaterThan(Date.now());
      // The expert answers once told of the case (a reply racing the routing would take its seq).
      await eventually(
        () => db('notifications').where('dedupe_key', 'like', `${trackingCode}:assigned:%`).first('id'),
        Boolean,
      );
      expect((await reply(handle)).status).toBe('answered');
      expect(await handle.result()).toBe('closed');
    });

    expect(await caseRow(trackingCode)).toMatchObject({
      status: 'closed',
      answered_by: expert,
      assigned_to: expert,
    });
    expect(await timeline(trackingCode)).toEqual([
      'received',
      'identity-verified',
      'routed',
      'answered',
      'closed',
    ]);
    const notices = await db('notifications').where({ tracking_code: trackingCode }).pluck('dedupe_key');
    expect(notices).toEqual(
      expect.arrayContaining([
        `${trackingCode}:received:sms`,
        `${trackingCode}:received:email`,
        `${trackingCode}:answered:4:sms`,
        `${trackingCode}:closed:sms`,
        `${trackingCode}:assigned:3:staff:${expert}`,
      ]),
    );
    const sms = await db('notifications')
      .where({ dedupe_key: `${trackingCode}:received:sms` })
      .first();
    expect(sms.recipient).toBe(citizen.mobile);
    expect(sms.body).toContain(trackingCode.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
  });

  it('opens, checks and routes a case in its first workflow task, with its notices in one activity', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      await routed(handle);
      const code = handle.workflowId;
      await eventually(
        () => db('notifications').where('dedupe_key', 'like', `${code}:assigned:%`).first('id'),
        Boolean,
      );
      const events = (await handle.fetchHistory()).events ?? [];
      const completed = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
      const next = events.findIndex((e, i) => i > completed && e.workflowTaskScheduledEventAttributes);
      const first = events.slice(completed, next < 0 ? undefined : next);
      // openCase, verifyIdentity, routeCase: local activities of the first task.
      expect(
        first.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
      ).toHaveLength(3);
      expect(events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [])).toEqual(
        ['notifyAll'],
      );
      // One upsert when opened, one when routed of only what changed (besides the patches' own).
      const upserts = first
        .map((e) =>
          Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
        )
        .filter((keys) => keys.length > 0 && !keys.includes('TemporalChangeVersion'));
      expect(upserts.map((keys) => keys.sort())).toEqual([
        ['CaseStatus', 'EscalationLevel', 'NationalCodeHash', 'Province', 'Subject', 'TrackingCode'],
        ['AssignedTo', 'CaseStatus', 'DueAt'],
      ]);
      expect((await caseRow(code)).status).toBe('routed');
      expect(await timeline(code)).toEqual(['received', 'identity-verified', 'routed']);
      // Closed rather than left routed: an open case would count in its expert's load for the tests after.
      await reply(handle);
      expect(await handle.result()).toBe('closed');
    });
  });

  it('reminds the assignee, escalates to the supervisor, then to headquarters, across weeks and a holiday stretch', async () => {
    // A stretch of holidays from today: the deadlines must step over all of it.
    const start = await env.currentTimeMs();
    const stretch = Array.from({ length: 10 }, (_, i) => tehranDateKey(new Date(start + i * 86_400_000)));
    await db('holidays')
      .insert(stretch.map((date) => ({ date, title: 'تعطیلات آزمایشی', computed: false })))
      .onConflict('date')
      .ignore();
    const trackingCode = await submitCase(db);
    const inspector = await addStaff(db, 'inspector', null);
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue, trackingCode);
      const first = await routed(handle);
      expect(tehranDateKey(new Date(first.dueAt!)) > stretch[stretch.length - 1]).toBe(true);
      await db('holidays').whereIn('date', stretch).delete();
      await skipPast(first.dueAt!);
      const level1 = await until(handle, (v) => v.escalationLevel === 1);
      expect(Date.parse(level1.dueAt!)).toBeGreaterThan(Date.parse(first.dueAt!));
      await skipPast(level1.dueAt!);
      await until(handle, (v) => v.escalationLevel === 2);
      await reply(handle, actor(supervisor, 'supervisor'));
      expect(await handle.result()).toBe('closed');
    });
    expect(await timeline(trackingCode)).toEqual([
      'received',
      'identity-verified',
      'routed',
      'reminder',
      'escalated',
      'reminder',
      'escalated',
      'answered',
      'closed',
    ]);
    const keys = await db('notifications').where({ tracking_code: trackingCode }).pluck('dedupe_key');
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${trackingCode}:reminder:1:staff:${expert}$`)),
        expect.stringMatching(new RegExp(`^${trackingCode}:escalated:2:staff:${supervisor}$`)),
        expect.stringMatching(new RegExp(`^${trackingCode}:escalated:3:staff:${inspector}$`)),
      ]),
    );
    const escalations = await db('case_events')
      .join('cases', 'cases.id', 'case_events.case_id')
      .where({ tracking_code: trackingCode, kind: 'escalated' })
      .select('public', 'data');
    expect(escalations.map((e) => [e.public, e.data.level])).toEqual([
      [false, 1],
      [false, 2],
    ]);
  });

  it('pauses the clock while the citizen is asked for information and resumes it on the supplement', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      await routed(handle);
      const asked = await handle.executeUpdate(m.requestInfoUpdate, {
        args: [{ actor: actor(expert), messageId: await message(handle, 'info-request') }],
      });
      expect(asked.status).toBe('info-requested');
      expect(asked.infoDueAt).not.toBeNull();
      // Time passes beyond the expert's own deadline: no escalation while the citizen is asked.
      await env.sleep('2 days');
      expect((await view(handle)).escalationLevel).toBe(0);
      const resumed = await handle.executeUpdate(m.supplementUpdate, {
        args: [{ messageId: await message(handle, 'supplement', 'مدارک پیوست شد', null) }],
      });
      expect(resumed.status).toBe('routed');
      expect(Date.parse(resumed.dueAt!)).toBeGreaterThan(await env.currentTimeMs());
      await reply(handle);
      expect(await handle.result()).toBe('closed');
      expect(await timeline(handle.workflowId)).toEqual(
        expect.arrayContaining(['info-requested', 'supplemented', 'answered', 'closed']),
      );
    });
  });

  it('closes the case as unanswered when the citizen sends nothing in time', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      await routed(handle);
      await handle.executeUpdate(m.requestInfoUpdate, {
        args: [{ actor: actor(expert), messageId: await message(handle, 'info-request') }],
      });
      expect(await handle.result()).toBe('unanswered-by-citizen');
      const keys = await db('notifications').where({ tracking_code: handle.workflowId }).pluck('dedupe_key');
      expect(keys).toEqual(expect.arrayContaining([`${handle.workflowId}:unanswered:sms`]));
    });
  });

  it('transfers to another province: re-routed to its expert with a new deadline', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      await routed(handle);
      const moved = await handle.executeUpdate(m.transferUpdate, {
        args: [
          {
            actor: actor(expert),
            province: 'isfahan',
            desk: 'province',
            messageId: await message(handle, 'note'),
          },
        ],
      });
      expect(moved).toMatchObject({ province: 'isfahan', assignedTo: isfahanExpert, escalationLevel: 0 });
      // The Tehran expert no longer holds it.
      expect(await refusal(reply(handle))).toBe(ACTION_REJECTIONS.notAssignee);
      await reply(handle, actor(isfahanExpert));
      expect(await handle.result()).toBe('closed');
      expect(await caseRow(handle.workflowId)).toMatchObject({
        province: 'isfahan',
        answered_by: isfahanExpert,
      });
    });
  });

  it('lets a supervisor extend the deadline with a reason, and nobody else', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      const first = await routed(handle);
      const reason = await message(handle, 'extension-reason', 'نیاز به استعلام از کارگزار', supervisor);
      expect(
        await refusal(
          handle.executeUpdate(m.extendUpdate, {
            args: [{ actor: actor(expert), businessDays: 3, messageId: reason }],
          }),
        ),
      ).toBe(ACTION_REJECTIONS.roleNotAllowed);
      expect(
        await refusal(
          handle.executeUpdate(m.extendUpdate, {
            args: [{ actor: actor(supervisor, 'supervisor'), businessDays: 0, messageId: reason }],
          }),
        ),
      ).toBe(ACTION_REJECTIONS.badExtension);
      const extended = await handle.executeUpdate(m.extendUpdate, {
        args: [{ actor: actor(supervisor, 'supervisor'), businessDays: 3, messageId: reason }],
      });
      expect(Date.parse(extended.dueAt!)).toBeGreaterThan(Date.parse(first.dueAt!));
      await skipPast(first.dueAt!);
      expect((await view(handle)).escalationLevel).toBe(0);
      await reply(handle);
      await handle.result();
    });
  });

  it('takes one objection in the feedback window, reopening the case to the supervisor', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      await routed(handle);
      await reply(handle);
      const rated = await handle.executeUpdate(m.rateUpdate, { args: [{ score: 2 }] });
      expect(rated.rated).toBe(true);
      expect(await refusal(handle.executeUpdate(m.rateUpdate, { args: [{ score: 5 }] }))).toBe(
        ACTION_REJECTIONS.alreadyRated,
      );
      await handle.executeUpdate(m.objectUpdate, {
        args: [{ messageId: await message(handle, 'objection', 'پاسخ کامل نبود', null) }],
      });
      const reopened = await until(handle, (v) => v.status === 'routed');
      expect(reopened).toMatchObject({ assignedTo: supervisor, escalationLevel: 1, objected: true });
      await reply(handle, actor(supervisor, 'supervisor'));
      await until(handle, (v) => v.status === 'answered');
      expect(
        await refusal(
          handle.executeUpdate(m.objectUpdate, {
            args: [{ messageId: await message(handle, 'objection', 'باز هم', null) }],
          }),
        ),
      ).toBe(ACTION_REJECTIONS.alreadyObjected);
      expect(await handle.result()).toBe('closed');
      expect(await timeline(handle.workflowId)).toEqual(
        expect.arrayContaining(['answered', 'rated', 'objected', 'reopened', 'answered', 'closed']),
      );
    });
  });

  it('lets an expert claim a pool case, and refuses actions the state or role does not allow', async () => {
    // Nobody works the Kerman desk yet: the case waits in the province pool.
    const kermanExpert = await addStaff(db, 'expert', 'kerman');
    await db('staff').where({ id: kermanExpert }).update({ active: false });
    const trackingCode = await submitCase(db, { province: 'kerman' });
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue, trackingCode);
      expect((await routed(handle)).assignedTo).toBeNull();
      await db('staff').where({ id: kermanExpert }).update({ active: true });
      expect(await refusal(reply(handle, actor(kermanExpert)))).toBe(ACTION_REJECTIONS.notAssignee);
      expect(await refusal(reply(handle, actor(1, 'admin')))).toBe(ACTION_REJECTIONS.roleMayNotReply);
      const claimed = await handle.executeUpdate(m.claimUpdate, { args: [{ actor: actor(kermanExpert) }] });
      expect(claimed.assignedTo).toBe(kermanExpert);
      expect(
        await refusal(handle.executeUpdate(m.claimUpdate, { args: [{ actor: actor(kermanExpert) }] })),
      ).toBe(ACTION_REJECTIONS.alreadyYours);
      await handle.executeUpdate(m.noteUpdate, {
        args: [{ actor: actor(kermanExpert), messageId: await message(handle, 'note') }],
      });
      expect(
        await refusal(
          handle.executeUpdate(m.supplementUpdate, {
            args: [{ messageId: await message(handle, 'supplement') }],
          }),
        ),
      ).toBe(ACTION_REJECTIONS.noInfoRequested);
      await reply(handle, actor(kermanExpert));
      expect(await refusal(reply(handle, actor(kermanExpert)))).toBe(ACTION_REJECTIONS.caseNotOpen);
      expect(await handle.result()).toBe('closed');
    });
    expect(await timeline(trackingCode)).toEqual(expect.arrayContaining(['claimed', 'note']));
  });

  it('refuses with the Persian reason the pages show and the reason code as the failure’s type', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      await routed(handle);
      const failure = async (update: Promise<unknown>) => {
        const err = await update.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        const { message, type } = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
        return { message, type };
      };
      expect(await failure(reply(handle, actor(isfahanExpert)))).toEqual({
        message: ACTION_REJECTIONS.notAssignee,
        type: 'notAssignee',
      });
      expect(await failure(handle.executeUpdate(m.rateUpdate, { args: [{ score: 3 }] }))).toEqual({
        message: ACTION_REJECTIONS.notAnswered,
        type: 'notAnswered',
      });
      expect(
        await failure(
          handle.executeUpdate(m.extendUpdate, {
            args: [{ actor: actor(supervisor, 'supervisor'), businessDays: 0, messageId: 'x' }],
          }),
        ),
      ).toEqual({ message: ACTION_REJECTIONS.badExtension, type: 'badExtension' });
      await reply(handle);
      expect(await handle.result()).toBe('closed');
    });
  });

  it('rejects the case and tells the citizen when the registry does not match', async () => {
    const citizen = newCitizen();
    const [y, mo, d] = citizen.birthDate.split('/');
    const trackingCode = await submitCase(db, { birthDate: `${Number(y) - 1}/${mo}/${d}` }, citizen);
    await withWorker(async (taskQueue) => {
      expect(await (await startCase(taskQueue, trackingCode)).result()).toBe<CaseStatus>('rejected');
    });
    const row = await caseRow(trackingCode);
    expect(row.status).toBe('rejected');
    expect(row.closed_at).not.toBeNull();
    expect(
      await db('notifications')
        .where({ dedupe_key: `${trackingCode}:rejected:sms` })
        .first(),
    ).toBeDefined();
  });

  it('sends complaints to the Inspection Office, confidentially', async () => {
    const inspector = await addStaff(db, 'inspector', null);
    await db('staff').whereNot({ id: inspector }).where({ role: 'inspector' }).update({ active: false });
    const trackingCode = await submitCase(db, {
      subject: 'complaints',
      subSubject: 'caravan-complaint',
      desk: 'inspection',
      confidential: true,
    });
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue, trackingCode);
      expect(await routed(handle)).toMatchObject({ desk: 'inspection', assignedTo: inspector });
      await reply(handle, actor(inspector, 'inspector'));
      expect(await handle.result()).toBe('closed');
    });
  });

  it('assigns only eligible staff of the case’s province and desk, and refuses the rest without changing the case', async () => {
    const admin = await addStaff(db, 'admin', null);
    const inspector = await addStaff(db, 'inspector', null);
    const otherExpert = await addStaff(db, 'expert');
    const retired = await addStaff(db, 'expert');
    await db('staff').where({ id: retired }).update({ active: false });
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      const before = await routed(handle);
      const assign = (staffId: number) =>
        handle.executeUpdate(m.assignUpdate, { args: [{ actor: actor(supervisor, 'supervisor'), staffId }] });
      for (const staffId of [isfahanExpert, admin, inspector, retired, 987_654_321]) {
        expect(await refusal(assign(staffId))).toBe(ACTION_REJECTIONS.assigneeNotEligible);
      }
      expect(await refusal(assign(2 ** 31))).toBe(ACTION_REJECTIONS.roleNotAllowed);
      expect((await view(handle)).assignedTo).toBe(before.assignedTo);
      expect(await assign(otherExpert)).toMatchObject({ assignedTo: otherExpert });
      expect(await assign(supervisor)).toMatchObject({ assignedTo: supervisor });
      expect((await caseRow(handle.workflowId)).assigned_to).toBe(supervisor);
      await reply(handle, actor(supervisor, 'supervisor'));
      expect(await handle.result()).toBe('closed');
    });
  });

  it('refuses a transfer to a province that does not exist, and a confidential complaint to a province desk', async () => {
    const complaint = await submitCase(db, {
      subject: 'complaints',
      subSubject: 'caravan-complaint',
      desk: 'inspection',
      confidential: true,
    });
    const inspector = await addStaff(db, 'inspector', null);
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      await routed(handle);
      const transfer = async (
        h: Handle,
        province: string,
        desk: 'province' | 'inspection',
        by = actor(expert),
      ) =>
        h.executeUpdate(m.transferUpdate, {
          args: [{ actor: by, province, desk, messageId: await message(h, 'transfer-reason') }],
        });
      expect(await refusal(transfer(handle, 'atlantis', 'province'))).toBe(ACTION_REJECTIONS.unknownProvince);
      expect(await view(handle)).toMatchObject({ province: 'tehran', status: 'routed', assignedTo: expert });

      const secret = await startCase(taskQueue, complaint);
      await routed(secret);
      expect(await refusal(transfer(secret, 'isfahan', 'province', actor(inspector, 'inspector')))).toBe(
        ACTION_REJECTIONS.confidentialStaysWithInspection,
      );
      expect(await view(secret)).toMatchObject({ province: 'tehran', desk: 'inspection' });
      expect(await caseRow(complaint)).toMatchObject({ province: 'tehran', desk: 'inspection' });
      // Left running, their timers would stop the test server's clock for the tests after this one.
      await Promise.all([handle, secret].map((h) => h.terminate('test over')));
    });
  });

  it('undoes an update whose step fails permanently and tells the caller, and the case goes on', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue);
      const before = await routed(handle);
      const assignee = actor(before.assignedTo!);
      // A text that does not exist: the timeline's foreign key refuses it, however often it is retried.
      const failed = handle.executeUpdate(m.replyUpdate, {
        args: [{ actor: assignee, messageId: randomUUID() }],
      });
      expect(await refusal(failed)).toBe(ACTION_REJECTIONS.stepFailed);
      expect(await view(handle)).toEqual(before);
      expect((await caseRow(handle.workflowId)).status).toBe('routed');
      expect((await reply(handle, assignee)).status).toBe('answered');
      expect(await handle.result()).toBe('closed');
    });
  });

  it('raises an incident for a step that fails permanently, and goes on when an operator retries it', async () => {
    const trackingCode = await submitCase(db);
    // The case's row is out of reach while the workflow starts: loading it cannot succeed by retrying.
    const hidden = `${trackingCode.startsWith('9') ? 8 : 9}${trackingCode.slice(1)}`;
    await db('workflow_outbox').where({ tracking_code: trackingCode }).delete();
    await db('cases').where({ tracking_code: trackingCode }).update({ tracking_code: hidden });
    await withWorker(async (taskQueue) => {
      const handle = await startCase(taskQueue, trackingCode);
      const incident = await eventually(
        () => db('incidents').where({ workflow_id: trackingCode }).first(),
        Boolean,
        20_000,
      );
      expect(incident).toMatchObject({ kind: 'case', step: 'openCase', resolved_at: null });
      expect((await handle.describe()).searchAttributes).toMatchObject({ Incident: ['openCase'] });
      expect((await handle.describe()).status.name).toBe('RUNNING');

      await db('cases').where({ tracking_code: hidden }).update({ tracking_code: trackingCode });
      await handle.signal(retryIncidentSignal);
      const { assignedTo } = await routed(handle);
      await eventually(
        () => db('incidents').where({ workflow_id: trackingCode }).first('resolved_at'),
        (row) => row?.resolved_at != null,
      );
      // The test server keeps a removed attribute as null.
      expect(((await handle.describe()).searchAttributes.Incident ?? []).filter(Boolean)).toEqual([]);
      await reply(handle, actor(assignedTo!));
      expect(await handle.result()).toBe('closed');
    });
  });
});
