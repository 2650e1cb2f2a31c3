import { digitsOnly, toLatinDigits, toPersianDigits } from './digits';

describe('digits', () => {
  it('reads Persian, Arabic-Indic and Latin digits alike', () => {
    expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toLatinDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(toLatinDigits('ab12۳٤')).toBe('ab1234');
  });

  it('shows Persian digits and keeps other characters', () => {
    expect(toPersianDigits('1397/11/16 10:46')).toBe('۱۳۹۷/۱۱/۱۶ ۱۰:۴۶');
    expect(toPersianDigits(2025)).toBe('۲۰۲۵');
    expect(toPersianDigits('٣')).toBe('۳');
  });

  it('keeps only digits of what a person typed', () => {
    expect(digitsOnly(' ۰۹۱۲-۱۲۳ 45 67 ')).toBe('0912123 4567'.replace(' ', ''));
  });
});
