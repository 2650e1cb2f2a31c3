import { ApplicationFailure, heartbeat, sleep } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import Handlebars from 'handlebars';
import {
  finalizeBooking,
  holdSeat,
  releaseSeat,
  type HoldRequest,
  type HoldResult,
} from '../../db/queries/hajj/bookings';
import {
  applyJourneyEvent,
  pilgrimFacts,
  pilgrimsFacts,
  recordCalls,
  recordCancellation,
  type CancellationReceipt,
  type JourneyEvent,
  type PilgrimFacts,
} from '../../db/queries/hajj/journeys';
import {
  markNotificationSent,
  markNotificationsSent,
  recordNotification,
  recordNotifications,
  type OutgoingNotification,
} from '../../db/queries/shared/notifications';
import {
  roundBatch,
  markRoundStarted,
  completeRound,
  announceRound,
  openReplacementRound,
} from '../../db/queries/hajj/rounds';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDateTime } from '../../domain/shared/jalali';
import {
  HAJJ_KIND_LABELS,
  HAJJ_NOTIFICATION_TEMPLATES,
  HAJJ_STEP_LABELS,
  type HajjNotificationKind,
} from '../../domain/hajj/copy';
import { loadCalendarSettings } from '../../db/queries/shared/calendar';
import { addBusinessDays } from '../../domain/shared/businessCalendar';
import type { JourneyInput } from '../../workflows/hajj/messages';
import { startJourneyWorkflow, startRoundWorkflow } from '../../workflows/hajj/client';
import { BadReference } from '../../db/errors';
import { journeyKindOf } from '../../domain/hajj/kinds';
import type { ActivityDeps } from '../desk';
import type { NotificationChannel } from '../integrations/notifications';
import { failPermanentErrorsAtOnce } from '../shared/permanent';
import { staffNotifier } from '../shared/staffNotices';

const templates = Object.fromEntries(
  Object.entries(HAJJ_NOTIFICATION_TEMPLATES).map(([kind, t]) => [
    kind,
    { subject: Handlebars.compile(t.subject), body: Handlebars.compile(t.body, { noEscape: true }) },
  ]),
) as Record<
  HajjNotificationKind,
  { subject: Handlebars.TemplateDelegate; body: Handlebars.TemplateDelegate }
>;

/**
 * Journeys' first workflow tasks a round lets wait in the Hajj task queue before it calls more: the
 * round goes at the pace the workers keep, and a staff member's step on a journey already called
 * never waits behind a round's hundred thousand journeys, only behind this many. (Citizens'
 * requests have their own task queue.)
 */
const MAX_JOURNEY_BACKLOG = 500;

/** Messages a batch hands the SMS gateway at once. */
const SMS_CONCURRENCY = 8;

/**
 * Waits, heartbeating, until a task queue's workflow backlog is at most `limit`. A server that gives
 * no task queue statistics (the time-skipping test server) is not waited for.
 */
export async function backlogAtMost(client: Client, taskQueue: string, limit: number): Promise<void> {
  for (;;) {
    let backlog: number;
    try {
      const { stats } = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        reportStats: true,
      });
      backlog = Number(stats?.approximateBacklogCount ?? 0);
    } catch {
      return;
    }
    if (backlog <= limit) return;
    heartbeat();
    await sleep(500);
  }
}

export interface JourneyNoticeVars {
  caravan?: string;
  dueAt?: string;
  step?: keyof typeof HAJJ_STEP_LABELS;
  receipt?: string;
}

/**
 * The Hajj journey's side effects, beside the case's (the business calendar's `computeDueAt` is
 * shared). Each is keyed so that a retry finds its work done.
 */
