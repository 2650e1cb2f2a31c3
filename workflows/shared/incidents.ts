import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/desk';
import { DATABASE_STEPS } from './activityOptions';
import { PERMANENT_FAILURE, retryIncidentSignal } from './messages';
import * as sa from './searchAttributes';

/** Incidents are written by ordinary activities: a database that is away delays them, never drops them. */
const incidentSteps = wf.proxyActivities<CaseActivities>(DATABASE_STEPS);

/**
 * The failure of a step that no retry can pass (activities/shared/permanent.ts): a remote activity's comes
 * wrapped in an ActivityFailure, a local one's as it was thrown. The workflow's own refusals are
 * other failures.
 */
function permanentFailure(err: unknown): ApplicationFailure | null {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.nonRetryable && failure.type === PERMANENT_FAILURE
    ? failure
    : null;
}

type Steps = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * Incidents of one workflow. `persistent(steps)` gives the same steps, except that a permanent
 * failure does not fail the workflow nor retry for ever: it raises an incident (the `Incident`
 * search attribute, a row for the operators' page, a log line), waits for `retryIncident`, and tries
 * the step again; once it passes, the incident is resolved. Histories from before incidents fail as
 * they did.
 */
export function incidents(workflowId: string, kind: 'case' | 'journey') {
  let retries = 0;
  let open = 0;
  wf.setHandler(retryIncidentSignal, () => {
    retries++;
  });

  async function persist<T>(step: string, run: () => Promise<T>): Promise<T> {
    let raised = false;
    for (;;) {
      try {
        const result = await run();
        if (raised && --open === 0) {
          wf.upsertSearchAttributes([{ key: sa.Incident, value: null }]);
          await incidentSteps.resolveIncident(workflowId);
          wf.log.info('incident resolved', { workflowId, step });
        }
        return result;
      } catch (err) {
        const failure = permanentFailure(err);
        if (!failure || !wf.patched('incidents')) throw err;
        if (!raised) open++;
        raised = true;
        const error = failure.message;
        wf.log.error('a step failed permanently; waiting for an operator to retry', {
          workflowId,
          step,
          error,
        });
        wf.upsertSearchAttributes([{ key: sa.Incident, value: step }]);
        await incidentSteps.raiseIncident({ workflowId, kind, step, error });
        const seen = retries;
        await wf.condition(() => retries > seen);
      }
    }
  }

  return {
    persistent<S extends object>(steps: S): S {
      return new Proxy(steps, {
        get: (target, name: string) => {
          const step = (target as Steps)[name];
          return (...args: never[]) => persist(name, () => step(...args));
        },
      });
    },
  };
}

/**
 * Runs an update's effect on the workflow's state; if one of its steps fails permanently, the state
 * is put back as it was (`restore`) and the caller is told the action was not done, with `message`.
 */
export async function orUndo<T>(restore: () => void, message: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    const failure = permanentFailure(err);
    if (!failure || !wf.patched('incidents')) throw err;
    restore();
    wf.log.error('an update failed permanently; nothing was changed', { error: failure.message });
    throw ApplicationFailure.create({ message, type: 'StepFailed', nonRetryable: true });
  }
}
