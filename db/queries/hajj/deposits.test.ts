import {
  type CivilRegistry,
  registryCheck,
  SimulatedRegistry,
} from '../../../activities/integrations/registry';
import { HAJJ_IMPORT_PROBLEMS } from '../../../domain/hajj/copy';
import { nationalCodeFromSeed } from '../../../domain/shared/nationalCode';
import { createTestDb } from '../../../test/support/db';
import { TEST_HASH_KEY } from '../../../test/support/generators';
import { depositLines } from '../../../test/support/hajj';
import type { Db } from '../..';
import { describeRejections } from '../../../web/presenters/hajj';
import { depositsPaused, importDeposits, queueStanding, setDepositsPaused } from './deposits';
import { openRound } from './rounds';

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
  confirm: registryCheck(registry),
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
    expect(describeRejections(report.rejections).find((r) => r.line === 4)!.reason).toBe(
      HAJJ_IMPORT_PROBLEMS.amount,
    );
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

describe('queue position from the day counts', () => {
  const DAY = 86_400_000;
  const FIRST_DAY = Date.UTC(2009, 5, 1);

  /** A small seeded generator, so a failure can be run again alike. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };

  /** Deposits over `days` UTC days from `first`; many at midnight, noon or just before midnight (ties). */
  const spreadLines = (n: number, first: number, days: number, seed: number) => {
    const next = random(seed);
    return depositLines(n).map((line) => {
      const cells = line.split(',');
      const r = next();
      const time = r < 0.15 ? 0 : r < 0.3 ? DAY - 1 : r < 0.45 ? DAY / 2 : Math.floor(next() * DAY);
      cells[3] = new Date(first + Math.floor(next() * days) * DAY + time).toISOString();
      return cells.join(',');
    });
  };

  const importLines = async (lines: string[]) => {
    const report = await importDeposits(db, lines, options());
    expect(report).toMatchObject({ insertedRows: lines.length, rejectedRows: 0 });
  };

  /** Every deposit's standing, against the queue sorted here from the rows themselves. */
  const expectPositionsMatch = async () => {
    const rows: { deposit_number: string; national_code: string; status: string; at: string }[] = await db(
      'hajj_deposits',
    ).select(
      'deposit_number',
      'national_code',
      'status',
      // Microseconds, fixed width: sorts as text like the timestamps themselves.
      db.raw(`to_char(deposited_at at time zone 'UTC', 'YYYYMMDDHH24MISSUS') as at`),
    );
    const queue = rows
      .filter((r) => r.status === 'queued')
      .sort((a, b) =>
        a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.deposit_number < b.deposit_number ? -1 : 1,
      );
    const expected = new Map(queue.map((r, i) => [r.deposit_number, i + 1]));
    const actual: [string, number | null][] = [];
    for (let i = 0; i < rows.length; i += 20) {
      const standings = await Promise.all(
        rows.slice(i, i + 20).map((r) => queueStanding(db, r.national_code, r.deposit_number)),
      );
      actual.push(...standings.map((s): [string, number | null] => [s!.depositNumber, s!.position]));
    }
    expect(actual).toEqual(rows.map((r) => [r.deposit_number, expected.get(r.deposit_number) ?? null]));
    return queue.length;
  };

  const expectDaysMatchRecount = async () => {
    const kept = await db('hajj_queue_days')
      .where('queued', '>', 0)
      .orderBy('day')
      .select(db.raw('day::text as day'), 'queued');
    const recount = await db('hajj_deposits')
      .where({ status: 'queued' })
      .groupByRaw('1')
      .orderByRaw('1')
      .select(
        db.raw(`(deposited_at at time zone 'UTC')::date::text as day`),
        db.raw('count(*)::int as queued'),
      );
    expect(kept).toEqual(recount);
  };

  it('equals the count of queued deposits ahead through imports, rounds, cancellations, moves and deletes', async () => {
    const first = spreadLines(300, FIRST_DAY, 6, 1);
    await importLines(first);
    expect(await expectPositionsMatch()).toBeGreaterThan(300);
    await expectDaysMatchRecount();

    // A round calls the head of the queue; one statement cancels deposits of every day, another
    // calls a few; others move deposits to other days (to the microsecond), queued or not.
    const numbers = first.map((l) => l.split(',')[1]);
    expect((await openRound(db, { idempotencyKey: 'queue-days', size: 25, staffId: null })).called).toBe(25);
    const cancelled = numbers.filter((_, i) => i % 7 === 3);
    await db('hajj_deposits').whereIn('deposit_number', cancelled).update({ status: 'cancelled' });
    await db('hajj_deposits')
      .whereIn('deposit_number', [numbers[10], numbers[100], numbers[200]])
      .update({ status: 'called' });
    await db('hajj_deposits')
      .whereIn(
        'deposit_number',
        numbers.filter((_, i) => i % 11 === 5),
      )
      .update({ deposited_at: db.raw(`deposited_at + interval '1 day 0.000123 second'`) });
    await db('hajj_deposits')
      .whereIn(
        'deposit_number',
        numbers.filter((_, i) => i % 13 === 4),
      )
      .update({ deposited_at: db.raw(`deposited_at - interval '2 days'`) });
    // Back in the queue, on another day, in one statement with others leaving it.
    await db.raw(
      `update hajj_deposits set
         status = case when status = 'cancelled' then 'queued' else 'cancelled' end,
         deposited_at = deposited_at + interval '3 days'
       where deposit_number = any(?)`,
      [numbers.filter((_, i) => i % 17 === 3 || i % 17 === 9)],
    );
    // Nothing the queue depends on.
    await db('hajj_deposits').whereIn('deposit_number', numbers).update({ mobile: null });
    await expectPositionsMatch();
    await expectDaysMatchRecount();

    // A second file: deposits on the same days, interleaving, and on a day before them all.
    await importLines([...spreadLines(200, FIRST_DAY, 6, 2), ...spreadLines(20, FIRST_DAY - DAY, 1, 3)]);
    await expectPositionsMatch();
    await expectDaysMatchRecount();

    // Deleting deposits of several days, queued and not (none called in the round: members refer to them).
    const members = new Set(await db('hajj_round_members').pluck('deposit_number'));
    const gone = numbers.filter((n, i) => i % 5 === 2 && !members.has(n));
    await db('hajj_deposits').whereIn('deposit_number', gone).delete();
    await expectPositionsMatch();
    await expectDaysMatchRecount();
  });

  it('refuses to lose queued deposits of a day the counts have no row for', async () => {
    const [line] = spreadLines(1, FIRST_DAY + 40 * DAY, 1, 4);
    await importLines([line]);
    const number = line.split(',')[1];
    const trx = await db.transaction();
    try {
      await trx('hajj_queue_days')
        .where({ day: new Date(FIRST_DAY + 40 * DAY).toISOString().slice(0, 10) })
        .delete();
      await expect(
        trx('hajj_deposits').where({ deposit_number: number }).update({ status: 'called' }),
      ).rejects.toThrow(/have no row/);
    } finally {
      await trx.rollback();
    }
    await expectDaysMatchRecount();
  });
});
