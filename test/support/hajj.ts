import { randomInt, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db';
import { createCaravan, type NewCaravan } from '../../db/queries/hajj/bookings';
import { importDeposits } from '../../db/queries/hajj/deposits';
import { openRound } from '../../db/queries/hajj/rounds';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';
import { nationalCodeFromSeed, NATIONAL_CODE_SEEDS } from '../../domain/shared/nationalCode';
import { TEST_HASH_KEY } from './generators';
import { addMonths } from '../../domain/hajj/journey';
import type { JourneyKind } from '../../domain/hajj/kinds';
import { DOCUMENT_KINDS } from '../../domain/hajj/registration';
import { gregorianToJalali } from '../../domain/shared/jalali';
import { eventually, hiddenValue, type WebClient } from './http';
import { journeyWorkflowId, startRoundWorkflow } from '../../workflows/hajj/client';

let depositCounter = randomInt(1_000_000);

/** A deposit file's lines for `n` people: valid codes, fresh deposit numbers, one day apart. */
export function depositLines(n: number, start = new Date('2018-01-01T05:00:00Z')): string[] {
  const base = randomInt(NATIONAL_CODE_SEEDS - n);
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(start.getTime() + i * 60_000).toISOString();
    const number = `14${String(depositCounter++).padStart(10, '0')}`;
    return `${nationalCodeFromSeed(base + i)},${number},شعبه ${i % 7},${at},250000000,0912${String(i).padStart(7, '0')}`;
  });
}

/** Imports `n` fresh deposits (of a journey kind, the Hajj's by default) and returns their deposit numbers, in queue order. */
export async function addDeposits(db: Db, n: number, start?: Date, kind?: JourneyKind): Promise<string[]> {
  const lines = depositLines(n, start);
  await importLines(db, lines, kind);
  return lines.map((l) => l.split(',')[1]);
}

/** Imports a deposit file's lines in this process, as the demo data does. */
export async function importLines(db: Db, lines: string[], kind?: JourneyKind): Promise<void> {
  await importDeposits(db, lines, {
    kind,
    filename: 'test.csv',
    staffId: null,
    confirm: registryCheck(new SimulatedRegistry()),
    hashKey: TEST_HASH_KEY,
  });
}

/** A caravan of a province with a flight about two months ahead of `now`. */
export async function addCaravan(
  db: Db,
  overrides: Partial<NewCaravan> = {},
  now = new Date(),
): Promise<number> {
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return createCaravan(db, {
    code: `C-${randomUUID().slice(0, 8)}`,
    name: 'کاروان آزمایشی',
    province: 'tehran',
    agentStaffId: null,
    agentName: 'کارگزار آزمایشی',
    managerName: 'مدیر کاروان',
    capacity: 40,
    priceRials: 1_500_000_000n,
    departsFrom: day(55),
    departsTo: day(65),
    flightDate: day(60),
    rating: 4.5,
    ...overrides,
  });
}

/** A real 1×1 PNG: what file-type reads as an image, for photos and scans. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** An IBAN (شبا) whose mod-97 check holds; the account of no one. */
export const TEST_SHEBA = 'IR490170000000001234567890';

/** 'YYYY-MM-DD' (Gregorian) typed as a Jalali date in Latin digits, as an agent would type it. */
export function typedJalali(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const j = gregorianToJalali(y, m, d);
  return `${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')}`;
}

/**
 * The agent makes a held booking final through the pages: identity and passport data, the four
 * documents uploaded and accepted, then the documents step. Returns the last page.
 */
export async function registerPapers(agent: WebClient, depositNumber: string, flightDate: string) {
  const page = `/staff/hajj/pilgrims/${depositNumber}`;
  const post = async (path: string, fields: Record<string, string> | FormData) => {
    const html = (await agent.get(page)).html;
    if (fields instanceof FormData) {
      fields.append('_csrf', hiddenValue(html, '_csrf'));
      return agent.post(`${page}${path}`, fields);
    }
    return agent.post(`${page}${path}`, { _csrf: hiddenValue(html, '_csrf'), ...fields });
  };
  await post('/identity', {
    birthCertificateNumber: '1234',
    passportNumber: 'A12345678',
    passportIssuedOn: typedJalali(addMonths(flightDate, -24)),
    passportExpiresOn: typedJalali(addMonths(flightDate, 36)),
  });
  for (const kind of DOCUMENT_KINDS) {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([TINY_PNG], { type: 'image/png' }), `${kind}.png`);
    await post('/documents', form);
    const html = (await agent.get(page)).html;
    const sha = new RegExp(`/documents/${kind}/check"[^]*?name="sha256" value="([0-9a-f]{64})"`).exec(
      html,
    )![1];
    await post(`/documents/${kind}/check`, { sha256: sha, verdict: 'accepted' });
  }
  return post('/registration/documents', {});
}

