/**
 * The final registration at the caravan office, step by step as the guide lists them: the
 * pilgrim's identity and passport data and scans with the agent's check of each document, the
 * payment slip (فیش پرداخت اعزام) and the bank's payment file, the medical exam, the insurance,
 * the caravan's training classes and the pilgrim card. Pure: the pages and the queries share it.
 */
import { digitsOnly, toLatinDigits } from '../shared/digits';
import { isoDateOfJalali, parseJalaliDate } from '../shared/jalali';
import { parseBankTimestamp } from './deposit';
import { DEFAULT_JOURNEY_KIND, type JourneyKind } from './kinds';
import { addMonths, ENDED_STAGES, passportValidFor, parseRials, type JourneyStage } from './journey';
import {
  BANK_BRANCH_MAX_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TEXT_LENGTH,
  PASSPORT_MONTHS_AFTER_FLIGHT,
  PAYMENT_FILE_COLUMNS,
  POLICY_NUMBER_MAX_LENGTH,
  POLICY_NUMBER_MIN_LENGTH,
} from './policy';

/** What the agent receives and checks: a photo and the scans of the identity papers. */
export const DOCUMENT_KINDS = ['photo', 'national-card', 'birth-certificate', 'passport'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export function isDocumentKind(value: unknown): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly unknown[]).includes(value);
}

/** The photo goes on the pilgrim card, so an image; a scan may also be a PDF. */
export const DOCUMENT_EXTENSIONS: Record<DocumentKind, readonly string[]> = {
  photo: ['jpg', 'jpeg', 'png'],
  'national-card': ['jpg', 'jpeg', 'png', 'pdf'],
  'birth-certificate': ['jpg', 'jpeg', 'png', 'pdf'],
  passport: ['jpg', 'jpeg', 'png', 'pdf'],
};

export type DocumentStatus = 'pending' | 'accepted' | 'refused';
export type DocumentVerdict = 'accepted' | 'refused';

/** An Iranian passport number: one Latin letter and eight digits (any digits typed, spaces ignored). */
export function parsePassportNumber(input: string): string | null {
  const text = toLatinDigits(String(input)).replace(/\s/g, '').toUpperCase();
  return /^[A-Z]\d{8}$/.test(text) ? text : null;
}

/** A birth certificate (شناسنامه) number: one to ten digits, as old and new certificates have them. */
export function parseBirthCertificateNumber(input: string): string | null {
  const text = toLatinDigits(String(input)).trim();
  return /^\d{1,10}$/.test(text) ? String(Number(text)) : null;
}

/** A Jalali date as typed (`۱۴۰۳/۰۵/۲۰`) as its Gregorian 'YYYY-MM-DD', or null. */
export function jalaliInputToIso(input: string): string | null {
  const date = parseJalaliDate(String(input));
  return date ? isoDateOfJalali(date) : null;
}

export interface IdentityInput {
  birthCertificateNumber: string;
  passportNumber: string;
  /** Jalali, as typed. */
  passportIssuedOn: string;
  passportExpiresOn: string;
}

export interface Identity {
  birthCertificateNumber: string;
  passportNumber: string;
  /** Gregorian 'YYYY-MM-DD'. */
  passportIssuedOn: string;
  passportExpiresOn: string;
}

export type IdentityProblem =
  | 'birthCertificateNumber'
  | 'passportNumber'
  | 'passportIssuedOn'
  | 'passportIssuedInFuture'
  | 'passportExpiresOn'
  | 'passportExpiresBeforeIssue'
  | 'passportTooShort';

/**
 * Reads the identity and passport data the agent types from the papers: the passport must have been
 * issued by `today`, expire after it was issued and stay valid at least six months after the
 * caravan's flight (`flightDate`, both Gregorian). Problems are by field.
 */
