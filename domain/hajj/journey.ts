/**
 * The pilgrim's Hajj Tamattu journey (the organization's process guide, seed 002): its stages in the
 * guide's order, the passport rule, the refund on cancellation and the deposit file's rows. Pure:
 * the journey workflow and the pages use the same rules.
 */
import { toLatinDigits } from '../shared/digits';
import { PG_BIGINT_MAX } from '../shared/numbers';
import { PASSPORT_MONTHS_AFTER_FLIGHT } from './policy';

/**
 * Where a journey stands, in the guide's order: called up, booking a caravan, a seat held until the
 * documents are checked at the caravan office, then each registration step and dispatch awaited in
 * turn (a stage named after a step waits for that step). The last four are ends.
 */
export const JOURNEY_STAGES = [
  'called',
  'booking',
  'held',
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

/** The final registration steps once the seat is held, each recorded at the caravan office. */
export const REGISTRATION_STEPS = [
  'documents',
  'payment',
  'medical',
  'insurance',
  'training',
  'card',
] as const;
export type RegistrationStep = (typeof REGISTRATION_STEPS)[number];

export function isRegistrationStep(step: string): step is RegistrationStep {
  return (REGISTRATION_STEPS as readonly string[]).includes(step);
}

/** Dispatch: visas requested in batches per caravan, the visa, the ticket permit, the flight. */
export const DISPATCH_STEPS = ['visa-request', 'visa', 'ticket', 'dispatch'] as const;
export type DispatchStep = (typeof DISPATCH_STEPS)[number];

export type JourneyStepName = RegistrationStep | DispatchStep;

export const ENDED_STAGES: readonly JourneyStage[] = ['dispatched', 'unfit', 'visa-refused', 'cancelled'];

/** The steps a pilgrim's page lists, done or to do, in order. */
export const JOURNEY_STEPS = ['booking', ...REGISTRATION_STEPS, ...DISPATCH_STEPS] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

const STEP_ORDER: readonly JourneyStepName[] = [...REGISTRATION_STEPS, ...DISPATCH_STEPS];

export function stageIndex(stage: JourneyStage): number {
  return JOURNEY_STAGES.indexOf(stage);
}

/** The step a stage waits for, or null when it waits for none (booking, the ends). */
export function awaitedStep(stage: JourneyStage): JourneyStepName | null {
  if (stage === 'held') return 'documents';
  return (STEP_ORDER as readonly string[]).includes(stage) ? (stage as JourneyStepName) : null;
}

/** The stage once `step` is recorded. */
export function stageAfter(step: JourneyStepName): JourneyStage {
  const i = STEP_ORDER.indexOf(step);
  return i === STEP_ORDER.length - 1 ? 'dispatched' : (STEP_ORDER[i + 1] as JourneyStage);
}

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
 * 'YYYY-MM-DD'): it must be valid at least PASSPORT_MONTHS_AFTER_FLIGHT (six) months after the flight date, the expiry day included.
 */
export function passportValidFor(expiry: string, flightDate: string): boolean {
  if (!isoParts(expiry) || !isoParts(flightDate)) return false;
  return expiry >= addMonths(flightDate, PASSPORT_MONTHS_AFTER_FLIGHT);
}

/** Amounts in rials are integers: parsed from digit strings (any script) to bigint, never floats. */
export function parseRials(input: string): bigint | null {
  const text = toLatinDigits(String(input)).replace(/[,\s٬،]/g, '');
  if (!/^\d{1,19}$/.test(text)) return null;
  const rials = BigInt(text);
  // Every amount is stored as bigint: one beyond it is no amount this system can hold.
  return rials <= PG_BIGINT_MAX ? rials : null;
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

/**
 * Why a journey's deposit was settled (its document made stable, the rest refunded): the pilgrim's
 * cancellation, an unfit medical result or a refused visa, named as the journey's end reasons.
 */
export const SETTLEMENT_REASONS = ['cancelled', 'medical', 'visa'] as const;
export type SettlementReason = (typeof SETTLEMENT_REASONS)[number];

/** What is left to pay after the deposit: the caravan's price less the deposit, never below zero. */
export function amountDue(priceRials: bigint, depositRials: bigint): bigint {
  return priceRials > depositRials ? priceRials - depositRials : 0n;
}

/** Journey workflow IDs come from the deposit number, so one pilgrim never has two. */
export function journeyWorkflowId(depositNumber: string): string {
  return `hajj-${depositNumber}`;
}

/** A round's workflow ID: the staff page, a replacement and a resumed run all find the same one. */
export function roundWorkflowId(roundId: number): string {
  return `hajj-round-${roundId}`;
}

/** Who acts on a journey: the caravan's licensed agent (کارگزار), the province office, headquarters. */
export interface JourneyActor {
  staffId: number;
  role: string;
  province: string | null;
}

export interface JourneyFacts {
  stage: JourneyStage;
  caravanProvince: string | null;
  caravanAgent: number | null;
}

export type JourneyRefusal =
  | 'wrongStage'
  | 'roleNotAllowed'
  | 'notYourCaravan'
  | 'notYourProvince'
  | 'notCancellable'
  | 'cancelByAgent'
  | 'cancelByProvince';

/**
 * Steps headquarters records: the payment, confirmed by the bank's payment file it imports (never
 * typed at the caravan office), and the caravan's visas and tickets.
 */
const HQ_STEPS: readonly JourneyStepName[] = ['payment', 'visa-request', 'visa', 'ticket'];

function agentOrProvince(facts: JourneyFacts, actor: JourneyActor, province: boolean): JourneyRefusal | null {
  if (actor.role === 'agent') return actor.staffId === facts.caravanAgent ? null : 'notYourCaravan';
  if (province && actor.role === 'supervisor')
    return actor.province === facts.caravanProvince ? null : 'notYourProvince';
  return 'roleNotAllowed';
}

/**
 * Why `actor` may not do `action` now, or null. The registration steps are the caravan's agent's
 * but the payment, which headquarters confirms from the bank's file; visas and tickets are
 * headquarters'; dispatch the agent's or the province's. Cancellation is the
 * agent's until the visa request, the province office's after it (the guide).
 */
export function journeyRefusal(
  action: JourneyStepName | 'cancel',
  facts: JourneyFacts,
  actor: JourneyActor,
): JourneyRefusal | null {
  if (action === 'cancel') {
    const i = stageIndex(facts.stage);
    if (i < stageIndex('payment') || i > stageIndex('dispatch')) return 'notCancellable';
    if (i <= stageIndex('visa-request'))
      return actor.role === 'agent' ? agentOrProvince(facts, actor, false) : 'cancelByAgent';
    return actor.role === 'supervisor' ? agentOrProvince(facts, actor, true) : 'cancelByProvince';
  }
  if (awaitedStep(facts.stage) !== action) return 'wrongStage';
  if (HQ_STEPS.includes(action)) return actor.role === 'admin' ? null : 'roleNotAllowed';
  return agentOrProvince(facts, actor, action === 'dispatch');
}
