import {
  parseDepositLine,
  type DepositRow,
  type IdentityCheck,
  type ImportProblem,
} from '../../../domain/hajj/deposit';
import type { JourneyKind } from '../../../domain/hajj/kinds';
import { IMPORT_REJECTIONS_STORED } from '../../../domain/hajj/policy';
import { nationalCodeHash } from '../../../domain/shared/nationalCode';
import type { Db } from '../..';
import { readSwitch, writeSwitch } from '../shared/settings';

export type { ImportProblem };

export interface Rejection {
  /** 1-based line of the file. */
  line: number;
  problem: ImportProblem;
}

export interface ImportReport {
  importId: number;
  totalRows: number;
  insertedRows: number;
  duplicateRows: number;
  rejectedRows: number;
  rejections: Rejection[];
}

export interface ImportOptions {
  filename: string;
  staffId: number | null;
  /** The civil registry's confirmation of each row's national code (activities/integrations). */
  confirm: IdentityCheck;
  hashKey: string;
  /** Rows per multi-row insert. */
  batchSize?: number;
  /** Registry look-ups in flight at once. */
  registryConcurrency?: number;
  /** The pilgrimage the file's deposits are for (the bank's file is one pilgrimage's): the Hajj's by default. */
  kind?: JourneyKind;
}

export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A data line of the deposit file: the header is no data, nor is a blank line. */
export function isDepositDataLine(line: string, lineNumber: number): boolean {
  if (!line) return false;
  return !(lineNumber === 1 && !/^[\d۰-۹"]/.test(line));
}

export interface CheckedRows {
  /** Rows the registry confirmed, to store. */
  rows: { line: number; row: DepositRow }[];
  rejections: Rejection[];
}

/** Parses data lines and confirms each parsed row's national code, `concurrency` look-ups at a time. */
export async function checkDepositLines(
  lines: { line: number; text: string }[],
  confirm: IdentityCheck,
  concurrency: number,
): Promise<CheckedRows> {
  const rejections: Rejection[] = [];
  const parsed: { line: number; row: DepositRow }[] = [];
  for (const { line, text } of lines) {
    const row = parseDepositLine(text);
    if ('problem' in row) rejections.push({ line, problem: row.problem });
    else parsed.push({ line, row });
  }
  const checked = await mapLimited(parsed, concurrency, (item) => confirm(item.row.nationalCode));
  const rows = parsed.filter((item, i) => {
    const problem = checked[i];
    if (problem) rejections.push({ line: item.line, problem });
    return !problem;
  });
  return { rows, rejections };
}

/**
 * Stores confirmed rows with ON CONFLICT DO NOTHING, one statement: a row not inserted is a
 * duplicate when the same deposit is there already, otherwise it is rejected (another deposit for
 * the same national code, or the number taken by someone else). The deposits are of their import's
 * kind (each pilgrimage's deposits come in their own file).
 */
export async function storeDepositRows(
  db: Db,
  importId: number,
  rows: { line: number; row: DepositRow }[],
  hashKey: string,
): Promise<{ inserted: number; duplicates: number; rejections: Rejection[] }> {
  const result = { inserted: 0, duplicates: 0, rejections: [] as Rejection[] };
  if (rows.length === 0) return result;
  const { rows: inserted } = await db.raw(
    `insert into hajj_deposits
       (deposit_number, national_code, national_code_hash, bank_branch, deposited_at, amount_rials, mobile, import_id, kind)
     select r.*, coalesce((select kind from hajj_deposit_imports where id = ?), 'hajj-tamattu')
     from unnest(?::text[], ?::char(10)[], ?::text[], ?::text[], ?::timestamptz[], ?::bigint[], ?::text[], ?::bigint[]) r
     on conflict do nothing
     returning deposit_number, national_code`,
    [
      importId,
      rows.map((r) => r.row.depositNumber),
      rows.map((r) => r.row.nationalCode),
      rows.map((r) => nationalCodeHash(r.row.nationalCode, hashKey)),
      rows.map((r) => r.row.bankBranch),
      rows.map((r) => r.row.depositedAt.toISOString()),
      rows.map((r) => r.row.amountRials.toString()),
      // knex's types leave out null array elements, which pg sends as SQL NULL.
      rows.map((r) => r.row.mobile) as string[],
      rows.map(() => importId),
    ],
  );
  result.inserted = inserted.length;
  // A row counts as inserted once: the same deposit twice in one file is a duplicate.
  const added = new Set(
    inserted.map(
      (r: { deposit_number: string; national_code: string }) => `${r.deposit_number}:${r.national_code}`,
    ),
  );
  const skipped = rows.filter((r) => !added.delete(`${r.row.depositNumber}:${r.row.nationalCode}`));
  if (skipped.length === 0) return result;
  const existing = new Map<string, string>(
    (
      await db('hajj_deposits')
        .whereIn(
          'deposit_number',
          skipped.map((r) => r.row.depositNumber),
        )
        .select('deposit_number', 'national_code')
    ).map((r) => [r.deposit_number, r.national_code]),
  );
  for (const { line, row } of skipped) {
    const owner = existing.get(row.depositNumber);
    if (owner === row.nationalCode) result.duplicates++;
    else
      result.rejections.push({
        line,
        problem: owner === undefined ? 'nationalCodeTaken' : 'depositNumberTaken',
      });
  }
  return result;
}

/**
 * Imports the bank's deposit file in this process (the demo data, tests, the bench's baseline);
 * the staff page runs the same steps as a workflow (db/queries/hajj/depositImports.ts). Each row is
 * checked, its national code confirmed by the civil registry, and stored in batches: the same file
 * imported twice changes nothing, and rows already there are counted as duplicates.
 */
export async function importDeposits(
  db: Db,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 5000;
  const [{ id: importId }] = await db('hajj_deposit_imports')
    .insert({ filename: options.filename, staff_id: options.staffId, kind: options.kind ?? 'hajj-tamattu' })
    .returning('id');
  const report: ImportReport = {
    importId: Number(importId),
    totalRows: 0,
    insertedRows: 0,
    duplicateRows: 0,
    rejectedRows: 0,
    rejections: [],
  };
  const reject = (rejections: Rejection[]) => {
    report.rejectedRows += rejections.length;
    report.rejections.push(...rejections.slice(0, IMPORT_REJECTIONS_STORED - report.rejections.length));
  };

  let batch: { line: number; text: string }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const checked = await checkDepositLines(batch, options.confirm, options.registryConcurrency ?? 32);
    batch = [];
    reject(checked.rejections);
    const stored = await storeDepositRows(db, report.importId, checked.rows, options.hashKey);
    report.insertedRows += stored.inserted;
    report.duplicateRows += stored.duplicates;
    reject(stored.rejections);
  };

  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!isDepositDataLine(line, lineNumber)) continue;
    report.totalRows++;
    batch.push({ line: lineNumber, text: line });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  report.rejections.sort((a, b) => a.line - b.line);

  await db('hajj_deposit_imports')
    .where({ id: report.importId })
    .update({
      total_rows: report.totalRows,
      inserted_rows: report.insertedRows,
      duplicate_rows: report.duplicateRows,
      rejected_rows: report.rejectedRows,
      rejections: JSON.stringify(report.rejections),
      lines_total: report.totalRows,
      lines_done: report.totalRows,
      completed_at: db.fn.now(),
    });
  return report;
}

