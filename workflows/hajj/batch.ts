import * as wf from '@temporalio/workflow';
import type { BatchActivities } from '../../activities/hajj/batches';
import { BATCH_PER_SECOND } from '../../domain/hajj/batches';
import { PAYMENT_UPDATES_PER_SECOND } from '../../domain/hajj/policy';

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

/** One chunk's answer: the last position it sent and how many items it took. */
type Chunk = (afterPosition: number, size: number) => Promise<{ lastPosition: number; items: number }>;

/**
 * Sends a batch's items chunk by chunk at a bounded pace: `perSecond` items, then a second's sleep,
 * a fresh run every BATCH_CHUNKS_PER_RUN chunks. Each chunk takes the items not yet settled, as
 * PostgreSQL records them, so a resumed or re-run batch sends nobody anything twice.
 */
async function paced(
  input: BatchInput,
  perSecondDefault: number,
  chunk: Chunk,
  next: (afterPosition: number) => Promise<never>,
): Promise<number> {
  const perSecond = Math.max(1, input.perSecond ?? perSecondDefault);
  let after = input.afterPosition ?? 0;
  for (let run = 0; ; run++) {
    if (run >= BATCH_CHUNKS_PER_RUN || wf.workflowInfo().continueAsNewSuggested) await next(after);
    const sent = await chunk(after, perSecond);
    after = sent.lastPosition;
    if (sent.items < perSecond) break;
    await wf.sleep(1000);
  }
  return after;
}

/**
 * Sends each pilgrim of a caravan's batch the journey steps the batch holds for them, at a bounded
 * pace. Each update has its own ID, so a re-sent one is the same update. A journey's refusal is
 * that pilgrim's outcome; the batch goes on.
 */
async function sendBatch(input: BatchInput): Promise<number> {
  const after = await paced(
    input,
    BATCH_PER_SECOND,
    (afterPosition, size) => sends.sendBatchChunk(input.batchId, afterPosition, size),
    (afterPosition) => wf.continueAsNew<typeof sendBatch>({ ...input, afterPosition }),
  );
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

export interface PaymentImportInput {
  importId: number;
  /** Payments sent to their journeys per second, at most. */
  perSecond?: number;
  afterPosition?: number;
}

/**
 * A bank payment file's confirmed payments, each sent to its journey as the payment step at a
 * bounded pace (the file was matched and staged by the upload). A payment is counted once, when
 * its journey has taken it: a retried chunk or a resumed run counts nothing twice. Returns the last
 * position sent.
 */
export async function paymentImportWorkflow(input: PaymentImportInput): Promise<number> {
  const after = await paced(
    { batchId: input.importId, perSecond: input.perSecond, afterPosition: input.afterPosition },
    PAYMENT_UPDATES_PER_SECOND,
    (afterPosition, size) => sends.sendPaymentChunk(input.importId, afterPosition, size),
    (afterPosition) => wf.continueAsNew<typeof paymentImportWorkflow>({ ...input, afterPosition }),
  );
  await steps.completePaymentImport(input.importId);
  return after;
}
