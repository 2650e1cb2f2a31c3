import { jalaliToGregorian, parseJalaliDate } from './jalali';
import { OfficialHoliday, officialHolidays } from './officialHolidays';

const DAY_MS = 86_400_000;

const LUNAR_TITLES = [
  'تاسوعای حسینی',
  'عاشورای حسینی',
  'اربعین حسینی',
  'رحلت پیامبر و شهادت امام حسن مجتبی',
  'شهادت امام رضا',
  'ولادت پیامبر و امام جعفر صادق',
  'شهادت حضرت فاطمه',
  'ولادت امام علی',
  'مبعث پیامبر',
  'ولادت حضرت قائم',
  'شهادت حضرت علی',
  'عید سعید فطر',
  'تعطیل به مناسبت عید فطر',
  'شهادت امام جعفر صادق',
  'عید سعید قربان',
  'عید سعید غدیر خم',
];

function dayOf(jalali: string): number {
  const j = parseJalaliDate(jalali);
  if (!j) throw new Error(`not a Jalali date: ${jalali}`);
  const g = jalaliToGregorian(j);
  return Date.UTC(g.year, g.month - 1, g.day) / DAY_MS;
}

const dayOfGregorian = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Titles of a (possibly merged) entry; lunar titles themselves contain ' و ', so match whole titles. */
const has = (h: OfficialHoliday, title: string) =>
  h.title === title || h.title.startsWith(`${title} و `) || h.title.endsWith(` و ${title}`);

