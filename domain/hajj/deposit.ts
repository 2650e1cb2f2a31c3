/** The bank's deposit file (ودیعه گذاری): its rows and their checks. Not for workflow code (hashing). */
import { digitsOnly, toLatinDigits } from '../shared/digits';
import { parseMobile } from '../shared/contact';
import { parseRials } from './journey';
import { parseNationalCode } from '../shared/nationalCode';
import {
  BANK_BRANCH_MAX_LENGTH,
  DEPOSIT_FILE_COLUMNS,
  DEPOSIT_FILE_COLUMNS_WITH_MOBILE,
  DEPOSIT_NUMBER_MAX_DIGITS,
  DEPOSIT_NUMBER_MIN_DIGITS,
} from './policy';

const DEPOSIT_NUMBER = new RegExp(`^\\d{${DEPOSIT_NUMBER_MIN_DIGITS},${DEPOSIT_NUMBER_MAX_DIGITS}}$`);

export function parseDepositNumber(input: string): string | null {
  const code = digitsOnly(input);
  return DEPOSIT_NUMBER.test(code) ? code : null;
}

/** One row of the bank's deposit file. */
export interface DepositRow {
  nationalCode: string;
  depositNumber: string;
  bankBranch: string;
  depositedAt: Date;
  amountRials: bigint;
  /** For the call-up SMS; the bank's file may leave it out. */
  mobile: string | null;
}

export type DepositRowProblem =
  'columns' | 'nationalCode' | 'depositNumber' | 'bankBranch' | 'depositedAt' | 'amount' | 'mobile';

/** Why the registry did not confirm a row's national code. */
export type RegistryProblem = 'notInRegistry' | 'registryUnavailable';

/** Why an imported row was not stored: its own content, the registry, or a clash with another row. */
export type ImportProblem = DepositRowProblem | RegistryProblem | 'nationalCodeTaken' | 'depositNumberTaken';

/** Confirms a row's national code with the civil registry: null, or why not. */
export type IdentityCheck = (nationalCode: string) => Promise<RegistryProblem | null>;

/** A bank file's date-time: ISO 8601, Tehran time when it has no offset; null when it is none. */
export function parseBankTimestamp(at: string): Date | null {
  const latinAt = toLatinDigits(at);
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(latinAt);
  const date = new Date(hasOffset ? latinAt : `${latinAt.replace(' ', 'T')}+03:30`);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(latinAt) || Number.isNaN(date.getTime())) return null;
  return date;
}

/**
 * Reads one line of the deposit file: national code, deposit number, bank branch, deposit date-time
 * (ISO 8601; without an offset it is Tehran time), amount in rials and, optionally, a mobile number.
 */
export function parseDepositLine(line: string): DepositRow | { problem: DepositRowProblem } {
  const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (cells.length !== DEPOSIT_FILE_COLUMNS && cells.length !== DEPOSIT_FILE_COLUMNS_WITH_MOBILE)
    return { problem: 'columns' };
  const [code, number, branch, at, amount, mobileCell] = cells;
  const nationalCode = parseNationalCode(code);
  if (!nationalCode) return { problem: 'nationalCode' };
  const depositNumber = parseDepositNumber(number);
  if (!depositNumber) return { problem: 'depositNumber' };
  if (!branch || branch.length > BANK_BRANCH_MAX_LENGTH) return { problem: 'bankBranch' };
  const depositedAt = parseBankTimestamp(at);
  if (!depositedAt) return { problem: 'depositedAt' };
  const amountRials = parseRials(amount);
  if (amountRials === null || amountRials <= 0n) return { problem: 'amount' };
  const mobile = mobileCell ? parseMobile(mobileCell) : null;
  if (mobileCell && !mobile) return { problem: 'mobile' };
  return { nationalCode, depositNumber, bankBranch: branch, depositedAt, amountRials, mobile };
}
