import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import { createCaravan, type NewCaravan } from '../../db/queries/hajj/bookings';
import { importDeposits } from '../../db/queries/hajj/deposits';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';
import { nationalCodeFromSeed, NATIONAL_CODE_SEEDS } from '../../domain/shared/nationalCode';
import { TEST_HASH_KEY } from './generators';
import { eventually, hiddenValue, type WebClient } from './http';

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

/** Imports `n` fresh deposits and returns their deposit numbers, in queue order. */
export async function addDeposits(db: Db, n: number, start?: Date): Promise<string[]> {
  const lines = depositLines(n, start);
  await importLines(db, lines);
  return lines.map((l) => l.split(',')[1]);
}

/** Imports a deposit file's lines in this process, as the demo data does. */
export async function importLines(db: Db, lines: string[]): Promise<void> {
  await importDeposits(db, lines, {
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
