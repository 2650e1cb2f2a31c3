import type { Db } from '../..';
import {
  parseBankPaymentLine,
  type BankPaymentProblem,
  type BankPaymentRow,
} from '../../../domain/hajj/registration';

/** The account the dispatch payment goes to: headquarters sets it (settings), the slip prints it. */
export interface PaymentAccount {
  account: string;
  holder: string;
}

export async function paymentAccount(db: Db): Promise<PaymentAccount | null> {
  const rows = await db('settings')
    .whereIn('key', ['hajjPaymentAccount', 'hajjPaymentAccountHolder'])
    .select('key', 'value');
  const get = (key: string) => rows.find((r) => r.key === key)?.value as string | undefined;
  const account = get('hajjPaymentAccount');
  const holder = get('hajjPaymentAccountHolder');
  return account && holder ? { account, holder } : null;
}

export async function setPaymentAccount(db: Db, a: PaymentAccount): Promise<void> {
  await db('settings')
    .insert([
      { key: 'hajjPaymentAccount', value: a.account },
      { key: 'hajjPaymentAccountHolder', value: a.holder },
    ])
    .onConflict('key')
    .merge();
}

export interface PaymentSlip {
  depositNumber: string;
  paymentId: string;
  amountRials: string;
  account: string;
  accountHolder: string;
  issuedAt: Date;
  /** The bank's confirmation, once its file has it. */
  payment: { reference: string; paidAt: Date; branch: string | null; applied: boolean } | null;
}

export async function slipOf(db: Db, depositNumber: string): Promise<PaymentSlip | undefined> {
  const row = await db('hajj_payment_slips as s')
    .leftJoin('hajj_bank_payments as p', 'p.payment_id', 's.payment_id')
    .where('s.deposit_number', depositNumber)
    .first(
      's.deposit_number as depositNumber',
      's.payment_id as paymentId',
      db.raw('s.amount_rials::text as "amountRials"'),
      's.account',
      's.account_holder as accountHolder',
      's.issued_at as issuedAt',
      'p.reference',
      'p.paid_at as paidAt',
      'p.branch',
      'p.applied_at as appliedAt',
    );
  if (!row) return undefined;
  const { reference, paidAt, branch, appliedAt, ...slip } = row;
  return {
    ...slip,
    payment: reference ? { reference, paidAt, branch, applied: appliedAt !== null } : null,
  };
}

/**
 * The pilgrim's slip, issued once: the identifier, amount and account printed the first time stay
 * what the bank is told, however often it is printed.
 */
export async function issueSlip(
  db: Db,
  s: {
    depositNumber: string;
    paymentId: string;
    amountRials: bigint;
    account: PaymentAccount;
    staffId: number | null;
  },
): Promise<PaymentSlip> {
  await db('hajj_payment_slips')
    .insert({
      deposit_number: s.depositNumber,
      payment_id: s.paymentId,
      amount_rials: s.amountRials.toString(),
      account: s.account.account,
      account_holder: s.account.holder,
      issued_by: s.staffId,
    })
    .onConflict('deposit_number')
    .ignore();
  return (await slipOf(db, s.depositNumber))!;
}

export interface PaymentLineProblem {
  line: number;
  problem: BankPaymentProblem;
}

export interface PaymentImportReport {
  importId: number;
  totalLines: number;
  confirmed: number;
  duplicates: number;
  problems: PaymentLineProblem[];
  /**
   * Confirmed payments of the file whose journey has not taken them yet (new ones, and ones
   * confirmed before and not yet taken): the import's items, which its workflow sends.
   */
  toApply: number;
}

/** Why a payment file is refused whole: not UTF-8 text, or not one line of the bank's format. */
export type PaymentFileProblem = 'encoding' | 'empty';

export class PaymentFileRefused extends Error {
  constructor(readonly problem: PaymentFileProblem) {
    super(`payment file refused: ${problem}`);
  }
}

