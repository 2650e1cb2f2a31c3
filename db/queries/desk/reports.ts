import type { Knex } from 'knex';
import type { Db } from '../..';
import type { StaffScope } from '../../../domain/desk/access';
import { inScope } from './staffCases';

/** Cases created in [from, before): the reports' period. */
export interface ReportRange {
  from: Date;
  before: Date;
}

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
const EXPERT = 'coalesce(c.first_answered_by, c.assigned_to)';
const COUNTS = [
  'count(*) as total',
  'count(*) filter (where c.first_answered_at is not null and not c.first_answer_late) as "onTime"',
  'count(*) filter (where c.first_answer_late) as late',
  'count(*) filter (where c.first_answered_at is null) as unanswered',
  'count(*) filter (where c.escalation_level > 0) as escalated',
  'count(c.first_answered_at) as answered',
  'count(c.score) as rated',
  'avg(c.score)::float8 as mean',
  ...[1, 2, 3, 4, 5].map((n) => `count(*) filter (where c.score = ${n}) as s${n}`),
];
/** `grouping(province, subject, expert, channel)` of each grouping set: a bit set per column left out. */
const SETS = { province: 0b0111, subject: 0b1011, expert: 0b1101, channel: 0b1110, all: 0b1111 } as const;

export interface ReportCounts {
  slaProvince: SlaRow[];
  slaSubject: SlaRow[];
  slaExpert: SlaRow[];
  ratings: RatingsReport;
  channels: { channel: string; count: number }[];
}

/** The counts of every report but the answer times, as PostgreSQL computes them (the bench explains its plan). */
export function reportCountsQuery(db: Db, staff: StaffScope, range: ReportRange): Knex.QueryBuilder {
  return period(db, staff, range)
    .select(
      'c.province',
      'c.subject',
      db.raw(`${EXPERT} as expert`),
      'c.channel',
      db.raw(`grouping(c.province, c.subject, ${EXPERT}, c.channel) as "set"`),
      ...COUNTS.map((c) => db.raw(c)),
    )
    .groupByRaw(`grouping sets ((c.province), (c.subject), (${EXPERT}), (c.channel), ())`);
}

/**
 * Deadline compliance per province, subject and expert (the first answer's author, else the
 * assignee), the citizens' scores (mean, how many gave each, how many answered cases were rated)
 * and the cases per channel: one pass over the period's cases, grouped five ways at once.
 */
export async function reportCounts(db: Db, staff: StaffScope, range: ReportRange): Promise<ReportCounts> {
  const rows: Record<string, unknown>[] = await reportCountsQuery(db, staff, range);
  const of = (set: number) => rows.filter((r) => Number(r.set) === set);
  const sla = (r: Record<string, unknown>, key: unknown): SlaRow => ({
    key: key === null || key === undefined ? null : String(key),
    total: num(r.total),
    onTime: num(r.onTime),
    late: num(r.late),
    unanswered: num(r.unanswered),
    escalated: num(r.escalated),
  });
  const byKey = (a: SlaRow, b: SlaRow) => (a.key ?? '').localeCompare(b.key ?? '');
  const expertRows = of(SETS.expert);
  const ids = expertRows.map((r) => r.expert).filter((id) => id !== null && id !== undefined);
  const names = new Map<string, string>(
    ids.length
      ? (
          await db('staff')
            .whereIn('id', ids as number[])
            .select('id', 'full_name')
        ).map((s) => [String(s.id), s.full_name])
      : [],
  );
  const all = of(SETS.all)[0] ?? {};
  const experts = expertRows.map((r) => {
    const row = sla(r, r.expert);
    return { ...row, name: row.key === null ? null : (names.get(row.key) ?? null) };
  });
  return {
    slaProvince: of(SETS.province)
      .map((r) => sla(r, r.province))
      .sort(byKey),
    slaSubject: of(SETS.subject)
      .map((r) => sla(r, r.subject))
      .sort(byKey),
    // By name, the cases in no one's hands last.
    slaExpert: experts.sort((a, b) =>
      a.key === null ? 1 : b.key === null ? -1 : (a.name ?? '').localeCompare(b.name ?? '') || byKey(a, b),
    ),
    ratings: {
      mean: all.mean === null || all.mean === undefined ? null : Number(all.mean),
      distribution: [num(all.s1), num(all.s2), num(all.s3), num(all.s4), num(all.s5)],
      rated: num(all.rated),
      answered: num(all.answered),
    },
    channels: of(SETS.channel).map((r) => ({ channel: String(r.channel), count: num(r.total) })),
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
