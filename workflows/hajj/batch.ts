import * as wf from '@temporalio/workflow';
import type { BatchActivities } from '../../activities/hajj/batches';
import { BATCH_PER_SECOND } from '../../domain/hajj/batches';

/** A chunk sends its journeys' updates (heartbeating per journey); an engine away retries it. */
const sends = wf.proxyActivities<BatchActivities>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

const steps = wf.proxyActivities<BatchActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export interface BatchInput {
  batchId: number;
  /** Journeys sent their steps per second, at most: a chunk of this many, then a second's pause. */
  perSecond?: number;
  /** Where a continued run picks up: the last position sent. */
  afterPosition?: number;
}

/** Chunks per run before the history goes to a fresh run. */
export const BATCH_CHUNKS_PER_RUN = 100;

/**
 * Sends each pilgrim of a caravan's batch the journey steps the batch holds for them, at a bounded
 * pace: `perSecond` journeys, then a second's sleep. Items already settled are not sent again, and
 * each update has its own ID, so a resumed or re-run batch sends nobody anything twice. A journey's
 * refusal is that pilgrim's outcome; the batch goes on.
 */
async function sendBatch(input: BatchInput): Promise<number> {
  const perSecond = Math.max(1, input.perSecond ?? BATCH_PER_SECOND);
  let after = input.afterPosition ?? 0;
  for (let run = 0; ; run++) {
    if (run >= BATCH_CHUNKS_PER_RUN || wf.workflowInfo().continueAsNewSuggested)
      await wf.continueAsNew<typeof sendBatch>({ ...input, afterPosition: after });
    const chunk = await sends.sendBatchChunk(input.batchId, after, perSecond);
    after = chunk.lastPosition;
    if (chunk.items < perSecond) break;
    await wf.sleep(1000);
  }
  await steps.completeBatch(input.batchId);
  return after;
}

/** A caravan's visa request, or its visa results and ticket permits (headquarters'). */
export async function visaBatchWorkflow(input: BatchInput): Promise<number> {
  return sendBatch(input);
}

/** A caravan's dispatch with its flight minutes: each present pilgrim's journey moves to dispatched. */
export async function dispatchBatchWorkflow(input: BatchInput): Promise<number> {
  return sendBatch(input);
}
