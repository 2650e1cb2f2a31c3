import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { journeyWorkflowId, roundWorkflowId } from '../../domain/hajj/journey';
import type { journeyWorkflow } from './journey';
import type { JourneyInput } from './messages';
import type { roundWorkflow } from './round';
import type { depositImportWorkflow } from './depositImport';
import type { dispatchBatchWorkflow, paymentImportWorkflow, visaBatchWorkflow } from './batch';
import {
  batchWorkflowId,
  depositImportWorkflowId,
  paymentImportWorkflowId,
  type BatchKind,
} from '../../domain/hajj/batches';

/**
 * How the rest of the system starts and reaches the Hajj workflows: web, relay and the round's
 * activities use this, never the worker. The workflows are named, not imported, so nothing outside
 * the bundle loads them.
 */

export {
  journeyWorkflowId,
  roundWorkflowId,
  depositImportWorkflowId,
  batchWorkflowId,
  paymentImportWorkflowId,
};

/**
 * Starts a round's workflow, or finds it running. A round whose workflow ended without completing
 * (failed, terminated) starts again and goes on where it stopped; a completed one is left alone.
 * A replacement round (of one) is not announced to the province offices.
 */
export async function startRoundWorkflow(
  client: Client,
  taskQueue: string,
  round: { roundId: number; replacement: boolean },
): Promise<void> {
  try {
    await client.workflow.start<typeof roundWorkflow>('roundWorkflow', {
      workflowId: roundWorkflowId(round.roundId),
      taskQueue,
      args: [{ roundId: round.roundId, ...(round.replacement ? { announced: true } : {}) }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Starts a pilgrim's journey; false when it was started before (its ID is taken for good). */
export async function startJourneyWorkflow(
  client: Client,
  taskQueue: string,
  input: JourneyInput,
): Promise<boolean> {
  try {
    await client.workflow.start<typeof journeyWorkflow>('journeyWorkflow', {
      workflowId: journeyWorkflowId(input.depositNumber),
      taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/** Starts a workflow unless one of its ID runs or completed: a failed or terminated one starts again. */
async function startResumable(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Starts a staged deposit import's workflow; a stopped one goes on from its last committed chunk. */
export async function startDepositImportWorkflow(
  client: Client,
  taskQueue: string,
  importId: number,
): Promise<void> {
  await startResumable(() =>
    client.workflow.start<typeof depositImportWorkflow>('depositImportWorkflow', {
      workflowId: depositImportWorkflowId(importId),
      taskQueue,
      args: [{ importId }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    }),
  );
}

/** Starts a caravan batch's workflow (visa or dispatch); a stopped one sends what is left. */
export async function startBatchWorkflow(
  client: Client,
  taskQueue: string,
  batch: { batchId: number; kind: BatchKind },
): Promise<void> {
  const type = batch.kind === 'dispatch' ? 'dispatchBatchWorkflow' : 'visaBatchWorkflow';
  await startResumable(() =>
    client.workflow.start<typeof visaBatchWorkflow | typeof dispatchBatchWorkflow>(type, {
      workflowId: batchWorkflowId(batch.batchId),
      taskQueue,
      args: [{ batchId: batch.batchId }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    }),
  );
}

/** Starts a bank payment file's workflow; a stopped one sends the payments left. */
export async function startPaymentImportWorkflow(
  client: Client,
  taskQueue: string,
  importId: number,
): Promise<void> {
  await startResumable(() =>
    client.workflow.start<typeof paymentImportWorkflow>('paymentImportWorkflow', {
      workflowId: paymentImportWorkflowId(importId),
      taskQueue,
      args: [{ importId }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    }),
  );
}
