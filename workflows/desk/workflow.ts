import { isExtension, isScore } from '../../domain/desk/policy';
import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { CaseActivities, Deadline } from '../../activities/desk';
import {
  citizenRefusal,
  staffRefusal,
  type Actor,
  type CaseFacts,
  type StaffAction,
} from '../../domain/desk/caseActions';
import type { CaseStatus } from '../../domain/desk/caseStatus';
import { ACTION_REJECTIONS } from '../../domain/desk/copy';
import { incidents, orUndo } from '../shared/incidents';
import type { CaseSnapshot } from '../../db/queries/desk/projection';
import * as m from './messages';
import { DATABASE_STEPS, LOCAL_DATABASE_STEPS, NOTICE_RETRY } from '../shared/activityOptions';
import { noticeFailed } from '../shared/notices';
import * as sa from '../shared/searchAttributes';

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
/** Staff ids are PostgreSQL integers: a larger one could name nobody. */
const MAX_STAFF_ID = 2 ** 31 - 1;

/**
 * One citizen's request, from submission to closing: identity, routing, waiting for the expert
 * under business-day deadlines with a reminder and escalations, the staff's and the citizen's
 * actions, the answer, the feedback window and an objection that reopens the case.
 */
export async function caseWorkflow({ trackingCode }: CaseInput): Promise<CaseStatus> {
  // Cases started before the local steps keep replaying their remote ones.
  const steps = wf.patched('local-database-steps') ? localSteps : activities;
  // The case's own course (and signals) waits out a permanent failure as an incident; an update's
  // steps use `steps` itself, undo their change and tell the caller (orUndo).
  const kept = incidents(trackingCode, 'case').persistent(steps);
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
  const publish = () =>
    wf.upsertSearchAttributes([
      { key: sa.CaseStatus, value: view.status },
      { key: sa.Province, value: view.province },
      { key: sa.AssignedTo, value: view.assignedTo === null ? null : String(view.assignedTo) },
      { key: sa.EscalationLevel, value: view.escalationLevel },
      { key: sa.DueAt, value: view.dueAt ? new Date(view.dueAt) : null },
    ]);
  /** Writes a timeline entry and the case's new state to the projection the pages read. */
  const record = (
    kind: string,
    isPublic: boolean,
    extra: { actorStaffId?: number; messageId?: string; data?: Record<string, unknown> } = {},
    via: Pick<CaseActivities, 'recordEvent'> = kept,
  ) => {
    publish();
    return via.recordEvent({
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
  const notify = (sending: Promise<void>) => inFlight.push(sending.catch(noticeFailed({ trackingCode })));
  /** How the current deadline was counted, so a change of the holiday calendar can count it again. */
  let counted: { from: string; days: number } | null = null;
  const deadlineAfter = async (
    from: string,
    days: number,
    via: Pick<CaseActivities, 'computeDueAt'> = kept,
  ): Promise<CountedDeadline> => ({
    ...(await via.computeDueAt(from, days)),
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

  /** What an update may change, to put back if one of its steps fails permanently. */
  const saved = () => {
    const before = { ...view };
    const rest = {
      answeredAt,
      closedAt,
      remindAt,
      reminded,
      deadlineVersion,
      daysLeftWhenPaused,
      objectionPending,
      counted,
    };
    return () => {
      Object.assign(view, before);
      ({
        answeredAt,
        closedAt,
        remindAt,
        reminded,
        deadlineVersion,
        daysLeftWhenPaused,
        objectionPending,
        counted,
      } = rest);
      publish();
    };
  };
  /** An update's change: undone, and the caller told so, if a step fails permanently. */
  const change = <T>(run: () => Promise<T>) => orUndo(saved(), ACTION_REJECTIONS.stepFailed, run);

  // Every action is checked by the same rules the staff pages use (domain/desk/caseActions.ts).
  const facts = (): CaseFacts => ({
    status: view.status,
    assignedTo: view.assignedTo,
    rated: view.rated,
    objected: view.objected,
  });
  const refuse = (reason: string | null) => {
    if (reason) throw new Error(reason);
  };
  /** A refusal found by the handler rather than the validator: the update fails, the case goes on. */
  const refuseUpdate = (reason: string | null) => {
    if (reason) throw ApplicationFailure.create({ message: reason, type: 'Refused', nonRetryable: true });
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
    ({ actor }) =>
      change(async () => {
        view.assignedTo = actor.staffId;
        await record('claimed', false, { actorStaffId: actor.staffId }, steps);
        return view;
      }),
    { validator: staffMay('claim') },
  );

  wf.setHandler(
    m.assignUpdate,
    async ({ actor, staffId }) => {
      // Cases that took assignments unchecked keep replaying them; the validator cannot read the
      // staff table, so the assignee is checked here, and the state rules again after the wait.
      if (wf.patched('assign-checked')) {
        const { province, desk } = view;
        const checked = await orUndo(
          () => undefined,
          ACTION_REJECTIONS.stepFailed,
          () => steps.checkAssignee({ staffId, province, desk, confidential: kase.confidential }),
        );
        refuseUpdate(checked ?? staffRefusal('assign', facts(), actor));
        // A transfer meanwhile makes the check about another pool.
        if (view.province !== province || view.desk !== desk)
          refuseUpdate(ACTION_REJECTIONS.assigneeNotEligible);
      }
      return change(async () => {
        view.assignedTo = staffId;
        await record(
          'assigned',
          false,
          { actorStaffId: actor.staffId, data: { assignedTo: staffId } },
          steps,
        );
        notify(
          notifications.notifyStaff(
            trackingCode,
            { kind: 'assigned', staffId },
            `${trackingCode}:assigned:${seq}`,
          ),
        );
        return view;
      });
    },
    {
      validator: staffMay('assign', ({ staffId }: { staffId: number }) =>
        Number.isInteger(staffId) && staffId > 0 && staffId <= MAX_STAFF_ID
          ? null
          : ACTION_REJECTIONS.roleNotAllowed,
      ),
    },
  );

  wf.setHandler(
    m.replyUpdate,
    ({ actor, messageId }) =>
      change(async () => {
        // State changes before the first await, so a second reply arriving meanwhile is refused.
        view.status = 'answered';
        view.infoDueAt = null;
        view.answeredBy = actor.staffId;
        answeredAt = now();
        await record('answered', true, { actorStaffId: actor.staffId, messageId }, steps);
        return view;
      }),
    { validator: staffMay('reply') },
  );

  wf.setHandler(
    m.requestInfoUpdate,
    ({ actor, messageId }) =>
      change(async () => {
        view.status = 'info-requested';
        const [left, infoDeadline] = await Promise.all([
          steps.businessDaysLeft(now(), view.dueAt!),
          steps.computeDueAt(now(), kase.infoBusinessDays),
        ]);
        daysLeftWhenPaused = left;
        view.infoDueAt = infoDeadline.dueAt;
        await record('info-requested', true, { actorStaffId: actor.staffId, messageId }, steps);
        notify(
          notifications.notifyCitizen(
            trackingCode,
            'info-requested',
            `${trackingCode}:info-requested:${seq}`,
            view.infoDueAt,
          ),
        );
        return view;
      }),
    { validator: staffMay('requestInfo') },
  );

  wf.setHandler(
    m.noteUpdate,
    ({ actor, messageId }) =>
      change(async () => {
        await record('note', false, { actorStaffId: actor.staffId, messageId }, steps);
        return view;
      }),
    { validator: staffMay('note') },
  );

  wf.setHandler(
    m.transferUpdate,
    async ({ actor, province, desk, messageId }) => {
      // A province that does not exist (or a confidential complaint sent to a province desk) would
      // leave the case where nobody sees it; the provinces are in the database, so checked here.
      if (wf.patched('transfer-checked')) {
        const checked = await orUndo(
          () => undefined,
          ACTION_REJECTIONS.stepFailed,
          () =>
            steps.checkTransfer({
              kase: { province: view.province, desk: view.desk, confidential: kase.confidential },
              target: { province, desk },
            }),
        );
        refuseUpdate(checked ?? staffRefusal('transfer', facts(), actor));
      }
      return change(async () => {
        view.province = province;
        view.desk = desk;
        view.escalationLevel = 0;
        view.assignedTo = null;
        const [assignee, deadline] = await Promise.all([
          steps.assignHandler({ province, desk }),
          deadlineAfter(now(), kase.slaBusinessDays, steps),
        ]);
        view.assignedTo = assignee;
        setDeadline(deadline);
        await record(
          'transferred',
          false,
          { actorStaffId: actor.staffId, messageId, data: { province, desk } },
          steps,
        );
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
      });
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
    ({ actor, businessDays, messageId }) =>
      change(async () => {
        setDeadline(await deadlineAfter(view.dueAt!, businessDays, steps));
        await record(
          'extended',
          false,
          { actorStaffId: actor.staffId, messageId, data: { businessDays } },
          steps,
        );
        return view;
      }),
    {
      validator: staffMay('extend', ({ businessDays }: { businessDays: number }) =>
        isExtension(businessDays) ? null : ACTION_REJECTIONS.badExtension,
      ),
    },
  );

  wf.setHandler(
    m.supplementUpdate,
    ({ messageId }) =>
      change(async () => {
        // The clock runs again with the business days the expert had left.
        view.status = 'routed';
        view.infoDueAt = null;
        setDeadline(await deadlineAfter(now(), daysLeftWhenPaused, steps));
        await record('supplemented', true, { messageId }, steps);
        return view;
      }),
    {
      validator: ({ messageId }) => {
        refuse(citizenRefusal('supplement', facts()));
        if (!messageId) refuse(ACTION_REJECTIONS.messageMissing);
      },
    },
  );

  wf.setHandler(
    m.rateUpdate,
    ({ score }) =>
      change(async () => {
        view.rated = true;
        await record('rated', true, { data: { score } }, steps);
        return view;
      }),
    {
      validator: ({ score }) => {
        refuse(citizenRefusal('rate', facts()));
        if (!isScore(score)) refuse(ACTION_REJECTIONS.badScore);
      },
    },
  );

  wf.setHandler(
    m.objectUpdate,
    ({ messageId }) =>
      change(async () => {
        view.objected = true;
        objectionPending = true;
        await record('objected', true, { messageId }, steps);
        return view;
      }),
    {
      validator: ({ messageId }) => {
        refuse(citizenRefusal('object', facts()));
        if (!messageId) refuse(ACTION_REJECTIONS.messageMissing);
      },
    },
  );

  const kase = await kept.loadCase(trackingCode);
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
    kept.assignHandler(kase),
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
    const feedbackWindow = await kept.computeDueAt(now(), kase.feedbackBusinessDays);
    let objected: boolean;
    for (;;) {
      objected = await wf.condition(() => objectionPending, msUntil(feedbackWindow.dueAt));
      await wf.condition(wf.allHandlersFinished);
      // An objection whose step failed was undone: the window is still open.
      if (!objected || objectionPending) break;
    }
    if (!objected) {
      view.status = 'closed';
      closedAt = now();
      await record('closed', true);
      notify(notifications.notifyCitizen(trackingCode, 'closed', `${trackingCode}:closed`));
      break;
    }
    objectionPending = false;
    const [supervisor, deadline] = await Promise.all([
      kept.supervisorOf(view.province),
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
