import type { Breakdown, Dashboard } from '../../../db/queries/desk/dashboard';
import type { Reference } from '../../../db/queries/shared/reference';
import { STAFF_LIST_PAGES as PAGE } from '../../../domain/desk/copy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDate, tehranParts } from '../../../domain/shared/jalali';
import { barChart, lineChart, type Series } from '../../charts';

const COUNTS: Series[] = [
  { name: PAGE.counts.open, colour: '#1d6f5f' },
  { name: PAGE.counts.overdue, colour: '#b3261e' },
  { name: PAGE.counts.answered, colour: '#7a8b99' },
];
const TREND: Series[] = [
  { name: PAGE.trend.received, colour: '#1d6f5f' },
  { name: PAGE.trend.answered, colour: '#c58b00' },
];

/** Hours to the first answer: in hours under two days, in days above. */
const hours = (h: number | null) =>
  h === null
    ? '—'
    : h < 48
      ? PAGE.hours(toPersianDigits(h.toFixed(1)))
      : PAGE.days(toPersianDigits((h / 24).toFixed(1)));

/** Open, overdue and answered cases and answer times over the staff member's scope, with their charts. */
export function dashboardPage(figures: Dashboard, ref: Reference) {
  const bars = (rows: Breakdown[], name: (key: string) => string) =>
    rows.map((r) => ({ label: name(r.key), values: [r.open, r.overdue, r.answered] }));
  const total = (k: keyof Omit<Breakdown, 'key'>) => figures.byProvince.reduce((sum, r) => sum + r[k], 0);
  return {
    title: PAGE.dashboardTitle,
    totals: {
      open: toPersianDigits(total('open')),
      overdue: toPersianDigits(total('overdue')),
      answered: toPersianDigits(total('answered')),
    },
    firstAnswer: {
      median: hours(figures.firstAnswerHours.median),
      p90: hours(figures.firstAnswerHours.p90),
      count: toPersianDigits(figures.firstAnswerHours.count),
    },
    provinceChart: barChart(
      PAGE.byProvince,
      COUNTS,
      bars(figures.byProvince, (k) => ref.province(k)?.name ?? k),
    ),
    subjectChart: barChart(
      PAGE.bySubject,
      COUNTS,
      bars(figures.bySubject, (k) => ref.subject(k)?.name ?? k),
    ),
    trendChart: lineChart(
      PAGE.weekly,
      TREND,
      figures.weeks.map((w) => ({
        label: formatJalaliDate(tehranParts(w.weekStart)).slice(5),
        values: [w.received, w.answered],
      })),
    ),
    byProvince: figures.byProvince.map((r) => ({
      name: ref.province(r.key)?.name ?? r.key,
      open: toPersianDigits(r.open),
      overdue: toPersianDigits(r.overdue),
      answered: toPersianDigits(r.answered),
    })),
  };
}
