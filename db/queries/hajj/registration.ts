import type { JourneyKind } from '../../../domain/hajj/kinds';
import { createHash } from 'node:crypto';
import type { Db } from '../..';
import type {
  DocumentKind,
  DocumentStatus,
  DocumentVerdict,
  Identity,
  MedicalResult,
} from '../../../domain/hajj/registration';

/** The registration's data at the caravan office, as the pages read it. */
export interface RegistrationRecord {
  identity: Identity | null;
  medical: { result: MedicalResult; examinedOn: string } | null;
  insurance: { insurer: string; policyNumber: string } | null;
  documents: Partial<Record<DocumentKind, DocumentSummary>>;
}

export interface DocumentSummary {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: Date;
  status: DocumentStatus;
  reason: string | null;
  checkedAt: Date | null;
  checkedBy: string | null;
}

const isoDate = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

export async function registrationOf(db: Db, depositNumber: string): Promise<RegistrationRecord> {
  const [row, documents] = await Promise.all([
    db('hajj_registrations')
      .where({ deposit_number: depositNumber })
      .first(
        'birth_certificate_number as birthCertificateNumber',
        'passport_number as passportNumber',
        db.raw(`${isoDate('passport_issued_on')} as "passportIssuedOn"`),
        db.raw(`${isoDate('passport_expires_on')} as "passportExpiresOn"`),
        'medical_result as medicalResult',
        db.raw(`${isoDate('medical_examined_on')} as "medicalExaminedOn"`),
        'insurer',
        'policy_number as policyNumber',
      ),
    db('hajj_documents as d')
      .leftJoin('staff as s', 's.id', 'd.checked_by')
      .where('d.deposit_number', depositNumber)
      .select(
        'd.kind',
        'd.filename',
        'd.content_type as contentType',
        db.raw('octet_length(d.content)::int as size'),
        'd.sha256',
        'd.uploaded_at as uploadedAt',
        'd.status',
        'd.refusal_reason as reason',
        'd.checked_at as checkedAt',
        's.full_name as checkedBy',
      ),
  ]);
  return {
    identity: row?.passportNumber
      ? {
          birthCertificateNumber: row.birthCertificateNumber,
          passportNumber: row.passportNumber,
          passportIssuedOn: row.passportIssuedOn,
          passportExpiresOn: row.passportExpiresOn,
        }
      : null,
    medical: row?.medicalResult ? { result: row.medicalResult, examinedOn: row.medicalExaminedOn } : null,
    insurance: row?.policyNumber ? { insurer: row.insurer, policyNumber: row.policyNumber } : null,
    documents: Object.fromEntries(documents.map(({ kind, ...d }) => [kind, d])),
  };
}

const upsertRegistration = (db: Db, depositNumber: string, values: Record<string, unknown>) =>
  db('hajj_registrations')
    .insert({ deposit_number: depositNumber, ...values, updated_at: db.fn.now() })
    .onConflict('deposit_number')
    .merge();

/** The identity and passport data as the agent read them from the papers (replacing earlier ones). */
export async function saveIdentity(db: Db, depositNumber: string, identity: Identity, staffId: number) {
  await upsertRegistration(db, depositNumber, {
    birth_certificate_number: identity.birthCertificateNumber,
    passport_number: identity.passportNumber,
    passport_issued_on: identity.passportIssuedOn,
    passport_expires_on: identity.passportExpiresOn,
    identity_by: staffId,
    identity_at: db.fn.now(),
  });
}

/** The exam's result and day, stored before the journey's step (and removed if it is refused). */
export async function saveMedical(
  db: Db,
  depositNumber: string,
  medical: { result: MedicalResult; examinedOn: string } | null,
  staffId: number | null,
) {
  await upsertRegistration(db, depositNumber, {
    medical_result: medical?.result ?? null,
    medical_examined_on: medical?.examinedOn ?? null,
    medical_by: medical ? staffId : null,
  });
}

export async function saveInsurance(
  db: Db,
  depositNumber: string,
  insurance: { insurer: string; policyNumber: string } | null,
  staffId: number | null,
) {
  await upsertRegistration(db, depositNumber, {
    insurer: insurance?.insurer ?? null,
    policy_number: insurance?.policyNumber ?? null,
    insurance_by: insurance ? staffId : null,
  });
}

