import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Db } from '../db';
import { unfinishedRounds } from '../db/queries/hajjRounds';
import {
  claimPendingWorkflowStarts,
  markWorkflowStarted,
  markWorkflowStartFailed,
} from '../db/queries/outbox';
import { roundWorkflowId } from '../domain/hajj';
import { caseWorkflow } from '../workflows';
import { roundWorkflow } from '../workflows/journeyRound';

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
    await client.workflow.start(roundWorkflow, {
      workflowId: roundWorkflowId(round.roundId),
      taskQueue,
      args: [{ roundId: round.roundId, ...(round.replacement ? { announced: true } : {}) }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * An error with the causes it wraps, outermost first: the client's `Failed to start Workflow` says
 * nothing by itself, its cause (`14 UNAVAILABLE: … Connection refused`) says why.
 */
export function errorWithCauses(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && parts.length < 5; e = (e as Error).cause)
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  return parts.join(' ← ');
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

/**
 * The outbox relay: starts every stored submission whose workflow the web could not start (the
 * engine was down, or the web stopped between commit and start), so no request is ever lost; and
 * every call-up round not yet done whose workflow is not running, for the same reasons.
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
    const pending = await claimPendingWorkflowStarts(db, options.graceMs ?? 10_000, 200);
    for (const trackingCode of pending) {
      if (stopped || !(await startAndMark(db, client, taskQueue, trackingCode)).started) return;
    }
    for (const round of await unfinishedRounds(db, options.graceMs ?? 10_000)) {
      if (stopped) return;
      await startRoundWorkflow(client, taskQueue, round);
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
