import type { ReportRange } from '../../../db/queries/desk/reports';
import { REPORT_COPY } from '../../../domain/desk/copy';
import { tehranMidnight } from '../../../domain/shared/businessCalendar';
import {
  formatJalaliDate,
  jalaliToGregorian,
  parseJalaliDate,
  tehranParts,
} from '../../../domain/shared/jalali';
import { dayStart } from './inboxFilter';

const DAY_MS = 86_400_000;
/** The longest period a report covers. */
const MAX_DAYS = 3 * 366;
/** The period shown when none is asked: the last 30 days. */
const DEFAULT_DAYS = 30;

/** Midnight in Tehran at the end of a Jalali day (the next day's start), or null. */
function dayAfter(input: string): Date | null {
  const jalali = parseJalaliDate(input);
  if (!jalali) return null;
  const g = jalaliToGregorian(jalali);
  return tehranMidnight(new Date(Date.UTC(g.year, g.month - 1, g.day + 1)).toISOString().slice(0, 10));
}

const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The reports' period from the query string: Jalali dates `from` and `to` (both days included), in
 * any digits; none given means the last 30 days. A bad date, a start after the end or more than three
 * years is an error (a Persian message), never a silently different period.
 */
export function parseReportRange(
  query: Record<string, unknown>,
  now = new Date(),
): { values: { from: string; to: string }; range?: ReportRange; error?: string } {
  const asked = { from: one(query.from), to: one(query.to) };
  const today = formatJalaliDate(tehranParts(now));
  const values = {
    from: asked.from || formatJalaliDate(tehranParts(new Date(now.getTime() - (DEFAULT_DAYS - 1) * DAY_MS))),
    to: asked.to || today,
  };
  const from = dayStart(values.from);
  const before = dayAfter(values.to);
  if (!from || !before || from >= before) return { values, error: REPORT_COPY.rangeInvalid };
  if (before.getTime() - from.getTime() > MAX_DAYS * DAY_MS)
    return { values, error: REPORT_COPY.rangeTooLong };
  return { values, range: { from, before } };
}
