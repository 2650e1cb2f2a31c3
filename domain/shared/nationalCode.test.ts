import fc from 'fast-check';
import {
  NATIONAL_CODE_SEEDS,
  isValidNationalCode,
  maskNationalCode,
  nationalCodeFromSeed,
  parseNationalCode,
} from './nationalCode';

describe('national code', () => {
  it('accepts codes whose check digit matches', () => {
    expect(parseNationalCode('0499370899')).toBe('0499370899');
    expect(parseNationalCode('0790419904')).toBe('0790419904');
  });

  it('accepts Persian and Arabic-Indic digits and separators', () => {
    expect(parseNationalCode('۰۴۹۹۳۷۰۸۹۹')).toBe('0499370899');
    expect(parseNationalCode('٠٤٩٩٣٧٠٨٩٩')).toBe('0499370899');
    expect(parseNationalCode('049-937089-9')).toBe('0499370899');
  });

  it('rejects a wrong check digit, a wrong length and repeated digits', () => {
    expect(isValidNationalCode('0499370898')).toBe(false);
    expect(isValidNationalCode('049937089')).toBe(false);
    expect(isValidNationalCode('04993708990')).toBe(false);
    expect(isValidNationalCode('1111111111')).toBe(false);
    expect(isValidNationalCode('0000000000')).toBe(false);
    expect(isValidNationalCode('')).toBe(false);
  });

  it('generates valid and distinct codes from seeds, stepping over repdigits', () => {
    expect(nationalCodeFromSeed(0)).toBe('0000000019');
    expect(nationalCodeFromSeed(NATIONAL_CODE_SEEDS - 1)).toMatch(/^999999998/);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: NATIONAL_CODE_SEEDS - 2 }), (seed) => {
        const code = nationalCodeFromSeed(seed);
        expect(isValidNationalCode(code)).toBe(true);
        expect(nationalCodeFromSeed(seed + 1)).not.toBe(code);
      }),
    );
  });

  it('any other check digit makes a valid code invalid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 1, max: 9 }), (seed, shift) => {
        const code = nationalCodeFromSeed(seed);
        expect(isValidNationalCode(code.slice(0, 9) + ((Number(code[9]) + shift) % 10))).toBe(false);
      }),
    );
  });

  it('masks all but the last four digits', () => {
    expect(maskNationalCode('0499370899')).toBe('******0899');
  });
});
