import type { FirstAnswerReport, ReportCounts, SlaRow } from '../../../db/queries/desk/reports';
import type { Reference } from '../../../db/queries/shared/reference';
import { CASE_CHANNELS, type CaseChannel } from '../../../domain/desk/caseStatus';
import { CHANNEL_LABELS, REPORT_COPY as R } from '../../../domain/desk/copy';

export const REPORT_KINDS = [
  'sla-province',
  'sla-subject',
  'sla-expert',
  'ratings',
  'first-answer',
  'channels',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** One report as a table: the page, the CSV file and the XLSX sheet all show these cells. */
export interface ReportTable {
  kind: ReportKind;
  title: string;
  header: string[];
  /** Numbers stay numbers (the XLSX keeps them numeric); null is an empty cell. */
  rows: (string | number | null)[][];
}

export interface ReportData extends ReportCounts {
  firstAnswer: FirstAnswerReport;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const percent = (part: number, whole: number) => (whole === 0 ? null : round1((100 * part) / whole));

function slaTable(
  kind: ReportKind,
  title: string,
  keyHeader: string,
  rows: SlaRow[],
  label: (r: SlaRow) => string,
) {
  return {
    kind,
    title,
    header: [
      keyHeader,
      R.sla.total,
      R.sla.onTime,
      R.sla.late,
      R.sla.unanswered,
      R.sla.escalated,
      R.sla.compliance,
    ],
    rows: rows.map((r) => [
      label(r),
      r.total,
      r.onTime,
      r.late,
      r.unanswered,
      r.escalated,
      percent(r.onTime, r.onTime + r.late),
    ]),
  };
}

/** The reports as tables, with Persian headers and names for slugs and staff ids. */
export function reportTables(data: ReportData, ref: Reference): ReportTable[] {
  const { ratings, firstAnswer } = data;
  return [
    slaTable('sla-province', R.sheets.slaProvince, R.sla.province, data.slaProvince, (r) =>
      r.key ? (ref.province(r.key)?.name ?? r.key) : '',
    ),
    slaTable('sla-subject', R.sheets.slaSubject, R.sla.subject, data.slaSubject, (r) =>
      r.key ? (ref.subject(r.key)?.name ?? r.key) : '',
    ),
    slaTable('sla-expert', R.sheets.slaExpert, R.sla.expert, data.slaExpert, (r) =>
      r.key === null ? R.unassigned : (r.name ?? r.key),
    ),
    {
      kind: 'ratings',
      title: R.sheets.ratings,
      header: [R.item, R.value],
      rows: [
        [R.ratings.mean, round1(ratings.mean)],
        ...ratings.distribution.map((n, i) => [R.ratings.score(i + 1), n]),
        [R.ratings.rated, ratings.rated],
        [R.ratings.answered, ratings.answered],
        [R.ratings.share, percent(ratings.rated, ratings.answered)],
      ],
    },
    {
      kind: 'first-answer',
      title: R.sheets.firstAnswer,
      header: [R.item, R.value],
      rows: [
        [R.firstAnswer.count, firstAnswer.count],
        [R.firstAnswer.median, round1(firstAnswer.medianHours)],
        [R.firstAnswer.p90, round1(firstAnswer.p90Hours)],
      ],
    },
    {
      kind: 'channels',
      title: R.sheets.channels,
      header: [R.channels.channel, R.channels.count],
      // Every channel, the ones without cases too, in a fixed order.
      rows: CASE_CHANNELS.map((c: CaseChannel) => [
        CHANNEL_LABELS[c],
        data.channels.find((x) => x.channel === c)?.count ?? 0,
      ]),
    },
  ];
}
