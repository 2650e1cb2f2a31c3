import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Db } from '../../db';
import { submitCase, newCitizen } from '../../test/support/generators';
import { startCaseWorkflow } from '../../workflows/desk/client';
import { replyUpdate } from '../../workflows/desk/messages';
import { baselineReply, baselineWorkflow } from '../baseline/workflows';
import { cpuPerOp, type CpuSnapshot } from '../cpu';
import { summarize, type Summary } from '../stats';

export interface HistoryShape {
  events: number;
  workflowTasks: number;
  activities: number;
  byActivity: Record<string, number>;
  searchAttributeUpserts: number;
  /** Summed over the history, in ms: time tasks waited in their queue, and time they ran. */
  activityQueuedMs: number;
  activityRunMs: number;
  workflowTaskQueuedMs: number;
  workflowTaskRunMs: number;
  /** From the first event to the last one read. */
  spanMs: number;
}

export interface Stages {
  toRouted: Summary;
  update: Summary;
  toNotified: Summary;
}

export interface LifecycleResult {
  cases: number;
  concurrency: number;
  ours: { perSecond: number; latency: Summary; history: HistoryShape; stages: Stages; cpu?: CpuSnapshot };
  baseline: BaselineResult;
  ratio: number;
  /** The cases' tracking codes (their workflow IDs), for the per-case counts. */
  codes: string[];
}

export interface BaselineResult {
  perSecond: number;
  latency: Summary;
  history: HistoryShape;
  cpu?: CpuSnapshot;
}

/**
 * The bare-Temporal yardstick: `workflows` of bench/baseline/workflows.ts (one activity, one
 * update) at `concurrency`, each started, updated and awaited; completed workflows per second.
 */
export async function baselineScenario(
  client: Client,
  options: { workflows: number; concurrency: number; taskQueue: string; probe?: () => CpuSnapshot },
): Promise<BaselineResult> {
  const ids = Array.from({ length: options.workflows }, (_, i) => `bench-baseline-${randomUUID()}-${i}`);
  const latencies: number[] = [];
  const cpuBefore = options.probe?.();
  const started = Date.now();
  await pooled(ids, options.concurrency, async (id) => {
    const t0 = Date.now();
    const handle = await client.workflow.start(baselineWorkflow, {
      workflowId: id,
      taskQueue: options.taskQueue,
      args: [id],
    });
    await handle.executeUpdate(baselineReply, { args: ['done'] });
    await handle.result();
    latencies.push(Date.now() - t0);
  });
  const seconds = (Date.now() - started) / 1000;
  const cpu = cpuBefore && cpuPerOp(cpuBefore, options.probe!(), ids.length);
  return {
    perSecond: ids.length / seconds,
    latency: summarize(latencies, seconds),
    history: await historyShape(client.workflow.getHandle(ids[0])),
    cpu,
  };
}

/**
 * Runs `each` over `items` with at most `concurrency` at once. After a failure no new item starts,
 * and the first error is thrown only once those in flight have settled (so nothing is left calling
 * a connection the bench is about to close).
 */
async function pooled<T>(items: T[], concurrency: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { err: unknown } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length && !failed) {
        try {
          await each(items[next++]);
        } catch (err) {
          failed ??= { err };
        }
      }
    }),
  );
  if (failed) throw failed.err;
}

