import type { NewCaravan } from '../../../db/queries/hajj/bookings';
import type { Reference } from '../../../db/queries/shared/reference';
import { HAJJ_ADMIN_MESSAGES, HAJJ_FIELD_ERRORS } from '../../../domain/hajj/copy';
import { parseRials } from '../../../domain/hajj/journey';
import { ROUND_SIZE_MAX } from '../../../domain/hajj/policy';
import { parseMobile } from '../../../domain/shared/contact';
import { toLatinDigits } from '../../../domain/shared/digits';
import { isoDateOfJalali, parseJalaliDate } from '../../../domain/shared/jalali';
import { parseIntegerId, parseWholeNumber, PG_INTEGER_MAX } from '../../../domain/shared/numbers';
import { readJourneyKind } from './kinds';

export type FieldErrors = Record<string, string>;
type Body = Record<string, unknown> | undefined;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * A date a person typed or picked, in the Jalali calendar (`۱۴۰۵/۰۳/۲۰`, any digits, `/` or `-`),
 * as the Gregorian `YYYY-MM-DD` the journey stores; a Gregorian date is refused with its own message.
 */
export function readJalaliDate(input: unknown): { date: string } | { error: string } {
  const value = text(input);
  if (!value) return { error: HAJJ_FIELD_ERRORS.required };
  const jalali = parseJalaliDate(value);
  // Jalali years of living people and near flights are 13xx–14xx; a 19xx or 20xx year is Gregorian.
  if (!jalali || jalali.year < 1300 || jalali.year > 1600) {
    const year = Number(/^\s*(\d{4})/.exec(toLatinDigits(value))?.[1]);
    return { error: year >= 1700 ? HAJJ_FIELD_ERRORS.gregorianDate : HAJJ_FIELD_ERRORS.jalaliDate };
  }
  return { date: isoDateOfJalali(jalali) };
}

/** A round's size in any digits (Persian, Arabic-Indic, Latin). */
export function readRoundSize(body: Body): { size: number } | { errors: FieldErrors } {
  const size = parseWholeNumber(text(body?.size), 1, ROUND_SIZE_MAX);
  return size === null ? { errors: { size: HAJJ_FIELD_ERRORS.wholeNumber } } : { size };
}

/** What the caravan form keeps to show again: what was typed, as typed. */
export const CARAVAN_FIELDS = [
  'code',
  'name',
  'province',
  'agentStaffId',
  'agentName',
  'managerName',
  'managerPhone',
  'capacity',
  'price',
  'departsFrom',
  'departsTo',
  'flightDate',
  'kind',
] as const;

/**
 * The headquarters' new caravan: names as typed, the province one of the list's, capacity and price
 * in any digits, the manager's mobile (optional, as the admin's caravan form reads it), the three dates Jalali.
 * `agentKnown` says whether a staff id names an account.
 */
export async function readCaravanForm(
  body: Body,
  ref: Reference,
  agentKnown: (id: number) => Promise<boolean>,
): Promise<{ caravan: NewCaravan } | { errors: FieldErrors; values: Record<string, string> }> {
  const values = Object.fromEntries(CARAVAN_FIELDS.map((f) => [f, text(body?.[f])])) as Record<
    (typeof CARAVAN_FIELDS)[number],
    string
  >;
  const errors: FieldErrors = {};
  for (const f of ['code', 'name', 'agentName', 'managerName'] as const)
    if (!values[f]) errors[f] = HAJJ_FIELD_ERRORS.required;
  if (!ref.province(values.province)) errors.province = HAJJ_FIELD_ERRORS.province;
  let agentStaffId: number | null = null;
  if (values.agentStaffId) {
    agentStaffId = parseIntegerId(values.agentStaffId);
    if (agentStaffId === null || !(await agentKnown(agentStaffId)))
      errors.agentStaffId = HAJJ_FIELD_ERRORS.agentUnknown;
  }
  const managerPhone = values.managerPhone ? parseMobile(values.managerPhone) : null;
  if (values.managerPhone && !managerPhone) errors.managerPhone = HAJJ_ADMIN_MESSAGES.managerPhone;
  const capacity = parseWholeNumber(values.capacity, 1, PG_INTEGER_MAX);
  if (capacity === null) errors.capacity = HAJJ_FIELD_ERRORS.wholeNumber;
  const price = parseRials(values.price);
  if (price === null) errors.price = HAJJ_FIELD_ERRORS.rials;
  const dates: Record<string, string> = {};
  for (const f of ['departsFrom', 'departsTo', 'flightDate'] as const) {
    const read = readJalaliDate(values[f]);
    if ('error' in read) errors[f] = read.error;
    else dates[f] = read.date;
  }
  if (dates.departsFrom && dates.departsTo && dates.departsTo < dates.departsFrom)
    errors.departsTo = HAJJ_FIELD_ERRORS.departsOrder;
  const kind = readJourneyKind(values.kind);
  if ('error' in kind) errors.kind = kind.error;
  if (Object.keys(errors).length > 0 || capacity === null || price === null || 'error' in kind)
    return { errors, values };
  return {
    caravan: {
      code: values.code,
      name: values.name,
      province: values.province,
      agentStaffId,
      agentName: values.agentName,
      managerName: values.managerName,
      managerPhone,
      capacity,
      priceRials: price,
      departsFrom: dates.departsFrom,
      departsTo: dates.departsTo,
      flightDate: dates.flightDate,
      kind: kind.kind,
    },
  };
}
