import type { Db } from '../..';

export interface IncidentReport {
  workflowId: string;
  kind: 'case' | 'journey';
  step: string;
  error: string;
}

/** Opens the workflow's incident, or brings its open one up to date (a retry that failed again). */
export async function raiseIncident(db: Db, i: IncidentReport): Promise<void> {
  await db.raw(
    `insert into incidents (workflow_id, kind, step, error) values (?, ?, ?, ?)
     on conflict (workflow_id) where resolved_at is null
     do update set step = excluded.step, error = excluded.error, raised_at = now()`,
    [i.workflowId, i.kind, i.step, i.error],
  );
}

export async function resolveIncident(db: Db, workflowId: string): Promise<void> {
  await db('incidents')
    .where({ workflow_id: workflowId })
    .whereNull('resolved_at')
    .update({ resolved_at: db.fn.now() });
}

/** Marks that an operator asked for a retry; false when the workflow has no open incident. */
export async function markIncidentRetried(db: Db, workflowId: string, staffId: number): Promise<boolean> {
  const updated = await db('incidents')
    .where({ workflow_id: workflowId })
    .whereNull('resolved_at')
    .update({ retried_at: db.fn.now(), retried_by: staffId });
  return updated > 0;
}

export interface OpenIncident {
  id: string;
  workflowId: string;
  kind: 'case' | 'journey';
  step: string;
  error: string;
  raisedAt: Date;
  retriedAt: Date | null;
}

export async function openIncidents(db: Db, limit = 200): Promise<OpenIncident[]> {
  return db('incidents')
    .whereNull('resolved_at')
    .orderBy('raised_at')
    .limit(limit)
    .select(
      'id',
      'workflow_id as workflowId',
      'kind',
      'step',
      'error',
      'raised_at as raisedAt',
      'retried_at as retriedAt',
    );
}
