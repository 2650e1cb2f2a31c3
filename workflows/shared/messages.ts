import { defineSignal } from '@temporalio/workflow';

/**
 * What both areas' workflows share with the rest of the system: the incident's retry signal and the
 * failure type of a step that no retry can pass (activities/shared/permanent.ts), on which the
 * workflows raise an incident or undo the update.
 */

/** An operator's word that the cause of a case's or journey's incident is fixed: try the step again. */
export const retryIncidentSignal = defineSignal('retryIncident');

export const PERMANENT_FAILURE = 'PermanentDatabaseError';
