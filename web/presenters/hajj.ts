import type { Rejection } from '../../db/queries/hajj/deposits';
import { HAJJ_IMPORT_PROBLEMS } from '../../domain/hajj/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDate, gregorianToJalali } from '../../domain/shared/jalali';

/** Rials with thousands separators, in Persian digits. */
export function formatRials(value: string | bigint): string {
  return toPersianDigits(String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '٬'));
}

/** 'YYYY-MM-DD' (Gregorian) as a Jalali date. */
export function jalaliOfIsoDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return formatJalaliDate(gregorianToJalali(y, m, d));
}

/** An import's rejected rows as the admin reads them: each line with its Persian reason. */
export function describeRejections(rejections: Rejection[]) {
  return rejections.map((r) => ({ ...r, reason: HAJJ_IMPORT_PROBLEMS[r.problem] }));
}
