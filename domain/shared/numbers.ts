import { toLatinDigits } from './digits';

/** The largest value of PostgreSQL's `integer` (int4). */
export const PG_INTEGER_MAX = 2_147_483_647;
/** The largest value of PostgreSQL's `bigint` (int8). */
export const PG_BIGINT_MAX = 9_223_372_036_854_775_807n;

/**
 * A whole number written as plain digits (Latin or Persian) within [min, max], or null. Exponents,
 * signs, fractions and anything past a safe integer are refused: `Number('1e20')` is an integer
 * too, and the database refuses what does not fit its column.
 */
export function parseWholeNumber(input: unknown, min: number, max: number): number | null {
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  const text = toLatinDigits(String(input)).trim();
  if (!/^\d{1,16}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** The id of a row keyed by `increments` (int4), as a URL or a form carries it, or null. */
export const parseIntegerId = (input: unknown): number | null => parseWholeNumber(input, 1, PG_INTEGER_MAX);

/**
 * The id of a row keyed by `bigIncrements` (int8), or null. Ids beyond JavaScript's safe integers
 * are refused too: no sequence here comes near them, and they would not survive as numbers.
 */
export const parseBigintId = (input: unknown): number | null =>
  parseWholeNumber(input, 1, Number.MAX_SAFE_INTEGER);
