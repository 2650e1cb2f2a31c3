import { gregorianToJalali, jalaliKey, jalaliToGregorian } from './jalali';

/** One closed day of Iran's official calendar. */
export interface OfficialHoliday {
  /** Gregorian 'YYYY-MM-DD', the form `CalendarSettings.holidays` uses. */
  date: string;
  /** Jalali 'YYYY/MM/DD' in Latin digits. */
  jalali: string;
  /** Persian name; two holidays on one day are joined with ' و '. */
  title: string;
  /** True when the day comes (also) from the lunar calendar and should be checked against the announcement. */
  computed: boolean;
}

/** Solar holidays, fixed in the Jalali calendar. */
const SOLAR_HOLIDAYS: readonly { month: number; day: number; title: string }[] = [
  { month: 1, day: 1, title: 'آغاز نوروز' },
  { month: 1, day: 2, title: 'عید نوروز' },
  { month: 1, day: 3, title: 'عید نوروز' },
  { month: 1, day: 4, title: 'عید نوروز' },
  { month: 1, day: 12, title: 'روز جمهوری اسلامی' },
  { month: 1, day: 13, title: 'روز طبیعت' },
  { month: 3, day: 14, title: 'رحلت امام خمینی' },
  { month: 3, day: 15, title: 'قیام ۱۵ خرداد' },
  { month: 11, day: 22, title: 'پیروزی انقلاب اسلامی' },
  { month: 12, day: 29, title: 'ملی شدن صنعت نفت' },
];

/** Lunar holidays by Hijri month and day; 'last' is the last day of the month, 29th or 30th. */
const LUNAR_HOLIDAYS: readonly { month: number; day: number | 'last'; title: string }[] = [
  { month: 1, day: 9, title: 'تاسوعای حسینی' },
  { month: 1, day: 10, title: 'عاشورای حسینی' },
  { month: 2, day: 20, title: 'اربعین حسینی' },
  { month: 2, day: 28, title: 'رحلت پیامبر و شهادت امام حسن مجتبی' },
  { month: 2, day: 'last', title: 'شهادت امام رضا' },
  { month: 3, day: 17, title: 'ولادت پیامبر و امام جعفر صادق' },
  { month: 6, day: 3, title: 'شهادت حضرت فاطمه' },
  { month: 7, day: 13, title: 'ولادت امام علی' },
  { month: 7, day: 27, title: 'مبعث پیامبر' },
  { month: 8, day: 15, title: 'ولادت حضرت قائم' },
  { month: 9, day: 21, title: 'شهادت حضرت علی' },
  { month: 10, day: 1, title: 'عید سعید فطر' },
  { month: 10, day: 2, title: 'تعطیل به مناسبت عید فطر' },
  { month: 10, day: 25, title: 'شهادت امام جعفر صادق' },
  { month: 12, day: 10, title: 'عید سعید قربان' },
  { month: 12, day: 18, title: 'عید سعید غدیر خم' },
];

/**
 * Lunar dates come from ICU's Umm al-Qura calendar, an astronomical calendar, rather than the
 * arithmetic `islamic-civil`: Iran's official dates follow predicted crescent sightings, and
 * checked against the 1403–1405 official calendars Umm al-Qura gives the official day or the day
 * before it, never later, while `islamic-civil` strays both ways. Because official announcements
 * can differ from any computation by a day, every lunar day is marked `computed` and admins move it
 * when the announcement comes.
 */
const HIJRI_CALENDAR = 'islamic-umalqura';

const hijriFormat = new Intl.DateTimeFormat(`en-US-u-ca-${HIJRI_CALENDAR}-nu-latn`, {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

const DAY_MS = 86_400_000;
// Umm al-Qura data covers roughly these Jalali years; outside them ICU would quietly fall back to
// arithmetic rules, and a Gregorian year passed by mistake (2025) is caught.
const FIRST_YEAR = 1300;
const LAST_YEAR = 1500;

function dayNumber(g: { year: number; month: number; day: number }): number {
  return Date.UTC(g.year, g.month - 1, g.day) / DAY_MS;
}

function hijriDate(day: number): { month: number; day: number } {
  const p: Record<string, number> = {};
  // Noon keeps the civil date unambiguous whatever the formatter does with the time of day.
  for (const part of hijriFormat.formatToParts(day * DAY_MS + DAY_MS / 2)) {
    if (part.type === 'month' || part.type === 'day') p[part.type] = Number.parseInt(part.value, 10);
  }
  return { month: p.month, day: p.day };
}

/** Iran's official holidays of a Jalali year, sorted by date, one entry per day. */
export function officialHolidays(jalaliYear: number): OfficialHoliday[] {
  if (!Number.isInteger(jalaliYear) || jalaliYear < FIRST_YEAR || jalaliYear > LAST_YEAR) {
    throw new RangeError(
      `Jalali year must be an integer from ${FIRST_YEAR} to ${LAST_YEAR}, got ${jalaliYear}`,
    );
  }
  if (hijriFormat.resolvedOptions().calendar !== HIJRI_CALENDAR) {
    throw new Error(`this runtime's Intl lacks the ${HIJRI_CALENDAR} calendar (Node needs full ICU)`);
  }

  const byDay = new Map<number, { titles: string[]; computed: boolean }>();
  const add = (day: number, title: string, computed: boolean) => {
    const entry = byDay.get(day) ?? { titles: [], computed: false };
    if (!entry.titles.includes(title)) entry.titles.push(title);
    entry.computed ||= computed;
    byDay.set(day, entry);
  };

  for (const h of SOLAR_HOLIDAYS) {
    add(dayNumber(jalaliToGregorian({ year: jalaliYear, month: h.month, day: h.day })), h.title, false);
  }

  const first = dayNumber(jalaliToGregorian({ year: jalaliYear, month: 1, day: 1 }));
  const end = dayNumber(jalaliToGregorian({ year: jalaliYear + 1, month: 1, day: 1 }));
  let hijri = hijriDate(first);
  for (let day = first; day < end; day++) {
    const tomorrow = hijriDate(day + 1);
    const isLastOfMonth = tomorrow.day === 1;
    for (const h of LUNAR_HOLIDAYS) {
      if (h.month === hijri.month && (h.day === 'last' ? isLastOfMonth : h.day === hijri.day)) {
        add(day, h.title, true);
      }
    }
    hijri = tomorrow;
  }

  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, { titles, computed }]) => {
      const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      const [y, m, d] = date.split('-').map(Number);
      return { date, jalali: jalaliKey(gregorianToJalali(y, m, d)), title: titles.join(' و '), computed };
    });
}
