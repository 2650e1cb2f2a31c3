import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure, TemporalFailure } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/desk';
import type { CaseStatus } from '../../domain/desk/caseStatus';
import { handlersFinished, msUntil, stepsOf } from '../shared/kit';
import * as m from './messages';
import { CaseState, MAX_ESCALATION_LEVEL } from './state';

export { MAX_ESCALATION_LEVEL };

/** The first identity check gives up soon, so the case can say it is waiting for the registry. */
const firstIdentityCheck = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});

export interface CaseInput {
  trackingCode: string;
}

/**
 * One citizen's request, from submission to closing: identity, routing, waiting for the expert
 * under business-day deadlines with a reminder and escalations, the staff's and the citizen's
 * actions, the answer, the feedback window and an objection that reopens the case. The state and
 * its transitions are CaseState's (workflows/desk/state.ts); this is the process.
 */
export async function caseWorkflow({ trackingCode }: CaseInput): Promise<CaseStatus> {
  // Cases started before the local steps keep replaying their remote ones. The case's own course
  // (and signals) waits out a permanent failure as an incident.
  const steps = stepsOf<CaseActivities>(trackingCode, 'case', 'local-database-steps');
  const kase = new CaseState(trackingCode, steps);

  wf.setHandler(m.caseViewQuery, () => kase.view);
  wf.setHandler(m.calendarChangedSignal, () => kase.recount());
  // Every action is checked by the same rules the staff pages use (domain/desk/caseActions.ts).
  wf.setHandler(m.claimUpdate, ({ actor }) => kase.claim(actor), {
    validator: (args) => kase.staffMay('claim', args),
  });
  wf.setHandler(m.assignUpdate, ({ actor, staffId }) => kase.assign(actor, staffId), {
    validator: (args) => kase.staffMay('assign', args, () => CaseState.validStaffId(args.staffId)),
  });
  wf.setHandler(m.replyUpdate, ({ actor, messageId }) => kase.reply(actor, messageId), {
    validator: (args) => kase.staffMay('reply', args),
  });
  wf.setHandler(m.requestInfoUpdate, ({ actor, messageId }) => kase.requestInfo(actor, messageId), {
    validator: (args) => kase.staffMay('requestInfo', args),
  });
  wf.setHandler(m.noteUpdate, ({ actor, messageId }) => kase.note(actor, messageId), {
    validator: (args) => kase.staffMay('note', args),
  });
  wf.setHandler(
    m.transferUpdate,
    ({ actor, province, desk, messageId }) => kase.transfer(actor, province, desk, messageId),
    {
      validator: (args) =>
        kase.staffMay('transfer', args, () => kase.validTransfer(args.province, args.desk)),
    },
  );
  wf.setHandler(
    m.extendUpdate,
    ({ actor, businessDays, messageId }) => kase.extend(actor, businessDays, messageId),
    { validator: (args) => kase.staffMay('extend', args, () => CaseState.validExtension(args.businessDays)) },
  );
  wf.setHandler(m.supplementUpdate, ({ messageId }) => kase.supplement(messageId), {
    validator: ({ messageId }) => kase.citizenMay('supplement', () => CaseState.withText(messageId)),
  });
  wf.setHandler(m.rateUpdate, ({ score }) => kase.rate(score), {
    validator: ({ score }) => kase.citizenMay('rate', () => CaseState.validScore(score)),
  });
  wf.setHandler(m.objectUpdate, ({ messageId }) => kase.object(messageId), {
    validator: ({ messageId }) => kase.citizenMay('object', () => CaseState.withText(messageId)),
  });

  // 0. Received: the routing keys, the search attributes, the first entry.
  await kase.load();

  // 1. Identity: a registry outage delays the case, never drops it.
  if ((await verifyIdentity(kase)) === 'mismatch') {
    await kase.reject();
    await kase.notices.settled();
    return kase.view.status;
  }
  // 2. Routing to the province's desk (or the Inspection Office), and the first deadline.
  await kase.verifiedAndRouted();

  // 3. Until the answer (untilAnswered); 4. the feedback window, and an objection that sends the
  // case back to the supervisor.
  for (;;) {
    if ((await untilAnswered(kase)) === 'unanswered-by-citizen') {
      await kase.closeUnanswered();
      break;
    }
    if (!(await objectedInTime(kase))) {
      await kase.close();
      break;
    }
    await kase.reopen();
  }

  await kase.notices.settled();
  return kase.view.status;
}

/**
 * The same first check as a local activity (`case-lean-steps`): the case opens, is checked and
 * routed in its first workflow task, without a round trip through the server for the check.
 */
const firstLocalIdentityCheck = wf.proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});

/** Three quick attempts; then the case says it waits for the registry, and retries without limit. */
async function verifyIdentity(kase: CaseState): Promise<'match' | 'mismatch'> {
  try {
    return await (kase.lean ? firstLocalIdentityCheck : firstIdentityCheck).verifyIdentity(kase.trackingCode);
  } catch (err) {
    // A remote activity's failure comes wrapped in an ActivityFailure, a local one's as it was thrown.
    const failure = err instanceof ActivityFailure ? err.cause : kase.lean ? err : undefined;
    if (
      !(err instanceof ActivityFailure || (kase.lean && err instanceof TemporalFailure)) ||
      (failure instanceof ApplicationFailure && failure.nonRetryable)
    )
      throw err;
    await kase.awaitIdentity();
    return await kase.remote.verifyIdentity(kase.trackingCode);
  }
}

/** 3. Until the answer: remind, escalate at each missed deadline, pause while the citizen is asked. */
async function untilAnswered(kase: CaseState): Promise<'answered' | 'unanswered-by-citizen'> {
  const { view, course } = kase;
  for (;;) {
    // Read the state only when no action is half-way through changing it.
    await handlersFinished();
    if (view.status === 'answered') return 'answered';
    if (view.status === 'info-requested') {
      if (!(await wf.condition(() => view.status !== 'info-requested', msUntil(view.infoDueAt!)))) {
        await handlersFinished();
        if (view.status === 'info-requested') return 'unanswered-by-citizen';
      }
      continue;
    }
    const version = course.deadlineVersion;
    const changed = () => view.status !== 'routed' || course.deadlineVersion !== version;
    const reminding = !course.reminded && course.remindAt !== null && course.remindAt < view.dueAt!;
    if (await wf.condition(changed, msUntil(reminding ? course.remindAt! : view.dueAt!))) continue;
    if (reminding) {
      await kase.remind(version);
      continue;
    }
    if (view.escalationLevel >= MAX_ESCALATION_LEVEL) {
      await wf.condition(changed);
      continue;
    }
    await kase.escalate();
  }
}

/** The answer is out: whether the citizen objects before the feedback window closes. */
async function objectedInTime(kase: CaseState): Promise<boolean> {
  const windowEnds = await kase.answered();
  for (;;) {
    const objected = await wf.condition(() => kase.course.objectionPending, msUntil(windowEnds));
    await handlersFinished();
    // An objection whose step failed was undone: the window is still open.
    if (!objected || kase.course.objectionPending) return objected;
  }
}