export function checkIdentity(
  input: IdentityInput,
  today: string,
  flightDate: string,
): { identity: Identity } | { problems: Partial<Record<keyof IdentityInput, IdentityProblem>> } {
  const problems: Partial<Record<keyof IdentityInput, IdentityProblem>> = {};
  const birthCertificateNumber = parseBirthCertificateNumber(input.birthCertificateNumber);
  const passportNumber = parsePassportNumber(input.passportNumber);
  const issued = jalaliInputToIso(input.passportIssuedOn);
  const expires = jalaliInputToIso(input.passportExpiresOn);
  if (!birthCertificateNumber) problems.birthCertificateNumber = 'birthCertificateNumber';
  if (!passportNumber) problems.passportNumber = 'passportNumber';
  if (!issued) problems.passportIssuedOn = 'passportIssuedOn';
  else if (issued > today) problems.passportIssuedOn = 'passportIssuedInFuture';
  if (!expires) problems.passportExpiresOn = 'passportExpiresOn';
  else if (issued && expires <= issued) problems.passportExpiresOn = 'passportExpiresBeforeIssue';
  else if (!passportValidFor(expires, flightDate)) problems.passportExpiresOn = 'passportTooShort';
  if (Object.keys(problems).length > 0) return { problems };
  return {
    identity: {
      birthCertificateNumber: birthCertificateNumber!,
      passportNumber: passportNumber!,
      passportIssuedOn: issued!,
      passportExpiresOn: expires!,
    },
  };
}

/** The first expiry day the rule accepts for a flight: the pages name it as the boundary. */
export function passportMustExpireFrom(flightDate: string): string {
  return addMonths(flightDate, PASSPORT_MONTHS_AFTER_FLIGHT);
}

/** Something the documents step still waits for, as the pilgrim's page lists it. */
export type MissingItem =
  | { item: 'identity'; state: 'missing' | 'tooShort' }
  | { item: DocumentKind; state: 'missing' | 'pending' | 'refused'; reason?: string };

export interface RegistrationPapers {
  identity: Identity | null;
  documents: Partial<Record<DocumentKind, { status: DocumentStatus; reason: string | null }>>;
}

/**
 * What the documents step still needs: the identity and passport data (valid for the flight) and
 * every document accepted by the agent. Empty when the registration may be made final.
 */
export function missingForDocuments(papers: RegistrationPapers, flightDate: string): MissingItem[] {
  const missing: MissingItem[] = [];
  if (!papers.identity) missing.push({ item: 'identity', state: 'missing' });
  else if (!passportValidFor(papers.identity.passportExpiresOn, flightDate))
    missing.push({ item: 'identity', state: 'tooShort' });
  for (const kind of DOCUMENT_KINDS) {
    const doc = papers.documents[kind];
    if (!doc) missing.push({ item: kind, state: 'missing' });
    else if (doc.status === 'pending') missing.push({ item: kind, state: 'pending' });
    else if (doc.status === 'refused')
      missing.push({ item: kind, state: 'refused', reason: doc.reason ?? undefined });
  }
  return missing;
}

/** The agent's check of one document: accepted, or refused with a reason for the pilgrim. */
export function parseVerdict(
  verdict: unknown,
  reason: unknown,
): { verdict: DocumentVerdict; reason: string | null } | { problem: 'verdict' | 'reason' } {
  if (verdict === 'accepted') return { verdict, reason: null };
  if (verdict !== 'refused') return { problem: 'verdict' };
  const text = String(reason ?? '').trim();
  if (!text || text.length > MAX_REASON_LENGTH) return { problem: 'reason' };
  return { verdict, reason: text };
}

// ---------------------------------------------------------------------------------------------
// The payment slip (فیش پرداخت اعزام) and its payment identifier (شناسه پرداخت).

/** The first digit of a payment identifier: what is paid. 1 is the Hajj Tamattu dispatch payment. */
export const PAYMENT_KIND_TAMATTU = '1';

/** The kind digit of each journey kind's dispatch payment: 2 is the Umrah mofradeh's. */
export const PAYMENT_KIND_DIGITS: Record<JourneyKind, string> = {
  'hajj-tamattu': PAYMENT_KIND_TAMATTU,
  umrah: '2',
};