/** The file's lines, or refused: not UTF-8, or holding NUL bytes as binary files do. */
export function paymentFileLines(buffer: Buffer): string[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new PaymentFileRefused('encoding');
  }
  if (text.includes('\u0000')) throw new PaymentFileRefused('encoding');
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/** Who imports the file, as the journeys are told; null in tests that send nothing. */
export interface PaymentImportMeta {
  filename: string;
  staffId: number | null;
  role?: string;
  province?: string | null;
}

const BATCH = 5_000;

/**
 * Stages the bank's payment file (docs/hajj.md), in one transaction: each line is matched to a slip
 * by its payment identifier. A line confirms a payment only when its slip exists, the amount is the
 * slip's and the slip is not paid yet; the bank's reference is the table's key, so a line seen
 * before (this file or an earlier one) is a duplicate and counts nothing. Problems carry the line
 * number. Every confirmed payment not yet taken by its journey becomes an item of the import, which
 * its workflow (paymentImportWorkflow) sends. A file with not one line of the bank's format is
 * refused whole (PaymentFileRefused) and stores nothing.
 */
export async function importBankPayments(
  db: Db,
  lines: string[],
  meta: PaymentImportMeta,
): Promise<PaymentImportReport> {
  const problems: PaymentLineProblem[] = [];
  const seen = new Set<string>();
  let totalLines = 0;
  const rows: { line: number; row: BankPaymentRow }[] = [];
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    totalLines++;
    const parsed = parseBankPaymentLine(text);
    if ('problem' in parsed) return problems.push({ line: i + 1, problem: parsed.problem });
    if (seen.has(parsed.reference)) return problems.push({ line: i + 1, problem: 'duplicateLine' });
    seen.add(parsed.reference);
    rows.push({ line: i + 1, row: parsed });
  });
  if (rows.length === 0) throw new PaymentFileRefused('empty');

  return db.transaction(async (trx) => {
    const [{ id }] = await trx('hajj_payment_imports')
      .insert({
        filename: meta.filename,
        staff_id: meta.staffId,
        staff_role: meta.role ?? null,
        staff_province: meta.province ?? null,
        status: 'running',
      })
      .returning('id');
    const importId = Number(id);
    const toApply: { reference: string; depositNumber: string; amountRials: string }[] = [];
    let confirmed = 0;
    let duplicates = 0;
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const ids = batch.map((b) => b.row.paymentId);
      const [slips, stored] = await Promise.all([
        trx('hajj_payment_slips')
          .whereIn('payment_id', ids)
          .select('payment_id', 'deposit_number', trx.raw('amount_rials::text as amount')),
        trx('hajj_bank_payments')
          .whereIn(
            'reference',
            batch.map((b) => b.row.reference),
          )
          .orWhereIn('payment_id', ids)
          .select(
            'reference',
            'payment_id',
            'deposit_number',
            trx.raw('amount_rials::text as amount'),
            'applied_at',
          ),
      ]);
      const slipById = new Map(slips.map((s) => [s.payment_id as string, s]));
      const storedByReference = new Map(stored.map((p) => [p.reference as string, p]));
      const paidIds = new Set(stored.map((p) => p.payment_id as string));
      const fresh: { row: BankPaymentRow; depositNumber: string }[] = [];
      for (const { line, row } of batch) {
        const before = storedByReference.get(row.reference);
        if (before) {
          duplicates++;
          if (!before.applied_at)
            toApply.push({
              reference: row.reference,
              depositNumber: before.deposit_number,
              amountRials: before.amount,
            });
          continue;
        }
        const slip = slipById.get(row.paymentId);
        if (!slip) problems.push({ line, problem: 'unknownPayment' });
        else if (BigInt(slip.amount) !== row.amountRials) problems.push({ line, problem: 'wrongAmount' });
        else if (paidIds.has(row.paymentId)) problems.push({ line, problem: 'alreadyPaid' });
        else {
          paidIds.add(row.paymentId);
          fresh.push({ row, depositNumber: slip.deposit_number });
        }
      }
      if (fresh.length === 0) continue;
      // A concurrent import of the same payments inserts each once: the keys decide, not this read.
      const inserted: { reference: string }[] = await trx('hajj_bank_payments')
        .insert(
          fresh.map(({ row, depositNumber }) => ({
            reference: row.reference,
            payment_id: row.paymentId,
            deposit_number: depositNumber,
            amount_rials: row.amountRials.toString(),
            paid_at: row.paidAt,
            branch: row.branch,
            import_id: importId,
          })),
        )
        .onConflict()
        .ignore()
        .returning('reference');
      const done = new Set(inserted.map((r) => r.reference));
      for (const { row, depositNumber } of fresh) {
        // Not inserted: another import stored this payment (or this slip's) a moment ago; that
        // import's items send it.
        if (!done.has(row.reference)) duplicates++;
        else {
          confirmed++;
          toApply.push({ reference: row.reference, depositNumber, amountRials: row.amountRials.toString() });
        }
      }
    }
    for (let start = 0; start < toApply.length; start += BATCH)
      await trx('hajj_payment_import_items').insert(
        toApply.slice(start, start + BATCH).map((p, i) => ({
          import_id: importId,
          position: start + i + 1,
          reference: p.reference,
          deposit_number: p.depositNumber,
          amount_rials: p.amountRials,
        })),
      );
    problems.sort((a, b) => a.line - b.line);
    await trx('hajj_payment_imports')
      .where({ id: importId })
      .update({
        total_lines: totalLines,
        confirmed,
        duplicates,
        problems: JSON.stringify(problems),
        to_apply: toApply.length,
      });
    return { importId, totalLines, confirmed, duplicates, problems, toApply: toApply.length };
  });
}

