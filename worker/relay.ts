import type { Client } from '@temporalio/client';
import type { Db } from '../db';
import { unfinishedRounds } from '../db/queries/hajj/rounds';
import { claimPendingWorkflowStarts } from '../db/queries/desk/outbox';
import {
  claimRelayNotifications,
  markNotificationSent,
  markRelayNotificationFailed,
} from '../db/queries/shared/notifications';
import type { NotificationChannel } from '../activities/integrations/notifications';
import { startAndMark } from '../workflows/desk/client';
import { unfinishedBatches } from '../db/queries/hajj/batches';
import { unfinishedImports } from '../db/queries/hajj/depositImports';
import { unfinishedPaymentImports } from '../db/queries/hajj/payments';
import {
  startBatchWorkflow,
  startDepositImportWorkflow,
  startPaymentImportWorkflow,
  startRoundWorkflow,
} from '../workflows/hajj/client';

/**
 * The outbox relay: starts every stored submission whose workflow the web could not start (the
 * engine was down, or the web stopped between commit and start), so no request is ever lost; and
 * every call-up round, deposit import, caravan batch and bank payment file not yet done whose workflow is not running,
 * for the same reasons.
 */
export function startOutboxRelay(
  db: Db,
  client: Client,
  taskQueue: string,
  options: {
    intervalMs?: number;
    graceMs?: number;
    /** Where rounds start: the Hajj's own task queue (the desk's when not given). */
    hajjTaskQueue?: string;
    onError?: (err: unknown) => void;
  } = {},
) {
  const graceMs = options.graceMs ?? 10_000;
  const hajjTaskQueue = options.hajjTaskQueue ?? taskQueue;
  return everyInterval(options, async (stopped) => {
    const pending = await claimPendingWorkflowStarts(db, graceMs, 200);
    for (const trackingCode of pending) {
      if (stopped() || !(await startAndMark(db, client, taskQueue, trackingCode)).started) return;
    }
    for (const round of await unfinishedRounds(db, graceMs)) {
      if (stopped()) return;
      await startRoundWorkflow(client, hajjTaskQueue, round);
    }
    for (const importId of await unfinishedImports(db, graceMs)) {
      if (stopped()) return;
      await startDepositImportWorkflow(client, hajjTaskQueue, importId);
    }
    for (const batch of await unfinishedBatches(db, graceMs)) {
      if (stopped()) return;
      await startBatchWorkflow(client, hajjTaskQueue, batch);
    }
    for (const importId of await unfinishedPaymentImports(db, graceMs)) {
      if (stopped()) return;
      await startPaymentImportWorkflow(client, hajjTaskQueue, importId);
    }
  });
}

/**
 * The notification relay: delivers the notices recorded where nothing sends them (the web's lost
 * tracking code SMS, `deliver_by = 'relay'`) through the configured channels, and marks each sent.
 * Rows the activities record and send themselves are never touched. Each row is claimed by one
 * relay at a time (several workers run one each); a failed send is tried again after `retryMs`. A
 * relay gone between sending and marking sends again once its claim ends, with the same dedupe key
 * (the SMS client reference, the email Message-ID), which the gateway drops as a repeat.
 */
export function startNotificationRelay(
  db: Db,
  channels: { sms: NotificationChannel; email: NotificationChannel },
  options: { intervalMs?: number; retryMs?: number; onError?: (err: unknown) => void } = {},
) {
  const retryMs = options.retryMs ?? 60_000;
  return everyInterval(options, async (stopped) => {
    for (const n of await claimRelayNotifications(db, 10)) {
      if (stopped()) return;
      try {
        // An in-app row is delivered by being there.
        if (n.channel !== 'inbox') await channels[n.channel].send(n);
      } catch (err) {
        await markRelayNotificationFailed(
          db,
          n.id,
          err instanceof Error ? err.message : String(err),
          retryMs,
        );
        options.onError?.(err);
        continue;
      }
      await markNotificationSent(db, n.id);
    }
  });
}

/**
 * Runs `pass` every `intervalMs` (5 s by default), one pass at a time, its errors to `onError`;
 * `stop()` lets the pass under way finish. A pass asks `stopped()` between its items.
 */
function everyInterval(
  options: { intervalMs?: number; onError?: (err: unknown) => void },
  pass: (stopped: () => boolean) => Promise<void>,
) {
  const intervalMs = options.intervalMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      running = pass(() => stopped)
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
