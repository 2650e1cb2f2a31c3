import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import { mayReply, type CaseStatus } from '../domain/caseStatus';
import { ACTION_REJECTIONS } from '../domain/messages';
import type { CaseSnapshot } from '../db/queries/projection';
import { caseViewQuery, replyUpdate, type CaseView } from './messages';
import * as sa from './searchAttributes';

const activities = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m' },
});

/** The first identity check gives up soon, so the case can say it is waiting for the registry. */
const firstIdentityCheck = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});

export interface CaseInput {
  trackingCode: string;
}

/** Levels of escalation: 1 the province supervisor, 2 headquarters and the Inspection Office. */
export const MAX_ESCALATION_LEVEL = 2;

/**
 * One citizen's request, from submission to closing: identity, routing, waiting for the expert
 * under business-day deadlines with escalations, the answer, the feedback window.
 */
export async function caseWorkflow({ trackingCode }: CaseInput): Promise<CaseStatus> {
  const view: CaseView = {
    trackingCode,
    status: 'received',
    assignedTo: null,
    escalationLevel: 0,
    dueAt: null,
    answeredBy: null,
  };
  let answeredAt: string | null = null;
  let closedAt: string | null = null;
  let seq = 0;

  const now = () => new Date().toISOString();
  const snapshot = (): CaseSnapshot => ({
    status: view.status,
    assignedTo: view.assignedTo,
    escalationLevel: view.escalationLevel,
    dueAt: view.dueAt,
    answeredAt,
    answeredBy: view.answeredBy,
    closedAt,
  });
  const publishState = () =>
    wf.upsertSearchAttributes([
      { key: sa.CaseStatus, value: view.status },
      { key: sa.AssignedTo, value: view.assignedTo === null ? null : String(view.assignedTo) },
      { key: sa.EscalationLevel, value: view.escalationLevel },
      { key: sa.DueAt, value: view.dueAt ? new Date(view.dueAt) : null },
    ]);
  /** Writes a timeline entry and the case's new state to the projection the pages read. */
  const record = (
    kind: string,
    isPublic: boolean,
    extra: { actorStaffId?: number; messageId?: string; data?: Record<string, unknown> } = {},
  ) => {
    publishState();
    return activities.recordEvent({
      trackingCode,
      seq: ++seq,
      kind,
      public: isPublic,
      at: now(),
      ...extra,
      snapshot: snapshot(),
    });
  };

  wf.setHandler(caseViewQuery, () => view);
  wf.setHandler(
    replyUpdate,
    async ({ actor, messageId }) => {
      // State changes before the first await, so a second reply arriving meanwhile is refused.
      view.status = 'answered';
      view.answeredBy = actor.staffId;
      answeredAt = now();
      await record('answered', true, { actorStaffId: actor.staffId, messageId });
      return view;
    },
    {
      validator: ({ actor, messageId }) => {
        if (view.status !== 'routed') throw new Error(ACTION_REJECTIONS.notWaitingForReply);
        if (!mayReply(actor.role)) throw new Error(ACTION_REJECTIONS.roleMayNotReply);
        if (!messageId) throw new Error(ACTION_REJECTIONS.messageMissing);
      },
    },
  );

  const kase = await activities.loadCase(trackingCode);
  wf.upsertSearchAttributes([
    { key: sa.TrackingCode, value: trackingCode },
    { key: sa.Province, value: kase.province },
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
    await activities.notifyCitizen(trackingCode, 'rejected', `${trackingCode}:rejected`);
    return view.status;
  }
  await record('identity-verified', true);

  // 2. Routing to the province's desk (or the Inspection Office), and the first deadline.
  view.assignedTo = await activities.assignHandler(kase);
  view.dueAt = await activities.computeDueAt(now(), kase.slaBusinessDays);
  view.status = 'routed';
  await record('routed', true, { data: { assignedTo: view.assignedTo } });
  await activities.notifyCitizen(trackingCode, 'received', `${trackingCode}:received`);
  if (view.assignedTo !== null) {
    await activities.notifyStaff(
      trackingCode,
      { kind: 'assigned', staffId: view.assignedTo },
      `${trackingCode}:assigned:${seq}`,
    );
  }

  // 3. Waiting for the answer; each missed deadline escalates one level up.
  while (view.status === 'routed') {
    const untilDue = Date.parse(view.dueAt!) - Date.now();
    if (untilDue > 0 && (await wf.condition(() => view.status !== 'routed', untilDue))) break;
    if (view.escalationLevel >= MAX_ESCALATION_LEVEL) {
      await wf.condition(() => view.status !== 'routed');
      break;
    }
    view.escalationLevel++;
    view.dueAt = await activities.computeDueAt(now(), kase.escalationBusinessDays);
    await record('escalated', false, { data: { level: view.escalationLevel } });
    await activities.notifyStaff(
      trackingCode,
      { kind: 'escalated', level: view.escalationLevel, province: kase.province },
      `${trackingCode}:escalated:${view.escalationLevel}`,
    );
  }

  // 4. Answered: tell the citizen, keep the case open for feedback, then close it.
  await wf.condition(wf.allHandlersFinished);
  await activities.notifyCitizen(trackingCode, 'answered', `${trackingCode}:answered`);
  const closesAt = await activities.computeDueAt(now(), kase.feedbackBusinessDays);
  await wf.sleep(Math.max(Date.parse(closesAt) - Date.now(), 1));
  view.status = 'closed';
  closedAt = now();
  await record('closed', true);
  return view.status;
}
