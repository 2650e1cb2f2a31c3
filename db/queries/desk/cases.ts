import { BadReference } from '../../errors';
import type { Db } from '../..';
import type { CaseChannel, CaseStatus } from '../../../domain/desk/caseStatus';
import { businessDeadline } from '../shared/calendar';
import { caseTimings } from '../shared/settings';

export interface NewAttachment {
  title: string | null;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface NewSubmission {
  idempotencyKey: string;
  nationalCode: string;
  nationalCodeHash: string;
  birthDate: string;
  citizenName: string | null;
  gender: string | null;
  province: string;
  email: string | null;
  mobile: string;
  areaCode: string | null;
  phone: string | null;
  subject: string;
  subSubject: string;
  text: string;
  desk: 'province' | 'inspection';
  confidential: boolean;
  attachments: NewAttachment[];
  /** The integrator's key a request came through the API with; null from the form. */
  apiKeyId?: number | null;
  /** How it arrived: 'web' unless said otherwise. */
  channel?: CaseChannel;
  /** The staff member who entered it for a citizen (phone, in person, letter); null otherwise. */
  enteredBy?: number | null;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Stores a submission, its files and the outbox row that makes sure its workflow starts, in one
 * statement (one transaction, one round trip). The same idempotency key twice (a double click) gives the first case's code.
 */
export async function insertSubmission(
  db: Db,
  s: NewSubmission,
  newTrackingCode: () => string,
): Promise<{ trackingCode: string; createdAt: Date; created: boolean }> {
  // One statement, so one round trip: the case, its files and its outbox row, all or nothing. A
  // double submit (its idempotency key stored already) or a taken code fails on a unique index.
  for (let attempt = 0; ; attempt++) {
    const trackingCode = newTrackingCode();
    const files = s.attachments.map((a, position) => [
      position,
      a.title,
      a.filename,
      a.contentType,
      a.content.length,
      a.content,
    ]);
    const statement = db
      .with(
        'c',
        db('cases')
          .insert({
            tracking_code: trackingCode,
            idempotency_key: s.idempotencyKey,
            national_code: s.nationalCode,
            national_code_hash: s.nationalCodeHash,
            birth_date: s.birthDate,
            citizen_name: s.citizenName,
            gender: s.gender,
            province: s.province,
            email: s.email,
            mobile: s.mobile,
            area_code: s.areaCode,
            phone: s.phone,
            subject: s.subject,
            sub_subject: s.subSubject,
            text: s.text,
            desk: s.desk,
            confidential: s.confidential,
            api_key_id: s.apiKeyId ?? null,
            channel: s.channel ?? 'web',
            entered_by: s.enteredBy ?? null,
          })
          .returning(['id', 'created_at']),
      )
      .with('o', db.raw('insert into workflow_outbox (tracking_code) select ? from c', [trackingCode]));
    if (files.length > 0)
      statement.with(
        'a',
        db.raw(
          `insert into case_attachments (case_id, position, title, filename, content_type, size_bytes, content)
           select c.id, v.position, v.title, v.filename, v.content_type, v.size_bytes, v.content
           from c cross join (values ${files.map(() => '(?::smallint, ?::text, ?::text, ?::text, ?::int, ?::bytea)').join(', ')})
             as v(position, title, filename, content_type, size_bytes, content)`,
          files.flat(),
        ),
      );
    try {
      const [row] = await statement.select('created_at').from('c');
      return { trackingCode, createdAt: row.created_at as Date, created: true };
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 3) throw err;
      // A twin (or an earlier send of the same form) holds the idempotency key: its case answers.
      const existing = await db('cases')
        .where({ idempotency_key: s.idempotencyKey })
        .first('tracking_code', 'created_at');
      if (existing)
        return { trackingCode: existing.tracking_code, createdAt: existing.created_at, created: false };
      // Else (one in a billion) the code was taken: another.
    }
  }
}

/** What a workflow may know of its case: ids, codes and routing keys, never personal data. */
export interface CaseRouting {
  trackingCode: string;
  province: string;
  subject: string;
  subSubject: string;
  desk: 'province' | 'inspection';
  confidential: boolean;
  nationalCodeHash: string;
  slaBusinessDays: number;
}

export async function caseRouting(db: Db, trackingCode: string): Promise<CaseRouting> {
  const row = await db('cases as c')
    .join('subjects as s', 's.slug', 'c.subject')
    .where('c.tracking_code', trackingCode)
    .first(
      'c.province',
      'c.subject',
      'c.sub_subject',
      'c.desk',
      'c.confidential',
      'c.national_code_hash',
      's.sla_business_days',
    );
  if (!row) throw new BadReference(`no case ${trackingCode}`);
  return {
    trackingCode,
    province: row.province,
    subject: row.subject,
    subSubject: row.sub_subject,
    desk: row.desk,
    confidential: row.confidential,
    nationalCodeHash: row.national_code_hash,
    slaBusinessDays: row.sla_business_days,
  };
}

export async function caseIdentity(db: Db, trackingCode: string) {
  return db('cases')
    .where({ tracking_code: trackingCode })
    .first('national_code as nationalCode', 'birth_date as birthDate');
}

export async function recordIdentity(db: Db, trackingCode: string, citizenName: string, gender: string) {
  await db('cases').where({ tracking_code: trackingCode }).update({ citizen_name: citizenName, gender });
}

/** How to reach the citizen, and the case's running deadline with its subject's SLA days (the 'received' notice names them). */
export async function citizenContact(db: Db, trackingCode: string) {
  return db('cases as c')
    .join('subjects as s', 's.slug', 'c.subject')
    .where({ 'c.tracking_code': trackingCode })
    .first(
      'c.mobile',
      'c.email',
      'c.citizen_name as citizenName',
      'c.due_at as dueAt',
      's.sla_business_days as slaBusinessDays',
    );
}

export interface TrackedCase {
  trackingCode: string;
  nationalCode: string;
  citizenName: string | null;
  subject: string;
  subSubject: string;
  status: CaseStatus;
  createdAt: Date;
  answeredAt: Date | null;
  expertName: string | null;
  reply: string | null;
  /** While the expert waits for the citizen: what they asked. */
  question: string | null;
  rated: boolean;
  objected: boolean;
  timeline: { at: Date; kind: string }[];
  /**
   * What the expert and the citizen said to each other, oldest first: replies and questions with
   * the expert's name, the citizen's supplements and objection. An objection reopens the case, but
   * the earlier reply stays here with its expert and date.
   */
  conversation: {
    kind: 'reply' | 'info-request' | 'supplement' | 'objection';
    body: string;
    at: Date;
    author: string | null;
  }[];
}

const CONVERSATION_KINDS = ['reply', 'info-request', 'supplement', 'objection'];

/**
 * A case as its citizen may see it, found only by the pair (tracking code, national code); any
 * other pair gives null, whether or not the code exists.
 */
export async function findTrackedCase(
  db: Db,
  trackingCode: string,
  nationalCode: string,
): Promise<TrackedCase | null> {
  const row = await db('cases as c')
    .leftJoin('staff as s', 's.id', 'c.answered_by')
    .where({ 'c.tracking_code': trackingCode, 'c.national_code': nationalCode })
    .first(
      'c.id',
      'c.citizen_name',
      'c.subject',
      'c.sub_subject',
      'c.status',
      'c.created_at',
      'c.answered_at',
      's.full_name as expert_name',
    );
  if (!row) return null;
  const [reply, events, question, conversation] = await Promise.all([
    db('case_messages')
      .where({ case_id: row.id, kind: 'reply' })
      .whereNotNull('published_at')
      .orderBy('published_at', 'desc')
      .first('body'),
    db('case_events').where({ case_id: row.id, public: true }).orderBy('seq').select('at', 'kind'),
    row.status === 'info-requested'
      ? db('case_events as e')
          .join('case_messages as m', 'm.id', 'e.message_id')
          .where({ 'e.case_id': row.id, 'e.kind': 'info-requested' })
          .orderBy('e.seq', 'desc')
          .first('m.body')
      : undefined,
    db('case_messages as m')
      .leftJoin('staff as a', 'a.id', 'm.author_staff_id')
      .where({ 'm.case_id': row.id })
      .whereIn('m.kind', CONVERSATION_KINDS)
      .whereNotNull('m.published_at')
      .orderBy('m.published_at')
      .select('m.kind', 'm.body', 'm.published_at as at', 'a.full_name as author'),
  ]);
  return {
    trackingCode,
    nationalCode,
    citizenName: row.citizen_name,
    subject: row.subject,
    subSubject: row.sub_subject,
    status: row.status,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
    expertName: row.expert_name,
    reply: reply?.body ?? null,
    question: question?.body ?? null,
    rated: events.some((e) => e.kind === 'rated'),
    objected: events.some((e) => e.kind === 'objected'),
    timeline: events,
    conversation,
  };
}

/**
 * Stores what the citizen wrote (a supplement or an objection) and its files, unpublished until the
 * workflow accepts the update that carries its id.
 */
export async function insertCitizenMessage(
  db: Db,
  m: { id: string; trackingCode: string; kind: 'supplement' | 'objection'; body: string },
  attachments: NewAttachment[] = [],
): Promise<void> {
  await db.transaction(async (trx) => {
    const kase = await trx('cases').where({ tracking_code: m.trackingCode }).first('id');
    if (!kase) throw new Error(`no case ${m.trackingCode}`);
    await trx('case_messages').insert({ id: m.id, case_id: kase.id, kind: m.kind, body: m.body });
    if (attachments.length > 0) {
      const { next } = await trx('case_attachments')
        .where({ case_id: kase.id })
        .first(trx.raw('coalesce(max(position) + 1, 0)::int as next'));
      await trx('case_attachments').insert(
        attachments.map((a, i) => ({
          case_id: kase.id,
          message_id: m.id,
          position: next + i,
          title: a.title,
          filename: a.filename,
          content_type: a.contentType,
          size_bytes: a.content.length,
          content: a.content,
        })),
      );
    }
  });
}

/**
 * Removes a message (the citizen's or the staff's) that the workflow refused, with its files:
 * nothing is kept of it. A published one is the case's record and stays.
 */
export async function discardRefusedMessage(db: Db, id: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('case_attachments').where({ message_id: id }).delete();
    await trx('case_messages').where({ id }).whereNull('published_at').delete();
  });
}