/** Headquarters sets the slip's account (once is enough) and the bank's file pays the pilgrim's slip. */
export async function payByBank(
  db: Db,
  hq: WebClient,
  depositNumber: string,
  reference = `RF${randomInt(1e9)}`,
) {
  const payments = async () => hiddenValue((await hq.get('/staff/hajj/payments')).html, '_csrf');
  await hq.post('/staff/hajj/payments/account', {
    _csrf: await payments(),
    account: TEST_SHEBA,
    holder: 'سازمان حج و زیارت',
  });
  // The slip is issued when a page first shows it with the account set.
  await hq.get(`/staff/hajj/pilgrims/${depositNumber}`);
  const slip = await db('hajj_payment_slips')
    .where({ deposit_number: depositNumber })
    .first('payment_id', db.raw('amount_rials::text as amount'));
  return uploadPayments(hq, `${reference},${slip.payment_id},${slip.amount},2026-01-01 10:00`);
}

/**
 * Uploads a bank payment file through headquarters' page and waits for its workflow to send the
 * payments: the import's page once it is done (or the refusal), and the import's id.
 */
export async function uploadPayments(
  hq: WebClient,
  content: string | Uint8Array,
  filename = 'payments.csv',
): Promise<{ status: number; html: string; importId: number | null }> {
  const form = new FormData();
  form.append('_csrf', hiddenValue((await hq.get('/staff/hajj/payments')).html, '_csrf'));
  form.append('file', new Blob([content], { type: 'text/csv' }), filename);
  const posted = await hq.post('/staff/hajj/payments/import', form);
  const id = /\/staff\/hajj\/payments\/imports\/(\d+)/.exec(posted.location ?? '')?.[1];
  if (!id) return { status: posted.status, html: posted.html, importId: null };
  const done = await eventually(
    () => hq.get(`/staff/hajj/payments/imports/${id}`),
    (p) => !p.html.includes('http-equiv="refresh"'),
    30_000,
  );
  return { status: done.status, html: done.html, importId: Number(id) };
}

/**
 * Uploads a deposit file through headquarters' page and waits for its import workflow: the page
 * of the import once it is done, and the import's id.
 */
export async function uploadDeposits(
  client: WebClient,
  content: string | Uint8Array,
  filename = 'deposits.csv',
): Promise<{ status: number; html: string; importId: number | null }> {
  const page = await client.get('/staff/hajj');
  const form = new FormData();
  form.append('_csrf', hiddenValue(page.html, '_csrf'));
  form.append('file', new Blob([content], { type: 'text/csv' }), filename);
  const posted = await client.post('/staff/hajj/import', form);
  const id = /\/staff\/hajj\/imports\/(\d+)/.exec(posted.location ?? '')?.[1];
  if (!id) return { status: posted.status, html: posted.html, importId: null };
  const done = await eventually(
    () => client.get(`/staff/hajj/imports/${id}`),
    (p) => !p.html.includes('http-equiv="refresh"'),
    30_000,
  );
  return { status: done.status, html: done.html, importId: Number(id) };
}

/** Journeys a test file left waiting would outlive it on the shared dev server: end them. */
export async function terminateJourneys(db: Db, temporal: Client): Promise<void> {
  const numbers: string[] = await db('hajj_journeys').pluck('deposit_number');
  await Promise.all(
    numbers.map((n) =>
      temporal.workflow
        .getHandle(journeyWorkflowId(n))
        .terminate('test over')
        .catch(() => undefined),
    ),
  );
}

/**
 * Calls the next deposit in the queue (of a journey kind, the Hajj's by default) up by a round of
 * one, and waits until its journey waits for a booking.
 */
export async function callUpOne(
  db: Db,
  temporal: Client,
  hajjTaskQueue: string,
  depositNumber: string,
  kind?: JourneyKind,
) {
  const round = await openRound(db, { idempotencyKey: `r-${depositNumber}`, size: 1, staffId: null, kind });
  await startRoundWorkflow(temporal, hajjTaskQueue, { roundId: round.roundId, replacement: false });
  await eventually(
    async () => (await db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'))?.stage,
    (s) => s === 'booking',
  );
}
