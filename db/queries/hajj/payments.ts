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

/** A payment the journey is to take: newly confirmed, or confirmed before and not yet taken. */
export interface ConfirmedPayment {
  reference: string;
  depositNumber: string;
  amountRials: string;
}

export interface PaymentImportReport {
  importId: number;
  totalLines: number;
  confirmed: number;
  duplicates: number;
  problems: PaymentLineProblem[];
  /** Every confirmed payment of the file whose journey has not taken it yet. */
  toApply: ConfirmedPayment[];
}

const BATCH = 5_000;

/**
 * Imports the bank's payment file (docs/hajj.md): each line is matched to a slip by its payment
 * identifier. A line confirms a payment only when its slip exists, the amount is the slip's and
 * the slip is not paid yet; the bank's reference is the table's key, so a line seen before (this
 * file or an earlier one) is a duplicate and counts nothing. Problems carry the line number.
 */
export async function importBankPayments(
  db: Db,
  lines: string[],
  meta: { filename: string; staffId: number | null },
): Promise<PaymentImportReport> {
  const [{ id: importId }] = await db('hajj_payment_imports')
    .insert({ filename: meta.filename, staff_id: meta.staffId })
    .returning('id');
  const problems: PaymentLineProblem[] = [];
  const toApply: ConfirmedPayment[] = [];
  const seen = new Set<string>();
  let confirmed = 0;
  let duplicates = 0;
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

  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const ids = batch.map((b) => b.row.paymentId);
    const [slips, stored] = await Promise.all([
      db('hajj_payment_slips')
        .whereIn('payment_id', ids)
        .select('payment_id', 'deposit_number', db.raw('amount_rials::text as amount')),
      db('hajj_bank_payments')
        .whereIn(
          'reference',
          batch.map((b) => b.row.reference),
        )
        .orWhereIn('payment_id', ids)
        .select(
          'reference',
          'payment_id',
          'deposit_number',
          db.raw('amount_rials::text as amount'),
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
    const inserted: { reference: string }[] = await db('hajj_bank_payments')
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
      // Not inserted: another import stored this payment (or this slip's) a moment ago.
      if (!done.has(row.reference)) duplicates++;
      else {
        confirmed++;
        toApply.push({ reference: row.reference, depositNumber, amountRials: row.amountRials.toString() });
      }
    }
  }
  problems.sort((a, b) => a.line - b.line);
  await db('hajj_payment_imports')
    .where({ id: importId })
    .update({ total_lines: totalLines, confirmed, duplicates, problems: JSON.stringify(problems) });
  return { importId: Number(importId), totalLines, confirmed, duplicates, problems, toApply };
}

/** The journey took the payment: its update was accepted. */
export async function markPaymentApplied(db: Db, reference: string): Promise<void> {
  await db('hajj_bank_payments')
    .where({ reference })
    .whereNull('applied_at')
    .update({ applied_at: db.fn.now() });
}

/** Whether the pilgrim's journey has recorded its payment step (the projection says so). */
export async function paymentRecorded(db: Db, depositNumber: string): Promise<boolean> {
  const row = await db('hajj_journeys')
    .where({ deposit_number: depositNumber })
    .whereRaw(`steps ? 'payment'`)
    .first('deposit_number');
  return row !== undefined;
}

/** The last imports of payment files, newest first. */
export async function recentPaymentImports(db: Db, limit = 5) {
  return db('hajj_payment_imports')
    .orderBy('id', 'desc')
    .limit(limit)
    .select('id', 'filename', 'total_lines as totalLines', 'confirmed', 'duplicates', 'problems', 'at');
}
