import { createHmac } from 'node:crypto';
import { digitsOnly } from './digits';

/** The check digit of the first nine digits of an Iranian national code (کد ملی). */
export function nationalCodeCheckDigit(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const remainder = sum % 11;
  return remainder < 2 ? remainder : 11 - remainder;
}

/**
 * The national code in Latin digits when the input is a valid one, else null.
 * Accepts any digit script and ignores separators; rejects codes made of one repeated digit,
 * which pass the checksum but are never issued.
 */
export function parseNationalCode(input: string): string | null {
  const code = digitsOnly(input);
  if (!/^\d{10}$/.test(code)) return null;
  if (/^(\d)\1{9}$/.test(code)) return null;
  return nationalCodeCheckDigit(code) === Number(code[9]) ? code : null;
}

export function isValidNationalCode(input: string): boolean {
  return parseNationalCode(input) !== null;
}

/** How many distinct codes `nationalCodeFromSeed` makes: every nine-digit body but the ten repdigits. */
export const NATIONAL_CODE_SEEDS = 1_000_000_000 - 10;

/**
 * A valid national code made from any non-negative integer, for generators of test and
 * benchmark data: distinct seeds below NATIONAL_CODE_SEEDS give distinct codes.
 */
export function nationalCodeFromSeed(seed: number): string {
  let body = Math.abs(Math.trunc(seed)) % NATIONAL_CODE_SEEDS;
  // Step over the repdigit bodies (000000000, 111111111, …): their codes are never issued.
  for (let digit = 0; digit <= 9; digit++) if (body >= digit * 111_111_111) body++;
  const firstNine = String(body).padStart(9, '0');
  return firstNine + nationalCodeCheckDigit(firstNine);
}

/** Shows only the last four digits, for staff who need not see the whole code. */
export function maskNationalCode(code: string): string {
  return '******' + code.slice(-4);
}

/**
 * A keyed hash of the code: lets the engine's search attributes and indexes find a citizen's
 * cases without ever holding the code itself.
 */
export function nationalCodeHash(code: string, key: string): string {
  return createHmac('sha256', key).update(code).digest('hex');
}
