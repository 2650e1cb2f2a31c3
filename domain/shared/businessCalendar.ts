import { tehranWallAsUtc as wallAsUtc } from './jalali';

/**
 * When the desk works, in Tehran. Every function here takes the instant it reasons about as an
 * argument and reads no clock, so workflows (deterministic sandbox) and activities compute the same.
 *
 * Counting rule (SLA): the business days of a deadline are *whole* working days. A request received
 * before work starts on a business day has that whole day ahead of it, so the day counts as day 1; a
 * request received during or after working hours, or on a weekend or holiday, starts counting on the
 * next business day. The deadline of N days is the end of working hours (`workEnd`) of day N. Because
 * a deadline sits at a `workEnd`, chaining works as people expect: an escalation or extension of k
 * days added to a deadline ends k business days later.
 *
 * N = 0 means "by the end of the working day in progress": today's `workEnd` if today is a business
 * day and `workEnd` has not passed, else the next business day's `workEnd`. Outside working hours that
 * is the same instant as N = 1 (no working day is in progress, so its end is the end of day 1); this is
 * the one case where `businessDaysBetween(x, addBusinessDays(x, n)) === n` cannot hold, and it returns 1.
 */
export interface CalendarSettings {
  /** Working weekdays as `Date#getDay()` numbers of the Tehran calendar day (0 = Sunday … 6 = Saturday). */
  workingDays: readonly number[];
  /** Start of working hours, 'HH:MM' Tehran wall-clock time. */
  workStart: string;
  /** End of working hours, 'HH:MM' Tehran wall-clock time; every deadline falls at this time. */
  workEnd: string;
  /** Days the desk is closed, as Gregorian dates 'YYYY-MM-DD' of the Tehran calendar day. */
  holidays: ReadonlySet<string>;
}

/** Saturday to Wednesday, 08:00–14:00; holidays come from the admin-managed list. */
export const DEFAULT_CALENDAR_SETTINGS: Readonly<CalendarSettings> = Object.freeze({
  workingDays: Object.freeze([6, 0, 1, 2, 3]),
  workStart: '08:00',
  workEnd: '14:00',
  holidays: new Set<string>(),
});

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// A calendar whose settings leave no business day for this long is a configuration error, and an
// unbounded search would hang a workflow task instead of failing it.
const SEARCH_LIMIT_DAYS = 3660;

/** Days since 1970-01-01 of the Tehran calendar date an instant falls on. */
function tehranDay(at: number): number {
  return Math.floor(wallAsUtc(at) / DAY_MS);
}

/** The instant at which Tehran's clocks show `minuteOfDay` on Tehran calendar day `day`. */
function tehranInstant(day: number, minuteOfDay: number): number {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const offsetAt = (t: number) => wallAsUtc(t) - (t - (((t % 1000) + 1000) % 1000));
  // The second pass corrects a first guess made with the offset of the wrong side of a transition.
  const guess = wall - offsetAt(wall);
  return wall - offsetAt(guess);
}

interface Rules {
  days: ReadonlySet<number>;
  start: number;
  end: number;
  holidays: ReadonlySet<string>;
}

function minutesOf(hhmm: string, field: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`${field} must be 'HH:MM' (00:00–23:59), got '${hhmm}'`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function rulesOf(settings: CalendarSettings): Rules {
  const days = new Set(settings.workingDays);
  if (days.size === 0 || [...days].some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    throw new RangeError('workingDays must list at least one weekday number from 0 (Sunday) to 6 (Saturday)');
  }
  const start = minutesOf(settings.workStart, 'workStart');
  const end = minutesOf(settings.workEnd, 'workEnd');
  if (start >= end) throw new RangeError('workStart must be earlier than workEnd');
  return { days, start, end, holidays: settings.holidays };
}

function timeOf(date: Date): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid date');
  return t;
}

function dateKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWorkingDay(day: number, rules: Rules): boolean {
  return rules.days.has(new Date(day * DAY_MS).getUTCDay()) && !rules.holidays.has(dateKey(day));
}

