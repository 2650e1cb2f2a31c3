import { ApplicationFailure, Context, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  completeBatch,
  findBatch,
  pendingBatchItems,
  recordItemOutcomes,
  type ItemOutcome,
} from '../../db/queries/hajj/batches';
import {
  finishDepositImport,
  importDepositChunk,
  type ChunkResult,
  type ImportProgress,
} from '../../db/queries/hajj/depositImports';
import { mapLimited } from '../../db/queries/hajj/deposits';
import {
  completePaymentImport,
  findPaymentImport,
  paymentRecorded,
  pendingPaymentItems,
  recordPaymentOutcomes,
  type PaymentOutcome,
} from '../../db/queries/hajj/payments';
import { PAYMENT_UPDATES_AT_ONCE } from '../../domain/hajj/policy';
import { BadReference } from '../../db/errors';
import { batchItemDone, batchSteps, flightRecordOf } from '../../domain/hajj/batches';
import type { IdentityCheck } from '../../domain/hajj/deposit';
import { journeyWorkflowId } from '../../domain/hajj/journey';
import { HAJJ_REJECTIONS } from '../../domain/hajj/copy';
import { stepUpdate } from '../../workflows/hajj/messages';
import type { ActivityDeps } from '../desk';
import { failPermanentErrorsAtOnce } from '../shared/permanent';

/** Look-ups of one national code before the chunk gives up and its activity is retried. */
const REGISTRY_ATTEMPTS = 3;
/** Journeys a batch's chunk sends steps to at once. */
const UPDATE_CONCURRENCY = 4;

/**
 * The bulk work of the Hajj as activities: a chunk of the deposit import, a chunk of a caravan's
 * batch. Each heartbeats while it works and is safe to run again: a chunk commits once.
 */
