import fc from 'fast-check';
import {
  parseIsoDate,
  formatJalaliDateTime,
  gregorianToJalali,
  jalaliKey,
  jalaliToGregorian,
  parseJalaliDate,
  tehranParts,
} from './jalali';

describe('Jalali dates', () => {
  it('formats as the guide shows, in Tehran time with Persian digits', () => {
    // 1397/11/16 10:46 Tehran (UTC+3:30) is 07:16 UTC.
    expect(formatJalaliDateTime(new Date('2019-02-05T07:16:00Z'))).toBe('۱۳۹۷/۱۱/۱۶ ساعت ۱۰:۴۶ ق.ظ');
    expect(formatJalaliDateTime(new Date('2019-02-05T08:10:00Z'))).toBe('۱۳۹۷/۱۱/۱۶ ساعت ۱۱:۴۰ ق.ظ');
    expect(formatJalaliDateTime(new Date('2019-02-05T11:00:00Z'))).toBe('۱۳۹۷/۱۱/۱۶ ساعت ۰۲:۳۰ ب.ظ');
    expect(formatJalaliDateTime(new Date('2019-02-05T20:30:00Z'))).toBe('۱۳۹۷/۱۱/۱۷ ساعت ۱۲:۰۰ ق.ظ');
  });

  it('reads typed dates in any digits and rejects days that do not exist', () => {
    expect(parseJalaliDate('۱۳۶۵/۰۴/۱۲')).toEqual({ year: 1365, month: 4, day: 12 });
    expect(parseJalaliDate('1365-4-2')).toEqual({ year: 1365, month: 4, day: 2 });
    expect(parseJalaliDate('١٣٦٥/٠٤/١٢')).toEqual({ year: 1365, month: 4, day: 12 });
    expect(parseJalaliDate('1365/07/31')).toBeNull();
    expect(parseJalaliDate('1365/13/01')).toBeNull();
    expect(parseJalaliDate('hello')).toBeNull();
  });

  it('Nowruz 1403 is 20 March 2024', () => {
    expect(jalaliToGregorian({ year: 1403, month: 1, day: 1 })).toEqual({ year: 2024, month: 3, day: 20 });
    expect(jalaliKey(gregorianToJalali(2024, 3, 20))).toBe('1403/01/01');
  });

  it('converting to Gregorian and back is the identity, and agrees with Intl', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        (d) => {
          const noonUtc = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 9));
          const j = gregorianToJalali(
            noonUtc.getUTCFullYear(),
            noonUtc.getUTCMonth() + 1,
            noonUtc.getUTCDate(),
          );
          const p = tehranParts(noonUtc);
          expect({ year: p.year, month: p.month, day: p.day }).toEqual(j);
          const g = jalaliToGregorian(j);
          expect([g.year, g.month, g.day]).toEqual([
            noonUtc.getUTCFullYear(),
            noonUtc.getUTCMonth() + 1,
            noonUtc.getUTCDate(),
          ]);
        },
      ),
    );
  });
});

describe("Tehran's wall clock, ICU once a day", () => {
  const icu = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
    timeZone: 'Asia/Tehran',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  });
  const fromIcu = (at: Date) => {
    const parts: Record<string, number> = {};
    for (const p of icu.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
  };

  it('agrees with ICU at any instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        (d) => expect(tehranParts(d)).toEqual(fromIcu(d)),
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with ICU minute by minute across the clock changes and local midnights', () => {
    // Daylight saving's start and end in 2021 (the last year it ran), and local mean time's end.
    for (const around of ['2021-03-21T20:30:00Z', '2021-09-21T19:30:00Z', '1945-12-31T20:34:16Z']) {
      const t0 = Date.parse(around);
      for (let m = -26 * 60; m <= 26 * 60; m += 7) {
        const at = new Date(t0 + m * 60_000 + 17_000);
        expect(tehranParts(at)).toEqual(fromIcu(at));
      }
    }
  });

  it('an invalid date is refused as ICU refuses it', () => {
    expect(() => tehranParts(new Date(NaN))).toThrow(RangeError);
  });
});

describe('Gregorian dates as forms send them', () => {
  it('reads a day that exists', () => {
    expect(parseIsoDate('2030-02-28')).toBe('2030-02-28');
    expect(parseIsoDate('2028-02-29')).toBe('2028-02-29');
  });

  it('refuses a day that does not, and anything not YYYY-MM-DD', () => {
    for (const input of [
      '2030-02-31',
      '2029-02-29',
      '2030-13-01',
      '2030-00-10',
      '2030-1-1',
      '99999-01-01',
      '',
    ])
      expect(parseIsoDate(input)).toBeNull();
  });
});
