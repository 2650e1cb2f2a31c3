import QRCode from 'qrcode';
import type { Db } from '../../db';
import { SELF_SERVICE_COPY } from '../../domain/shared/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDate, tehranParts } from '../../domain/shared/jalali';
import { maskNationalCode } from '../../domain/shared/nationalCode';
import { businessDeadline } from '../../db/queries/shared/calendar';

/** The tracking page's address for one code: the form opens with the code filled in. */
export function trackingPageUrl(publicUrl: string, trackingCode: string): string {
  return `${publicUrl.replace(/\/$/, '')}/track?code=${encodeURIComponent(trackingCode)}`;
}

/** A QR code of that address as an SVG data URI (an <img>, allowed by the strict CSP). */
export async function trackingQr(publicUrl: string, trackingCode: string): Promise<string> {
  const svg = await QRCode.toString(trackingPageUrl(publicUrl, trackingCode), {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * What the receipt adds to the case's details: the national code masked as the seed's card prints
 * it, and when the answer is due (the subject's SLA days on the business calendar from the
 * submission, as the workflow counts them once the case is routed).
 */
export async function receiptExtras(
  db: Db,
  c: { nationalCode: string; createdAt: Date; slaBusinessDays: number },
) {
  const dueAt = await businessDeadline(db, c.createdAt, c.slaBusinessDays);
  return {
    nationalCodeMasked: toPersianDigits(maskNationalCode(c.nationalCode)),
    answerDue: SELF_SERVICE_COPY.answerDue(
      formatJalaliDate(tehranParts(dueAt)),
      toPersianDigits(c.slaBusinessDays),
    ),
  };
}