/**
 * The check digit of a payment identifier's body, mod 11 with weights 2…7 repeating from the
 * rightmost digit (as Iranian bill and payment identifiers are checked): the weighted sum's
 * remainder r gives 0 when r < 2, else 11 − r. It catches every single wrong digit except one
 * that moves r between 0 and 1, and most swaps of neighbouring digits.
 */
export function paymentCheckDigit(body: string): string {
  if (!/^\d+$/.test(body)) throw new RangeError('a payment identifier body is digits');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += digit * (2 + (i % 6));
  }
  const r = sum % 11;
  return String(r < 2 ? 0 : 11 - r);
}

/**
 * A pilgrim's payment identifier: the kind digit (the journey kind's dispatch payment, the Hajj's
 * by default), the deposit number and the check digit.
 */
export function paymentIdentifier(depositNumber: string, kind: JourneyKind = DEFAULT_JOURNEY_KIND): string {
  const body = `${PAYMENT_KIND_DIGITS[kind]}${depositNumber}`;
  return `${body}${paymentCheckDigit(body)}`;
}

/** A payment identifier as typed or in the bank's file (any digits), if its check digit holds. */
export function parsePaymentIdentifier(input: string): string | null {
  const id = digitsOnly(String(input));
  if (!/^\d{8,22}$/.test(id)) return null;
  return paymentCheckDigit(id.slice(0, -1)) === id.slice(-1) ? id : null;
}

/**
 * An Iranian bank account as its IBAN (شبا): IR and 24 digits whose ISO 13616 check (mod 97 of the
 * rearranged number) is 1. Spaces and the IR prefix's case are forgiven.
 */
export function parseSheba(input: string): string | null {
  const text = toLatinDigits(String(input)).replace(/[\s-]/g, '').toUpperCase();
  if (!/^IR\d{24}$/.test(text)) return null;
  // I = 18, R = 27 in the ISO 13616 letter values.
  const rearranged = `${text.slice(4)}1827${text.slice(2, 4)}`;
  let remainder = 0;
  for (const ch of rearranged) remainder = (remainder * 10 + Number(ch)) % 97;
  return remainder === 1 ? text : null;
}

/** One line of the bank's payment file: reference, payment identifier, amount, paid at, branch. */
export interface BankPaymentRow {
  /** The bank's transaction reference (شماره پیگیری): one payment, whatever file it comes in. */
  reference: string;
  paymentId: string;
  amountRials: bigint;
  paidAt: Date;
  branch: string | null;
}

export type BankPaymentRowProblem = 'columns' | 'reference' | 'paymentId' | 'amount' | 'paidAt' | 'branch';

/** Why a well-formed line confirmed nothing. */
export type BankPaymentMismatch = 'unknownPayment' | 'wrongAmount' | 'duplicateLine' | 'alreadyPaid';

export type BankPaymentProblem = BankPaymentRowProblem | BankPaymentMismatch;

/**
 * Reads one line of the payment file (docs/hajj.md): the bank's reference (6–30 letters, digits or
 * dashes), the payment identifier, the amount in rials, the date-time of payment (ISO 8601, Tehran
 * time without an offset) and, optionally, the branch.
 */
export function parseBankPaymentLine(line: string): BankPaymentRow | { problem: BankPaymentRowProblem } {
  const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (cells.length !== PAYMENT_FILE_COLUMNS && cells.length !== PAYMENT_FILE_COLUMNS + 1)
    return { problem: 'columns' };
  const [referenceCell, idCell, amountCell, atCell, branchCell] = cells;
  const reference = toLatinDigits(referenceCell).toUpperCase();
  if (!/^[A-Z0-9-]{6,30}$/.test(reference)) return { problem: 'reference' };
  const paymentId = parsePaymentIdentifier(idCell);
  if (!paymentId) return { problem: 'paymentId' };
  const amountRials = parseRials(amountCell);
  if (amountRials === null || amountRials <= 0n) return { problem: 'amount' };
  const paidAt = parseBankTimestamp(atCell);
  if (!paidAt) return { problem: 'paidAt' };
  if (branchCell !== undefined && branchCell.length > BANK_BRANCH_MAX_LENGTH) return { problem: 'branch' };
  return { reference, paymentId, amountRials, paidAt, branch: branchCell || null };
}