/**
 * The tracking codes of the cases a citizen sent with this national code (by its keyed hash) and
 * this mobile number, newest first: what a lost-code recovery texts to that number.
 */
export async function trackingCodesByContact(
  db: Db,
  nationalCodeHash: string,
  mobile: string,
  limit = 5,
): Promise<string[]> {
  return db('cases')
    .where({ national_code_hash: nationalCodeHash, mobile })
    .orderBy('created_at', 'desc')
    .limit(limit)
    .pluck('tracking_code');
}

/** When the latest event of this kind happened, if it did. */
function lastEvent(found: TrackedCase, kind: string): Date | undefined {
  return found.timeline.filter((e) => e.kind === kind).at(-1)?.at;
}

/** The deadlines a tracked case's citizen is waiting on (the result card shows them). */
export interface TrackedCaseDeadlines {
  /** For answering the expert's question. */
  infoDueAt?: Date;
  /** For objecting to the answer. */
  objectionDueAt?: Date;
}

/**
 * The deadlines the citizen is waiting on: for answering the expert's question (the workflow counts
 * the settings' info days from the question) and for objecting to the answer (the feedback days
 * from the answer), computed as the workflow does on the business calendar.
 */
export async function trackedCaseDeadlines(db: Db, found: TrackedCase): Promise<TrackedCaseDeadlines> {
  const timings = await caseTimings(db);
  const asked = found.status === 'info-requested' ? lastEvent(found, 'info-requested') : undefined;
  const answered =
    found.status === 'answered' && !found.objected
      ? (lastEvent(found, 'answered') ?? found.answeredAt)
      : undefined;
  const [info, objection] = await Promise.all([
    asked && businessDeadline(db, new Date(asked), timings.infoBusinessDays),
    answered && businessDeadline(db, new Date(answered), timings.feedbackBusinessDays),
  ]);
  return { ...(info && { infoDueAt: info }), ...(objection && { objectionDueAt: objection }) };
}