/** A document received at the office: it replaces the kind's earlier file and waits for a check. */
export async function saveDocument(
  db: Db,
  d: {
    depositNumber: string;
    kind: DocumentKind;
    filename: string;
    contentType: string;
    content: Buffer;
    staffId: number;
  },
): Promise<string> {
  const sha256 = createHash('sha256').update(d.content).digest('hex');
  await db('hajj_documents')
    .insert({
      deposit_number: d.depositNumber,
      kind: d.kind,
      filename: d.filename,
      content_type: d.contentType,
      content: d.content,
      sha256,
      uploaded_by: d.staffId,
      uploaded_at: db.fn.now(),
      status: 'pending',
      checked_by: null,
      checked_at: null,
      refusal_reason: null,
    })
    .onConflict(['deposit_number', 'kind'])
    .merge();
  return sha256;
}

/**
 * The agent's check of the file they saw (its hash): recorded in the checks' history and as the
 * document's status. False when the document was replaced meanwhile, so nothing is recorded.
 */
export async function checkDocument(
  db: Db,
  c: {
    depositNumber: string;
    kind: DocumentKind;
    sha256: string;
    verdict: DocumentVerdict;
    reason: string | null;
    staffId: number;
  },
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const updated = await trx('hajj_documents')
      .where({ deposit_number: c.depositNumber, kind: c.kind, sha256: c.sha256 })
      .update({
        status: c.verdict,
        refusal_reason: c.reason,
        checked_by: c.staffId,
        checked_at: trx.fn.now(),
      });
    if (updated === 0) return false;
    await trx('hajj_document_checks').insert({
      deposit_number: c.depositNumber,
      kind: c.kind,
      sha256: c.sha256,
      verdict: c.verdict,
      reason: c.reason,
      staff_id: c.staffId,
    });
    return true;
  });
}

/** Every check of a pilgrim's documents, newest first, with who made it. */
export async function documentChecks(db: Db, depositNumber: string) {
  return db('hajj_document_checks as c')
    .join('staff as s', 's.id', 'c.staff_id')
    .where('c.deposit_number', depositNumber)
    .orderBy('c.id', 'desc')
    .select('c.kind', 'c.verdict', 'c.reason', 'c.at', 's.full_name as staffName');
}

export async function documentContent(db: Db, depositNumber: string, kind: DocumentKind) {
  return db('hajj_documents')
    .where({ deposit_number: depositNumber, kind })
    .first('filename', 'content_type as contentType', 'content');
}

/** The caravan's terms the registration needs (flight, price, manager) and the deposit's amount. */
export async function registrationTerms(db: Db, caravanId: number, depositNumber: string) {
  const [caravan, deposit] = await Promise.all([
    db('hajj_caravans')
      .where({ id: caravanId })
      .first(
        'name',
        'code',
        'manager_name as managerName',
        'manager_phone as managerPhone',
        db.raw(`to_char(flight_date, 'YYYY-MM-DD') as "flightDate"`),
        db.raw('price_rials::text as "priceRials"'),
        'kind',
      ),
    db('hajj_deposits')
      .where({ deposit_number: depositNumber })
      .first(db.raw('amount_rials::text as "amountRials"')),
  ]);
  return {
    caravan: caravan as {
      name: string;
      code: string;
      managerName: string;
      managerPhone: string | null;
      flightDate: string;
      priceRials: string;
      kind: JourneyKind;
    },
    deposit: deposit as { amountRials: string },
  };
}

/** The journey of a deposit once it has a caravan (the pilgrim's papers need one), with its stage. */
export async function journeyWithCaravan(db: Db, depositNumber: string) {
  return db('hajj_journeys as j')
    .join('hajj_caravans as c', 'c.id', 'j.caravan_id')
    .where('j.deposit_number', depositNumber)
    .first(
      'j.deposit_number as depositNumber',
      'j.caravan_id as caravanId',
      'j.stage',
      'c.code as caravanCode',
      'c.kind',
    ) as Promise<
    { depositNumber: string; caravanId: number; stage: string; caravanCode: string; kind: string } | undefined
  >;
}
