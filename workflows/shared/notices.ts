import * as wf from '@temporalio/workflow';

/**
 * A notice's failure, once its retries are spent: it never holds up a case, a journey or a round,
 * but it is logged (with the workflow's ID, which the logger adds) so an operator sees who was not
 * told what.
 */
export function noticeFailed(notice: Record<string, unknown>) {
  return (err: unknown): void => {
    const causes: string[] = [];
    for (let e: unknown = err; e instanceof Error && causes.length < 4; e = e.cause) causes.push(e.message);
    wf.log.warn('a notice was not delivered', { ...notice, error: causes.join(' ← ') });
  };
}
