import type { Db } from '..';
import { tehranParts } from '../../domain/shared/jalali';
import { officialHolidays } from '../../domain/shared/officialHolidays';

/** Seeds the official holidays of the current and the next Jalali year, each year once. */
export async function seedHolidays(db: Db, now = new Date()): Promise<void> {
  const year = tehranParts(now).year;
  for (const jalaliYear of [year, year + 1]) {
    await db.transaction(async (trx) => {
      const fresh = await trx('holiday_seed_years')
        .insert({ jalali_year: jalaliYear })
        .onConflict()
        .ignore()
        .returning('jalali_year');
      if (fresh.length === 0) return;
      await trx('holidays')
        .insert(
          officialHolidays(jalaliYear).map((h) => ({ date: h.date, title: h.title, computed: h.computed })),
        )
        .onConflict('date')
        .ignore();
    });
  }
}