export interface PaymentImportRow {
  id: number;
  filename: string;
  actor: { staffId: number; role: string; province: string | null } | null;
  status: 'running' | 'done';
  totalLines: number;
  confirmed: number;
  duplicates: number;
  problems: PaymentLineProblem[];
  toApply: number;
  applied: number;
  refused: number;
  /** Items sent whose payment another import's journey update had taken. */
  earlier: number;
  at: Date;
  completedAt: Date | null;
}

const importColumns = [
  'id',
  'filename',
  'staff_id',
  'staff_role',
  'staff_province',
  'status',
  'total_lines',
  'confirmed',
  'duplicates',
  'problems',
  'to_apply',
  'applied',
  'refused',
  'at',
  'completed_at',
];

function importOf(r: Record<string, unknown>, earlier = 0): PaymentImportRow {
  return {
    id: Number(r.id),
    filename: r.filename as string,
    actor:
      r.staff_id !== null && r.staff_role
        ? {
            staffId: r.staff_id as number,
            role: r.staff_role as string,
            province: (r.staff_province as string | null) ?? null,
          }
        : null,
    status: r.status as PaymentImportRow['status'],
    totalLines: r.total_lines as number,
    confirmed: r.confirmed as number,
    duplicates: r.duplicates as number,
    problems: r.problems as PaymentLineProblem[],
    toApply: r.to_apply as number,
    applied: r.applied as number,
    refused: r.refused as number,
    earlier,
    at: r.at as Date,
    completedAt: (r.completed_at as Date | null) ?? null,
  };
}

export async function findPaymentImport(db: Db, importId: number): Promise<PaymentImportRow | null> {
  const row = await db('hajj_payment_imports').where({ id: importId }).first(importColumns);
  if (!row) return null;
  const [{ n }] = await db('hajj_payment_import_items')
    .where({ import_id: importId, outcome: 'earlier' })
    .count({ n: '*' });
  return importOf(row, Number(n));
}

