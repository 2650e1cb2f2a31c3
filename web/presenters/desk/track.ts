import type { TrackedCase } from '../../../db/queries/desk/cases';
import { EVENT_LABELS, STATUS_LABELS, TRACK_PAGE } from '../../../domain/desk/copy';
import {
  CITIZEN_TEXT_MAX_LENGTH,
  MAX_ATTACHMENT_BYTES,
  SCORE_MAX,
  SCORE_MIN,
} from '../../../domain/desk/policy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { CLIENT_MESSAGES } from '../../../domain/shared/copy';
import { ATTACHMENT_ROWS } from '../../forms/shared/attachments';
import type { FormErrors } from '../../forms/desk/requestForm';

/** The track form, with what was typed and why not. */
export function trackFormPage(
  values: { nationalCode: string; trackingCode: string },
  errors: FormErrors,
  notFound: boolean,
) {
  return { title: TRACK_PAGE.formTitle, values, errors, notFound, clientMessages: CLIENT_MESSAGES };
}

/** What the result page says besides the case: a notice, a refusal, a form's errors and values. */
export interface TrackResultExtra {
  notice?: string;
  actionError?: string;
  errors?: FormErrors;
  values?: Record<string, string>;
}

/** The case as its citizen sees it, with the forms its state offers (answer, rating, objection). */
export function trackResultPage(found: TrackedCase, extra: TrackResultExtra = {}) {
  const answered = found.status === 'answered';
  const awaitingInfo = found.status === 'info-requested';
  const mayRate = answered && !found.rated;
  const mayObject = answered && !found.objected;
  // An error for a form the page no longer shows (the case moved on) goes to the top of the page.
  const errors = extra.errors ?? {};
  const formShown: Record<string, boolean> = {
    supplement: awaitingInfo,
    supplementAttachments: awaitingInfo,
    score: mayRate,
    objection: mayObject,
  };
  const orphaned = Object.entries(errors)
    .filter(([field]) => !formShown[field])
    .map(([, message]) => message);
  const scores = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MAX - i);
  return {
    title: TRACK_PAGE.resultTitle,
    result: {
      citizenName: found.citizenName ?? '',
      expertName: found.expertName ?? '',
      statusLabel: STATUS_LABELS[found.status],
      createdAt: formatJalaliDateTime(found.createdAt),
      answeredAt: found.answeredAt ? formatJalaliDateTime(found.answeredAt) : '',
      nationalCode: toPersianDigits(found.nationalCode),
      trackingCode: toPersianDigits(found.trackingCode),
      reply: found.reply ?? '',
    },
    trackingCode: found.trackingCode,
    timeline: found.timeline.map((e) => ({
      at: formatJalaliDateTime(e.at),
      text: EVENT_LABELS[e.kind] ?? e.kind,
    })),
    question: found.status === 'info-requested' ? (found.question ?? '') : undefined,
    awaitingInfo,
    mayRate,
    mayObject,
    scores: scores.map((n) => ({ value: n, label: toPersianDigits(n) })),
    attachmentRows: Array.from({ length: ATTACHMENT_ROWS }, (_, i) => i + 1),
    maxFileKb: MAX_ATTACHMENT_BYTES / 1024,
    textMaxLength: CITIZEN_TEXT_MAX_LENGTH,
    textMaxLengthFa: toPersianDigits(CITIZEN_TEXT_MAX_LENGTH),
    clientMessages: CLIENT_MESSAGES,
    notice: extra.notice,
    actionError: extra.actionError ?? (orphaned.length > 0 ? orphaned.join(' ') : undefined),
    errors,
    values: extra.values ?? {},
  };
}
