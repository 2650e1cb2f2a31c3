import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Db } from '../../db';
import { markWorkflowStarted, markWorkflowStartFailed } from '../../db/queries/desk/outbox';
import { errorWithCauses } from '../shared/client';
import type { caseWorkflow } from './workflow';

/**
 * How the rest of the system starts and reaches a request's workflow: web, relay and bench use this,
 * never the worker. The workflow is named, not imported, so nothing outside the bundle loads it.
 */

/** Starts a case's workflow (ID = tracking code). Starting one that already runs is a no-op. */
export async function startCaseWorkflow(
  client: Client,
  taskQueue: string,
  trackingCode: string,
): Promise<void> {
  try {
    await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: trackingCode,
      taskQueue,
      args: [{ trackingCode }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Starts a stored submission's workflow and marks it in the outbox; when the engine refused, the
 * outbox row keeps why and so does the answer.
 */
export async function startAndMark(
  db: Db,
  client: Client,
  taskQueue: string,
  trackingCode: string,
): Promise<{ started: true } | { started: false; error: string }> {
  try {
    await startCaseWorkflow(client, taskQueue, trackingCode);
  } catch (err) {
    const error = errorWithCauses(err);
    await markWorkflowStartFailed(db, trackingCode, error);
    return { started: false, error };
  }
  await markWorkflowStarted(db, trackingCode);
  return { started: true };
}
