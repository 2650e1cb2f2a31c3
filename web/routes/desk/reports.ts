import ExcelJS from 'exceljs';
import { Router, type Request, type Response } from 'express';
import { firstAnswerReport, reportCounts, type ReportRange } from '../../../db/queries/desk/reports';
import { REPORT_COPY as R } from '../../../domain/desk/copy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDate, formatJalaliDateTime, tehranParts } from '../../../domain/shared/jalali';
import { parseReportRange } from '../../forms/desk/reportRange';
import { cachedReference, type WebDeps } from '../../deps';
import { REPORT_KINDS, reportTables, type ReportKind, type ReportTable } from '../../presenters/desk/reports';
import type { StaffGuard } from '../shared/guard';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV cell: quoted when it holds a separator, a quote or a line break. */
const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * Reports for supervisors (their province), the Inspection Office and admins, over exactly the
 * cases their inbox shows: deadline compliance per province, subject and expert, the citizens'
 * ratings, the time to the first answer and the volume per channel, for a Jalali period. Each is
 * a page table, a CSV file (UTF-8 with a byte-order mark, so Excel reads the Persian) and a sheet
 * of one XLSX workbook.
 */
export function reportRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);
  const allowed = guard.requireRole('supervisor', 'inspector', 'admin');

  const tables = async (req: Request, range: ReportRange): Promise<ReportTable[]> => {
    const staff = req.staff!;
    const [counts, firstAnswer, ref] = await Promise.all([
      reportCounts(deps.db, staff, range),
      firstAnswerReport(deps.db, staff, range),
      reference(),
    ]);
    return reportTables({ ...counts, firstAnswer }, ref);
  };
  /** The period's line over every export: its Jalali days and when it was made. */
  const heading = (range: ReportRange) => [
    R.range(
      formatJalaliDate(tehranParts(range.from)),
      formatJalaliDate(tehranParts(new Date(range.before.getTime() - 1))),
    ),
    formatJalaliDateTime(new Date()),
  ];
  const readRange = (req: Request, res: Response) => {
    const parsed = parseReportRange(req.query);
    if (!parsed.range) {
      res.status(422).render('error', { title: 'خطا', status: 422, message: parsed.error });
      return undefined;
    }
    return parsed.range;
  };
  const fileName = (range: ReportRange, kind: string, ext: string) =>
    `report-${kind}-${range.from.toISOString().slice(0, 10)}.${ext}`;

  router.get('/staff/reports', ...allowed, async (req, res) => {
    const { values, range, error } = parseReportRange(req.query);
    if (!range) {
      res.status(422);
      return res.render('staff/reports', { title: R.title, values, error });
    }
    const query = new URLSearchParams(values).toString();
    res.render('staff/reports', {
      title: R.title,
      values,
      period: heading(range)[0],
      xlsxHref: `/staff/reports/export.xlsx?${query}`,
      tables: (await tables(req, range)).map((t) => ({
        ...t,
        csvHref: `/staff/reports/export.csv?${query}&report=${t.kind}`,
        rows: t.rows.map((r) => r.map((c) => (c === null ? '—' : toPersianDigits(c)))),
      })),
    });
  });

  router.get('/staff/reports/export.csv', ...allowed, async (req, res) => {
    const kind = REPORT_KINDS.find((k) => k === req.query.report) as ReportKind | undefined;
    if (!kind)
      return res.status(422).render('error', { title: 'خطا', status: 422, message: R.unknownReport });
    const range = readRange(req, res);
    if (!range) return;
    const table = (await tables(req, range)).find((t) => t.kind === kind)!;
    const lines = [[table.title], heading(range).slice(0, 1), table.header, ...table.rows];
    res
      .type('text/csv; charset=utf-8')
      .attachment(fileName(range, kind, 'csv'))
      .send('\ufeff' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n');
  });

  router.get('/staff/reports/export.xlsx', ...allowed, async (req, res) => {
    const range = readRange(req, res);
    if (!range) return;
    const workbook = new ExcelJS.Workbook();
    workbook.created = new Date();
    const [period, made] = heading(range);
    for (const table of await tables(req, range)) {
      const sheet = workbook.addWorksheet(table.title, { views: [{ rightToLeft: true }] });
      sheet.addRow([table.title]).font = { bold: true };
      sheet.addRow([period, made]);
      sheet.addRow(table.header).font = { bold: true };
      for (const row of table.rows) sheet.addRow(row);
      sheet.columns.forEach((c, i) => (c.width = i === 0 ? 32 : 18));
    }
    const buffer = await workbook.xlsx.writeBuffer();
    res
      .type(XLSX_TYPE)
      .attachment(fileName(range, 'all', 'xlsx'))
      .send(Buffer.from(buffer));
  });

  return router;
}