/** The next items of an import not yet sent, after `afterPosition`, in file order. */
export async function pendingPaymentItems(
  db: Db,
  importId: number,
  afterPosition: number,
  size: number,
): Promise<{ position: number; reference: string; depositNumber: string; amountRials: string }[]> {
  return db('hajj_payment_import_items')
    .where({ import_id: importId })
    .where('position', '>', afterPosition)
    .whereNull('outcome')
    .orderBy('position')
    .limit(size)
    .select(
      'position',
      'reference',
      'deposit_number as depositNumber',
      db.raw('amount_rials::text as "amountRials"'),
    );
}

export interface PaymentOutcome {
  position: number;
  /** applied: the journey took the payment (now, or it had before); refused: it would not. */
  outcome: 'applied' | 'refused';
  reason: string | null;
}

/**
 * Records how items went, once each, in one statement: an applied item marks its payment taken,
 * and counts as this import's only if the payment was not taken before (else it is `earlier`); a
 * re-sent chunk (a retried activity, a resumed workflow) changes no item already settled, so no
 * payment is ever counted twice.
 */
export async function recordPaymentOutcomes(
  db: Db,
  importId: number,
  outcomes: PaymentOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await db.raw(
    `with o as (
       select * from unnest(?::int[], ?::text[], ?::text[]) as o(position, outcome, reason)),
     marked as (
       update hajj_bank_payments p set applied_at = now()
       from hajj_payment_import_items i join o on o.position = i.position
       where i.import_id = ? and i.outcome is null and o.outcome = 'applied'
         and p.reference = i.reference and p.applied_at is null
       returning p.reference),
     settled as (
       update hajj_payment_import_items i set
         outcome = case when o.outcome = 'applied' and i.reference not in (select reference from marked)
                        then 'earlier' else o.outcome end,
         reason = o.reason, sent_at = now()
       from o
       where i.import_id = ? and i.position = o.position and i.outcome is null
       returning i.outcome)
     update hajj_payment_imports set
       applied = applied + (select count(*) from settled where outcome = 'applied'),
       refused = refused + (select count(*) from settled where outcome = 'refused')
     where id = ?`,
    [
      outcomes.map((o) => o.position),
      outcomes.map((o) => o.outcome),
      outcomes.map((o) => o.reason) as string[],
      importId,
      importId,
      importId,
    ],
  );
}

export async function completePaymentImport(db: Db, importId: number): Promise<void> {
  await db('hajj_payment_imports')
    .where({ id: importId })
    .whereNot({ status: 'done' })
    .update({ status: 'done', completed_at: db.fn.now() });
}

/** Payment imports not done, staged at least `graceMs` ago: the relay starts their workflows. */
export async function unfinishedPaymentImports(db: Db, graceMs: number): Promise<number[]> {
  const ids = await db('hajj_payment_imports')
    .where({ status: 'running' })
    .where('at', '<', db.raw(`now() - ? * interval '1 millisecond'`, [graceMs]))
    .orderBy('id')
    .pluck('id');
  return ids.map(Number);
}

/** An import's items its journeys refused, with why, in file order (the first `limit`). */
export async function refusedPaymentItems(db: Db, importId: number, limit = 200) {
  return db('hajj_payment_import_items')
    .where({ import_id: importId, outcome: 'refused' })
    .orderBy('position')
    .limit(limit)
    .select('reference', 'deposit_number as depositNumber', 'reason');
}

/** Whether the pilgrim's journey has recorded its payment step (the projection says so). */
export async function paymentRecorded(db: Db, depositNumber: string): Promise<boolean> {
  const row = await db('hajj_journeys')
    .where({ deposit_number: depositNumber })
    .whereRaw(`steps \\? 'payment'`)
    .first('deposit_number');
  return row !== undefined;
}

/** The last imports of payment files, newest first. */
export async function recentPaymentImports(db: Db, limit = 5): Promise<PaymentImportRow[]> {
  const rows = await db('hajj_payment_imports').orderBy('id', 'desc').limit(limit).select(importColumns);
  return rows.map((r) => importOf(r));
}
