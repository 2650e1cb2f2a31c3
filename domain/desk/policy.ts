/**
 * The request desk's limits, written once: the pages and the workflow's validators check them and
 * the Persian messages are built from them (domain/desk/copy.ts, domain/shared/copy.ts).
 */

/** Business days a supervisor may add to a deadline at once. */
export const MAX_EXTENSION_DAYS = 30;

/** The citizen's rating of the answer. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** Each attached file; the upload parsers stop a body well above it so the form can say why. */
export const MAX_ATTACHMENT_BYTES = 300 * 1024;

/** What a staff member writes with an action (a reply, a question, a note, a reason). */
export const STAFF_TEXT_MAX_LENGTH = 4000;

/** What a citizen writes after the request: an answer to the expert's question, an objection. */
export const CITIZEN_TEXT_MAX_LENGTH = 2000;

export function isScore(score: number): boolean {
  return Number.isInteger(score) && score >= SCORE_MIN && score <= SCORE_MAX;
}

export function isExtension(businessDays: number): boolean {
  return Number.isInteger(businessDays) && businessDays >= 1 && businessDays <= MAX_EXTENSION_DAYS;
}
