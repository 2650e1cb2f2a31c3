import { HAJJ_FIELD_ERRORS } from '../../../domain/hajj/copy';
import { readJalaliDate, readRoundSize } from './staffForms';

describe('the Hajj staff forms read what people type', () => {
  it('takes a Jalali date in Persian, Arabic-Indic or Latin digits, with / or -', () => {
    for (const typed of ['۱۴۰۹/۰۲/۱۵', '١٤٠٩/٠٢/١٥', '1409/2/15', '1409-02-15', ' ۱۴۰۹/۰۲/۱۵ '])
      expect([typed, readJalaliDate(typed)]).toEqual([typed, { date: '2030-05-05' }]);
    // The last day of a leap Esfand exists; the 30th of Esfand of a common year does not.
    expect(readJalaliDate('۱۴۰۳/۱۲/۳۰')).toEqual({ date: '2025-03-20' });
    expect(readJalaliDate('۱۴۰۴/۱۲/۳۰')).toEqual({ error: HAJJ_FIELD_ERRORS.jalaliDate });
  });

  it('refuses a Gregorian date with its own message, and nonsense with the Jalali one', () => {
    for (const typed of ['2030-05-05', '۲۰۳۰-۰۵-۰۵', '2030/05/05'])
      expect(readJalaliDate(typed)).toEqual({ error: HAJJ_FIELD_ERRORS.gregorianDate });
    for (const typed of ['soon', '1409/13/01', '0999/01/01', '14090215'])
      expect(readJalaliDate(typed)).toEqual({ error: HAJJ_FIELD_ERRORS.jalaliDate });
    expect(readJalaliDate('')).toEqual({ error: HAJJ_FIELD_ERRORS.required });
    expect(readJalaliDate(['1409/02/15'])).toEqual({ error: HAJJ_FIELD_ERRORS.required });
  });

  it('reads a round size in any digits, within its limits', () => {
    expect(readRoundSize({ size: '۳' })).toEqual({ size: 3 });
    expect(readRoundSize({ size: '٣٠' })).toEqual({ size: 30 });
    expect(readRoundSize({ size: '1000000' })).toEqual({ size: 1_000_000 });
    for (const size of ['0', '-1', '1e3', '3.5', 'سه', '1000001', ''])
      expect(readRoundSize({ size })).toEqual({ errors: { size: HAJJ_FIELD_ERRORS.wholeNumber } });
  });
});
