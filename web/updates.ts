import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Logger } from 'pino';
import { PAGE_MESSAGES } from '../domain/shared/copy';

export type UpdateOutcome = { ok: true } | { ok: false; refused: boolean; reason: string };

/**
 * Sends a workflow update for a page. A refusal by the update's validator comes back with its
 * Persian reason; any other failure (the engine away, a timeout) is logged and answered with the
 * engine-unavailable message, so no error text reaches the visitor.
 */
export async function sendUpdate(
  log: Logger,
  context: Record<string, unknown>,
  run: () => Promise<unknown>,
): Promise<UpdateOutcome> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause?.message)
      return { ok: false, refused: true, reason: err.cause.message };
    log.warn({ err, ...context }, 'workflow update failed');
    return { ok: false, refused: false, reason: PAGE_MESSAGES.engineUnavailable };
  }
}
