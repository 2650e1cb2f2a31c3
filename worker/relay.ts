import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Db } from '../db';
import { markWorkflowStarted, markWorkflowStartFailed, pendingWorkflowStarts } from '../db/queries/outbox';
import { caseWorkflow } from '../workflows';

/** Starts a case's workflow (ID = tracking code). Starting one that already runs is a no-op. */
export async function startCaseWorkflow(
  client: Client,
  taskQueue: string,
  trackingCode: string,
): Promise<void> {
  try {
    await client.workflow.start(caseWorkflow, {
      workflowId: trackingCode,
      taskQueue,
      args: [{ trackingCode }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Starts a stored submission's workflow and marks it in the outbox; false when the engine refused. */
export async function startAndMark(db: Db, client: Client, taskQueue: string, trackingCode: string) {
  try {
    await startCaseWorkflow(client, taskQueue, trackingCode);
  } catch (err) {
    await markWorkflowStartFailed(db, trackingCode, String(err));
    return false;
  }
  await markWorkflowStarted(db, trackingCode);
  return true;
}

/**
 * The outbox relay: starts every stored submission whose workflow the web could not start (the
 * engine was down, or the web stopped between commit and start), so no request is ever lost.
 */
export function startOutboxRelay(
  db: Db,
  client: Client,
  taskQueue: string,
  options: { intervalMs?: number; graceMs?: number; onError?: (err: unknown) => void } = {},
) {
  const intervalMs = options.intervalMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    const pending = await pendingWorkflowStarts(db, options.graceMs ?? 10_000, 200);
    for (const trackingCode of pending) {
      if (stopped || !(await startAndMark(db, client, taskQueue, trackingCode))) break;
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      running = pass()
        .catch((err) => options.onError?.(err))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
