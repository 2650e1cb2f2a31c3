import type { Db } from '../..';
import { OPEN_STATUSES } from '../../../domain/desk/caseStatus';

/**
 * What an operator watches besides the runtime (web/businessMetrics.ts draws the gauges): one
 * cheap query each, run at every scrape.
 */

/** Open cases by status and escalation level. */
export async function openCasesByLevel(
  db: Db,
): Promise<{ status: string; escalation_level: number; n: number }[]> {
  return db('cases')
    .whereIn('status', OPEN_STATUSES)
    .groupBy('status', 'escalation_level')
    .select('status', 'escalation_level', db.raw('count(*)::int as n'));
}

/** Stored submissions whose workflow has not been started yet (the relay starts them). */
export async function outboxNotStarted(db: Db): Promise<number> {
  const [row] = await db('workflow_outbox').whereNull('started_at').count<{ n: string }[]>('* as n');
  return Number(row.n);
}

/** SMS and email recorded but not yet handed to the gateway, by channel. */
export async function notificationsNotSent(
  db: Db,
  channels: readonly string[],
): Promise<Map<string, number>> {
  const rows: { channel: string; n: number }[] = await db('notifications')
    .whereNull('sent_at')
    .whereIn('channel', channels)
    .groupBy('channel')
    .select('channel', db.raw('count(*)::int as n'));
  return new Map(channels.map((c) => [c, rows.find((r) => r.channel === c)?.n ?? 0]));
}

/** Whether the database answers at all (the readiness check). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  return db.raw('select 1').then(
    () => true,
    () => false,
  );
}
