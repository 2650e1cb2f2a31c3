import type { Db } from '../../db';
import type { StaffScope } from '../../domain/desk/access';
import {
  firstAnswerReport,
  reportCounts,
  reportCountsQuery,
  type ReportRange,
} from '../../db/queries/desk/reports';
import { formatJalaliDate, tehranParts } from '../../domain/shared/jalali';
import { BenchClient, hiddenValue, nextAddress } from '../http';
import { summarize, type Summary } from '../stats';

export interface ReportTiming {
  query: string;
  who: string;
  period: string;
  /** Milliseconds per run, over `runs` runs after one warm-up. */
  result: Summary;
}

const DAY = 86_400_000;
const SCOPES: Record<string, StaffScope> = {
  admin: { id: 0, role: 'admin', province: null, desks: [] },
  'supervisor (Tehran)': { id: 0, role: 'supervisor', province: 'tehran', desks: ['province'] },
  inspector: { id: 0, role: 'inspector', province: null, desks: [] },
};
const QUERIES: Record<string, (db: Db, staff: StaffScope, range: ReportRange) => Promise<unknown>> = {
  'counts (SLA per province, subject, expert; ratings; channels)': reportCounts,
  'time to first answer': firstAnswerReport,
};

async function timed(runs: number, once: () => Promise<unknown>): Promise<Summary> {
  await once();
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return summarize(samples, (performance.now() - t0) / 1000);
}

/**
 * The reports (db/queries/desk/reports.ts) on the generated cases: each query for headquarters, a
 * province's supervisor and the Inspection Office over the last 30 and 365 days, one after another;
 * then the whole XLSX export over HTTP as the demo admin (both queries and the workbook).
 */
export async function reportsScenario(
  db: Db,
  webUrl: string,
  options: { password: string; runs: number; log: (line: string) => void; now?: number },
): Promise<ReportTiming[]> {
  const now = options.now ?? Date.now();
  const periods: Record<string, ReportRange> = {
    '30 days': { from: new Date(now - 30 * DAY), before: new Date(now + DAY) },
    '365 days': { from: new Date(now - 365 * DAY), before: new Date(now + DAY) },
  };
  // A year of past cases is what autovacuum has long visited: its visibility map lets the covering
  // indexes (migration 015) answer without reading the table.
  await db.raw('vacuum (analyze) cases');
  const plan = await db.raw(
    `explain (analyze, buffers) ${reportCountsQuery(db, SCOPES.admin, periods['365 days']).toString()}`,
  );
  options.log(
    `  plan of the counts, admin, 365 days:\n${plan.rows.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n')}`,
  );
  const out: ReportTiming[] = [];
  for (const [period, range] of Object.entries(periods))
    for (const [who, staff] of Object.entries(SCOPES))
      for (const [query, run] of Object.entries(QUERIES)) {
        const result = await timed(options.runs, () => run(db, staff, range));
        out.push({ query, who, period, result });
        options.log(
          `  ${query}, ${who}, ${period}: p50 ${result.p50.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`,
        );
      }

  const client = new BenchClient(webUrl, nextAddress());
  const login = await client.get('/staff/login');
  const signedIn = await client.post('/staff/login', {
    _csrf: hiddenValue(login.html, '_csrf'),
    username: 'admin',
    password: options.password,
  });
  if (signedIn.status !== 303) throw new Error(`reports: login as admin failed: HTTP ${signedIn.status}`);
  const jalali = (ms: number) => formatJalaliDate(tehranParts(new Date(ms)));
  const query = new URLSearchParams({ from: jalali(now - 365 * DAY), to: jalali(now) });
  const result = await timed(options.runs, async () => {
    const res = await client.get(`/staff/reports/export.xlsx?${query}`);
    if (res.status !== 200) throw new Error(`reports: export HTTP ${res.status}`);
  });
  out.push({ query: 'XLSX export (HTTP, every report)', who: 'admin', period: '365 days', result });
  options.log(`  XLSX export: p50 ${result.p50.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`);
  return out;
}
