import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { CaseActivities, Deadline } from '../activities';
import {
  citizenRefusal,
  staffRefusal,
  type Actor,
  type CaseFacts,
  type StaffAction,
} from '../domain/caseActions';
import type { CaseStatus } from '../domain/caseStatus';
import { ACTION_REJECTIONS } from '../domain/messages';
import type { CaseSnapshot } from '../db/queries/projection';
import * as m from './messages';
import { DATABASE_STEPS, LOCAL_DATABASE_STEPS, NOTICE_RETRY } from './activityOptions';
import * as sa from './searchAttributes';

const activities = wf.proxyActivities<CaseActivities>(DATABASE_STEPS);

/** The short database steps (projection, deadlines, routing look-ups) as local activities. */
const localSteps = wf.proxyLocalActivities<CaseActivities>(LOCAL_DATABASE_STEPS);

/** The first identity check gives up soon, so the case can say it is waiting for the registry. */
const firstIdentityCheck = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});

const notifications = wf.proxyActivities<CaseActivities>({ startToCloseTimeout: '1m', retry: NOTICE_RETRY });

interface CountedDeadline extends Deadline {
  from: string;
  days: number;
}

export interface CaseInput {
  trackingCode: string;
}

/** Levels of escalation: 1 the province supervisor, 2 headquarters and the Inspection Office. */
export const MAX_ESCALATION_LEVEL = 2;
const MAX_EXTENSION_DAYS = 30;

/**
 * One citizen's request, from submission to closing: identity, routing, waiting for the expert
 * under business-day deadlines with a reminder and escalations, the staff's and the citizen's
 * actions, the answer, the feedback window and an objection that reopens the case.
 */
