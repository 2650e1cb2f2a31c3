import { randomUUID } from 'node:crypto';
import { createDb } from '../..';
import { createTestDb } from '../../../test/support/db';
import { addCaravan, addDeposits } from '../../../test/support/hajj';
import type { Db } from '../..';
import { finalizeBooking, holdSeat, listCaravans, releaseSeat, type HoldRequest } from './bookings';

let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
});
afterAll(() => testDb?.drop());

const hold = (depositNumber: string, caravanId: number, more: Partial<HoldRequest> = {}) =>
  holdSeat(db, {
    requestKey: randomUUID(),
    depositNumber,
    caravanId,
    channel: 'online',
    bookedBy: null,
    province: 'tehran',
    heldUntil: new Date(Date.now() + 86_400_000).toISOString(),
    ...more,
  });

const seats = async (id: number) =>
  (await db('hajj_caravans').where({ id }).first('seats_taken')).seats_taken as number;

describe('caravan booking', () => {
  it('never exceeds capacity under 2,000 simultaneous bookings through a pool', async () => {
    const capacities = [100, 150, 250, 300, 400];
    const caravans = await Promise.all(capacities.map((capacity) => addCaravan(db, { capacity })));
    const pilgrims = await addDeposits(db, 2000);
    const pool = createDb(testDb.url, { max: 40 });
    try {
      const results = await Promise.all(
        pilgrims.map((depositNumber, i) =>
          holdSeat(pool, {
            requestKey: randomUUID(),
            depositNumber,
            caravanId: caravans[i % caravans.length],
            channel: 'online',
            bookedBy: null,
            province: 'tehran',
            heldUntil: new Date(Date.now() + 86_400_000).toISOString(),
          }),
        ),
      );
      const won = results.filter((r) => r.ok).length;
      const total = capacities.reduce((a, b) => a + b, 0);
      expect(won).toBe(total);
      expect(results.filter((r) => !r.ok && r.reason === 'caravanFull')).toHaveLength(2000 - total);
      for (const [i, id] of caravans.entries()) {
        expect(await seats(id)).toBe(capacities[i]);
        const active = await db('hajj_bookings').where({ caravan_id: id, status: 'held' }).count({ n: '*' });
        expect(Number(active[0].n)).toBe(capacities[i]);
      }
    } finally {
      await pool.destroy();
    }
  });

  it('holds one seat per pilgrim; a retried request returns the first answer', async () => {
    const caravan = await addCaravan(db, { capacity: 3 });
    const [pilgrim] = await addDeposits(db, 1);
    const key = randomUUID();
    const first = await hold(pilgrim, caravan, { requestKey: key });
    expect(first.ok).toBe(true);
    expect(await hold(pilgrim, caravan, { requestKey: key })).toEqual(first);
    expect(await hold(pilgrim, caravan)).toEqual({ ok: false, reason: 'alreadyBooked' });
    expect(await seats(caravan)).toBe(1);
  });

  it('frees the seat of an ended booking once, and refuses caravans of other provinces or agents', async () => {
    const caravan = await addCaravan(db, { capacity: 1 });
    const [a, b] = await addDeposits(db, 2);
    const held = await hold(a, caravan);
    expect(await hold(b, caravan)).toEqual({ ok: false, reason: 'caravanFull' });
    if (!held.ok) throw new Error('not held');
    await finalizeBooking(db, held.bookingId);
    expect(await releaseSeat(db, held.bookingId, 'cancelled')).toBe(true);
    expect(await releaseSeat(db, held.bookingId, 'cancelled')).toBe(false);
    expect(await seats(caravan)).toBe(0);
    expect(await hold(b, caravan, { province: 'isfahan' })).toEqual({ ok: false, reason: 'otherProvince' });
    expect(await hold(b, caravan, { channel: 'office', bookedBy: 1 })).toEqual({
      ok: false,
      reason: 'notYourCaravan',
    });
    expect((await hold(b, caravan)).ok).toBe(true);
    expect(await hold(b, 999_999)).toEqual({ ok: false, reason: 'caravanUnknown' });
  });

  it('lists a province’s caravans with the seats left', async () => {
    const id = await addCaravan(db, { province: 'yazd', capacity: 2 });
    const [a] = await addDeposits(db, 1);
    await hold(a, id, { province: 'yazd' });
    const listed = await listCaravans(db, { province: 'yazd' });
    expect(listed).toEqual([
      expect.objectContaining({ id, seatsLeft: 1, capacity: 2, priceRials: '1500000000' }),
    ]);
  });
});
