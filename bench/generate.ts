import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { simulatedPerson } from '../activities/integrations/registry/simulated';
import type { Db } from '../db';
import type { CaseStatus } from '../domain/desk/caseStatus';
import { fullName } from '../domain/shared/identity';
import { nationalCodeFromSeed, nationalCodeHash, NATIONAL_CODE_SEEDS } from '../domain/shared/nationalCode';
import { luhnCheckDigit, parseTrackingCode } from '../domain/desk/trackingCode';
import {
  pick,
  PROVINCES,
  provinceWeights,
  QUESTION_TEXT,
  REPLY_TEXTS,
  REQUEST_TEXTS,
  subjectWeights,
  type ProvinceInfo,
  type SubjectInfo,
} from './data';

const DAY = 86_400_000;
const GENDER_FA = { male: 'مرد', female: 'زن' } as const;

/** A small deterministic generator per case, so two passes over the cases draw the same values. */
function rng(seed: number): () => number {
  let a = (seed * 0x9e3779b1) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The i-th generated tracking code: a permutation of the nine-digit bodies (7^10 is prime to
 * 9·10^8), so codes are distinct and look as scattered as real ones.
 */
export function generatedTrackingCode(i: number): string {
  const body = String(100_000_000 + Number((BigInt(i) * 282_475_249n + 123_456_789n) % 900_000_000n));
  return body + luhnCheckDigit(body);
}

/** Busy seasons: Hajj registration (about two months ago) and Umrah (about eight months ago). */
function ageDays(r: () => number): number {
  for (;;) {
    const d = r() * 365;
    const w = 1 + 1.5 * Math.exp(-(((d - 60) / 25) ** 2)) + 0.7 * Math.exp(-(((d - 240) / 30) ** 2));
    if (r() * 3.2 < w) return d;
  }
}

export interface StaffPool {
  expertsByProvince: Map<string, number[]>;
  supervisorByProvince: Map<string, number>;
  inspectors: number[];
}

interface PlannedEvent {
  kind: string;
  public: boolean;
  at: number;
  actor?: number | null;
  message?: string;
  data?: string;
}

interface Plan {
  id: number;
  province: ProvinceInfo;
  subject: SubjectInfo;
  subSubject: string;
  status: CaseStatus;
  createdAt: number;
  dueAt: number | null;
  answeredAt: number | null;
  answeredBy: number | null;
  closedAt: number | null;
  assignedTo: number | null;
  escalationLevel: number;
  /** How it arrived (migration 015): mostly the form, some the API and staff's channels. */
  channel: string;
  /** The first answer's time and whether it came after the deadline (a late one escalated first). */
  firstAnswerLate: boolean | null;
  score: number | null;
  events: PlannedEvent[];
  reply?: { id: string; at: number; author: number | null; body: string };
  question?: { id: string; at: number; author: number | null };
  attachment: boolean;
  r: () => number;
}

/** Where a case stands after `age` days, as a busy year leaves it. */
function statusFor(age: number, r: number): CaseStatus {
  if (r < 0.015) return 'rejected';
  const table: [number, [CaseStatus, number][]][] = [
    [
      0.02,
      [
        ['received', 0.3],
        ['routed', 0.69],
        ['awaiting-identity', 0.01],
      ],
    ],
    [
      3,
      [
        ['routed', 0.6],
        ['answered', 0.35],
        ['info-requested', 0.04],
        ['awaiting-identity', 0.01],
      ],
    ],
    [
      10,
      [
        ['routed', 0.14],
        ['answered', 0.5],
        ['closed', 0.31],
        ['info-requested', 0.05],
      ],
    ],
    [
      30,
      [
        ['routed', 0.04],
        ['answered', 0.05],
        ['closed', 0.85],
        ['unanswered-by-citizen', 0.03],
        ['info-requested', 0.03],
      ],
    ],
    [
      Infinity,
      [
        ['routed', 0.005],
        ['closed', 0.962],
        ['unanswered-by-citizen', 0.03],
        ['info-requested', 0.003],
      ],
    ],
  ];
  const [, shares] = table.find(([upTo]) => age < upTo)!;
  let u = (r - 0.015) / 0.985;
  for (const [status, share] of shares) {
    if (u < share) return status;
    u -= share;
  }
  return shares[shares.length - 1][0];
}

function plan(i: number, now: number, staff: StaffPool): Plan {
  const id = i + 1;
  const r = rng(i + 1);
  const province = pick(provinceWeights, r());
  const subject = pick(subjectWeights, r());
  const subSubject = subject.children[Math.floor(r() * subject.children.length)];
  const age = ageDays(r);
  const createdAt = now - age * DAY;
  const status = statusFor(age, r());
  const inspection = subject.desk === 'inspection';
  const experts = staff.expertsByProvince.get(province.slug) ?? [];
  const handlers = inspection ? staff.inspectors : experts;
  // Most cases get an expert; a few stay in the province pool.
  const assignee = handlers.length > 0 && r() < 0.92 ? handlers[Math.floor(r() * handlers.length)] : null;
  const slaMs = subject.slaDays * 1.4 * DAY;
  const p: Plan = {
    id,
    province,
    subject,
    subSubject,
    status,
    createdAt,
    dueAt: null,
    answeredAt: null,
    answeredBy: null,
    closedAt: null,
    assignedTo: null,
    escalationLevel: 0,
    channel: channelFor(r()),
    firstAnswerLate: null,
    score: null,
    events: [{ kind: 'received', public: true, at: createdAt }],
    attachment: r() < 0.08,
    r,
  };
  const minute = 60_000;
  if (status === 'received') return p;
  if (status === 'awaiting-identity') {
    p.events.push({ kind: 'awaiting-identity', public: true, at: createdAt + 3 * 1000 });
    return p;
  }
  if (status === 'rejected') {
    p.closedAt = createdAt + 2000;
    p.events.push({ kind: 'rejected', public: true, at: p.closedAt });
    return p;
  }
  p.events.push({ kind: 'identity-verified', public: true, at: createdAt + 800 });
  p.events.push({
    kind: 'routed',
    public: true,
    at: createdAt + 1200,
    data: `{"assignedTo":${assignee ?? 'null'}}`,
  });
  p.assignedTo = assignee;
  p.dueAt = createdAt + slaMs;
  if (status === 'routed') {
    // Still open: past its deadline it has climbed the escalation ladder.
    for (let level = 1; level <= 2 && now > p.dueAt; level++) {
      p.escalationLevel = level;
      p.events.push({ kind: 'escalated', public: false, at: p.dueAt, data: `{"level":${level}}` });
      p.dueAt += 2 * 1.4 * DAY;
    }
    return p;
  }
  // About one answer in twelve comes after the deadline, which escalated the case first.
  const answerAt = Math.min(now - minute, createdAt + (0.05 + r() * 1.05) * slaMs);
  const author = assignee ?? staff.supervisorByProvince.get(province.slug) ?? null;
  if (status === 'info-requested' || status === 'unanswered-by-citizen') {
    const question = { id: randomUUID(), at: answerAt, author };
    p.question = question;
    p.events.push({
      kind: 'info-requested',
      public: true,
      at: question.at,
      actor: author,
      message: question.id,
    });
    if (status === 'unanswered-by-citizen') {
      p.closedAt = Math.min(now - minute, question.at + 7 * DAY);
      p.events.push({ kind: 'unanswered-by-citizen', public: true, at: p.closedAt });
    }
    return p;
  }
  // answered or closed
  if (answerAt > p.dueAt) {
    p.escalationLevel = 1;
    p.events.push({ kind: 'escalated', public: false, at: p.dueAt, data: '{"level":1}' });
  }
  p.firstAnswerLate = answerAt > p.dueAt;
  p.answeredAt = answerAt;
  p.answeredBy = author;
  p.reply = {
    id: randomUUID(),
    at: answerAt,
    author,
    body: REPLY_TEXTS[Math.floor(r() * REPLY_TEXTS.length)],
  };
  p.events.push({ kind: 'answered', public: true, at: answerAt, actor: author, message: p.reply.id });
  if (status === 'closed') {
    if (r() < 0.3) {
      p.score = 1 + Math.floor(r() * 5);
      p.events.push({ kind: 'rated', public: true, at: answerAt + DAY, data: `{"score":${p.score}}` });
    }
    p.closedAt = Math.min(now - minute, answerAt + 7 * DAY);
    p.events.push({ kind: 'closed', public: true, at: p.closedAt });
  }
  return p;
}

/** The channel of a generated case: the form, the API, or staff entering it for a citizen. */
function channelFor(u: number): string {
  if (u < 0.9) return 'web';
  if (u < 0.94) return 'open311';
  if (u < 0.97) return 'phone';
  if (u < 0.99) return 'in-person';
  return 'letter';
}

/** COPY's text format: tabs between fields, \N for null, backslashes and controls escaped. */
function field(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const line = (values: (string | number | boolean | null | undefined)[]) =>
  values.map(field).join('\t') + '\n';

/** A writable COPY with batching and back-pressure. */
class CopyWriter {
  private buffer = '';
  rows = 0;
  private constructor(
    readonly client: Client,
    private readonly stream: Writable,
  ) {}

  static async open(url: string, sql: string, fastLoad: boolean): Promise<CopyWriter> {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('set synchronous_commit = off');
    // Foreign keys are consistent by construction; checking them row by row would double the load.
    if (fastLoad) await client.query('set session_replication_role = replica');
    return new CopyWriter(client, client.query(copyFrom(sql)));
  }

  async write(text: string) {
    this.rows++;
    this.buffer += text;
    if (this.buffer.length > 256 * 1024) await this.flush();
  }

  private async flush() {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close() {
    await this.flush();
    const finished = new Promise<void>((resolve, reject) => {
      this.stream.once('finish', resolve);
      this.stream.once('error', reject);
    });
    this.stream.end();
    await finished;
    await this.client.end();
  }
}

export interface GenerateResult {
  cases: number;
  events: number;
  messages: number;
  attachments: number;
  staff: number;
  seconds: { staff: number; cases: number; related: number; analyze: number; total: number };
  casesPerSecond: number;
  rowsPerSecond: number;
  fastLoad: boolean;
}

/** Staff of a national desk: experts in every province by population, a supervisor each, inspectors. */
async function seedStaff(db: Db): Promise<{ pool: StaffPool; count: number }> {
  const rows: Record<string, unknown>[] = [];
  for (const p of PROVINCES) {
    const experts = Math.max(2, Math.round(100 * weightOf(p.slug)));
    for (let k = 1; k <= experts; k++)
      rows.push({
        username: `bench.expert.${p.slug}.${k}`,
        role: 'expert',
        province: p.slug,
        full_name: `کارشناس ${k}`,
      });
    rows.push({
      username: `bench.supervisor.${p.slug}`,
      role: 'supervisor',
      province: p.slug,
      full_name: 'سرپرست استان',
    });
  }
  for (let k = 1; k <= 6; k++)
    rows.push({
      username: `bench.inspector.${k}`,
      role: 'inspector',
      province: null,
      full_name: `بازرس ${k}`,
    });
  await db('staff')
    .insert(rows.map((r) => ({ ...r, password_hash: 'not-a-login' })))
    .onConflict('username')
    .ignore();
  const all = await db('staff').where('username', 'like', 'bench.%').select('id', 'role', 'province');
  const pool: StaffPool = { expertsByProvince: new Map(), supervisorByProvince: new Map(), inspectors: [] };
  for (const s of all) {
    if (s.role === 'expert') {
      const list = pool.expertsByProvince.get(s.province) ?? [];
      list.push(s.id);
      pool.expertsByProvince.set(s.province, list);
    } else if (s.role === 'supervisor') pool.supervisorByProvince.set(s.province, s.id);
    else pool.inspectors.push(s.id);
  }
  return { pool, count: all.length };
}

function weightOf(slug: string): number {
  const i = provinceWeights.values.findIndex((p) => p.slug === slug);
  return provinceWeights.cumulative[i] - (i > 0 ? provinceWeights.cumulative[i - 1] : 0);
}

const CASE_COLUMNS = [
  'id',
  'tracking_code',
  'national_code',
  'national_code_hash',
  'birth_date',
  'citizen_name',
  'gender',
  'province',
  'email',
  'mobile',
  'area_code',
  'phone',
  'subject',
  'sub_subject',
  'text',
  'desk',
  'confidential',
  'status',
  'assigned_to',
  'escalation_level',
  'due_at',
  'created_at',
  'answered_at',
  'answered_by',
  'closed_at',
  'projection_seq',
  'channel',
  'first_answered_at',
  'first_answered_by',
  'first_answer_late',
  'score',
];

// A small file with real PNG bytes at its head; padded to a plausible scan's first kilobytes.
const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/**
 * Fills the cases and their timelines, messages and some attachments with `count` cases of a busy
 * year, through COPY: one pass for the cases, one for what hangs off them (three COPYs at once).
 */
export async function generateCases(
  db: Db,
  url: string,
  options: { count: number; hashKey: string; now?: number; log?: (line: string) => void },
): Promise<GenerateResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now();
  const t0 = performance.now();
  const { pool, count: staffCount } = await seedStaff(db);
  const tStaff = performance.now();
  const fastLoad = Boolean(
    (await db.raw(`select rolsuper from pg_roles where rolname = current_user`)).rows[0]?.rolsuper,
  );
  const { max } = (await db('cases').max('id as max').first()) ?? {};
  const offset = Number(max ?? 0);
  if (offset > 0) throw new Error('the bench database must start without cases');

  // Citizens file more than once now and then: a fifth of the codes come back.
  const citizens = Math.max(1, Math.floor(options.count * 0.8));
  const cases = await CopyWriter.open(url, `copy cases (${CASE_COLUMNS.join(', ')}) from stdin`, fastLoad);
  for (let i = 0; i < options.count; i++) {
    const p = plan(i, now, pool);
    const seed = Number((BigInt(i % citizens) * 48_271n + 7n) % BigInt(NATIONAL_CODE_SEEDS));
    const nationalCode = nationalCodeFromSeed(seed);
    const person = simulatedPerson(nationalCode)!;
    const r = p.r;
    const verified = p.status !== 'received' && p.status !== 'awaiting-identity';
    const text = REQUEST_TEXTS[Math.floor(r() * REQUEST_TEXTS.length)];
    await cases.write(
      line([
        p.id,
        generatedTrackingCode(i),
        nationalCode,
        nationalCodeHash(nationalCode, options.hashKey),
        person.birthDate,
        verified ? fullName(person) : null,
        verified ? GENDER_FA[person.gender] : null,
        p.province.slug,
        r() < 0.6 ? `citizen${i}@example.ir` : null,
        `09${String(100_000_000 + (seed % 900_000_000)).slice(0, 9)}`,
        r() < 0.5 ? p.province.areaCode : null,
        null,
        p.subject.slug,
        p.subSubject,
        r() < 0.5 ? text : `${text} ${REQUEST_TEXTS[Math.floor(r() * REQUEST_TEXTS.length)]}`,
        p.subject.desk,
        p.subject.desk === 'inspection',
        p.status,
        p.assignedTo,
        p.escalationLevel,
        iso(p.dueAt),
        iso(p.createdAt),
        iso(p.answeredAt),
        p.answeredBy,
        iso(p.closedAt),
        p.events.length,
        p.channel,
        iso(p.answeredAt),
        p.answeredBy,
        p.firstAnswerLate,
        p.score,
      ]),
    );
    if ((i + 1) % 200_000 === 0) log(`  cases: ${i + 1}`);
  }
  await cases.close();
  const tCases = performance.now();

  const [events, messages, attachments] = await Promise.all([
    CopyWriter.open(
      url,
      'copy case_events (case_id, seq, kind, public, actor_staff_id, message_id, data, at) from stdin',
      fastLoad,
    ),
    CopyWriter.open(
      url,
      'copy case_messages (id, case_id, kind, author_staff_id, body, created_at, published_at) from stdin',
      fastLoad,
    ),
    CopyWriter.open(
      url,
      'copy case_attachments (case_id, position, title, filename, content_type, size_bytes, content, created_at) from stdin',
      fastLoad,
    ),
  ]);
  for (let i = 0; i < options.count; i++) {
    const p = plan(i, now, pool);
    for (let s = 0; s < p.events.length; s++) {
      const e = p.events[s];
      await events.write(
        line([p.id, s + 1, e.kind, e.public, e.actor ?? null, e.message ?? null, e.data ?? '{}', iso(e.at)]),
      );
    }
    for (const m of [
      p.question && { ...p.question, kind: 'question', body: QUESTION_TEXT },
      p.reply && { ...p.reply, kind: 'reply' },
    ]) {
      if (m) await messages.write(line([m.id, p.id, m.kind, m.author, m.body, iso(m.at), iso(m.at)]));
    }
    if (p.attachment) {
      const size = 1024 + Math.floor(p.r() * 3072);
      const content = Buffer.alloc(size, i & 255);
      PNG_HEAD.copy(content);
      await attachments.write(
        line([
          p.id,
          0,
          'تصویر مدرک',
          'scan.png',
          'image/png',
          size,
          `\\x${content.toString('hex')}`,
          iso(p.createdAt),
        ]),
      );
    }
    if ((i + 1) % 200_000 === 0) log(`  timelines: ${i + 1}`);
  }
  await Promise.all([events.close(), messages.close(), attachments.close()]);
  const tRelated = performance.now();

  await db.raw(`select setval('cases_id_seq', greatest((select max(id) from cases), 1))`);
  await db.raw('analyze cases, case_events, case_messages, case_attachments, staff');
  const tEnd = performance.now();

  const rows = cases.rows + events.rows + messages.rows + attachments.rows;
  const loadSeconds = (tRelated - tStaff) / 1000;
  return {
    cases: cases.rows,
    events: events.rows,
    messages: messages.rows,
    attachments: attachments.rows,
    staff: staffCount,
    seconds: {
      staff: (tStaff - t0) / 1000,
      cases: (tCases - tStaff) / 1000,
      related: (tRelated - tCases) / 1000,
      analyze: (tEnd - tRelated) / 1000,
      total: (tEnd - t0) / 1000,
    },
    casesPerSecond: cases.rows / ((tCases - tStaff) / 1000),
    rowsPerSecond: rows / loadSeconds,
    fastLoad,
  };
}

/** A sample of generated (tracking code, national code) pairs, for look-ups that must find. */
export async function samplePairs(
  db: Db,
  n: number,
): Promise<{ trackingCode: string; nationalCode: string }[]> {
  const total = Number((await db('cases').max('id as max').first())?.max ?? 0);
  const ids = Array.from({ length: n }, () => 1 + Math.floor(Math.random() * total));
  const rows = await db('cases').whereIn('id', ids).select('tracking_code', 'national_code');
  return rows.map((r) => ({ trackingCode: r.tracking_code, nationalCode: r.national_code }));
}

/** A sanity check the quick test leans on: generated codes are well-formed. */
export function generatedCodesValid(n: number): boolean {
  for (let i = 0; i < n; i++) if (!parseTrackingCode(generatedTrackingCode(i))) return false;
  return true;
}