/** Waits on database conditions for many cases with one query per tick rather than one per case. */
class Watcher {
  private readonly waiting = new Map<string, (at: number) => void>();
  private timer?: NodeJS.Timeout;
  constructor(
    private readonly read: (codes: string[]) => Promise<{ code: string; at: number }[]>,
    private readonly everyMs = 20,
  ) {}
  wait(code: string, timeoutMs = 300_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(code);
        reject(new Error(`${code}: not reached in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(code, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
      this.timer ??= setTimeout(() => void this.tick(), this.everyMs);
    });
  }
  private async tick() {
    try {
      const codes = [...this.waiting.keys()];
      if (codes.length > 0) {
        for (const { code, at } of await this.read(codes)) {
          const resolve = this.waiting.get(code);
          this.waiting.delete(code);
          resolve?.(at);
        }
      }
    } finally {
      this.timer = this.waiting.size > 0 ? setTimeout(() => void this.tick(), this.everyMs) : undefined;
    }
  }
}

const timeOf = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) =>
  Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;

async function historyShape(handle: WorkflowHandle): Promise<HistoryShape> {
  const history = await handle.fetchHistory();
  const shape: HistoryShape = {
    events: 0,
    workflowTasks: 0,
    activities: 0,
    byActivity: {},
    searchAttributeUpserts: 0,
    activityQueuedMs: 0,
    activityRunMs: 0,
    workflowTaskQueuedMs: 0,
    workflowTaskRunMs: 0,
    spanMs: 0,
  };
  const at = new Map<string, number>();
  const events = history.events ?? [];
  for (const e of events) {
    const t = timeOf(e);
    const id = String(e.eventId);
    at.set(id, t);
    shape.events++;
    if (e.workflowTaskStartedEventAttributes)
      shape.workflowTaskQueuedMs +=
        t - (at.get(String(e.workflowTaskStartedEventAttributes.scheduledEventId)) ?? t);
    if (e.workflowTaskCompletedEventAttributes) {
      shape.workflowTasks++;
      shape.workflowTaskRunMs +=
        t - (at.get(String(e.workflowTaskCompletedEventAttributes.startedEventId)) ?? t);
    }
    if (e.activityTaskStartedEventAttributes)
      shape.activityQueuedMs +=
        t - (at.get(String(e.activityTaskStartedEventAttributes.scheduledEventId)) ?? t);
    if (e.activityTaskCompletedEventAttributes)
      shape.activityRunMs += t - (at.get(String(e.activityTaskCompletedEventAttributes.startedEventId)) ?? t);
    if (e.upsertWorkflowSearchAttributesEventAttributes) shape.searchAttributeUpserts++;
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      shape.activities++;
      const name = scheduled.activityType?.name ?? '?';
      shape.byActivity[name] = (shape.byActivity[name] ?? 0) + 1;
    }
  }
  if (events.length > 1) shape.spanMs = timeOf(events[events.length - 1]) - timeOf(events[0]);
  return shape;
}

/**
 * Cases per second from start to the citizen's "answered" notice: the workflow is started as the web
 * starts it, waits for identity and routing, gets the expert's reply as a workflow update (the text
 * stored first, as the staff page does), and notifies. Then the same number of the bench's trivial
 * workflow (one activity, one update) on the same server, started, updated and awaited alike.
 */
export async function lifecycleScenario(
  db: Db,
  client: Client,
  options: {
    cases: number;
    concurrency: number;
    taskQueue: string;
    baselineTaskQueue: string;
    log: (line: string) => void;
    probe?: () => CpuSnapshot;
  },
): Promise<LifecycleResult> {
  const codes: string[] = [];
  for (let i = 0; i < options.cases; i++) codes.push(await submitCase(db, {}, newCitizen()));

  const routed = new Watcher(async (list) =>
    (
      await db('cases')
        .whereIn('tracking_code', list)
        .whereIn('status', ['routed', 'answered'])
        .select('tracking_code', 'assigned_to')
    ).map((r) => ({ code: r.tracking_code, at: Number(r.assigned_to ?? 0) })),
  );
  const notified = new Watcher(async (list) =>
    (
      await db('notifications')
        .whereIn('tracking_code', list)
        .where('channel', 'sms')
        .whereLike('dedupe_key', '%:answered:%')
        .select('tracking_code', db.raw('extract(epoch from created_at) * 1000 as at'))
    ).map((r) => ({ code: r.tracking_code, at: Number(r.at) })),
  );
  const roles = new Map<number, string>();

  const latencies: number[] = [];
  const stages = { toRouted: [] as number[], update: [] as number[], toNotified: [] as number[] };
  const cpuBefore = options.probe?.();
  const started = Date.now();
  let finished = started;
  await pooled(codes, options.concurrency, async (code) => {
    const t0 = Date.now();
    await startCaseWorkflow(client, options.taskQueue, code);
    const staffId = await routed.wait(code);
    const tRouted = Date.now();
    stages.toRouted.push(tRouted - t0);
    if (!staffId) throw new Error(`${code} was left in the pool: no expert to reply`);
    if (!roles.has(staffId))
      roles.set(staffId, (await db('staff').where({ id: staffId }).first('role')).role);
    const messageId = randomUUID();
    await db('case_messages').insert({
      id: messageId,
      case_id: db('cases').where({ tracking_code: code }).select('id'),
      kind: 'reply',
      author_staff_id: staffId,
      body: 'پاسخ آزمون بار',
    });
    await client.workflow.getHandle(code).executeUpdate(replyUpdate, {
      args: [{ actor: { staffId, role: roles.get(staffId) as 'expert' }, messageId }],
    });
    const tUpdated = Date.now();
    stages.update.push(tUpdated - tRouted);
    const at = await notified.wait(code);
    stages.toNotified.push(Math.max(0, at - tUpdated));
    latencies.push(at - t0);
    finished = Math.max(finished, at);
  });
  const oursSeconds = (finished - started) / 1000;
  const oursCpu = cpuBefore && cpuPerOp(cpuBefore, options.probe!(), codes.length);
  const oursHistory = await historyShape(client.workflow.getHandle(codes[0]));
  options.log(`  lifecycle ours: ${(codes.length / oursSeconds).toFixed(2)} cases/s`);

  const baseline = await baselineScenario(client, {
    workflows: codes.length,
    concurrency: options.concurrency,
    taskQueue: options.baselineTaskQueue,
    probe: options.probe,
  });
  options.log(`  lifecycle baseline: ${baseline.perSecond.toFixed(2)} workflows/s`);

  const oursRate = codes.length / oursSeconds;
  return {
    cases: codes.length,
    concurrency: options.concurrency,
    ours: {
      perSecond: oursRate,
      latency: summarize(latencies, oursSeconds),
      history: oursHistory,
      cpu: oursCpu,
      stages: {
        toRouted: summarize(stages.toRouted, NaN),
        update: summarize(stages.update, NaN),
        toNotified: summarize(stages.toNotified, NaN),
      },
    },
    baseline,
    ratio: oursRate / baseline.perSecond,
    codes,
  };
}
