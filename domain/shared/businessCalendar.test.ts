import fc from 'fast-check';
import {
  addBusinessDays,
  businessDaysBetween,
  CalendarSettings,
  DEFAULT_CALENDAR_SETTINGS,
  isBusinessDay,
  nextBusinessDayStart,
  tehranDateKey,
  tehranMidnight,
} from './businessCalendar';
import { jalaliKey, jalaliToGregorian, parseJalaliDate, tehranParts } from './jalali';
import { officialHolidays } from './officialHolidays';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

function gregorianKey(jalali: string): string {
  const j = parseJalaliDate(jalali);
  if (!j) throw new Error(`not a Jalali date: ${jalali}`);
  const g = jalaliToGregorian(j);
  return `${g.year}-${pad(g.month)}-${pad(g.day)}`;
}

/** A Tehran wall-clock time on a Jalali date; +03:30 holds because Iran has had no DST since 2022. */
function tehran(jalali: string, hhmm: string): Date {
  return new Date(`${gregorianKey(jalali)}T${hhmm}:00+03:30`);
}

/** How a person in Tehran reads an instant: 'YYYY/MM/DD HH:MM' in the Jalali calendar. */
function wall(at: Date): string {
  const p = tehranParts(at);
  return `${jalaliKey(p)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Tehran weekday (`getDay()` numbering) and Gregorian key of an instant, computed apart from the module. */
function tehranDayOf(at: Date): { weekday: number; key: string } {
  const g = jalaliToGregorian(tehranParts(at));
  const noon = new Date(Date.UTC(g.year, g.month - 1, g.day, 12));
  return { weekday: noon.getUTCDay(), key: noon.toISOString().slice(0, 10) };
}

const withHolidays = (...jalali: string[]): CalendarSettings => ({
  ...DEFAULT_CALENDAR_SETTINGS,
  holidays: new Set(jalali.map(gregorianKey)),
});

const NO_HOLIDAYS = DEFAULT_CALENDAR_SETTINGS;

// 1404/02/06 is Saturday 26 April 2025: an ordinary week, no official holiday in it.
describe('addBusinessDays on an ordinary week (Saturday to Wednesday, 08:00 to 14:00)', () => {
  it('counts from the next business day for a request received during working hours', () => {
    const received = tehran('1404/02/06', '10:00');
    expect(wall(addBusinessDays(received, 1, NO_HOLIDAYS))).toBe('1404/02/07 14:00');
    expect(wall(addBusinessDays(received, 4, NO_HOLIDAYS))).toBe('1404/02/10 14:00');
    expect(wall(addBusinessDays(received, 5, NO_HOLIDAYS))).toBe('1404/02/13 14:00');
  });

  it('counts the day itself for a request received before work starts (at 08:00 too)', () => {
    expect(wall(addBusinessDays(tehran('1404/02/06', '07:30'), 1, NO_HOLIDAYS))).toBe('1404/02/06 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/06', '08:00'), 1, NO_HOLIDAYS))).toBe('1404/02/06 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/06', '08:01'), 1, NO_HOLIDAYS))).toBe('1404/02/07 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/06', '07:30'), 2, NO_HOLIDAYS))).toBe('1404/02/07 14:00');
  });

  it('counts from the next business day for a request received after hours or on Thursday and Friday', () => {
    expect(wall(addBusinessDays(tehran('1404/02/10', '15:00'), 1, NO_HOLIDAYS))).toBe('1404/02/13 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/11', '10:00'), 1, NO_HOLIDAYS))).toBe('1404/02/13 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/12', '23:59'), 2, NO_HOLIDAYS))).toBe('1404/02/14 14:00');
  });

  it('with zero days, is due at the end of the working day in progress or the next one', () => {
    expect(wall(addBusinessDays(tehran('1404/02/06', '10:00'), 0, NO_HOLIDAYS))).toBe('1404/02/06 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/06', '07:00'), 0, NO_HOLIDAYS))).toBe('1404/02/06 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/06', '14:00'), 0, NO_HOLIDAYS))).toBe('1404/02/06 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/10', '14:01'), 0, NO_HOLIDAYS))).toBe('1404/02/13 14:00');
    expect(wall(addBusinessDays(tehran('1404/02/12', '10:00'), 0, NO_HOLIDAYS))).toBe('1404/02/13 14:00');
  });

  it('extends a deadline by whole business days after it', () => {
    const due = tehran('1404/02/10', '14:00');
    expect(wall(addBusinessDays(due, 1, NO_HOLIDAYS))).toBe('1404/02/13 14:00');
    expect(wall(addBusinessDays(due, 0, NO_HOLIDAYS))).toBe('1404/02/10 14:00');
  });

  it('goes by the Tehran calendar day, not the UTC one', () => {
    // 00:15 on Saturday in Tehran is still Friday in UTC.
    const saturdayJustAfterMidnight = new Date('2025-04-25T20:45:00Z');
    expect(wall(saturdayJustAfterMidnight)).toBe('1404/02/06 00:15');
    expect(isBusinessDay(saturdayJustAfterMidnight, NO_HOLIDAYS)).toBe(true);
    expect(wall(addBusinessDays(saturdayJustAfterMidnight, 1, NO_HOLIDAYS))).toBe('1404/02/06 14:00');
    expect(tehranDateKey(saturdayJustAfterMidnight)).toBe('2025-04-26');
  });
});

describe('holidays and year ends', () => {
  // 1403 is a leap year: 1403/12/29 (oil nationalisation) is a Wednesday, 1403/12/30 a Thursday,
  // and 1404/01/01 a Friday. 1404/01/02 is also the 21st of Ramadan, 1404/01/11–12 Eid al-Fitr.
  const nowruz1404 = withHolidays(
    '1403/12/29',
    '1404/01/01',
    '1404/01/02',
    '1404/01/03',
    '1404/01/04',
    '1404/01/11',
    '1404/01/12',
    '1404/01/13',
  );

  it('skips Nowruz, Eid al-Fitr and Nature Day', () => {
    const received = tehran('1403/12/28', '10:00');
    expect(wall(addBusinessDays(received, 1, nowruz1404))).toBe('1404/01/05 14:00');
    expect(wall(addBusinessDays(received, 3, nowruz1404))).toBe('1404/01/09 14:00');
    expect(wall(addBusinessDays(received, 4, nowruz1404))).toBe('1404/01/10 14:00');
    expect(wall(addBusinessDays(received, 5, nowruz1404))).toBe('1404/01/16 14:00');
    expect(businessDaysBetween(received, tehran('1404/01/16', '14:00'), nowruz1404)).toBe(5);
    expect(isBusinessDay(tehran('1404/01/03', '10:00'), nowruz1404)).toBe(false);
    expect(isBusinessDay(tehran('1404/01/05', '10:00'), nowruz1404)).toBe(true);
  });

  it('crosses the Gregorian year end (Wednesday 2025-12-31 = 1404/10/10)', () => {
    const received = tehran('1404/10/10', '10:00');
    expect(wall(addBusinessDays(received, 1, NO_HOLIDAYS))).toBe('1404/10/13 14:00');
    expect(addBusinessDays(received, 1, NO_HOLIDAYS).toISOString()).toBe('2026-01-03T10:30:00.000Z');
    // 1404/10/13 is the 13th of Rajab in the official calendar.
    expect(wall(addBusinessDays(received, 1, withHolidays('1404/10/13')))).toBe('1404/10/14 14:00');
  });

  it('crosses the Jalali year end into Nowruz 1405', () => {
    const nowruz1405 = withHolidays(
      '1404/12/29',
      '1405/01/01',
      '1405/01/02',
      '1405/01/03',
      '1405/01/04',
      '1405/01/12',
      '1405/01/13',
    );
    const received = tehran('1404/12/26', '10:00');
    expect(wall(addBusinessDays(received, 1, nowruz1405))).toBe('1404/12/27 14:00');
    expect(wall(addBusinessDays(received, 2, nowruz1405))).toBe('1405/01/05 14:00');
    expect(wall(addBusinessDays(received, 3, nowruz1405))).toBe('1405/01/08 14:00');
    expect(businessDaysBetween(received, tehran('1405/01/08', '14:00'), nowruz1405)).toBe(3);
  });

  it('uses the offset in force on the day, daylight saving time included (2016)', () => {
    // Iran moved to +04:30 at midnight starting 2016-03-21 and back at midnight ending 2016-09-20.
    expect(addBusinessDays(new Date('2016-03-20T06:30:00Z'), 1, NO_HOLIDAYS).toISOString()).toBe(
      '2016-03-21T09:30:00.000Z',
    );
    expect(addBusinessDays(new Date('2016-07-16T05:30:00Z'), 1, NO_HOLIDAYS).toISOString()).toBe(
      '2016-07-17T09:30:00.000Z',
    );
    expect(addBusinessDays(new Date('2016-09-20T05:30:00Z'), 1, NO_HOLIDAYS).toISOString()).toBe(
      '2016-09-21T10:30:00.000Z',
    );
  });
});

describe('configurable working days and hours', () => {
  const saturdayToThursday: CalendarSettings = {
    workingDays: [6, 0, 1, 2, 3, 4],
    workStart: '07:30',
    workEnd: '15:15',
    holidays: new Set(),
  };

  it('works on Thursday and ends at 15:15 when so configured', () => {
    expect(wall(addBusinessDays(tehran('1404/02/10', '16:00'), 1, saturdayToThursday))).toBe(
      '1404/02/11 15:15',
    );
    expect(wall(addBusinessDays(tehran('1404/02/10', '15:00'), 1, saturdayToThursday))).toBe(
      '1404/02/11 15:15',
    );
    expect(wall(addBusinessDays(tehran('1404/02/10', '07:29'), 1, saturdayToThursday))).toBe(
      '1404/02/10 15:15',
    );
    expect(isBusinessDay(tehran('1404/02/11', '10:00'), saturdayToThursday)).toBe(true);
    expect(isBusinessDay(tehran('1404/02/11', '10:00'), NO_HOLIDAYS)).toBe(false);
    expect(isBusinessDay(tehran('1404/02/12', '10:00'), saturdayToThursday)).toBe(false);
  });

  it('rejects settings and inputs it cannot count with', () => {
    const at = tehran('1404/02/06', '10:00');
    expect(() => addBusinessDays(at, -1, NO_HOLIDAYS)).toThrow(RangeError);
    expect(() => addBusinessDays(at, 1.5, NO_HOLIDAYS)).toThrow(RangeError);
    expect(() => addBusinessDays(at, Number.NaN, NO_HOLIDAYS)).toThrow(RangeError);
    expect(() => addBusinessDays(new Date('nope'), 1, NO_HOLIDAYS)).toThrow(RangeError);
    expect(() => addBusinessDays(at, 1, { ...NO_HOLIDAYS, workingDays: [] })).toThrow(RangeError);
    expect(() => addBusinessDays(at, 1, { ...NO_HOLIDAYS, workingDays: [7] })).toThrow(RangeError);
    expect(() => addBusinessDays(at, 1, { ...NO_HOLIDAYS, workStart: '8:00' })).toThrow(RangeError);
    expect(() => addBusinessDays(at, 1, { ...NO_HOLIDAYS, workEnd: '24:00' })).toThrow(RangeError);
    expect(() => addBusinessDays(at, 1, { ...NO_HOLIDAYS, workStart: '14:00', workEnd: '08:00' })).toThrow(
      RangeError,
    );
  });
});

describe('businessDaysBetween', () => {
  it('counts whole business days left, zero within the last one, negative once overdue', () => {
    const due = tehran('1404/02/07', '14:00');
    expect(businessDaysBetween(tehran('1404/02/06', '07:00'), due, NO_HOLIDAYS)).toBe(2);
    expect(businessDaysBetween(tehran('1404/02/06', '10:00'), due, NO_HOLIDAYS)).toBe(1);
    expect(businessDaysBetween(tehran('1404/02/06', '15:00'), due, NO_HOLIDAYS)).toBe(1);
    expect(businessDaysBetween(tehran('1404/02/07', '10:00'), due, NO_HOLIDAYS)).toBe(0);
    expect(businessDaysBetween(due, due, NO_HOLIDAYS)).toBe(0);
    expect(businessDaysBetween(tehran('1404/02/07', '14:01'), due, NO_HOLIDAYS)).toBe(-1);
    expect(businessDaysBetween(tehran('1404/02/08', '13:59'), due, NO_HOLIDAYS)).toBe(-1);
    expect(businessDaysBetween(tehran('1404/02/08', '14:00'), due, NO_HOLIDAYS)).toBe(-1);
    expect(businessDaysBetween(tehran('1404/02/08', '14:01'), due, NO_HOLIDAYS)).toBe(-2);
    // Thursday and Friday add nothing to how late a Wednesday deadline is.
    const wednesday = tehran('1404/02/10', '14:00');
    expect(businessDaysBetween(tehran('1404/02/12', '20:00'), wednesday, NO_HOLIDAYS)).toBe(-1);
  });
});

describe('nextBusinessDayStart', () => {
  it('is the next time work starts on a business day, strictly after the given instant', () => {
    expect(wall(nextBusinessDayStart(tehran('1404/02/06', '07:00'), NO_HOLIDAYS))).toBe('1404/02/06 08:00');
    expect(wall(nextBusinessDayStart(tehran('1404/02/06', '08:00'), NO_HOLIDAYS))).toBe('1404/02/07 08:00');
    expect(wall(nextBusinessDayStart(tehran('1404/02/06', '10:00'), NO_HOLIDAYS))).toBe('1404/02/07 08:00');
    expect(wall(nextBusinessDayStart(tehran('1404/02/10', '10:00'), NO_HOLIDAYS))).toBe('1404/02/13 08:00');
    expect(wall(nextBusinessDayStart(tehran('1404/02/12', '10:00'), withHolidays('1404/02/13')))).toBe(
      '1404/02/14 08:00',
    );
  });
});

// Properties over 2000–2040, which includes Iran's years with daylight saving time. Working hours
// stay within 01:00–23:59 because the clock changes happened at midnight.
const instantArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));

const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** Random settings, with holidays scattered around `near` so that they matter. */
const settingsNear = (near: Date) =>
  fc
    .record({
      workingDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      start: fc.integer({ min: 60, max: 22 * 60 }),
      length: fc.integer({ min: 1, max: 12 * 60 }),
      holidayOffsets: fc.uniqueArray(fc.integer({ min: -20, max: 400 }), { maxLength: 60 }),
    })
    .map(({ workingDays, start, length, holidayOffsets }): CalendarSettings => {
      const base = Date.parse(`${tehranDayOf(near).key}T00:00:00Z`);
      return {
        workingDays,
        workStart: hhmm(start),
        workEnd: hhmm(Math.min(start + length, 23 * 60 + 59)),
        holidays: new Set(holidayOffsets.map((o) => new Date(base + o * DAY_MS).toISOString().slice(0, 10))),
      };
    });

const caseArb = instantArb.chain((from) => settingsNear(from).map((settings) => ({ from, settings })));

/** Whether `at` is within a business day's working hours, ends included. */
function inWorkingHours(at: Date, settings: CalendarSettings): boolean {
  const p = tehranParts(at);
  const now = hhmm(p.hour * 60 + p.minute);
  const exact = at.getTime() % 60_000 === 0;
  return (
    isBusinessDay(at, settings) &&
    now >= settings.workStart &&
    (now < settings.workEnd || (now === settings.workEnd && exact))
  );
}

describe('business calendar properties', () => {
  it('lands on a business day at the end of working hours, never on a holiday or day off', () => {
    fc.assert(
      fc.property(caseArb, fc.nat({ max: 40 }), ({ from, settings }, n) => {
        const due = addBusinessDays(from, n, settings);
        const p = tehranParts(due);
        const day = tehranDayOf(due);
        expect(hhmm(p.hour * 60 + p.minute)).toBe(settings.workEnd);
        expect(settings.workingDays).toContain(day.weekday);
        expect(settings.holidays.has(day.key)).toBe(false);
        expect(isBusinessDay(due, settings)).toBe(true);
        expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
        if (n > 0) expect(due.getTime()).toBeGreaterThan(from.getTime());
      }),
    );
  });

  it('never lands on Thursday, Friday or an official holiday with the default week', () => {
    const settings = {
      ...DEFAULT_CALENDAR_SETTINGS,
      holidays: new Set([1402, 1403, 1404, 1405].flatMap((y) => officialHolidays(y).map((h) => h.date))),
    };
    const from = fc.date({
      min: new Date('2023-03-21T00:00:00Z'),
      max: new Date('2026-03-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(from, fc.nat({ max: 30 }), (at, n) => {
        const day = tehranDayOf(addBusinessDays(at, n, settings));
        expect([4, 5]).not.toContain(day.weekday);
        expect(settings.holidays.has(day.key)).toBe(false);
      }),
    );
  });

  it('gives a later or equal deadline for more days', () => {
    fc.assert(
      fc.property(caseArb, fc.nat({ max: 40 }), fc.nat({ max: 40 }), ({ from, settings }, a, b) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(addBusinessDays(from, less, settings).getTime()).toBeLessThanOrEqual(
          addBusinessDays(from, more, settings).getTime(),
        );
        if (less >= 1 && less < more) {
          expect(addBusinessDays(from, less, settings).getTime()).toBeLessThan(
            addBusinessDays(from, more, settings).getTime(),
          );
        }
      }),
    );
  });

  it('gives a later or equal deadline for a later start', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 0, max: 20 * DAY_MS }),
        fc.nat({ max: 30 }),
        ({ from, settings }, delay, n) => {
          const later = new Date(from.getTime() + delay);
          expect(addBusinessDays(from, n, settings).getTime()).toBeLessThanOrEqual(
            addBusinessDays(later, n, settings).getTime(),
          );
        },
      ),
    );
  });

  it('businessDaysBetween undoes addBusinessDays (n = 0 only within working hours)', () => {
    fc.assert(
      fc.property(caseArb, fc.nat({ max: 60 }), ({ from, settings }, n) => {
        const due = addBusinessDays(from, n, settings);
        if (n > 0 || inWorkingHours(from, settings)) {
          expect(businessDaysBetween(from, due, settings)).toBe(n);
        } else {
          expect(due).toEqual(addBusinessDays(from, 1, settings));
          expect(businessDaysBetween(from, due, settings)).toBe(1);
        }
      }),
    );
  });

  it('businessDaysBetween is the largest allowance that fits, or the smallest extension when overdue', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: -60 * DAY_MS, max: 60 * DAY_MS }),
        ({ from, settings }, shift) => {
          const to = new Date(from.getTime() + shift);
          const r = businessDaysBetween(from, to, settings);
          const add = (x: Date, n: number) => addBusinessDays(x, n, settings).getTime();
          if (to >= from) {
            expect(r).toBeGreaterThanOrEqual(0);
            if (r > 0) expect(add(from, r)).toBeLessThanOrEqual(to.getTime());
            expect(add(from, r + 1)).toBeGreaterThan(to.getTime());
          } else {
            expect(r).toBeLessThan(0);
            expect(add(to, -r)).toBeGreaterThanOrEqual(from.getTime());
            if (r < -1) expect(add(to, -r - 1)).toBeLessThan(from.getTime());
          }
        },
      ),
    );
  });

  it('extending a deadline by k days is the same as k more days from the start', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: 1, max: 30 }),
        fc.nat({ max: 30 }),
        ({ from, settings }, a, k) => {
          const due = addBusinessDays(from, a, settings);
          expect(addBusinessDays(due, k, settings)).toEqual(addBusinessDays(from, a + k, settings));
        },
      ),
    );
  });

  it('nextBusinessDayStart is the first start of working hours after the instant', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        ({ from, settings }, f) => {
          const next = nextBusinessDayStart(from, settings);
          const p = tehranParts(next);
          expect(next.getTime()).toBeGreaterThan(from.getTime());
          expect(hhmm(p.hour * 60 + p.minute)).toBe(settings.workStart);
          expect(isBusinessDay(next, settings)).toBe(true);
          // From any instant in between, the same start is still the next one: none lies in between.
          const between = new Date(from.getTime() + Math.floor(f * (next.getTime() - from.getTime())));
          expect(nextBusinessDayStart(between, settings)).toEqual(next);
        },
      ),
    );
  });
});

describe('tehranMidnight', () => {
  it('is the first instant of the Tehran day, before and after Iran dropped daylight saving', () => {
    expect(tehranMidnight('2026-11-24').toISOString()).toBe('2026-11-23T20:30:00.000Z');
    expect(tehranMidnight('2019-06-01').toISOString()).toBe('2019-05-31T19:30:00.000Z');
    expect(tehranDateKey(tehranMidnight('2030-03-21'))).toBe('2030-03-21');
    expect(tehranDateKey(new Date(tehranMidnight('2030-03-21').getTime() - 1))).toBe('2030-03-20');
  });
});
