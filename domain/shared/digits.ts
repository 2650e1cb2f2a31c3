const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

/** Turns Persian and Arabic-Indic digits into Latin ones; everything else is kept. */
export function toLatinDigits(input: string): string {
  return input.replace(/[۰-۹٠-٩]/g, (ch) => {
    const persian = PERSIAN.indexOf(ch);
    return String(persian >= 0 ? persian : ARABIC_INDIC.indexOf(ch));
  });
}

/**
 * Shows every digit of a value in Persian, as everything a citizen reads must be. A loop over the
 * characters rather than a regular expression's callback: a page calls this hundreds of times.
 */
export function toPersianDigits(input: string | number): string {
  const text = String(input);
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Latin 0–9 and Arabic-Indic ٠–٩ (U+0660–U+0669).
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 0x660 && c <= 0x669 ? c - 0x660 : -1;
    if (digit < 0) continue;
    out += text.slice(from, i) + PERSIAN[digit];
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Latin digits only, with spaces, dashes and other separators a person may type removed. */
export function digitsOnly(input: string): string {
  return toLatinDigits(input).replace(/[^0-9]/g, '');
}
