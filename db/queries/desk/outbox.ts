import type { Db } from '../..';

export async function markWorkflowStarted(db: Db, trackingCode: string): Promise<void> {
  await db('workflow_outbox')
    .where({ tracking_code: trackingCode })
    .whereNull('started_at')
    .update({ started_at: db.fn.now() });
}

export async function markWorkflowStartFailed(db: Db, trackingCode: string, error: string): Promise<void> {
  await db('workflow_outbox')
    .where({ tracking_code: trackingCode })
    .update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 1000) });
}

/** Long enough for a relay to start a whole batch; a relay that died frees its rows after it. */
const CLAIM_SECONDS = 30;

/**
 * Claims submissions whose workflow has not been started, oldest first, past a grace period for
 * the web. Each row goes to one relay: others running at once skip the rows it locks and claims
 * (SKIP LOCKED), and see its claim until it ends.
 */
export async function claimPendingWorkflowStarts(
  db: Db,
  olderThanMs: number,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.raw(
    `with claimable as (
       select tracking_code from workflow_outbox
        where started_at is null
          and created_at < now() - make_interval(secs => ?)
          and (claimed_until is null or claimed_until < now())
        order by created_at
        limit ?
        for update skip locked)
     update workflow_outbox o
        set claimed_until = now() + make_interval(secs => ?)
       from claimable
      where o.tracking_code = claimable.tracking_code
     returning o.tracking_code, o.created_at`,
    [olderThanMs / 1000, limit, CLAIM_SECONDS],
  );
  return (rows as { tracking_code: string; created_at: Date }[])
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
    .map((r) => r.tracking_code);
}
