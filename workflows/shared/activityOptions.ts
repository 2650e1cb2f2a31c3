import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** The short database steps run as remote activities (what workflows started before the local steps replay). */
export const DATABASE_STEPS: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m' },
};

/**
 * The short database steps as local activities: the worker runs them within the workflow task,
 * without a round trip through the server for each.
 */
export const LOCAL_DATABASE_STEPS: LocalActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
};

/** Notices retry for about a day, then give up: an undelivered notice never holds a case, a journey or a round. */
export const NOTICE_RETRY: ActivityOptions['retry'] = {
  initialInterval: '10s',
  backoffCoefficient: 2,
  maximumInterval: '2h',
  maximumAttempts: 20,
};
