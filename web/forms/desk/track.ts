import type { NewAttachment } from '../../../db/queries/desk/cases';
import { parseTrackingCode } from '../../../domain/desk/trackingCode';
import { CITIZEN_TEXT_MAX_LENGTH, isScore } from '../../../domain/desk/policy';
import { toLatinDigits, toPersianDigits } from '../../../domain/shared/digits';
import { parseNationalCode } from '../../../domain/shared/nationalCode';
import { FIELD_ERRORS } from '../../../domain/shared/copy';
import { checkAttachments } from '../shared/attachments';
import type { FormErrors } from './requestForm';

type Body = Record<string, unknown> | undefined;

/** What the track form sent, trimmed, and the pair it proves if both codes are well formed. */
export function parseTrackForm(body: Body): {
  values: { nationalCode: string; trackingCode: string };
  errors: FormErrors;
  pair?: { nationalCode: string; trackingCode: string };
} {
  const values = {
    nationalCode: String(body?.nationalCode ?? '').trim(),
    trackingCode: String(body?.trackingCode ?? '').trim(),
  };
  const errors: FormErrors = {};
  const nationalCode = parseNationalCode(values.nationalCode);
  const trackingCode = parseTrackingCode(values.trackingCode);
  if (!nationalCode)
    errors.nationalCode = values.nationalCode ? FIELD_ERRORS.nationalCode : FIELD_ERRORS.required;
  if (!trackingCode)
    errors.trackingCode = values.trackingCode ? FIELD_ERRORS.trackingCode : FIELD_ERRORS.required;
  return { values, errors, pair: nationalCode && trackingCode ? { nationalCode, trackingCode } : undefined };
}

export const citizenTextTooLong = () =>
  FIELD_ERRORS.citizenTextTooLong(toPersianDigits(CITIZEN_TEXT_MAX_LENGTH));

/** The citizen's text after the request (an answer, an objection): trimmed, present, within the limit. */
export function parseCitizenText(body: Body, missing: string): { text: string; error?: string } {
  const text = String(body?.text ?? '').trim();
  if (!text) return { text, error: missing };
  if (text.length > CITIZEN_TEXT_MAX_LENGTH) return { text, error: citizenTextTooLong() };
  return { text };
}

/** The answer to the expert's question: its text and files, or what is wrong with them. */
export async function parseSupplement(
  body: Body,
  files: { originalname: string; buffer: Buffer; size: number }[],
): Promise<{ text: string; attachments: NewAttachment[] } | { text: string; errors: FormErrors }> {
  const { text, error } = parseCitizenText(body, FIELD_ERRORS.supplement);
  const errors: FormErrors = {};
  if (error) errors.supplement = error;
  const titles = ([] as unknown[])
    .concat(body?.attachmentTitles ?? [])
    .map((t) => (typeof t === 'string' ? t : ''));
  const checked = await checkAttachments(files, titles);
  if ('problem' in checked) {
    errors.supplementAttachments = {
      size: FIELD_ERRORS.attachmentSize,
      type: FIELD_ERRORS.attachmentType,
      count: FIELD_ERRORS.attachmentCount,
    }[checked.problem];
  }
  if (Object.keys(errors).length > 0 || 'problem' in checked) return { text, errors };
  return { text, attachments: checked.attachments };
}

/** The rating, in any script's digits, or null when it is not a score. */
export function parseScore(body: Body): number | null {
  const score = Number(toLatinDigits(String(body?.score ?? '')));
  return isScore(score) ? score : null;
}
