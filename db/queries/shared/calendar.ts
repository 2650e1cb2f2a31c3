import type { Db } from '../..';
import {
  addBusinessDays,
  DEFAULT_CALENDAR_SETTINGS,
  type CalendarSettings,
} from '../../../domain/shared/businessCalendar';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(date: string): string {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new Error(`not a date: ${date}`);
  return date;
}

/**
 * The business calendar as admins have it now: the working week and hours from settings, and the
 * holidays of a window around `from` wide enough for any deadline counted from it (a year back,
 * three ahead).
 */
export async function loadCalendarSettings(db: Db, from = new Date()): Promise<CalendarSettings> {
  const year = from.getUTCFullYear();
  // One round trip: every deadline a case counts reads it.
  const { rows } = await db.raw(
    `select (select json_object_agg(key, value) from settings) as settings,
            (select coalesce(json_agg(to_char(date, 'YYYY-MM-DD')), '[]'::json) from holidays
              where date between ? and ?) as holidays`,
    [`${year - 1}-01-01`, `${year + 3}-12-31`],
  );
  const settings: Record<string, string> = rows[0].settings ?? {};
  const holidays: string[] = rows[0].holidays;
  const workingDays = (settings.workingDays ?? '')
    .split(',')
    .filter((d) => d.trim() !== '')
    .map(Number);
  return {
    workingDays: workingDays.length > 0 ? workingDays : DEFAULT_CALENDAR_SETTINGS.workingDays,
    workStart: settings.workStart ?? DEFAULT_CALENDAR_SETTINGS.workStart,
    workEnd: settings.workEnd ?? DEFAULT_CALENDAR_SETTINGS.workEnd,
    holidays: new Set(holidays),
  };
}

/** The deadline `days` business days after `from`, on the calendar as admins have it now. */
export async function businessDeadline(db: Db, from: Date, days: number): Promise<Date> {
  return addBusinessDays(from, days, await loadCalendarSettings(db, from));
}

export async function listHolidays(db: Db, from: string, to: string) {
  return db('holidays')
    .whereBetween('date', [checkDate(from), checkDate(to)])
    .orderBy('date')
    .select(db.raw(`to_char(date, 'YYYY-MM-DD') as date`), 'title', 'computed');
}

export async function addHoliday(
  db: Db,
  h: { date: string; title: string; staffId: number | null },
): Promise<void> {
  if (!h.title.trim()) throw new Error('a holiday needs a title');
  await db('holidays')
    .insert({ date: checkDate(h.date), title: h.title.trim(), computed: false, updated_by: h.staffId })
    .onConflict('date')
    .merge(['title', 'computed', 'updated_by', 'updated_at']);
}

/** Moves a holiday to another day, as when the official announcement differs from the computation. */
export async function moveHoliday(db: Db, from: string, to: string, staffId: number | null): Promise<void> {
  const moved = await db('holidays')
    .where({ date: checkDate(from) })
    .update({ date: checkDate(to), computed: false, updated_by: staffId, updated_at: db.fn.now() });
  if (moved === 0) throw new Error(`no holiday on ${from}`);
}

export async function removeHoliday(db: Db, date: string): Promise<void> {
  await db('holidays')
    .where({ date: checkDate(date) })
    .delete();
}

/** Cases whose running deadline lies after an instant: those a holiday from then on may move. */
export async function routedCasesDueAfter(db: Db, from: Date): Promise<string[]> {
  return db('cases').where({ status: 'routed' }).where('due_at', '>=', from).pluck('tracking_code');
}
