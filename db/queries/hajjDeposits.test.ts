import type { CivilRegistry } from '../../activities/registry';
import { SimulatedRegistry } from '../../activities/registry';
import { HAJJ_IMPORT_PROBLEMS } from '../../domain/messages';
import { nationalCodeFromSeed } from '../../domain/nationalCode';
import { createTestDb } from '../../test/support/db';
import { TEST_HASH_KEY } from '../../test/support/generators';
import { depositLines } from '../../test/support/hajj';
import type { Db } from '../index';
import { depositsPaused, importDeposits, queueStanding, setDepositsPaused } from './hajjDeposits';

let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
});
afterAll(() => testDb?.drop());

const options = (registry: CivilRegistry = new SimulatedRegistry()) => ({
  filename: 'deposits.csv',
  staffId: null,
  registry,
  hashKey: TEST_HASH_KEY,
  batchSize: 100,
});

const snapshot = () =>
  db('hajj_deposits')
    .orderBy('deposit_number')
    .select('deposit_number', 'national_code', 'deposited_at', 'amount_rials', 'status');

describe('deposit import', () => {
  it('imports a file once: the same file again changes nothing', async () => {
    const lines = ['national_code,deposit_number,branch,deposited_at,amount', ...depositLines(350)];
    const first = await importDeposits(db, lines, options());
    expect(first).toMatchObject({ totalRows: 350, insertedRows: 350, duplicateRows: 0, rejectedRows: 0 });
    const before = await snapshot();
    const second = await importDeposits(db, lines, options());
    expect(second).toMatchObject({ totalRows: 350, insertedRows: 0, duplicateRows: 350, rejectedRows: 0 });
    expect(await snapshot()).toEqual(before);
    const stored = await db('hajj_deposit_imports').where({ id: second.importId }).first();
    expect(stored).toMatchObject({ total_rows: 350, inserted_rows: 0, duplicate_rows: 350 });
  });

  it('reports each bad row with its line and a Persian reason, and keeps the good ones', async () => {
    const [good, other] = depositLines(2);
    const clash = good.split(',');
    const unknown = nationalCodeFromSeed(7);
    const registry: CivilRegistry = {
      lookup: async (code) => (code === unknown ? null : new SimulatedRegistry().lookup(code)),
    };
    const lines = [
      good,
      'not,enough',
      `1234567890,1400000000001,x,2019-01-01 10:00,1`,
      `${clash[0]},1400000000002,x,2019-01-01 10:00,-5`,
      `${clash[0]},1400000000003,x,someday,5`,
      `${unknown},1400000000004,x,2019-01-01 10:00,5`,
      // The same person's second deposit, and someone else's deposit number.
      `${clash[0]},1400000000005,x,2019-01-01 10:00,5`,
      `${other.split(',')[0]},${clash[1]},x,2019-01-01 10:00,5`,
    ];
    const report = await importDeposits(db, lines, options(registry));
    expect(report).toMatchObject({ totalRows: 8, insertedRows: 1, duplicateRows: 0, rejectedRows: 7 });
    expect(report.rejections.map((r) => [r.line, r.problem])).toEqual(
      expect.arrayContaining([
        [2, 'columns'],
        [3, 'nationalCode'],
        [4, 'amount'],
        [5, 'depositedAt'],
        [6, 'notInRegistry'],
        [7, 'nationalCodeTaken'],
        [8, 'depositNumberTaken'],
      ]),
    );
    expect(report.rejections.find((r) => r.line === 4)!.reason).toBe(HAJJ_IMPORT_PROBLEMS.amount);
  });

  it('keeps rows the registry could not check out, to be imported again', async () => {
    const lines = depositLines(3);
    const down: CivilRegistry = { lookup: async () => Promise.reject(new Error('down')) };
    const report = await importDeposits(db, lines, options(down));
    expect(report).toMatchObject({ insertedRows: 0, rejectedRows: 3 });
    expect(report.rejections[0].problem).toBe('registryUnavailable');
    expect(await importDeposits(db, lines, options())).toMatchObject({ insertedRows: 3 });
  });
});

describe('queue standing', () => {
  it('orders by deposit date-time and needs both the national code and the deposit number', async () => {
    const lines = depositLines(3, new Date('2010-01-01T00:00:00Z'));
    // Imported out of order: the queue follows the deposit date, not the file.
    await importDeposits(db, [lines[2], lines[0], lines[1]], options());
    const [code, number] = lines[1].split(',');
    expect(await queueStanding(db, code, number)).toMatchObject({
      position: 2,
      status: 'queued',
      amountRials: 250_000_000n,
    });
    expect(await queueStanding(db, lines[0].split(',')[0], number)).toBeNull();
  });

  it('has a switch for pausing deposits, paused as the guide says', async () => {
    expect(await depositsPaused(db)).toBe(true);
    await setDepositsPaused(db, false);
    expect(await depositsPaused(db)).toBe(false);
  });
});
