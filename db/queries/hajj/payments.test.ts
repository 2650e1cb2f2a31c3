import { paymentIdentifier } from '../../../domain/hajj/registration';
import { createTestDb } from '../../../test/support/db';
import { addDeposits } from '../../../test/support/hajj';
import type { Db } from '../..';
import { importBankPayments, issueSlip, paymentFileLines, PaymentFileRefused, slipOf } from './payments';

let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
});
afterAll(() => testDb?.drop());

const account = { account: 'IR490170000000001234567890', holder: 'سازمان حج و زیارت' };
const meta = { filename: 'payments.csv', staffId: null };

/** Pilgrims with issued slips of 1,250,000,000 rials. */
async function slips(n: number) {
  const deposits = await addDeposits(db, n);
  for (const d of deposits)
    await issueSlip(db, {
      depositNumber: d,
      paymentId: paymentIdentifier(d),
      amountRials: 1_250_000_000n,
      account,
      staffId: null,
    });
  return deposits;
}

describe('the bank payment file', () => {
  it('confirms each slip once: the same file again, or two imports at once, count nothing twice', async () => {
    const deposits = await slips(30);
    const lines = deposits.map(
      (d, i) =>
        `TX${String(i).padStart(6, '0')}${d.slice(-4)},${paymentIdentifier(d)},1250000000,2026-02-01 10:00`,
    );
    const [a, b] = await Promise.all([
      importBankPayments(db, lines, meta),
      importBankPayments(db, lines, meta),
    ]);
    expect(a.confirmed + b.confirmed).toBe(30);
    expect(a.duplicates + b.duplicates).toBe(30);
    expect(a.problems).toEqual([]);
    const again = await importBankPayments(db, lines, meta);
    expect(again).toMatchObject({ confirmed: 0, duplicates: 30, problems: [] });
    // Not yet taken by the journeys, so importing again offers them again (never counted again).
    expect(again.toApply).toBe(30);
    expect(
      await db('hajj_payment_import_items').where({ import_id: again.importId }).pluck('reference'),
    ).toHaveLength(30);
    expect(await db('hajj_bank_payments').whereIn('deposit_number', deposits).count({ n: '*' })).toEqual([
      { n: '30' },
    ]);
    expect((await slipOf(db, deposits[0]))!.payment).toMatchObject({ applied: false, branch: null });
  });

  it('reports each mismatched line by number and stores none of them', async () => {
    const [paid, other] = await slips(2);
    const id = paymentIdentifier(paid);
    const report = await importBankPayments(
      db,
      [
        `RX000001,${id},1250000000,2026-02-01 10:00,شعبه مرکزی`,
        '',
        `RX000002,${id},1250000000,2026-02-01 10:00`,
        `RX000003,${paymentIdentifier(other)},1250000001,2026-02-01 10:00`,
        `RX000004,${paymentIdentifier('55555555')},1250000000,2026-02-01 10:00`,
        `RX000004,${paymentIdentifier('55555555')},1250000000,2026-02-01 10:00`,
        'RX000005,123,1,2026-02-01 10:00',
        'garbage',
      ],
      meta,
    );
    expect(report.confirmed).toBe(1);
    expect(report.totalLines).toBe(7);
    expect(report.problems).toEqual([
      { line: 3, problem: 'alreadyPaid' },
      { line: 4, problem: 'wrongAmount' },
      { line: 5, problem: 'unknownPayment' },
      { line: 6, problem: 'duplicateLine' },
      { line: 7, problem: 'paymentId' },
      { line: 8, problem: 'columns' },
    ]);
    expect(
      await db('hajj_bank_payments').whereIn('deposit_number', [paid, other]).pluck('reference'),
    ).toEqual(['RX000001']);
    const stored = await db('hajj_payment_imports').where({ id: report.importId }).first();
    expect(stored).toMatchObject({ total_lines: 7, confirmed: 1, duplicates: 0 });
    expect(stored.problems).toHaveLength(6);
  });

  it('refuses a file of no payment line, or not UTF-8 text, and stores nothing', async () => {
    const before = await db('hajj_payment_imports').count({ n: '*' });
    await expect(
      importBankPayments(db, ['garbage', 'national_code,deposit_number', ''], meta),
    ).rejects.toEqual(new PaymentFileRefused('empty'));
    expect(() =>
      paymentFileLines(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff])),
    ).toThrow(PaymentFileRefused);
    expect(() => paymentFileLines(Buffer.from('RX1,2,3,4\u0000'))).toThrow(PaymentFileRefused);
    expect(paymentFileLines(Buffer.from('\uFEFFRX1,2\r\nRX2,3'))).toEqual(['RX1,2', 'RX2,3']);
    expect(await db('hajj_payment_imports').count({ n: '*' })).toEqual(before);
  });

  it('keeps a slip as first issued', async () => {
    const [d] = await slips(1);
    const again = await issueSlip(db, {
      depositNumber: d,
      paymentId: paymentIdentifier(d),
      amountRials: 1n,
      account: { account: 'IR000000000000000000000000', holder: 'x' },
      staffId: null,
    });
    expect(again).toMatchObject({ amountRials: '1250000000', account: account.account });
  });
});
