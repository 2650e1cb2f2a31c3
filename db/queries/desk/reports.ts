import type { Knex } from 'knex';
import type { Db } from '../..';
import type { StaffScope } from '../../../domain/desk/access';
import { inScope } from './staffCases';

/** Cases created in [from, before): the reports' period. */
export interface ReportRange {
  from: Date;
  before: Date;
}

export type SlaGrouping = 'province' | 'subject' | 'expert';

/**
 * Deadline compliance of one group. A case's first answer is on time when it came before the
 * deadline in force and before any escalation (migration 015 keeps it when an objection reopens the
 * case); escalated counts cases that reached level 1 or 2, answered or not.
 */
export interface SlaRow {
  /** A province or subject slug, or an expert's staff id (null: no one yet). */
  key: string | null;
  /** The expert's name, for the per-expert grouping. */
  name?: string | null;
  total: number;
  onTime: number;
  late: number;
  unanswered: number;
  escalated: number;
}

export interface RatingsReport {
  /** Mean score of the rated cases, or null when none was rated. */
  mean: number | null;
  /** Cases rated 1, 2, 3, 4, 5. */
  distribution: [number, number, number, number, number];
  rated: number;
  answered: number;
}

export interface FirstAnswerReport {
  count: number;
  /** Hours from submission to the first answer. */
  medianHours: number | null;
  p90Hours: number | null;
}

/** The scoped cases of the period, as `cases as c`: the same rule as the inbox (inScope). */
function period(db: Db, staff: StaffScope, range: ReportRange): Knex.QueryBuilder {
  return inScope(
    db('cases as c').where('c.created_at', '>=', range.from).where('c.created_at', '<', range.before),
    staff,
  );
}

const num = (v: unknown) => Number(v ?? 0);
/** The sort memory of the time-to-answer percentiles, for this transaction only. */
const SORT_MEMORY = '64MB';
const SLA_COUNTS = [
  'count(*) as total',
  'count(*) filter (where c.first_answered_at is not null and not c.first_answer_late) as "onTime"',
  'count(*) filter (where c.first_answer_late) as late',
  'count(*) filter (where c.first_answered_at is null) as unanswered',
  'count(*) filter (where c.escalation_level > 0) as escalated',
];

const slaKey = (by: SlaGrouping) =>
  by === 'expert'
    ? 'coalesce(c.first_answered_by, c.assigned_to)'
    : by === 'province'
      ? 'c.province'
      : 'c.subject';

/** The grouped counts of one compliance report (the bench explains its plan). */
export function slaQuery(db: Db, staff: StaffScope, range: ReportRange, by: SlaGrouping): Knex.QueryBuilder {
  const key = slaKey(by);
  return period(db, staff, range)
    .select(db.raw(`${key} as key`), ...SLA_COUNTS.map((c) => db.raw(c)))
    .groupByRaw(key);
}

/** Deadline compliance per province, subject or expert (the first answer's author, else the assignee). */
export async function slaReport(
  db: Db,
  staff: StaffScope,
  range: ReportRange,
  by: SlaGrouping,
): Promise<SlaRow[]> {
  const grouped = slaQuery(db, staff, range, by);
  const rows: Record<string, unknown>[] =
    by === 'expert'
      ? await db
          .with('g', grouped)
          .from('g')
          .leftJoin('staff as s', 's.id', 'g.key')
          .select('g.*', 's.full_name as name')
          .orderByRaw('s.full_name nulls last, g.key')
      : await grouped.orderBy('key');
  return rows.map((r) => ({
    key: r.key === null ? null : String(r.key),
    ...(by === 'expert' ? { name: (r.name as string | null) ?? null } : {}),
    total: num(r.total),
    onTime: num(r.onTime),
    late: num(r.late),
    unanswered: num(r.unanswered),
    escalated: num(r.escalated),
  }));
}

/** The citizens' scores: mean, how many gave each, and how many of the answered cases were rated. */
export async function ratingsReport(db: Db, staff: StaffScope, range: ReportRange): Promise<RatingsReport> {
  const row = await period(db, staff, range).first(
    db.raw('avg(c.score)::float8 as mean'),
    db.raw('count(c.score) as rated'),
    db.raw('count(c.first_answered_at) as answered'),
    ...[1, 2, 3, 4, 5].map((s) => db.raw(`count(*) filter (where c.score = ${s}) as s${s}`)),
  );
  return {
    mean: row?.mean === null || row?.mean === undefined ? null : Number(row.mean),
    distribution: [num(row?.s1), num(row?.s2), num(row?.s3), num(row?.s4), num(row?.s5)],
    rated: num(row?.rated),
    answered: num(row?.answered),
  };
}

/** Hours from submission to the first answer: median and 90th percentile (percentile_cont). */
export async function firstAnswerReport(
  db: Db,
  staff: StaffScope,
  range: ReportRange,
): Promise<FirstAnswerReport> {
  const hours = 'extract(epoch from c.first_answered_at - c.created_at) / 3600';
  // Both percentiles from one sort of the period's answer times, in memory: a year of a million
  // cases is some 800,000 values, which the default work_mem sorts on disk at several times the cost.
  const row = await db.transaction(async (trx): Promise<{ count?: unknown; p?: unknown } | undefined> => {
    await trx.raw(`set local work_mem = '${SORT_MEMORY}'`);
    return period(trx, staff, range)
      .whereNotNull('c.first_answered_at')
      .first(
        trx.raw('count(*) as count'),
        trx.raw(`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${hours}) as p`),
      );
  });
  const [median, p90] = (row?.p as (number | string | null)[] | null) ?? [null, null];
  const hoursOf = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { count: num(row?.count), medianHours: hoursOf(median), p90Hours: hoursOf(p90) };
}

/** Cases per channel (form, API, phone, in person, letter). */
export async function channelReport(
  db: Db,
  staff: StaffScope,
  range: ReportRange,
): Promise<{ channel: string; count: number }[]> {
  const rows = await period(db, staff, range)
    .select('c.channel')
    .count('* as count')
    .groupBy('c.channel')
    .orderBy('c.channel');
  return rows.map((r: Record<string, unknown>) => ({ channel: String(r.channel), count: num(r.count) }));
}