export async function caseWorkflow({ trackingCode }: CaseInput): Promise<CaseStatus> {
  // Cases started before the local steps keep replaying their remote ones.
  const steps = wf.patched('local-database-steps') ? localSteps : activities;
  const view: m.CaseView = {
    trackingCode,
    status: 'received',
    province: '',
    desk: 'province',
    assignedTo: null,
    escalationLevel: 0,
    dueAt: null,
    infoDueAt: null,
    answeredBy: null,
    rated: false,
    objected: false,
  };
  let answeredAt: string | null = null;
  let closedAt: string | null = null;
  let seq = 0;
  let remindAt: string | null = null;
  let reminded = false;
  /** Bumped by every new deadline, so a wait on the old one knows to start over. */
  let deadlineVersion = 0;
  /** Business days the expert had left when the citizen was asked for information. */
  let daysLeftWhenPaused = 1;
  let objectionPending = false;
  const inFlight: Promise<unknown>[] = [];

  const now = () => new Date().toISOString();
  const msUntil = (iso: string) => Math.max(Date.parse(iso) - Date.now(), 1);
  const snapshot = (): CaseSnapshot => ({
    status: view.status,
    province: view.province,
    desk: view.desk,
    assignedTo: view.assignedTo,
    escalationLevel: view.escalationLevel,
    dueAt: view.dueAt,
    answeredAt,
    answeredBy: view.answeredBy,
    closedAt,
  });
  /** Writes a timeline entry and the case's new state to the projection the pages read. */
  const record = (
    kind: string,
    isPublic: boolean,
    extra: { actorStaffId?: number; messageId?: string; data?: Record<string, unknown> } = {},
  ) => {
    wf.upsertSearchAttributes([
      { key: sa.CaseStatus, value: view.status },
      { key: sa.Province, value: view.province },
      { key: sa.AssignedTo, value: view.assignedTo === null ? null : String(view.assignedTo) },
      { key: sa.EscalationLevel, value: view.escalationLevel },
      { key: sa.DueAt, value: view.dueAt ? new Date(view.dueAt) : null },
    ]);
    return steps.recordEvent({
      trackingCode,
      seq: ++seq,
      kind,
      public: isPublic,
      at: now(),
      ...extra,
      snapshot: snapshot(),
    });
  };
  /** Sends without waiting: the case goes on, and the workflow ends only after every notice is settled. */
  const notify = (sending: Promise<void>) => inFlight.push(sending.catch(() => undefined));
  /** How the current deadline was counted, so a change of the holiday calendar can count it again. */
  let counted: { from: string; days: number } | null = null;
  const deadlineAfter = async (from: string, days: number): Promise<CountedDeadline> => ({
    ...(await steps.computeDueAt(from, days)),
    from,
    days,
  });
  const setDeadline = (d: CountedDeadline) => {
    counted = { from: d.from, days: d.days };
    view.dueAt = d.dueAt;
    remindAt = d.remindAt;
    reminded = false;
    deadlineVersion++;
  };

  // Every action is checked by the same rules the staff pages use (domain/caseActions.ts).
  const facts = (): CaseFacts => ({
    status: view.status,
    assignedTo: view.assignedTo,
    rated: view.rated,
    objected: view.objected,
  });
  const refuse = (reason: string | null) => {
    if (reason) throw new Error(reason);
  };
  const staffMay =
    (action: StaffAction, more: (args: never) => string | null = () => null) =>
    (args: { actor: Actor; messageId?: string }) => {
      refuse(staffRefusal(action, facts(), args.actor));
      if ('messageId' in args && !args.messageId) refuse(ACTION_REJECTIONS.messageMissing);
      refuse(more(args as never));
    };

  wf.setHandler(m.caseViewQuery, () => view);

  // An admin changed the holiday calendar: the running deadline is counted again on the new one.
  wf.setHandler(m.calendarChangedSignal, async () => {
    const basis = counted;
    if (view.status !== 'routed' || basis === null) return;
    const recounted = await deadlineAfter(basis.from, basis.days);
    if (counted !== basis || view.status !== 'routed' || recounted.dueAt === view.dueAt) return;
    setDeadline(recounted);
    await record('deadline-recounted', false, { data: { dueAt: recounted.dueAt } });
  });

  wf.setHandler(
    m.claimUpdate,
    async ({ actor }) => {
      view.assignedTo = actor.staffId;
      await record('claimed', false, { actorStaffId: actor.staffId });
      return view;
    },
    { validator: staffMay('claim') },
  );

  wf.setHandler(
    m.assignUpdate,
    async ({ actor, staffId }) => {
      view.assignedTo = staffId;
      await record('assigned', false, { actorStaffId: actor.staffId, data: { assignedTo: staffId } });
      notify(
        notifications.notifyStaff(
          trackingCode,
          { kind: 'assigned', staffId },
          `${trackingCode}:assigned:${seq}`,
        ),
      );
      return view;
    },
    {
      validator: staffMay('assign', ({ staffId }: { staffId: number }) =>
        Number.isInteger(staffId) && staffId > 0 ? null : ACTION_REJECTIONS.roleNotAllowed,
      ),
    },
  );

  wf.setHandler(
    m.replyUpdate,
    async ({ actor, messageId }) => {
      // State changes before the first await, so a second reply arriving meanwhile is refused.
      view.status = 'answered';
      view.infoDueAt = null;
      view.answeredBy = actor.staffId;
      answeredAt = now();
      await record('answered', true, { actorStaffId: actor.staffId, messageId });
      return view;
    },
    { validator: staffMay('reply') },
  );

  wf.setHandler(
    m.requestInfoUpdate,
    async ({ actor, messageId }) => {
      view.status = 'info-requested';
      const [left, infoDeadline] = await Promise.all([
        steps.businessDaysLeft(now(), view.dueAt!),
        steps.computeDueAt(now(), kase.infoBusinessDays),
      ]);
      daysLeftWhenPaused = left;
      view.infoDueAt = infoDeadline.dueAt;
      await record('info-requested', true, { actorStaffId: actor.staffId, messageId });
      notify(
        notifications.notifyCitizen(
          trackingCode,
          'info-requested',
          `${trackingCode}:info-requested:${seq}`,
          view.infoDueAt,
        ),
      );
      return view;
    },
    { validator: staffMay('requestInfo') },
  );

  wf.setHandler(
    m.noteUpdate,
    async ({ actor, messageId }) => {
      await record('note', false, { actorStaffId: actor.staffId, messageId });
      return view;
    },
    { validator: staffMay('note') },
  );

  wf.setHandler(
    m.transferUpdate,
    async ({ actor, province, desk, messageId }) => {
      view.province = province;
      view.desk = desk;
      view.escalationLevel = 0;
      view.assignedTo = null;
      const [assignee, deadline] = await Promise.all([
        steps.assignHandler({ province, desk }),
        deadlineAfter(now(), kase.slaBusinessDays),
      ]);
      view.assignedTo = assignee;
      setDeadline(deadline);
      await record('transferred', false, {
        actorStaffId: actor.staffId,
        messageId,
        data: { province, desk },
      });
      if (assignee !== null) {
        notify(
          notifications.notifyStaff(
            trackingCode,
            { kind: 'assigned', staffId: assignee },
            `${trackingCode}:assigned:${seq}`,
          ),
        );
      }
      return view;
    },
    {
      validator: staffMay('transfer', ({ province, desk }: { province: string; desk: string }) =>
        !province ||
        (desk !== 'province' && desk !== 'inspection') ||
        (province === view.province && desk === view.desk)
          ? ACTION_REJECTIONS.badTransfer
          : null,
      ),
    },
  );

  wf.setHandler(
    m.extendUpdate,
    async ({ actor, businessDays, messageId }) => {
      setDeadline(await deadlineAfter(view.dueAt!, businessDays));
      await record('extended', false, { actorStaffId: actor.staffId, messageId, data: { businessDays } });
      return view;
    },
    {
      validator: staffMay('extend', ({ businessDays }: { businessDays: number }) =>
        Number.isInteger(businessDays) && businessDays >= 1 && businessDays <= MAX_EXTENSION_DAYS
          ? null
          : ACTION_REJECTIONS.badExtension,
      ),
    },
  );

  wf.setHandler(
    m.supplementUpdate,
    async ({ messageId }) => {
      // The clock runs again with the business days the expert had left.
      view.status = 'routed';
      view.infoDueAt = null;
      setDeadline(await deadlineAfter(now(), daysLeftWhenPaused));
      await record('supplemented', true, { messageId });
      return view;
    },
    {
      validator: ({ messageId }) => {
        refuse(citizenRefusal('supplement', facts()));
        if (!messageId) refuse(ACTION_REJECTIONS.messageMissing);
      },
    },
  );

  wf.setHandler(
    m.rateUpdate,
    async ({ score }) => {
      view.rated = true;
      await record('rated', true, { data: { score } });
      return view;
    },
    {
      validator: ({ score }) => {
        refuse(citizenRefusal('rate', facts()));
        if (!Number.isInteger(score) || score < 1 || score > 5) refuse(ACTION_REJECTIONS.badScore);
      },
    },
  );

  wf.setHandler(
    m.objectUpdate,
    async ({ messageId }) => {
      view.objected = true;
      objectionPending = true;
      await record('objected', true, { messageId });
      return view;
    },
    {
      validator: ({ messageId }) => {
        refuse(citizenRefusal('object', facts()));
        if (!messageId) refuse(ACTION_REJECTIONS.messageMissing);
      },
    },
  );

  const kase = await steps.loadCase(trackingCode);
  view.province = kase.province;
  view.desk = kase.desk;
  wf.upsertSearchAttributes([
    { key: sa.TrackingCode, value: trackingCode },
    { key: sa.Subject, value: kase.subject },
    { key: sa.NationalCodeHash, value: kase.nationalCodeHash },
  ]);
  wf.upsertMemo({ summary: `${kase.subject}/${kase.subSubject} · ${kase.province} · ${kase.desk}` });
  await record('received', true);

  // 1. Identity: a registry outage delays the case, never drops it.
  let identity: 'match' | 'mismatch';
  try {
    identity = await firstIdentityCheck.verifyIdentity(trackingCode);
  } catch (err) {
    if (
      !(err instanceof ActivityFailure) ||
      (err.cause instanceof ApplicationFailure && err.cause.nonRetryable)
    )
      throw err;
    view.status = 'awaiting-identity';
    await record('awaiting-identity', true);
    identity = await activities.verifyIdentity(trackingCode);
  }
  if (identity === 'mismatch') {
    view.status = 'rejected';
    closedAt = now();
    await record('rejected', true);
    notify(notifications.notifyCitizen(trackingCode, 'rejected', `${trackingCode}:rejected`));
    await Promise.all(inFlight);
    return view.status;
  }
  await record('identity-verified', true);

  // 2. Routing to the province's desk (or the Inspection Office), and the first deadline.
  const [assignee, firstDeadline] = await Promise.all([
    steps.assignHandler(kase),
    deadlineAfter(now(), kase.slaBusinessDays),
  ]);
  view.assignedTo = assignee;
  setDeadline(firstDeadline);
  view.status = 'routed';
  await record('routed', true, { data: { assignedTo: view.assignedTo } });
  notify(notifications.notifyCitizen(trackingCode, 'received', `${trackingCode}:received`));
  if (assignee !== null) {
    notify(
      notifications.notifyStaff(
        trackingCode,
        { kind: 'assigned', staffId: assignee },
        `${trackingCode}:assigned:${seq}`,
      ),
    );
  }

  /** 3. Until the answer: remind, escalate at each missed deadline, pause while the citizen is asked. */
  async function untilAnswered(): Promise<'answered' | 'unanswered-by-citizen'> {
    for (;;) {
      // Read the state only when no action is half-way through changing it.
      await wf.condition(wf.allHandlersFinished);
      if (view.status === 'answered') return 'answered';
      if (view.status === 'info-requested') {
        if (!(await wf.condition(() => view.status !== 'info-requested', msUntil(view.infoDueAt!)))) {
          await wf.condition(wf.allHandlersFinished);
          if (view.status === 'info-requested') return 'unanswered-by-citizen';
        }
        continue;
      }
      const version = deadlineVersion;
      const changed = () => view.status !== 'routed' || deadlineVersion !== version;
      const reminding = !reminded && remindAt !== null && remindAt < view.dueAt!;
      if (await wf.condition(changed, msUntil(reminding ? remindAt! : view.dueAt!))) continue;
      if (reminding) {
        reminded = true;
        if (view.assignedTo !== null) {
          await record('reminder', false);
          notify(
            notifications.notifyStaff(
              trackingCode,
              { kind: 'reminder', staffId: view.assignedTo },
              `${trackingCode}:reminder:${version}`,
              view.dueAt!,
            ),
          );
        }
        continue;
      }
      if (view.escalationLevel >= MAX_ESCALATION_LEVEL) {
        await wf.condition(changed);
        continue;
      }
      view.escalationLevel++;
      setDeadline(await deadlineAfter(now(), kase.escalationBusinessDays));
      await record('escalated', false, { data: { level: view.escalationLevel } });
      notify(
        notifications.notifyStaff(
          trackingCode,
          { kind: 'escalated', level: view.escalationLevel, province: view.province, desk: view.desk },
          `${trackingCode}:escalated:${deadlineVersion}`,
        ),
      );
    }
  }

  // 4. The answer, the feedback window, and an objection that sends the case to the supervisor.
  for (;;) {
    if ((await untilAnswered()) === 'unanswered-by-citizen') {
      view.status = 'unanswered-by-citizen';
      closedAt = now();
      await record('unanswered-by-citizen', true);
      notify(
        notifications.notifyCitizen(trackingCode, 'unanswered-by-citizen', `${trackingCode}:unanswered`),
      );
      break;
    }
    notify(notifications.notifyCitizen(trackingCode, 'answered', `${trackingCode}:answered:${seq}`));
    const feedbackWindow = await steps.computeDueAt(now(), kase.feedbackBusinessDays);
    if (!(await wf.condition(() => objectionPending, msUntil(feedbackWindow.dueAt)))) {
      await wf.condition(wf.allHandlersFinished);
      view.status = 'closed';
      closedAt = now();
      await record('closed', true);
      notify(notifications.notifyCitizen(trackingCode, 'closed', `${trackingCode}:closed`));
      break;
    }
    await wf.condition(wf.allHandlersFinished);
    objectionPending = false;
    const [supervisor, deadline] = await Promise.all([
      steps.supervisorOf(view.province),
      deadlineAfter(now(), kase.slaBusinessDays),
    ]);
    view.status = 'routed';
    view.answeredBy = null;
    answeredAt = null;
    view.assignedTo = supervisor ?? view.assignedTo;
    view.escalationLevel = Math.max(view.escalationLevel, 1);
    setDeadline(deadline);
    await record('reopened', false, { data: { assignedTo: view.assignedTo } });
    if (view.assignedTo !== null) {
      notify(
        notifications.notifyStaff(
          trackingCode,
          { kind: 'objected', staffId: view.assignedTo },
          `${trackingCode}:objected`,
        ),
      );
    }
  }

  await Promise.all(inFlight);
  return view.status;
}
