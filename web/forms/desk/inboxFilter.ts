import type { InboxCursor, InboxFilter, InboxView } from '../../../db/queries/desk/staffCases';
import { tehranMidnight } from '../../../domain/shared/businessCalendar';
import { CASE_STATUSES } from '../../../domain/desk/caseStatus';
import { digitsOnly } from '../../../domain/shared/digits';
import { jalaliToGregorian, parseIsoDate, parseJalaliDate } from '../../../domain/shared/jalali';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';
import { nationalCodeHash, parseNationalCode } from '../../../domain/shared/nationalCode';
import { parseBigintId } from '../../../domain/shared/numbers';
import { parseTrackingCode } from '../../../domain/desk/trackingCode';

const VIEWS: readonly InboxView[] = ['mine', 'pool', 'all'];
const DAY_MS = 86_400_000;

export interface InboxQuery {
  /** The query string as the form shows it back. */
  values: Record<string, string>;
  filter: InboxFilter;
  errors: string[];
}

const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Midnight in Tehran at the start of a Jalali date typed in any digits, or null. */
export function dayStart(input: string): Date | null {
  const jalali = parseJalaliDate(input);
  if (!jalali) return null;
  const g = jalaliToGregorian(jalali);
  const key = `${g.year}-${String(g.month).padStart(2, '0')}-${String(g.day).padStart(2, '0')}`;
  return tehranMidnight(key);
}

export function encodeCursor(c: InboxCursor): string {
  return Buffer.from(`${c.dueSort}|${c.id}`).toString('base64url');
}

/**
 * A timestamp as PostgreSQL writes `timestamptz::text` (`2026-05-01 10:00:00.123+03:30`), checked so
 * that PostgreSQL reads it back: `Date.parse` takes `1` or 31 February, which PostgreSQL refuses.
 */
function isTimestampText(text: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(:[0-5]\d){0,2}$/.exec(text);
  return (
    m !== null &&
    parseIsoDate(m[1]) !== null &&
    Number(m[2]) < 24 &&
    Number(m[3]) < 60 &&
    Number(m[4]) < 60 &&
    Number(m[6]) <= 15
  );
}

function decodeCursor(input: string): InboxCursor | undefined {
  const [dueSort, id] = Buffer.from(input, 'base64url').toString().split('|');
  if (!dueSort || parseBigintId(id) === null) return undefined;
  if (dueSort !== 'infinity' && !isTimestampText(dueSort)) return undefined;
  return { dueSort, id };
}

/**
 * Reads the inbox's filters from the query string. Anything malformed is dropped with a Persian
 * message rather than failing the page; a search is a tracking code or a national code (matched
 * through its keyed hash, as the cases table stores it).
 */
export function parseInboxQuery(query: Record<string, unknown>, hashKey: string): InboxQuery {
  const values = Object.fromEntries(
    ['view', 'status', 'subject', 'overdue', 'level', 'from', 'to', 'q'].map((k) => [k, one(query[k])]),
  );
  const errors: string[] = [];
  const filter: InboxFilter = {
    view: VIEWS.includes(values.view as InboxView) ? (values.view as InboxView) : 'all',
  };
  values.view = filter.view;
  if (values.status === 'any' || (CASE_STATUSES as readonly string[]).includes(values.status))
    filter.status = values.status;
  if (/^[a-z0-9-]{1,60}$/.test(values.subject)) filter.subject = values.subject;
  if (values.overdue === '1') filter.overdue = true;
  if (/^[0-2]$/.test(values.level)) filter.escalationLevel = Number(values.level);
  for (const [key, apply] of [
    ['from', (d: Date) => (filter.createdFrom = d)],
    ['to', (d: Date) => (filter.createdBefore = new Date(d.getTime() + DAY_MS))],
  ] as const) {
    if (!values[key]) continue;
    const day = dayStart(values[key]);
    if (day) apply(day);
    else errors.push(PAGE_MESSAGES.dateInvalid);
  }
  if (values.q) {
    // Looking a citizen up means all their cases, unless a status is chosen.
    filter.status ??= 'any';
    const trackingCode = parseTrackingCode(values.q);
    const nationalCode = parseNationalCode(values.q);
    if (trackingCode) filter.trackingCode = trackingCode;
    if (nationalCode) filter.nationalCodeHash = nationalCodeHash(nationalCode, hashKey);
    if (!trackingCode && !nationalCode) {
      errors.push(PAGE_MESSAGES.searchInvalid);
      // A search that cannot match must not fall back to listing everything.
      filter.trackingCode = digitsOnly(values.q).slice(0, 10) || '-';
    }
  }
  const after = one(query.after);
  if (after) filter.after = decodeCursor(after);
  return { values, filter, errors };
}
