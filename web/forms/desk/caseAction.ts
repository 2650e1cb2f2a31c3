import type { Reference } from '../../../db/queries/shared/reference';
import type { StaffAction } from '../../../domain/desk/caseActions';
import type { Desk } from '../../../domain/desk/caseStatus';
import { MAX_EXTENSION_DAYS, STAFF_TEXT_MAX_LENGTH } from '../../../domain/desk/policy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { parseIntegerId, parseWholeNumber } from '../../../domain/shared/numbers';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';

export type Body = Record<string, string | undefined>;
export type ParsedFields = { args: Record<string, unknown> } | { error: string };

/** The staff actions, in the page's order. */
export const STAFF_ACTIONS: readonly StaffAction[] = [
  'claim',
  'assign',
  'reply',
  'requestInfo',
  'note',
  'transfer',
  'extend',
];

export const isStaffAction = (name: string): name is StaffAction =>
  (STAFF_ACTIONS as readonly string[]).includes(name);

/** The kind of the text an action stores before its update (histories carry only the text's id). */
export const ACTION_TEXT_KINDS: Partial<Record<StaffAction, string>> = {
  reply: 'reply',
  requestInfo: 'info-request',
  note: 'note',
  transfer: 'transfer-reason',
  extend: 'extension-reason',
};

/** What each action reads from its form besides the text. */
const FIELDS: Partial<Record<StaffAction, (body: Body, ref: Reference) => ParsedFields>> = {
  assign: (body) => {
    const staffId = parseIntegerId(body.staffId);
    return staffId !== null ? { args: { staffId } } : { error: PAGE_MESSAGES.assigneeRequired };
  },
  transfer: (body, ref) => {
    const province = ref.province(body.province ?? '')?.slug;
    const desk = body.desk === 'province' || body.desk === 'inspection' ? (body.desk as Desk) : undefined;
    return province && desk ? { args: { province, desk } } : { error: PAGE_MESSAGES.transferTarget };
  },
  extend: (body) => {
    const businessDays = parseWholeNumber(body.businessDays, 1, MAX_EXTENSION_DAYS);
    return businessDays !== null ? { args: { businessDays } } : { error: PAGE_MESSAGES.extensionDays };
  },
};

/**
 * The action's fields (the assignee, the transfer's target, the extension's days), or why not. The
 * provinces are read only for a form that has fields.
 */
export async function parseActionFields(
  action: StaffAction,
  body: Body,
  reference: () => Promise<Reference>,
): Promise<ParsedFields> {
  const parse = FIELDS[action];
  return parse ? parse(body, await reference()) : { args: {} };
}

/** The action's text, trimmed and within the limit, or why not. */
export function parseActionText(body: Body): { text: string } | { error: string } {
  const text = String(body.text ?? '').trim();
  if (!text) return { error: PAGE_MESSAGES.textRequired };
  if (text.length > STAFF_TEXT_MAX_LENGTH)
    return { error: PAGE_MESSAGES.textTooLong(toPersianDigits(STAFF_TEXT_MAX_LENGTH)) };
  return { text };
}
