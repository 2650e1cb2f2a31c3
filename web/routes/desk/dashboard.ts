import { Router } from 'express';
import { dashboard, type Breakdown } from '../../../db/queries/desk/dashboard';
import { toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDate, tehranParts } from '../../../domain/shared/jalali';
import { barChart, lineChart, type Series } from '../../charts';
import { cachedReference, type WebDeps } from '../../deps';
import type { StaffGuard } from '../shared/guard';

const COUNTS: Series[] = [
  { name: 'باز', colour: '#1d6f5f' },
  { name: 'معوق', colour: '#b3261e' },
  { name: 'پاسخ داده شده', colour: '#7a8b99' },
];
const TREND: Series[] = [
  { name: 'دریافتی', colour: '#1d6f5f' },
  { name: 'پاسخ داده شده', colour: '#c58b00' },
];

const hours = (h: number | null) =>
  h === null
    ? '—'
    : h < 48
      ? `${toPersianDigits(h.toFixed(1))} ساعت`
      : `${toPersianDigits((h / 24).toFixed(1))} روز`;

/** Open, overdue and answered cases and answer times over the staff member's scope. */
export function dashboardRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  router.get(
    '/staff/dashboard',
    ...guard.requireRole('supervisor', 'inspector', 'admin'),
    async (req, res) => {
      const [figures, ref] = await Promise.all([dashboard(deps.db, req.staff!), reference()]);
      const bars = (rows: Breakdown[], name: (key: string) => string) =>
        rows.map((r) => ({ label: name(r.key), values: [r.open, r.overdue, r.answered] }));
      const total = (k: keyof Omit<Breakdown, 'key'>) => figures.byProvince.reduce((sum, r) => sum + r[k], 0);
      res.render('staff/dashboard', {
        title: 'داشبورد',
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
          'درخواست‌ها به تفکیک استان',
          COUNTS,
          bars(figures.byProvince, (k) => ref.province(k)?.name ?? k),
        ),
        subjectChart: barChart(
          'درخواست‌ها به تفکیک موضوع',
          COUNTS,
          bars(figures.bySubject, (k) => ref.subject(k)?.name ?? k),
        ),
        trendChart: lineChart(
          'روند هفتگی',
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
      });
    },
  );

  return router;
}
