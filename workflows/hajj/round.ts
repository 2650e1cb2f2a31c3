import * as wf from '@temporalio/workflow';
import type { JourneyActivities } from '../../activities/hajj';
import { NOTICE_RETRY } from '../shared/activityOptions';
import { Notices } from '../shared/kit';

const activities = wf.proxyActivities<JourneyActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** A batch's call waits for the workers to catch up first (heartbeating): it may take a while. */
const calls = wf.proxyActivities<JourneyActivities>({
  startToCloseTimeout: '1h',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** A batch's call-up SMS: one activity for up to a batch's messages. */
const notifications = wf.proxyActivities<JourneyActivities>({
  startToCloseTimeout: '5m',
  retry: NOTICE_RETRY,
});

export interface RoundInput {
  roundId: number;
  /** Journeys started per batch, and the pause between batches: the steady rate. */
  batchSize?: number;
  intervalMs?: number;
  /** Where a continued run picks up: the last queue position started. */
  afterPosition?: number;
  announced?: boolean;
}

/** Batches per run before the history is handed to a fresh run. */
const BATCHES_PER_RUN = 50;

/**
 * Starts one journey per called pilgrim of a round, in queue order, at a steady rate. Durable, so it
 * resumes where it stopped; each journey's ID comes from the deposit number and a closed ID is never
 * reused, so nobody gets two journeys however often a round is opened or resumed. The journeys are
 * not its children: they live on when the round is done.
 */
export async function roundWorkflow(input: RoundInput): Promise<number> {
  const batchSize = input.batchSize ?? 100;
  const intervalMs = input.intervalMs ?? 1000;
  let after = input.afterPosition ?? 0;
  if (!input.announced) await activities.announceRound(input.roundId);
  const notices = new Notices();
  for (let batches = 0; ; batches++) {
    if (batches >= BATCHES_PER_RUN || wf.workflowInfo().continueAsNewSuggested) {
      await notices.settled();
      await wf.continueAsNew<typeof roundWorkflow>({ ...input, afterPosition: after, announced: true });
    }
    const members = await activities.roundBatch(input.roundId, after, batchSize);
    if (members.length === 0) break;
    const depositNumbers = members.map((m) => m.depositNumber);
    // Started by the client API in an activity: the server takes these far faster than child starts.
    // Rounds opened before the calls were written by the batch keep replaying their old step.
    const prepared = wf.patched('round-prepared-calls');
    await (prepared ? calls.callJourneys : activities.startJourneys)(
      depositNumbers,
      wf.workflowInfo().taskQueue,
    );
    await activities.markRoundStarted(input.roundId, depositNumbers);
    // Each called pilgrim's SMS goes with the batch, sent while the next batch starts.
    if (prepared)
      notices.send(notifications.notifyCalled(depositNumbers), {
        roundId: input.roundId,
        called: depositNumbers.length,
      });
    after = members[members.length - 1].position;
    if (members.length < batchSize) break;
    if (intervalMs > 0) await wf.sleep(intervalMs);
  }
  await notices.settled();
  await activities.completeRound(input.roundId);
  return after;
}
