import type { NewCaravan } from '../../../db/queries/hajj/bookings';
import { HAJJ_ADMIN_MESSAGES as M } from '../../../domain/hajj/copy';
import { parseRials } from '../../../domain/hajj/journey';
import { parseMobile } from '../../../domain/shared/contact';
import { isoDateOfJalali, parseJalaliDate } from '../../../domain/shared/jalali';
import { parseWholeNumber } from '../../../domain/shared/numbers';

export type CaravanTerms = Omit<NewCaravan, 'agentStaffId' | 'flightNumber' | 'rating'>;

const CARAVAN_FIELDS = [
  'code',
  'name',
  'province',
  'agentName',
  'managerName',
  'managerPhone',
  'capacity',
  'price',
  'departsFrom',
  'departsTo',
  'flightDate',
] as const;
export type CaravanValues = Record<(typeof CARAVAN_FIELDS)[number], string>;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const text = (v: string) => v.length > 0 && v.length <= 100;

/** A Jalali date typed in any digits as Gregorian 'YYYY-MM-DD', or null. */
function isoOfJalali(input: string): string | null {
  const j = parseJalaliDate(input);
  return j ? isoDateOfJalali(j) : null;
}

/**
 * The admin's caravan form: code, name, province, agent's and manager's names, the manager's mobile,
 * capacity, the price in rials and the Jalali dates, in any digits. Errors are Persian, one per
 * problem; the terms come back only when there is none.
 */
export function readCaravanForm(
  body: Record<string, unknown>,
  provinces: Set<string>,
): { values: CaravanValues; errors: string[]; terms?: CaravanTerms } {
  const values = Object.fromEntries(CARAVAN_FIELDS.map((f) => [f, str(body[f])])) as CaravanValues;
  const errors: string[] = [];
  const code = values.code.toUpperCase();
  if (!/^[A-Z0-9-]{2,20}$/.test(code)) errors.push(M.code);
  if (!text(values.name)) errors.push(M.name);
  if (!provinces.has(values.province)) errors.push(M.province);
  if (!text(values.agentName)) errors.push(M.agentName);
  if (!text(values.managerName)) errors.push(M.managerName);
  const managerPhone = values.managerPhone ? parseMobile(values.managerPhone) : null;
  if (values.managerPhone && !managerPhone) errors.push(M.managerPhone);
  const capacity = parseWholeNumber(values.capacity, 1, 10_000);
  if (capacity === null) errors.push(M.capacity);
  const priceRials = parseRials(values.price);
  if (priceRials === null) errors.push(M.price);
  const [departsFrom, departsTo, flightDate] = [values.departsFrom, values.departsTo, values.flightDate].map(
    isoOfJalali,
  );
  if (!departsFrom || !departsTo || !flightDate) errors.push(M.date);
  else if (!(departsFrom <= flightDate && flightDate <= departsTo)) errors.push(M.dateOrder);
  if (errors.length > 0) return { values, errors };
  return {
    values,
    errors,
    terms: {
      code,
      name: values.name,
      province: values.province,
      agentName: values.agentName,
      managerName: values.managerName,
      managerPhone,
      capacity: capacity!,
      priceRials: priceRials!,
      departsFrom: departsFrom!,
      departsTo: departsTo!,
      flightDate: flightDate!,
    },
  };
}
