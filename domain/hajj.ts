/**
 * The pilgrim's Hajj Tamattu journey (the organization's process guide, seed 002): its stages in the
 * guide's order, the passport rule, the refund on cancellation and the deposit file's rows. Pure:
 * the journey workflow and the pages use the same rules.
 */
import { toLatinDigits } from './digits';

/**
 * Where a journey stands, in the guide's order: called up, booking a caravan (seat held), the final
 * registration steps at the caravan office, then dispatch. The last three are ends.
 */
export const JOURNEY_STAGES = [
  'called',
  'booking',
  'held',
  'documents',
  'payment',
  'medical',
  'insurance',
  'training',
  'card',
  'visa-request',
  'visa',
  'ticket',
  'dispatch',
  'dispatched',
  'unfit',
  'visa-refused',
  'cancelled',
] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

/** The final registration steps after the seat is held, each recorded at the caravan office. */
export const REGISTRATION_STEPS = [
  'documents',
  'payment',
  'medical',
  'insurance',
  'training',
  'card',
] as const;
export type RegistrationStep = (typeof REGISTRATION_STEPS)[number];

/** Dispatch, done by the organization for the whole caravan. */
export const DISPATCH_STEPS = ['visa-request', 'visa', 'ticket', 'dispatch'] as const;
export type DispatchStep = (typeof DISPATCH_STEPS)[number];

export const ENDED_STAGES: readonly JourneyStage[] = ['dispatched', 'unfit', 'visa-refused', 'cancelled'];

/** The steps a pilgrim's page lists, done or to do, in order. */
export const JOURNEY_STEPS = ['booking', ...REGISTRATION_STEPS, ...DISPATCH_STEPS] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

export function stageIndex(stage: JourneyStage): number {
  return JOURNEY_STAGES.indexOf(stage);
}

/** The registration step that follows `step`, or the first dispatch step after the card. */
export function nextStage(stage: JourneyStage): JourneyStage {
  const order: JourneyStage[] = ['held', ...REGISTRATION_STEPS, ...DISPATCH_STEPS, 'dispatched'];
  const i = order.indexOf(stage);
  if (i < 0 || i === order.length - 1) throw new RangeError(`no stage after ${stage}`);
  return order[i + 1];
}

/** Months a passport must stay valid after the flight. */
export const PASSPORT_MONTHS_AFTER_FLIGHT = 6;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoParts(date: string): [number, number, number] | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d
    ? [y, mo, d]
    : null;
}

/** `date` plus whole calendar months, clamped to the month's last day ('2026-08-31' + 6 → '2027-02-28'). */
export function addMonths(date: string, months: number): string {
  const p = isoParts(date);
  if (!p) throw new RangeError(`not a date: ${date}`);
  const [y, m, d] = p;
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

/**
 * Whether a passport expiring on `expiry` may travel on a flight on `flightDate` (both Gregorian
 * 'YYYY-MM-DD'): it must be valid at least six months after the flight date, the expiry day included.
 */
export function passportValidFor(expiry: string, flightDate: string): boolean {
  if (!isoParts(expiry) || !isoParts(flightDate)) return false;
  return expiry >= addMonths(flightDate, PASSPORT_MONTHS_AFTER_FLIGHT);
}

/** Amounts in rials are integers: parsed from digit strings (any script) to bigint, never floats. */
export function parseRials(input: string): bigint | null {
  const text = toLatinDigits(String(input)).replace(/[,\s٬،]/g, '');
  if (!/^\d{1,19}$/.test(text)) return null;
  return BigInt(text);
}

export interface Refund {
  /** Everything the pilgrim paid: the deposit and every payment after it. */
  paidRials: bigint;
  /** The deposit document's principal, made stable (blocked) at the bank. */
  blockedRials: bigint;
  /** What the bank returns with the receipt. */
  refundRials: bigint;
}

/**
 * Cancellation after final registration (the guide): the deposit document is made stable, so its
 * principal stays blocked, and the rest of what the pilgrim paid is refunded.
 */
export function computeRefund(depositRials: bigint, paymentsRials: readonly bigint[]): Refund {
  if (depositRials < 0n || paymentsRials.some((p) => p < 0n)) throw new RangeError('negative amount');
  const paidRials = paymentsRials.reduce((sum, p) => sum + p, depositRials);
  return { paidRials, blockedRials: depositRials, refundRials: paidRials - depositRials };
}

/** What is left to pay after the deposit: the caravan's price less the deposit, never below zero. */
export function amountDue(priceRials: bigint, depositRials: bigint): bigint {
  return priceRials > depositRials ? priceRials - depositRials : 0n;
}

/** Journey workflow IDs come from the deposit number, so one pilgrim never has two. */
export function journeyWorkflowId(depositNumber: string): string {
  return `hajj-${depositNumber}`;
}

/** Roles of the journey: the caravan's licensed agent (کارگزار), the province office and headquarters. */
export type JourneyRole = 'agent' | 'supervisor' | 'admin';

export interface JourneyActor {
  staffId: number;
  role: string;
  province: string | null;
}
