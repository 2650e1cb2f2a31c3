/**
 * The final registration as the agent's pilgrim page, the pilgrim's journey page, the printable
 * slip and the pilgrim card show it.
 */
import type { PilgrimCard } from '../../db/queries/hajj/cards';
import type { PaymentImportRow, PaymentSlip } from '../../db/queries/hajj/payments';
import type { DocumentSummary, RegistrationRecord } from '../../db/queries/hajj/registration';
import type { TrainingClassRow } from '../../db/queries/hajj/training';
import {
  HAJJ_DOCUMENT_LABELS,
  HAJJ_DOCUMENT_STATES,
  HAJJ_PAYMENT_PROBLEMS,
  HAJJ_REGISTRATION_MESSAGES,
} from '../../domain/hajj/copy';
import { amountDue } from '../../domain/hajj/journey';
import { PAYMENT_PROBLEMS_SHOWN } from '../../domain/hajj/policy';
import {
  DOCUMENT_KINDS,
  missingForDocuments,
  passportMustExpireFrom,
  trainingComplete,
  type DocumentKind,
} from '../../domain/hajj/registration';
import { formatJalaliDateTime } from '../../domain/shared/jalali';
import { formatRials as rials, jalaliOfIsoDate as jalaliDay } from './hajj';
import { toPersianDigits } from '../../domain/shared/digits';

/** Everything stored of one pilgrim's registration, as the routes load it. */
export interface RegistrationData {
  depositNumber: string;
  flightDate: string;
  record: RegistrationRecord;
  checks: { kind: DocumentKind; verdict: string; reason: string | null; at: Date; staffName: string }[];
  slip: PaymentSlip | undefined;
  classes: TrainingClassRow[];
  attended: Set<number>;
  card: PilgrimCard | undefined;
}

const medicalLabel = (result: string) => (result === 'fit' ? 'صلاحیت سفر دارد' : 'صلاحیت سفر ندارد');

function documentRow(kind: DocumentKind, doc: DocumentSummary | undefined) {
  return {
    kind,
    label: HAJJ_DOCUMENT_LABELS[kind],
    state: doc ? HAJJ_DOCUMENT_STATES[doc.status] : HAJJ_DOCUMENT_STATES.missing,
    status: doc?.status ?? 'missing',
    filename: doc?.filename ?? '',
    size: doc ? toPersianDigits(Math.ceil(doc.size / 1024)) : '',
    sha256: doc?.sha256 ?? '',
    reason: doc?.reason ?? '',
    checked: doc?.checkedAt ? `${doc.checkedBy ?? ''}، ${formatJalaliDateTime(new Date(doc.checkedAt))}` : '',
  };
}

/** What the documents step still waits for, in the pilgrim's words. */
function missingList(data: RegistrationData) {
  return missingForDocuments(data.record, data.flightDate).map((m) => ({
    label: HAJJ_DOCUMENT_LABELS[m.item],
    state: HAJJ_DOCUMENT_STATES[m.state],
    reason: 'reason' in m ? (m.reason ?? '') : '',
  }));
}

export function slipForPage(slip: PaymentSlip) {
  return {
    paymentId: toPersianDigits(slip.paymentId),
    amount: rials(slip.amountRials),
    account: slip.account,
    holder: slip.accountHolder,
    issuedAt: formatJalaliDateTime(new Date(slip.issuedAt)),
    paid: slip.payment && {
      reference: slip.payment.reference,
      at: formatJalaliDateTime(new Date(slip.payment.paidAt)),
      branch: slip.payment.branch ?? '',
    },
  };
}

function trainingRows(data: RegistrationData) {
  return data.classes.map((c) => ({
    id: c.id,
    day: jalaliDay(c.heldOn),
    time: toPersianDigits(c.startsAt),
    place: c.place,
    topic: c.topic,
    attended: data.attended.has(c.id),
  }));
}

/** The parts shared by the agent's and the pilgrim's pages. */
function common(data: RegistrationData) {
  const identity = data.record.identity;
  return {
    identity: identity && {
      birthCertificateNumber: toPersianDigits(identity.birthCertificateNumber),
      passportNumber: identity.passportNumber,
      issuedOn: jalaliDay(identity.passportIssuedOn),
      expiresOn: jalaliDay(identity.passportExpiresOn),
    },
    passportRule: jalaliDay(passportMustExpireFrom(data.flightDate)),
    documents: DOCUMENT_KINDS.map((k) => documentRow(k, data.record.documents[k])),
    missing: missingList(data),
    slip: data.slip && slipForPage(data.slip),
    medical: data.record.medical && {
      result: medicalLabel(data.record.medical.result),
      day: jalaliDay(data.record.medical.examinedOn),
    },
    insurance: data.record.insurance,
    classes: trainingRows(data),
    trainingComplete: trainingComplete(
      data.classes.map((c) => c.id),
      data.attended,
    ),
    card: data.card && { issuedAt: formatJalaliDateTime(new Date(data.card.issuedAt)) },
  };
}