export function createJourneyActivities(deps: ActivityDeps, temporal?: Client) {
  const { db } = deps;
  const notifyStaffMembers = staffNotifier(deps);

  async function send(channel: NotificationChannel, n: OutgoingNotification) {
    const recorded = await recordNotification(db, n);
    if (recorded.sent) return;
    await channel.send(n);
    await markNotificationSent(db, recorded.id);
  }

  /**
   * Starts journeys at once. A journey already started (an earlier run of the round) is left as it
   * is: its ID is taken for good.
   */
  async function startJourneys(inputs: JourneyInput[], taskQueue: string): Promise<number> {
    if (!temporal) throw ApplicationFailure.nonRetryable('this worker has no Temporal client');
    const started = await Promise.all(
      inputs.map((input) => startJourneyWorkflow(temporal, taskQueue, input).then(Number)),
    );
    return started.reduce<number>((a, b) => a + b, 0);
  }

  /** A notice's text, naming the deposit's journey kind (the Hajj's when the deposit has none). */
  const render = (kind: HajjNotificationKind, vars: JourneyNoticeVars, journeyKind?: string) => {
    const values = {
      kind: HAJJ_KIND_LABELS[journeyKindOf(journeyKind)],
      caravan: vars.caravan ?? '',
      dueAt: vars.dueAt ? formatJalaliDateTime(new Date(vars.dueAt)) : '',
      step: vars.step ? HAJJ_STEP_LABELS[vars.step] : '',
      receipt: vars.receipt ? toPersianDigits(vars.receipt) : '',
      count: '',
    };
    return { subject: templates[kind].subject(values), body: templates[kind].body(values) };
  };

  return failPermanentErrorsAtOnce({
    async loadPilgrim(depositNumber: string): Promise<PilgrimFacts> {
      const facts = await pilgrimFacts(db, depositNumber);
      if (!facts) throw new BadReference(`no deposit ${depositNumber}`);
      return facts;
    },

    async holdSeat(request: HoldRequest): Promise<HoldResult> {
      return holdSeat(db, request);
    },

    async finalizeBooking(bookingId: number): Promise<void> {
      await finalizeBooking(db, bookingId);
    },

    async releaseSeat(bookingId: number, status: 'released' | 'cancelled'): Promise<void> {
      await releaseSeat(db, bookingId, status);
    },

    async cancelJourney(c: Parameters<typeof recordCancellation>[1]): Promise<CancellationReceipt> {
      return recordCancellation(db, c);
    },

    async recordJourneyEvent(event: JourneyEvent): Promise<void> {
      await applyJourneyEvent(db, event);
    },

    /** An SMS to the pilgrim, when the bank's file gave a mobile number; `key` sends it once. */
    async notifyPilgrim(
      depositNumber: string,
      kind: HajjNotificationKind,
      key: string,
      vars: JourneyNoticeVars = {},
    ): Promise<void> {
      const deposit = await db('hajj_deposits')
        .where({ deposit_number: depositNumber })
        .first('mobile', 'kind');
      if (!deposit?.mobile) return;
      await send(deps.sms, {
        ...render(kind, vars, deposit.kind),
        dedupeKey: `${key}:sms`,
        channel: 'sms',
        recipient: deposit.mobile,
        trackingCode: null,
      });
    },

    /**
     * The call-up SMS to each pilgrim of a round's batch, part of the round's announcement: one
     * activity for the batch instead of one per journey. A retry sends only what is not yet sent.
     */
    async notifyCalled(depositNumbers: string[]): Promise<void> {
      const deposits = await db('hajj_deposits')
        .whereIn('deposit_number', depositNumbers)
        .whereNotNull('mobile')
        .select('deposit_number', 'mobile', 'kind');
      const pending = await recordNotifications(
        db,
        deposits.map((d) => ({
          ...render('called', {}, d.kind),
          dedupeKey: `${d.deposit_number}:called:sms`,
          channel: 'sms' as const,
          recipient: d.mobile,
          trackingCode: null,
        })),
      );
      const sent: number[] = [];
      let next = 0;
      try {
        await Promise.all(
          Array.from({ length: Math.min(SMS_CONCURRENCY, pending.length) }, async () => {
            while (next < pending.length) {
              const n = pending[next++];
              await deps.sms.send(n);
              sent.push(n.id);
            }
          }),
        );
      } finally {
        await markNotificationsSent(db, sent);
      }
    },

    /**
     * A notice to a staff member (the caravan's agent) about a pilgrim's journey: on the notices page
     * and through the channels they chose. The journey's keys begin with the deposit number.
     */
    async notifyStaffMember(
      staffId: number,
      kind: HajjNotificationKind,
      key: string,
      vars: JourneyNoticeVars = {},
    ): Promise<void> {
      const deposit = await db('hajj_deposits')
        .where({ deposit_number: key.split(':')[0] })
        .first('kind');
      await notifyStaffMembers([staffId], {
        ...render(kind, vars, deposit?.kind),
        key,
        kind: kind === 'reminder' ? 'deadline' : 'work',
        depositNumber: key.split(':')[0],
      });
    },

    /**
     * Calls a round's batch: writes each pilgrim's call and first deadline at once, then starts the
     * journeys with what they would otherwise look up themselves, so that a journey's first task
     * only sets its timer. Returns how many were started now.
     */
    async callJourneys(depositNumbers: string[], taskQueue: string): Promise<number> {
      if (temporal) await backlogAtMost(temporal, taskQueue, MAX_JOURNEY_BACKLOG);
      const facts = await pilgrimsFacts(db, depositNumbers);
      const first = facts.values().next().value;
      if (!first) return 0;
      const at = new Date();
      const calendar = await loadCalendarSettings(db, at);
      const dueAt = addBusinessDays(at, first.stepBusinessDays, calendar).toISOString();
      const written = await recordCalls(db, {
        depositNumbers: [...facts.keys()],
        at: at.toISOString(),
        dueAt,
      });
      return startJourneys(
        [...facts].map(([depositNumber, pilgrim]) => ({
          depositNumber,
          kind: pilgrim.kind,
          call: { pilgrim, dueAt: written.get(depositNumber) ?? dueAt },
        })),
        taskQueue,
      );
    },

    /**
     * A place given up before the visa request: opens the round of one that calls the next pilgrim
     * in the queue (when headquarters' switch is on) and starts it, already announced. Repeatable:
     * the round's key is the deposit's, and a round already started is left to run.
     */
    async callReplacement(
      depositNumber: string,
      taskQueue: string,
    ): Promise<{ roundId: number; called: number } | null> {
      if (!temporal) throw ApplicationFailure.nonRetryable('this worker has no Temporal client');
      const round = await openReplacementRound(db, depositNumber);
      if (!round) return null;
      await startRoundWorkflow(temporal, taskQueue, { roundId: round.roundId, replacement: true });
      return { roundId: round.roundId, called: round.called };
    },

    /** What rounds opened before `callJourneys` replay: the journeys look their pilgrims up. */
    async startJourneys(depositNumbers: string[], taskQueue: string): Promise<number> {
      return startJourneys(
        depositNumbers.map((depositNumber) => ({ depositNumber })),
        taskQueue,
      );
    },

    async roundBatch(roundId: number, afterPosition: number, size: number) {
      return roundBatch(db, roundId, afterPosition, size);
    },

    async markRoundStarted(roundId: number, depositNumbers: string[]): Promise<void> {
      await markRoundStarted(db, roundId, depositNumbers);
    },

    async completeRound(roundId: number): Promise<void> {
      await completeRound(db, roundId);
    },

    /** The notice to every province office that a round is open. */
    async announceRound(roundId: number): Promise<void> {
      const { called, recipients, kind } = await announceRound(db, roundId);
      const text = templates['round-opened'];
      const values = { count: toPersianDigits(called), kind: HAJJ_KIND_LABELS[journeyKindOf(kind)] };
      await notifyStaffMembers(recipients, {
        subject: text.subject(values),
        body: text.body(values),
        key: `hajj-round:${roundId}`,
        kind: 'work',
      });
    },
  });
}

export type JourneyActivities = ReturnType<typeof createJourneyActivities>;
