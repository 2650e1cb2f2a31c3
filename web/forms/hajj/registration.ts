/**
 * The final registration's forms at the caravan office and headquarters: each reads the posted
 * fields into the domain's values, or into Persian messages by field (the page shows them with a
 * 422 and stores nothing).
 */
import {
  checkIdentity,
  checkInsurance,
  checkMedicalExam,
  checkTrainingClass,
  DOCUMENT_EXTENSIONS,
  isDocumentKind,
  parseSheba,
  parseVerdict,
  type DocumentKind,
  type DocumentVerdict,
  type Identity,
  type MedicalResult,
  type TrainingClass,
} from '../../../domain/hajj/registration';
import { HAJJ_FIELD_ERRORS, HAJJ_REGISTRATION_ERRORS as E } from '../../../domain/hajj/copy';
import { MAX_DOCUMENT_BYTES, MAX_TEXT_LENGTH } from '../../../domain/hajj/policy';
import type { PaymentAccount } from '../../../db/queries/hajj/payments';
import { sniffFile } from '../shared/attachments';
import { readJalaliDate } from './staffForms';

type Body = Record<string, unknown> | undefined;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

export type FormResult<T> = { ok: T } | { errors: Record<string, string> };

export function identityForm(body: Body, today: string, flightDate: string): FormResult<Identity> {
  const input = {
    birthCertificateNumber: text(body?.birthCertificateNumber),
    passportNumber: text(body?.passportNumber),
    passportIssuedOn: text(body?.passportIssuedOn),
    passportExpiresOn: text(body?.passportExpiresOn),
  };
  const checked = checkIdentity(input, today, flightDate);
  const problems = 'problems' in checked ? checked.problems : {};
  const errors: Record<string, string> = Object.fromEntries(
    Object.entries(problems).map(([field, problem]) => [field, E[problem!]]),
  );
  // A date the domain read (a year outside the Jalali forms' range) or could not read gets the
  // other Hajj forms' message when it looks Gregorian; a date read but in the future keeps its own.
  for (const field of ['passportIssuedOn', 'passportExpiresOn'] as const) {
    const read = readJalaliDate(input[field]);
    if (!('error' in read) || read.error === HAJJ_FIELD_ERRORS.required) continue;
    if (!problems[field]) errors[field] = read.error;
    else if (problems[field] === field && read.error === HAJJ_FIELD_ERRORS.gregorianDate)
      errors[field] = read.error;
  }
  if ('identity' in checked && Object.keys(errors).length === 0) return { ok: checked.identity };
  return { errors };
}

/** An uploaded document: its kind from the form, its bytes checked against the kind's types. */
export async function documentUpload(
  body: Body,
  file: { originalname: string; buffer: Buffer; size: number } | undefined,
): Promise<FormResult<{ kind: DocumentKind; filename: string; contentType: string; content: Buffer }>> {
  const kind = body?.kind;
  if (!isDocumentKind(kind)) return { errors: { kind: E.documentKind } };
  if (!file || file.size === 0) return { errors: { file: E.documentFile } };
  if (file.size > MAX_DOCUMENT_BYTES) return { errors: { file: E.documentSize } };
  const sniffed = await sniffFile(file, DOCUMENT_EXTENSIONS[kind]);
  if (!sniffed) return { errors: { file: E.documentType } };
  return { ok: { kind, ...sniffed, content: file.buffer } };
}

export function verdictForm(
  body: Body,
): FormResult<{ verdict: DocumentVerdict; reason: string | null; sha256: string }> {
  const sha256 = text(body?.sha256);
  const parsed = parseVerdict(body?.verdict, body?.reason);
  if ('problem' in parsed) return { errors: { [parsed.problem]: E[parsed.problem] } };
  if (!/^[0-9a-f]{64}$/.test(sha256)) return { errors: { verdict: E.documentChanged } };
  return { ok: { ...parsed, sha256 } };
}

export function medicalForm(
  body: Body,
  today: string,
): FormResult<{ result: MedicalResult; examinedOn: string }> {
  const checked = checkMedicalExam(body?.medical, text(body?.examinedOn), today);
  if ('problem' in checked) return { errors: { [checked.problem]: E[checked.problem] } };
  return { ok: checked };
}

export function insuranceForm(body: Body): FormResult<{ insurer: string; policyNumber: string }> {
  const checked = checkInsurance(text(body?.insurer), text(body?.policyNumber));
  if ('problem' in checked) return { errors: { [checked.problem]: E[checked.problem] } };
  return { ok: checked };
}

const CLASS_ERRORS = { heldOn: E.classDate, startsAt: E.classTime, place: E.classPlace, topic: E.classTopic };

export function trainingClassForm(body: Body): FormResult<TrainingClass> {
  const checked = checkTrainingClass({
    heldOn: text(body?.heldOn),
    startsAt: text(body?.startsAt),
    place: text(body?.place),
    topic: text(body?.topic),
  });
  if ('trainingClass' in checked) return { ok: checked.trainingClass };
  return {
    errors: Object.fromEntries(
      Object.keys(checked.problems).map((f) => [f, CLASS_ERRORS[f as keyof typeof CLASS_ERRORS]]),
    ),
  };
}

/** The deposit numbers ticked present on a class's roll (one checkbox per pilgrim). */
export function attendanceForm(body: Body): Set<string> {
  const raw = body?.present;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return new Set(list.filter((v): v is string => typeof v === 'string'));
}

export function paymentAccountForm(body: Body): FormResult<PaymentAccount> {
  const account = parseSheba(text(body?.account));
  const holder = text(body?.holder).trim();
  const errors: Record<string, string> = {};
  if (!account) errors.account = E.sheba;
  if (holder.length < 2 || holder.length > MAX_TEXT_LENGTH) errors.holder = E.accountHolder;
  if (!account || errors.holder) return { errors };
  return { ok: { account, holder } };
}