describe('officialHolidays', () => {
  it('puts Nowruz 1404 on 2025-03-21 and the solar holidays on their fixed days', () => {
    const h1404 = officialHolidays(1404);
    const byJalali = new Map(h1404.map((h) => [h.jalali, h]));
    expect(byJalali.get('1404/01/01')?.date).toBe('2025-03-21');
    expect(has(byJalali.get('1404/01/01')!, 'آغاز نوروز')).toBe(true);
    for (const [jalali, title] of [
      ['1404/01/02', 'عید نوروز'],
      ['1404/01/03', 'عید نوروز'],
      ['1404/01/04', 'عید نوروز'],
      ['1404/01/12', 'روز جمهوری اسلامی'],
      ['1404/01/13', 'روز طبیعت'],
      ['1404/03/14', 'رحلت امام خمینی'],
      ['1404/03/15', 'قیام ۱۵ خرداد'],
      ['1404/11/22', 'پیروزی انقلاب اسلامی'],
      ['1404/12/29', 'ملی شدن صنعت نفت'],
    ]) {
      expect(byJalali.get(jalali)).toBeDefined();
      expect(has(byJalali.get(jalali)!, title)).toBe(true);
    }
    expect(byJalali.get('1404/01/03')).toEqual({
      date: '2025-03-23',
      jalali: '1404/01/03',
      title: 'عید نوروز',
      computed: false,
    });
    // 1403 is a leap year; the 30th of Esfand is no fixed holiday.
    expect(officialHolidays(1403).map((h) => h.jalali)).not.toContain('1403/12/30');
  });

  // Dates from the official calendars of the Public Culture Council for 1403–1405. Lunar days are
  // computed, and the announced day can be a day after the computed one, which is why admins can move
  // a holiday; the computation must never be further off than that.
  it.each([
    ['1403/01/13', 'شهادت حضرت علی'],
    ['1403/01/22', 'عید سعید فطر'],
    ['1403/01/23', 'تعطیل به مناسبت عید فطر'],
    ['1403/02/15', 'شهادت امام جعفر صادق'],
    ['1403/03/28', 'عید سعید قربان'],
    ['1403/04/05', 'عید سعید غدیر خم'],
    ['1403/04/25', 'تاسوعای حسینی'],
    ['1403/04/26', 'عاشورای حسینی'],
    ['1403/06/04', 'اربعین حسینی'],
    ['1403/06/12', 'رحلت پیامبر و شهادت امام حسن مجتبی'],
    ['1403/09/15', 'شهادت حضرت فاطمه'],
    ['1403/10/25', 'ولادت امام علی'],
    ['1403/11/09', 'مبعث پیامبر'],
    ['1403/11/26', 'ولادت حضرت قائم'],
    ['1404/01/02', 'شهادت حضرت علی'],
    ['1404/01/11', 'عید سعید فطر'],
    ['1404/01/12', 'تعطیل به مناسبت عید فطر'],
    ['1404/02/04', 'شهادت امام جعفر صادق'],
    ['1404/03/16', 'عید سعید قربان'],
    ['1404/03/24', 'عید سعید غدیر خم'],
    ['1404/04/14', 'تاسوعای حسینی'],
    ['1404/04/15', 'عاشورای حسینی'],
    ['1404/05/23', 'اربعین حسینی'],
    ['1404/05/31', 'رحلت پیامبر و شهادت امام حسن مجتبی'],
    ['1404/06/02', 'شهادت امام رضا'],
    ['1404/10/13', 'ولادت امام علی'],
    ['1404/10/27', 'مبعث پیامبر'],
    ['1404/11/15', 'ولادت حضرت قائم'],
    ['1405/01/01', 'عید سعید فطر'],
    ['1405/01/02', 'تعطیل به مناسبت عید فطر'],
    ['1405/03/06', 'عید سعید قربان'],
    ['1405/03/14', 'عید سعید غدیر خم'],
    ['1405/04/03', 'تاسوعای حسینی'],
  ])('computes %s %s on the announced day or the day before', (jalali, title) => {
    const year = Number(jalali.slice(0, 4));
    // A holiday near Nowruz can be computed into the neighbouring year.
    const candidates = [year - 1, year, year + 1]
      .flatMap(officialHolidays)
      .filter((h) => has(h, title))
      .map((h) => dayOf(jalali) - dayOfGregorian(h.date));
    expect(candidates.some((lag) => lag === 0 || lag === 1)).toBe(true);
  });

  it('marks lunar days computed, and a merged day computed when any of its holidays is lunar', () => {
    for (const h of officialHolidays(1404)) {
      expect(h.computed).toBe(LUNAR_TITLES.some((t) => has(h, t)));
    }
  });

  it('merges two holidays on one day into one entry', () => {
    // Eid al-Ghadir 1447 falls on 14 Khordad 1405, Imam Khomeini's death anniversary.
    const day = officialHolidays(1405).filter((h) => h.jalali === '1405/03/14');
    expect(day).toEqual([
      {
        date: '2026-06-04',
        jalali: '1405/03/14',
        title: 'رحلت امام خمینی و عید سعید غدیر خم',
        computed: true,
      },
    ]);
  });

  it('lists a lunar holiday twice when it recurs within one solar year', () => {
    // Lunar years are about 11 days shorter: Eid al-Fitr falls at both ends of 1404.
    const fitr = officialHolidays(1404).filter((h) => has(h, 'عید سعید فطر'));
    expect(fitr.map((h) => h.jalali)).toEqual(['1404/01/10', '1404/12/29']);
  });

  const years = Array.from({ length: 1450 - 1350 + 1 }, (_, i) => 1350 + i);

  it('lists every holiday of each year once, sorted, within the year, 24 to 30 days in all', () => {
    for (const year of years) {
      const list = officialHolidays(year);
      expect(list.length).toBeGreaterThanOrEqual(24);
      expect(list.length).toBeLessThanOrEqual(30);
      const dates = list.map((h) => h.date);
      expect(dates).toEqual([...new Set(dates)].sort());
      for (const h of list) {
        expect(h.jalali.startsWith(`${year}/`)).toBe(true);
        expect(dayOf(h.jalali)).toBe(dayOfGregorian(h.date));
      }
    }
  });

  it('contains every lunar holiday at least once a year', () => {
    for (const year of years) {
      const list = officialHolidays(year);
      for (const title of LUNAR_TITLES) {
        expect([year, title, list.some((h) => has(h, title))]).toEqual([year, title, true]);
      }
    }
  });

  it('puts the last day of Safar one or two days after the 28th', () => {
    for (const year of years) {
      const around = [year - 1, year, year + 1].flatMap(officialHolidays);
      const days28 = around
        .filter((h) => has(h, 'رحلت پیامبر و شهادت امام حسن مجتبی'))
        .map((h) => dayOfGregorian(h.date));
      for (const last of officialHolidays(year).filter((h) => has(h, 'شهادت امام رضا'))) {
        const gaps = days28.map((d) => dayOfGregorian(last.date) - d).filter((g) => g > 0 && g < 30);
        expect([last.jalali, gaps.length]).toEqual([last.jalali, 1]);
        expect([1, 2]).toContain(gaps[0]);
      }
    }
  });

  it('rejects a year it cannot compute, such as a Gregorian one', () => {
    expect(() => officialHolidays(2025)).toThrow(RangeError);
    expect(() => officialHolidays(1404.5)).toThrow(RangeError);
  });
});
