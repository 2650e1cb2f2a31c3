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

/** Submissions whose workflow has not been started, oldest first, past a grace period for the web. */
export async function pendingWorkflowStarts(db: Db, olderThanMs: number, limit: number): Promise<string[]> {
  const rows = await db('workflow_outbox')
    .whereNull('started_at')
    .where('created_at', '<', db.raw(`now() - make_interval(secs => ?)`, [olderThanMs / 1000]))
    .orderBy('created_at')
    .limit(limit)
    .select('tracking_code');
  return rows.map((r) => r.tracking_code);
}