// ---------------------------------------------------------------------------------------------
// Medical exam, insurance, training classes.

export type MedicalResult = 'fit' | 'unfit';

/** The exam's result and the day it took place (Jalali as typed; not after `today`). */
export function checkMedicalExam(
  result: unknown,
  examinedOn: string,
  today: string,
): { result: MedicalResult; examinedOn: string } | { problem: 'medicalResult' | 'examDate' } {
  if (result !== 'fit' && result !== 'unfit') return { problem: 'medicalResult' };
  const day = jalaliInputToIso(examinedOn);
  if (!day || day > today) return { problem: 'examDate' };
  return { result, examinedOn: day };
}

/** The insurance: the insurer's name and its policy number (letters, digits, / and -). */
export function checkInsurance(
  insurer: string,
  policyNumber: string,
): { insurer: string; policyNumber: string } | { problem: 'insurer' | 'policyNumber' } {
  const name = String(insurer ?? '').trim();
  if (name.length < 2 || name.length > MAX_TEXT_LENGTH) return { problem: 'insurer' };
  const policy = toLatinDigits(String(policyNumber ?? ''))
    .trim()
    .toUpperCase();
  if (
    !/^[A-Z0-9/-]+$/.test(policy) ||
    policy.length < POLICY_NUMBER_MIN_LENGTH ||
    policy.length > POLICY_NUMBER_MAX_LENGTH
  )
    return { problem: 'policyNumber' };
  return { insurer: name, policyNumber: policy };
}

export interface TrainingClassInput {
  heldOn: string;
  startsAt: string;
  place: string;
  topic: string;
}

export interface TrainingClass {
  /** Gregorian 'YYYY-MM-DD'. */
  heldOn: string;
  /** 'HH:MM', Tehran time. */
  startsAt: string;
  place: string;
  topic: string;
}

/** A class of the caravan's schedule: a day (Jalali as typed), a time, a place and a topic. */
export function checkTrainingClass(
  input: TrainingClassInput,
): { trainingClass: TrainingClass } | { problems: Partial<Record<keyof TrainingClassInput, true>> } {
  const problems: Partial<Record<keyof TrainingClassInput, true>> = {};
  const heldOn = jalaliInputToIso(input.heldOn);
  const time = toLatinDigits(String(input.startsAt ?? '')).trim();
  const place = String(input.place ?? '').trim();
  const topic = String(input.topic ?? '').trim();
  if (!heldOn) problems.heldOn = true;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) problems.startsAt = true;
  if (place.length < 2 || place.length > MAX_TEXT_LENGTH) problems.place = true;
  if (topic.length < 2 || topic.length > MAX_TEXT_LENGTH) problems.topic = true;
  if (Object.keys(problems).length > 0) return { problems };
  return { trainingClass: { heldOn: heldOn!, startsAt: time, place, topic } };
}

/** Attendance is recorded for a class that has taken place: on its day or later. */
export function classHeld(heldOn: string, today: string): boolean {
  return heldOn <= today;
}

/** The training step is done when the caravan holds classes and the pilgrim attended every one. */
export function trainingComplete(classIds: readonly number[], attended: ReadonlySet<number>): boolean {
  return classIds.length > 0 && classIds.every((id) => attended.has(id));
}

// ---------------------------------------------------------------------------------------------
// The pilgrim card (کارت زائر).

/** A card's verification token: 32 random bytes in base64url, so a card cannot be guessed. */
export const CARD_TOKEN_BYTES = 32;

export function parseCardToken(input: string): string | null {
  return /^[A-Za-z0-9_-]{43}$/.test(String(input)) ? input : null;
}

/** A card stands while its journey does: one cancelled or stopped (unfit, visa refused) is void. */
export function cardValid(stage: JourneyStage): boolean {
  return !ENDED_STAGES.includes(stage) || stage === 'dispatched';
}

/** The address of a card's verification page, which its QR code carries. */
export function cardVerifyPath(token: string): string {
  return `/hajj/card/verify/${token}`;
}