/** Which of the registration's forms the staff member may use now (the journey's rule, asked first). */
export interface RegistrationPermissions {
  papers: boolean;
  medical: boolean;
  insurance: boolean;
  training: boolean;
  card: boolean;
}

/** The agent's pilgrim page: the forms they may use now, with what was typed and its errors. */
export function staffRegistration(
  data: RegistrationData,
  may: RegistrationPermissions,
  form: { values?: Record<string, string>; errors?: Record<string, string> } = {},
) {
  const shared = common(data);
  const identity = data.record.identity;
  return {
    ...shared,
    depositNumber: data.depositNumber,
    may,
    mayFinalize: may.papers && shared.missing.length === 0,
    errors: form.errors ?? {},
    values: form.values ?? {
      birthCertificateNumber: identity?.birthCertificateNumber ?? '',
      passportNumber: identity?.passportNumber ?? '',
      passportIssuedOn: identity ? jalaliDay(identity.passportIssuedOn) : '',
      passportExpiresOn: identity ? jalaliDay(identity.passportExpiresOn) : '',
    },
    checks: data.checks.map((c) => ({
      label: HAJJ_DOCUMENT_LABELS[c.kind],
      verdict: HAJJ_DOCUMENT_STATES[c.verdict as 'accepted' | 'refused'],
      reason: c.reason ?? '',
      by: c.staffName,
      at: formatJalaliDateTime(new Date(c.at)),
    })),
    awaitingBank: HAJJ_REGISTRATION_MESSAGES.awaitingBank,
  };
}

/** The pilgrim's journey page: what is missing, the slip, the exam, the insurance, classes, card. */
export function pilgrimRegistration(data: RegistrationData) {
  return { ...common(data), awaitingBank: HAJJ_REGISTRATION_MESSAGES.awaitingBank };
}

/** The slip's amount: the caravan's price less the deposit. */
export function slipAmount(priceRials: string, depositRials: string): bigint {
  return amountDue(BigInt(priceRials), BigInt(depositRials));
}

/**
 * A payment file's import as headquarters reads it: counts, how far its workflow has sent the
 * confirmed payments, each mismatched line, and each payment a journey refused with why.
 */
export function paymentReport(
  report: PaymentImportRow,
  refusedItems: { reference: string; depositNumber: string; reason: string | null }[] = [],
) {
  const fa = (n: number) => toPersianDigits(n);
  const sent = report.applied + report.refused + report.earlier;
  const pending = report.toApply - sent;
  const percent = report.toApply > 0 ? Math.floor((100 * sent) / report.toApply) : 100;
  return {
    idFa: fa(report.id),
    percent,
    percentFa: fa(percent),
    id: report.id,
    filename: report.filename,
    status: HAJJ_REGISTRATION_MESSAGES.paymentImportStatus[report.status],
    running: report.status === 'running',
    summary: HAJJ_REGISTRATION_MESSAGES.paymentsImported(
      fa(report.confirmed),
      fa(report.duplicates),
      fa(report.problems.length),
      fa(report.applied),
    ),
    sending:
      report.status === 'running'
        ? HAJJ_REGISTRATION_MESSAGES.paymentsSending(fa(report.applied + report.earlier), fa(report.toApply))
        : '',
    earlier: report.earlier > 0 ? HAJJ_REGISTRATION_MESSAGES.paymentsEarlier(fa(report.earlier)) : '',
    notApplied:
      report.status === 'done' && report.refused > 0
        ? HAJJ_REGISTRATION_MESSAGES.paymentNotApplied(fa(report.refused))
        : '',
    counts: {
      lines: fa(report.totalLines),
      confirmed: fa(report.confirmed),
      duplicates: fa(report.duplicates),
      problems: fa(report.problems.length),
      toApply: fa(report.toApply),
      applied: fa(report.applied),
      refused: fa(report.refused),
      pending: fa(Math.max(0, pending)),
    },
    problems: report.problems.slice(0, PAYMENT_PROBLEMS_SHOWN).map((p) => ({
      line: toPersianDigits(p.line),
      reason: HAJJ_PAYMENT_PROBLEMS[p.problem],
    })),
    refusedTitle: HAJJ_REGISTRATION_MESSAGES.paymentsRefused,
    refusedItems: refusedItems.map((r) => ({
      reference: r.reference,
      depositNumber: toPersianDigits(r.depositNumber),
      reason: r.reason ?? '',
    })),
  };
}
