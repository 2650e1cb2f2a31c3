import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { discardRefusedMessage } from '../db/queries/desk/cases';
import { audit, type AuditEntry } from '../db/queries/shared/audit';
import type { WebDeps } from './deps';
import { setFlash, type FlashPage } from './middleware/flash';
import { sendUpdate } from './updates';

/**
 * One action on a case, the staff's or the citizen's: what it writes is stored first (the update
 * carries only the text's id, never the text), then the workflow's update decides.
 */
export interface CaseAction {
  trackingCode: string;
  /** Stores what was written under `messageId`, unpublished until the workflow accepts the update. */
  storeText?: (messageId: string) => Promise<void>;
  update: (handle: WorkflowHandle, messageId: string) => Promise<unknown>;
  /** A staff action is audited whether the workflow takes it or not (with its refusal then). */
  audit?: Omit<AuditEntry, 'target'>;
}

/** Taken, or why not with the HTTP status to answer (409 refused by the workflow, 503 engine away). */
export type CaseActionOutcome = { ok: true } | { ok: false; status: number; reason: string };

/**
 * Store the text, send the update, discard the text if the update is refused, audit either way.
 * A refused text leaves nothing behind (its files neither); a published one is the case's record.
 */
export async function takeCaseAction(
  deps: Pick<WebDeps, 'db' | 'temporal'>,
  log: Logger,
  action: CaseAction,
): Promise<CaseActionOutcome> {
  const { trackingCode } = action;
  const messageId = randomUUID();
  if (action.storeText) await action.storeText(messageId);
  const outcome = await sendUpdate(log, { trackingCode, action: action.audit?.action }, () =>
    action.update(deps.temporal.workflow.getHandle(trackingCode), messageId),
  );
  if (!outcome.ok && outcome.refused && action.storeText) await discardRefusedMessage(deps.db, messageId);
  if (action.audit) {
    const details = outcome.ok ? action.audit.details : { ...action.audit.details, refused: outcome.reason };
    await audit(deps.db, { ...action.audit, target: trackingCode, details });
  }
  if (outcome.ok) return { ok: true };
  return { ok: false, status: outcome.refused ? 409 : 503, reason: outcome.reason };
}

/**
 * Answers an action's outcome: taken, a one-time message for the next page (if any) and a redirect
 * to it; not taken, the status and `again`, which shows the form again with the reason.
 */
export async function answerCaseAction(
  req: Request,
  res: Response,
  outcome: CaseActionOutcome,
  answer: {
    redirect: string;
    flash?: { page: FlashPage; message: string };
    again: (reason: string) => Promise<void>;
  },
): Promise<void> {
  if (!outcome.ok) {
    res.status(outcome.status);
    return answer.again(outcome.reason);
  }
  if (answer.flash) await setFlash(req, answer.flash.page, answer.flash.message);
  res.redirect(303, answer.redirect);
}
