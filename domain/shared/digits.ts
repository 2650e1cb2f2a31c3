const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

/** Turns Persian and Arabic-Indic digits into Latin ones; everything else is kept. */
export function toLatinDigits(input: string): string {
  return input.replace(/[۰-۹٠-٩]/g, (ch) => {
    const persian = PERSIAN.indexOf(ch);
    return String(persian >= 0 ? persian : ARABIC_INDIC.indexOf(ch));
  });
}

/** Shows every digit of a value in Persian, as everything a citizen reads must be. */
export function toPersianDigits(input: string | number): string {
  return String(input).replace(/[0-9٠-٩]/g, (ch) => {
    const arabic = ARABIC_INDIC.indexOf(ch);
    return PERSIAN[arabic >= 0 ? arabic : Number(ch)];
  });
}

/** Latin digits only, with spaces, dashes and other separators a person may type removed. */
export function digitsOnly(input: string): string {
  return toLatinDigits(input).replace(/[^0-9]/g, '');
}
