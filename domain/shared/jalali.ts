import { isValidJalaaliDate, toGregorian, toJalaali } from 'jalaali-js';
import { toLatinDigits, toPersianDigits } from './digits';

export const TEHRAN = 'Asia/Tehran';

export interface JalaliDate {
  year: number;
  month: number;
  day: number;
}

const partsFormat = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  timeZone: TEHRAN,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** The Jalali date and time of an instant in Tehran, from ICU (slow: tens of microseconds). */
function tehranPartsIntl(at: Date): JalaliDate & { hour: number; minute: number } {
  const parts: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number.parseInt(p.value, 10);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

const DAY_MS = 86_400_000;
/**
 * Iran dropped daylight saving time in 2022, but earlier years had it (and before 1946 local mean
 * time), so offsets come from the time-zone database through Intl, never from a fixed +03:30.
 */
const tehranWallClock = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
  timeZone: TEHRAN,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** The Tehran wall-clock reading of an instant, written as if it were UTC (milliseconds). */
export function tehranWallAsUtc(at: number): number {
  const p: Record<string, number> = {};
  for (const part of tehranWallClock.formatToParts(at)) {
    if (part.type !== 'literal') p[part.type] = Number.parseInt(part.value, 10);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** Tehran's offset from UTC at an instant, in ms (seconds too: before 1946 it was local mean time). */
function tehranOffsetAt(ms: number): number {
  return tehranWallAsUtc(ms) - Math.floor(ms / 1000) * 1000;
}

/** A cache that forgets everything once it holds `max` entries (days: a few thousand at most). */
function boundedCache<V>(max: number, compute: (key: number) => V): (key: number) => V {
  const map = new Map<number, V>();
  return (key) => {
    let value = map.get(key);
    if (value === undefined) {
      if (map.size >= max) map.clear();
      value = compute(key);
      map.set(key, value);
    }
    return value;
  };
}

/**
 * Tehran's offset for a whole UTC day, or null on a day whose offset changes (a daylight-saving
 * switch, until 2022; local mean time's end in 1946): those instants go to ICU one by one.
 */
const offsetOfUtcDay = boundedCache(20_000, (day) => {
  const start = tehranOffsetAt(day * DAY_MS);
  return start === tehranOffsetAt(day * DAY_MS + DAY_MS - 1) ? start : null;
});

/** The Jalali date of a day of Tehran's wall clock (days since 1970-01-01 there), from ICU. */
const jalaliOfTehranDay = boundedCache(20_000, (day) => {
  // Noon of that day: the offset (never more than five hours) cannot move it to another day.
  const { year, month, day: d } = tehranPartsIntl(new Date(day * DAY_MS + DAY_MS / 2 - 4 * 3_600_000));
  return { year, month, day: d };
});

/**
 * The Jalali calendar date and wall-clock time of an instant in Tehran. ICU answers once per day
 * (its offset, its Jalali date), the time of day is arithmetic: an inbox page formats dozens of
 * instants, and ICU's Persian calendar costs tens of microseconds each.
 */
export function tehranParts(at: Date): JalaliDate & { hour: number; minute: number } {
  const ms = at.getTime();
  const offset = Number.isFinite(ms) ? offsetOfUtcDay(Math.floor(ms / DAY_MS)) : null;
  if (offset === null) return tehranPartsIntl(at);
  const local = Math.floor(ms / 1000) * 1000 + offset;
  const day = Math.floor(local / DAY_MS);
  const minutes = Math.floor((local - day * DAY_MS) / 60_000);
  return { ...jalaliOfTehranDay(day), hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatJalaliDate(date: JalaliDate): string {
  return toPersianDigits(`${date.year}/${pad(date.month)}/${pad(date.day)}`);
}

/** `۱۳۹۷/۱۱/۱۶ ساعت ۱۰:۴۶ ق.ظ`, as the guide shows dates and times (Tehran time). */
export function formatJalaliDateTime(at: Date): string {
  const p = tehranParts(at);
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const period = p.hour < 12 ? 'ق.ظ' : 'ب.ظ';
  return `${formatJalaliDate(p)} ساعت ${toPersianDigits(`${pad(hour12)}:${pad(p.minute)}`)} ${period}`;
}

/** Reads `۱۳۶۵/۰۴/۱۲` (any digits, `/` or `-`) into a date that exists in the Jalali calendar, else null. */
export function parseJalaliDate(input: string): JalaliDate | null {
  const m = /^\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})\s*$/.exec(toLatinDigits(input));
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidJalaaliDate(year, month, day) ? { year, month, day } : null;
}

/** The years a calendar page shows: four digits, as dates are typed, up to jalaali-js's last. */
export const JALALI_YEARS = { min: 1000, max: 3177 };

/** A Gregorian `YYYY-MM-DD` of a day that exists (no 31 February), or null. */
export function parseIsoDate(input: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? input
    : null;
}

/** `1365/04/12` in Latin digits: the stored form. */
export function jalaliKey(date: JalaliDate): string {
  return `${date.year}/${pad(date.month)}/${pad(date.day)}`;
}

export function jalaliToGregorian(date: JalaliDate): { year: number; month: number; day: number } {
  const g = toGregorian(date.year, date.month, date.day);
  return { year: g.gy, month: g.gm, day: g.gd };
}

/** A Jalali date as the Gregorian 'YYYY-MM-DD' the database stores. */
export function isoDateOfJalali(date: JalaliDate): string {
  const g = jalaliToGregorian(date);
  return `${g.year}-${pad(g.month)}-${pad(g.day)}`;
}

/** A Gregorian 'YYYY-MM-DD' as the Jalali date a page shows (Persian digits). */
export function jalaliOfIsoDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return formatJalaliDate(gregorianToJalali(y, m, d));
}

export function gregorianToJalali(year: number, month: number, day: number): JalaliDate {
  const j = toJalaali(year, month, day);
  return { year: j.jy, month: j.jm, day: j.jd };
}
