import fc from 'fast-check';
import { digitsOnly, toLatinDigits, toPersianDigits } from './digits';

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

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

  it('shows Persian digits exactly as the character-by-character rule does', () => {
    const rule = (s: string) =>
      s.replace(
        /[0-9٠-٩]/g,
        (ch) => PERSIAN_DIGITS[ch >= '0' && ch <= '9' ? Number(ch) : ch.charCodeAt(0) - 0x660],
      );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789٠١٢٣٤٥٦٧٨٩۰۹ab/: ساعت') }), (s) =>
        expect(toPersianDigits(s)).toBe(rule(s)),
      ),
    );
    expect(toPersianDigits('')).toBe('');
    expect(toPersianDigits('بدون رقم')).toBe('بدون رقم');
  });

  it('keeps only digits of what a person typed', () => {
    expect(digitsOnly(' ۰۹۱۲-۱۲۳ 45 67 ')).toBe('0912123 4567'.replace(' ', ''));
  });
});