export interface QueueStanding {
  depositNumber: string;
  status: 'queued' | 'called' | 'cancelled';
  depositedAt: Date;
  bankBranch: string;
  amountRials: bigint;
  /** The pilgrimage the deposit is for: its queue is that kind's. */
  kind: JourneyKind;
  /** Place in the queue among those not yet called (1 = next), or null once called. */
  position: number | null;
}

/**
 * Where a depositor stands, found by national code and deposit number together, in the queue of
 * the deposit's kind. A Hajj position is the queued Hajj deposits of earlier days (hajj_queue_days,
 * kept by triggers) plus those of the same day ahead of this one, a short range of the partial
 * index of queued deposits; an Umrah queue (far shorter, seats offered per dispatch period) is
 * counted on that index whole. One statement, so the row and its position come from one snapshot.
 */
export async function queueStanding(
  db: Db,
  /** The holder's code to check against the deposit, or null when the pair was proven already. */
  nationalCode: string | null,
  depositNumber: string,
): Promise<QueueStanding | null> {
  const { rows } = await db.raw(
    `with me as (
       select deposit_number, status, deposited_at, bank_branch, amount_rials, kind,
              (deposited_at at time zone 'UTC')::date as day
       from hajj_deposits where deposit_number = ? and (?::text is null or national_code = ?))
     select deposit_number, status, deposited_at, bank_branch, amount_rials, kind,
       case when status = 'queued' and kind = 'hajj-tamattu' then (
         (select coalesce(sum(queued), 0) from hajj_queue_days q where q.day < me.day)
         + (select count(*) from hajj_deposits d
            where d.status = 'queued' and d.kind = me.kind
              and d.deposited_at >= (me.day::timestamp at time zone 'UTC')
              and (d.deposited_at, d.deposit_number) < (me.deposited_at, me.deposit_number))
         + 1)::int
       when status = 'queued' then (
         (select count(*) from hajj_deposits d
          where d.status = 'queued' and d.kind = me.kind
            and (d.deposited_at, d.deposit_number) < (me.deposited_at, me.deposit_number))
         + 1)::int end as position
     from me`,
    [depositNumber, nationalCode, nationalCode],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    depositNumber: row.deposit_number,
    status: row.status,
    depositedAt: row.deposited_at,
    bankBranch: row.bank_branch,
    amountRials: BigInt(row.amount_rials),
    kind: row.kind,
    position: row.position,
  };
}

/** Whether a national code and a deposit number name one deposit: what a pilgrim gives to be served. */
export async function depositMatches(db: Db, nationalCode: string, depositNumber: string): Promise<boolean> {
  const row = await db('hajj_deposits')
    .where({ national_code: nationalCode, deposit_number: depositNumber })
    .first('deposit_number');
  return row !== undefined;
}

/** Whose a deposit is and where it was paid, for the pilgrim's receipt. */
export async function depositHolder(
  db: Db,
  depositNumber: string,
): Promise<{ nationalCode: string; bankBranch: string } | undefined> {
  return db('hajj_deposits')
    .where({ deposit_number: depositNumber })
    .first('national_code as nationalCode', 'bank_branch as bankBranch');
}

/** Deposits are paused now (the guide), so the switch reads as on until an admin turns it off. */
export const depositsPaused = (db: Db) => readSwitch(db, 'hajjDepositsPaused', true);
export const setDepositsPaused = (db: Db, paused: boolean) => writeSwitch(db, 'hajjDepositsPaused', paused);
