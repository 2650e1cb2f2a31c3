import { addBusinessDays, isBusinessDay, tehranDateKey } from '../../../domain/shared/businessCalendar';
import { jalaliToGregorian } from '../../../domain/shared/jalali';
import { createTestDb } from '../../../test/support/db';
import { seedHolidays } from '../../seeds/holidays';
import { addHoliday, listHolidays, loadCalendarSettings, moveHoliday, removeHoliday } from './calendar';

let testDb: Awaited<ReturnType<typeof createTestDb>>;

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(() => testDb?.drop());

const iso = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('the holiday calendar in PostgreSQL', () => {
  it('seeds the current and next Jalali years once, with Nowruz', async () => {
    const { db } = testDb;
    const seeded = await db('holiday_seed_years').orderBy('jalali_year').pluck('jalali_year');
    expect(seeded).toHaveLength(2);
    for (const year of seeded) {
      const nowruz = iso(jalaliToGregorian({ year, month: 1, day: 1 }));
      expect((await listHolidays(db, nowruz, nowruz)).map((h) => h.date)).toEqual([nowruz]);
    }
    const before = await db('holidays').count({ n: '*' }).first();
    await seedHolidays(db);
    expect(await db('holidays').count({ n: '*' }).first()).toEqual(before);
  });

  it('does not bring back a seeded day that an admin removed', async () => {
    const { db } = testDb;
    const [year] = await db('holiday_seed_years').orderBy('jalali_year').pluck('jalali_year');
    const day = iso(jalaliToGregorian({ year, month: 11, day: 22 }));
    await removeHoliday(db, day);
    await seedHolidays(db);
    expect(await listHolidays(db, day, day)).toEqual([]);
  });

  it('applies an added, moved and removed day to deadlines, and the working week from settings', async () => {
    const { db } = testDb;
    const monday = new Date('2031-06-02T03:00:00Z'); // 06:30 in Tehran, before work on a Monday
    const before = addBusinessDays(monday, 1, await loadCalendarSettings(db, monday));
    await addHoliday(db, { date: tehranDateKey(monday), title: 'تعطیل آزمایشی', staffId: null });
    let settings = await loadCalendarSettings(db, monday);
    expect(isBusinessDay(monday, settings)).toBe(false);
    expect(addBusinessDays(monday, 1, settings).getTime()).toBeGreaterThan(before.getTime());

    await moveHoliday(db, '2031-06-02', '2031-06-03', null);
    settings = await loadCalendarSettings(db, monday);
    expect(isBusinessDay(monday, settings)).toBe(true);
    expect(settings.holidays.has('2031-06-03')).toBe(true);
    await removeHoliday(db, '2031-06-03');
    expect((await loadCalendarSettings(db, monday)).holidays.has('2031-06-03')).toBe(false);

    await db('settings').where({ key: 'workingDays' }).update({ value: '6,0,1,2,3,4' });
    settings = await loadCalendarSettings(db, monday);
    expect(settings.workingDays).toContain(4);
    await db('settings').where({ key: 'workingDays' }).update({ value: '6,0,1,2,3' });
  });

  it('refuses malformed input', async () => {
    const { db } = testDb;
    await expect(addHoliday(db, { date: '1404/01/01', title: 'x', staffId: null })).rejects.toThrow(
      /not a date/,
    );
    await expect(addHoliday(db, { date: '2031-07-01', title: ' ', staffId: null })).rejects.toThrow(/title/);
    await expect(moveHoliday(db, '2031-07-09', '2031-07-10', null)).rejects.toThrow(/no holiday/);
  });
});
