import { toPersianDigits } from '../shared/digits';
import { HAJJ_IMPORT_PROBLEMS, HAJJ_PAGE_MESSAGES, HAJJ_REJECTIONS, HAJJ_REQUIRED_DOCUMENTS } from './copy';
import { parseDepositLine, parseDepositNumber } from './deposit';
import { addMonths, passportValidFor } from './journey';
import {
  BANK_BRANCH_MAX_LENGTH,
  DEPOSIT_NUMBER_MAX_DIGITS,
  DEPOSIT_NUMBER_MIN_DIGITS,
  isRoundSize,
  MAX_DEPOSIT_FILE_MB,
  PASSPORT_MONTHS_AFTER_FLIGHT,
  ROUND_SIZE_MAX,
} from './policy';

describe('the Hajj policy', () => {
  it('is what the rules check: the passport, the deposit number, the branch, the round size', () => {
    const flight = '2027-05-20';
    const limit = addMonths(flight, PASSPORT_MONTHS_AFTER_FLIGHT);
    expect(passportValidFor(limit, flight)).toBe(true);
    expect(passportValidFor(addMonths(flight, PASSPORT_MONTHS_AFTER_FLIGHT - 1), flight)).toBe(false);

    expect(parseDepositNumber('1'.repeat(DEPOSIT_NUMBER_MIN_DIGITS))).not.toBeNull();
    expect(parseDepositNumber('1'.repeat(DEPOSIT_NUMBER_MIN_DIGITS - 1))).toBeNull();
    expect(parseDepositNumber('1'.repeat(DEPOSIT_NUMBER_MAX_DIGITS))).not.toBeNull();
    expect(parseDepositNumber('1'.repeat(DEPOSIT_NUMBER_MAX_DIGITS + 1))).toBeNull();

    const line = (branch: string) => `0010350829,123456789,${branch},2026-03-01 10:00,150000000`;
    expect(parseDepositLine(line('ب'.repeat(BANK_BRANCH_MAX_LENGTH)))).not.toHaveProperty('problem');
    expect(parseDepositLine(line('ب'.repeat(BANK_BRANCH_MAX_LENGTH + 1)))).toEqual({ problem: 'bankBranch' });

    expect([1, ROUND_SIZE_MAX].map(isRoundSize)).toEqual([true, true]);
    expect([0, ROUND_SIZE_MAX + 1, 1.5, NaN].map(isRoundSize)).toEqual([false, false, false, false]);
  });

  it('is what the messages say, in Persian digits', () => {
    const months = toPersianDigits(PASSPORT_MONTHS_AFTER_FLIGHT);
    expect(HAJJ_REJECTIONS.passportTooShort).toContain(`حداقل ${months} ماه`);
    expect(HAJJ_REQUIRED_DOCUMENTS.join(' ')).toContain(`حداقل ${months} ماه`);
    expect(HAJJ_PAGE_MESSAGES.importFileSize).toContain(`${toPersianDigits(MAX_DEPOSIT_FILE_MB)} مگابایت`);
    expect(HAJJ_IMPORT_PROBLEMS.columns).toMatch(/^تعداد ستون‌ها باید ۵ .* یا ۶ /);
  });
});
