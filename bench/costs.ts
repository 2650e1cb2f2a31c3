import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { Db } from '../db';
import type { Child } from './stack';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The command each of these events records (the workflow asked for it in a workflow task's
 * completion), by the event's attributes field. Update acceptances and completions are protocol
 * messages of the completion rather than commands, counted beside them.
 */
const COMMAND_OF: Record<string, string> = {
  activityTaskScheduledEventAttributes: 'ScheduleActivityTask',
  activityTaskCancelRequestedEventAttributes: 'RequestCancelActivityTask',
  timerStartedEventAttributes: 'StartTimer',
  timerCanceledEventAttributes: 'CancelTimer',
  markerRecordedEventAttributes: 'RecordMarker',
  upsertWorkflowSearchAttributesEventAttributes: 'UpsertWorkflowSearchAttributes',
  workflowPropertiesModifiedEventAttributes: 'ModifyWorkflowProperties',
  startChildWorkflowExecutionInitiatedEventAttributes: 'StartChildWorkflowExecution',
  signalExternalWorkflowExecutionInitiatedEventAttributes: 'SignalExternalWorkflowExecution',
  requestCancelExternalWorkflowExecutionInitiatedEventAttributes: 'RequestCancelExternalWorkflowExecution',
  workflowExecutionCompletedEventAttributes: 'CompleteWorkflowExecution',
  workflowExecutionFailedEventAttributes: 'FailWorkflowExecution',
  workflowExecutionContinuedAsNewEventAttributes: 'ContinueAsNewWorkflowExecution',
  workflowExecutionCanceledEventAttributes: 'CancelWorkflowExecution',
  nexusOperationScheduledEventAttributes: 'ScheduleNexusOperation',
  workflowExecutionUpdateAcceptedEventAttributes: 'update accepted (protocol message)',
  workflowExecutionUpdateCompletedEventAttributes: 'update completed (protocol message)',
};

/** What one workflow's history holds, counted. */
export interface CaseCost {
  events: number;
  workflowTasks: number;
  /** Remote activity tasks scheduled. */
  activityTasks: number;
  /** Local activities: markers named `core_local_activity`. */
  localActivities: number;
  searchAttributeUpserts: number;
  /** Commands by type (and the update protocol messages). */
  commands: Record<string, number>;
  /** Markers by name (local activities, patches). */
  markers: Record<string, number>;
}

export interface CostSample {
  /** Cases counted, and the point each had reached. */
  cases: number;
  point: string;
  /** Mean per case; `eventsRange` the fewest and most events of one. */
  mean: CaseCost;
  eventsRange: [number, number];
}

async function historyOf(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

export function countHistory(events: HistoryEvent[]): CaseCost {
  const cost: CaseCost = {
    events: events.length,
    workflowTasks: 0,
    activityTasks: 0,
    localActivities: 0,
    searchAttributeUpserts: 0,
    commands: {},
    markers: {},
  };
  for (const e of events) {
    if (e.workflowTaskCompletedEventAttributes) cost.workflowTasks++;
    if (e.activityTaskScheduledEventAttributes) cost.activityTasks++;
    if (e.upsertWorkflowSearchAttributesEventAttributes) cost.searchAttributeUpserts++;
    const marker = e.markerRecordedEventAttributes?.markerName;
    if (marker) {
      cost.markers[marker] = (cost.markers[marker] ?? 0) + 1;
      if (marker === 'core_local_activity') cost.localActivities++;
    }
    for (const [field, command] of Object.entries(COMMAND_OF))
      if ((e as Record<string, unknown>)[field]) cost.commands[command] = (cost.commands[command] ?? 0) + 1;
  }
  return cost;
}

function add(into: Record<string, number>, from: Record<string, number>) {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * Counts the histories of the given workflows (as they are now: a case still open is counted up to
 * where it waits) and gives the mean per case.
 */
export async function costSample(client: Client, workflowIds: string[], point: string): Promise<CostSample> {
  const costs: CaseCost[] = [];
  for (const id of workflowIds) costs.push(countHistory(await historyOf(client, id)));
  const n = Math.max(1, costs.length);
  const mean: CaseCost = {
    events: 0,
    workflowTasks: 0,
    activityTasks: 0,
    localActivities: 0,
    searchAttributeUpserts: 0,
    commands: {},
    markers: {},
  };
  for (const c of costs) {
    mean.events += c.events / n;
    mean.workflowTasks += c.workflowTasks / n;
    mean.activityTasks += c.activityTasks / n;
    mean.localActivities += c.localActivities / n;
    mean.searchAttributeUpserts += c.searchAttributeUpserts / n;
    add(mean.commands, c.commands);
    add(mean.markers, c.markers);
  }
  for (const rec of [mean.commands, mean.markers]) for (const k of Object.keys(rec)) rec[k] /= n;
  const events = costs.map((c) => c.events);
  return {
    cases: costs.length,
    point,
    mean,
    eventsRange: events.length ? [Math.min(...events), Math.max(...events)] : [NaN, NaN],
  };
}

/**
 * Database work so far: the queries each of our processes sent through its knex pool (BEGIN and
 * COMMIT included; the web's sessions go through connect-pg-simple's own pool and are not in it),
 * the bench's own queries, and PostgreSQL's committed and rolled-back transactions per database
 * (pg_stat_database, every client; flushed by each backend within a second or so of its work,
 * ten when idle).
 */
export type DbSnapshot = Record<string, number>;

export function dbProbe(
  db: Db,
  children: Record<string, Child>,
  databases: Record<string, string>,
  benchQueries: () => number,
) {
  return async (): Promise<DbSnapshot> => {
    const snapshot: DbSnapshot = {};
    for (const [name, child] of Object.entries(children)) {
      const counters = await child.counters();
      if (counters.queries !== undefined) snapshot[`${name} queries`] = counters.queries;
    }
    const rows: { datname: string; xacts: string }[] = (
      await db.raw(
        'select datname, xact_commit + xact_rollback as xacts from pg_stat_database where datname = any(?)',
        [Object.values(databases)],
      )
    ).rows;
    for (const [label, datname] of Object.entries(databases)) {
      const row = rows.find((r) => r.datname === datname);
      if (row) snapshot[`${label} transactions`] = Number(row.xacts);
    }
    snapshot['bench queries'] = benchQueries();
    return snapshot;
  };
}

/** Per operation between two snapshots; the bench's own queries taken out of its database's transactions. */
export function dbPerOp(
  before: DbSnapshot,
  after: DbSnapshot,
  ops: number,
  benchDatabase: string,
): DbSnapshot {
  const out: DbSnapshot = {};
  const bench = (after['bench queries'] ?? 0) - (before['bench queries'] ?? 0);
  for (const key of Object.keys(after)) {
    if (key === 'bench queries' || before[key] === undefined) continue;
    let delta = after[key] - before[key];
    if (key === `${benchDatabase} transactions`) delta = Math.max(0, delta - bench);
    out[key] = ops > 0 ? delta / ops : NaN;
  }
  return out;
}