function nextWorkingDay(day: number, rules: Rules): number {
  for (let d = day + 1; d <= day + SEARCH_LIMIT_DAYS; d++) {
    if (isWorkingDay(d, rules)) return d;
  }
  throw new RangeError(`no business day within ${SEARCH_LIMIT_DAYS} days after ${dateKey(day)}`);
}

/** Day 1 of the counting: the first business day whose whole working hours lie at or after `at`. */
function firstCountedDay(at: number, rules: Rules): number {
  const today = tehranDay(at);
  return isWorkingDay(today, rules) && at <= tehranInstant(today, rules.start)
    ? today
    : nextWorkingDay(today, rules);
}

/** Business days whose working hours lie wholly within [from, to] (or [from, to) when `toExclusive`). */
function wholeDaysWithin(from: number, to: number, rules: Rules, toExclusive: boolean): number {
  const lastDay = tehranDay(to);
  let count = 0;
  for (let day = firstCountedDay(from, rules); day <= lastDay; day = nextWorkingDay(day, rules)) {
    if (day === lastDay) {
      const end = tehranInstant(day, rules.end);
      if (toExclusive ? end >= to : end > to) break;
    }
    count++;
  }
  return count;
}

/** The Gregorian date 'YYYY-MM-DD' of the Tehran calendar day of an instant: the key of `holidays`. */
export function tehranDateKey(at: Date): string {
  return dateKey(tehranDay(timeOf(at)));
}

/** Midnight in Tehran at the start of the calendar day 'YYYY-MM-DD' (a Gregorian date key). */
export function tehranMidnight(dateKeyOfDay: string): Date {
  const day = Math.floor(Date.parse(`${dateKeyOfDay}T00:00:00Z`) / DAY_MS);
  if (Number.isNaN(day)) throw new RangeError(`not a date key: ${dateKeyOfDay}`);
  return new Date(tehranInstant(day, 0));
}

/** Whether the Tehran calendar day of `date` is a working weekday and not a holiday. */
export function isBusinessDay(date: Date, settings: CalendarSettings): boolean {
  const rules = rulesOf(settings);
  return isWorkingDay(tehranDay(timeOf(date)), rules);
}

/**
 * The deadline `days` business days after `from`: `workEnd` of the last counted day (see the counting
 * rule at the top of this file). `days` is a non-negative integer.
 */
export function addBusinessDays(from: Date, days: number, settings: CalendarSettings): Date {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`business days must be a non-negative integer, got ${days}`);
  }
  const rules = rulesOf(settings);
  const at = timeOf(from);
  let day: number;
  if (days === 0) {
    const today = tehranDay(at);
    day =
      isWorkingDay(today, rules) && at <= tehranInstant(today, rules.end)
        ? today
        : nextWorkingDay(today, rules);
  } else {
    day = firstCountedDay(at, rules);
    for (let i = 1; i < days; i++) day = nextWorkingDay(day, rules);
  }
  return new Date(tehranInstant(day, rules.end));
}

/**
 * Whole business days left from `from` until `to`, the inverse of `addBusinessDays`.
 *
 * When `to` is not before `from`: the number of business days whose working hours lie wholly between
 * them, i.e. the largest n with `addBusinessDays(from, n) <= to` (0 if none).
 * When `to` is before `from` (overdue): -k, where k is the smallest extension that would make the
 * deadline current again, i.e. the least k >= 1 with `addBusinessDays(to, k) >= from`; so an instant
 * just past its deadline is -1.
 */
export function businessDaysBetween(from: Date, to: Date, settings: CalendarSettings): number {
  const rules = rulesOf(settings);
  const a = timeOf(from);
  const b = timeOf(to);
  return b >= a ? wholeDaysWithin(a, b, rules, false) : -(1 + wholeDaysWithin(b, a, rules, true));
}

/** The first start of working hours on a business day strictly after `from`: when a reminder can go out. */
export function nextBusinessDayStart(from: Date, settings: CalendarSettings): Date {
  const rules = rulesOf(settings);
  const at = timeOf(from);
  const today = tehranDay(at);
  if (isWorkingDay(today, rules)) {
    const start = tehranInstant(today, rules.start);
    if (start > at) return new Date(start);
  }
  return new Date(tehranInstant(nextWorkingDay(today, rules), rules.start));
}
