import { digitsOnly } from './digits';

/** A mobile number as ۰۹xxxxxxxxx (any digits; +98 and 0098 prefixes accepted), else null. */
export function parseMobile(input: string): string | null {
  let n = digitsOnly(input);
  if (n.startsWith('0098')) n = '0' + n.slice(4);
  else if (n.startsWith('98') && n.length === 12) n = '0' + n.slice(2);
  return /^09\d{9}$/.test(n) ? n : null;
}

/** A landline's area code: 0 and two digits (021, 041 …). */
export function parseAreaCode(input: string): string | null {
  const n = digitsOnly(input);
  return /^0\d{2}$/.test(n) ? n : null;
}

/** A landline's local number: eight digits, not starting with 0. */
export function parseLocalPhone(input: string): string | null {
  const n = digitsOnly(input);
  return /^[1-9]\d{7}$/.test(n) ? n : null;
}

export function isPlausibleEmail(input: string): boolean {
  return input.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(input);
}