export function createBatchActivities(deps: ActivityDeps, temporal?: Client) {
  const { db } = deps;

  /**
   * The registry's answer for a row: null or 'notInRegistry'. An unreachable registry is asked
   * again, then fails the chunk, which the workflow retries: an outage delays rows, never rejects them.
   */
  const confirm: IdentityCheck = async (nationalCode) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await deps.registry.lookup(nationalCode)) ? null : 'notInRegistry';
      } catch (err) {
        if (attempt >= REGISTRY_ATTEMPTS)
          throw ApplicationFailure.retryable(`the civil registry is unavailable: ${String(err)}`, 'Registry');
      }
    }
  };

  return failPermanentErrorsAtOnce({
    /** The next chunk of a deposit import, from where the last committed one ended. */
    async importDepositChunk(importId: number, size: number): Promise<ChunkResult> {
      if (!deps.nationalCodeHashKey) throw ApplicationFailure.nonRetryable('this worker has no hash key');
      let looked = 0;
      return importDepositChunk(db, importId, {
        size,
        hashKey: deps.nationalCodeHashKey,
        confirm: async (code) => {
          // A cancelled chunk (its worker stopping) asks nothing more: it runs again whole elsewhere.
          if (Context.current().cancellationSignal.aborted) throw new Error('the chunk was cancelled');
          if (++looked % 200 === 0) heartbeat({ importId, looked });
          return confirm(code);
        },
      });
    },

    async finishDepositImport(importId: number): Promise<ImportProgress> {
      return finishDepositImport(db, importId);
    },

    /**
     * Sends the next `size` unsent items of a batch their steps, a few journeys at a time, each
     * update with an ID of its own so that a re-sent one is the same update; records how each went.
     * A refusal is the item's outcome, not the chunk's failure; an engine that cannot be reached
     * fails the chunk, to be tried again. Returns the last position sent and how many items.
     */
    async sendBatchChunk(
      batchId: number,
      afterPosition: number,
      size: number,
    ): Promise<{ lastPosition: number; items: number }> {
      if (!temporal) throw ApplicationFailure.nonRetryable('this worker has no Temporal client');
      const batch = await findBatch(db, batchId);
      if (!batch) throw new BadReference(`no batch ${batchId}`);
      const items = await pendingBatchItems(db, batchId, afterPosition, size);
      const flightRecord =
        batch.minutesNumber && batch.flightNumber
          ? flightRecordOf(batch.minutesNumber, batch.flightNumber)
          : null;
      const outcomes = await mapLimited(items, UPDATE_CONCURRENCY, async (item): Promise<ItemOutcome> => {
        const settled = (outcome: ItemOutcome['outcome'], reason: string | null = null) => ({
          position: item.position,
          outcome,
          reason,
        });
        if (batch.kind === 'dispatch' && !item.present) return settled('skipped', null);
        if (!item.stage) return settled('skipped', HAJJ_REJECTIONS.wrongStage);
        const steps = batchSteps(batch.kind, item, item.stage, flightRecord);
        if (steps.length === 0)
          return batchItemDone(batch.kind, item, item.stage)
            ? settled('sent')
            : settled('skipped', HAJJ_REJECTIONS.wrongStage);
        const journey = temporal.workflow.getHandle(journeyWorkflowId(item.depositNumber));
        try {
          for (const step of steps)
            await journey.executeUpdate(stepUpdate, {
              args: [{ actor: batch.actor, ...step }],
              updateId: `hajj-batch-${batchId}:${item.position}:${step.step}`,
            });
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError)
            return settled('refused', err.cause?.message ?? HAJJ_REJECTIONS.stepFailed);
          if (err instanceof WorkflowNotFoundError) return settled('skipped', HAJJ_REJECTIONS.wrongStage);
          throw err;
        } finally {
          heartbeat({ batchId, position: item.position });
        }
        return settled('sent');
      });
      await recordItemOutcomes(db, batchId, outcomes);
      return { lastPosition: items.at(-1)?.position ?? afterPosition, items: items.length };
    },

    async completeBatch(batchId: number): Promise<void> {
      await completeBatch(db, batchId);
    },

    /**
     * Sends the next `size` unsent payments of a bank file's import to their journeys as the
     * payment step, a few at a time. Each update's ID is the bank's reference, so a re-sent one
     * (this chunk retried after its answer was lost) is the same update; a journey that refuses it
     * because it took the payment already counts as applied, once (recordPaymentOutcomes). An
     * engine that cannot be reached fails the chunk, to be tried again.
     */
    async sendPaymentChunk(
      importId: number,
      afterPosition: number,
      size: number,
    ): Promise<{ lastPosition: number; items: number }> {
      if (!temporal) throw ApplicationFailure.nonRetryable('this worker has no Temporal client');
      const found = await findPaymentImport(db, importId);
      if (!found) throw new BadReference(`no payment import ${importId}`);
      if (!found.actor) throw new BadReference(`payment import ${importId} names no staff member`);
      const actor = found.actor;
      const items = await pendingPaymentItems(db, importId, afterPosition, size);
      const outcomes = await mapLimited(
        items,
        PAYMENT_UPDATES_AT_ONCE,
        async (item): Promise<PaymentOutcome> => {
          const settled = (outcome: PaymentOutcome['outcome'], reason: string | null = null) => ({
            position: item.position,
            outcome,
            reason,
          });
          const journey = temporal.workflow.getHandle(journeyWorkflowId(item.depositNumber));
          try {
            await journey.executeUpdate(stepUpdate, {
              args: [{ actor, step: 'payment', paidRials: item.amountRials }],
              updateId: `hajj-payment-${item.reference}`,
            });
            return settled('applied');
          } catch (err) {
            const refused = err instanceof WorkflowUpdateFailedError;
            if (!refused && !(err instanceof WorkflowNotFoundError)) throw err;
            // The journey took this payment before (an update answered, its record lost).
            if (await paymentRecorded(db, item.depositNumber)) return settled('applied');
            return settled(
              'refused',
              refused ? (err.cause?.message ?? HAJJ_REJECTIONS.stepFailed) : HAJJ_REJECTIONS.wrongStage,
            );
          } finally {
            heartbeat({ importId, position: item.position });
          }
        },
      );
      await recordPaymentOutcomes(db, importId, outcomes);
      return { lastPosition: items.at(-1)?.position ?? afterPosition, items: items.length };
    },

    async completePaymentImport(importId: number): Promise<void> {
      await completePaymentImport(db, importId);
    },
  });
}

export type BatchActivities = ReturnType<typeof createBatchActivities>;
