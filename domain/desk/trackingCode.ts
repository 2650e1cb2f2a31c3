import { randomInt } from 'node:crypto';
import { digitsOnly } from '../shared/digits';

/** Luhn check digit: catches every single-digit error and most swaps of neighbours. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A new tracking code (کد پیگیری): ten digits, the first never zero, nine of them drawn from a
 * cryptographic source (so codes are neither sequential nor guessable), the last a check digit.
 */
export function newTrackingCode(random: (maxExclusive: number) => number = randomInt): string {
  let body = String(1 + random(9));
  for (let i = 0; i < 8; i++) body += String(random(10));
  return body + luhnCheckDigit(body);
}

/** The tracking code in Latin digits when the input is a well-formed one, else null. */
export function parseTrackingCode(input: string): string | null {
  const code = digitsOnly(input);
  if (!/^[1-9]\d{9}$/.test(code)) return null;
  return luhnCheckDigit(code.slice(0, 9)) === Number(code[9]) ? code : null;
}
