import type { Db } from '..';
import provincesFile from './provinces.json';
import subjectsFile from './subjects.json';

/**
 * Loads the 31 provinces and the subject taxonomy from the project's data files. Re-running it
 * adds what is new and keeps what admins changed (names, SLA days) as they are.
 */
export async function seedReference(db: Db): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('provinces')
      .insert(
        provincesFile.provinces.map((p, position) => ({
          slug: p.slug,
          name_fa: p.fa,
          name_en: p.en,
          capital_fa: p.capital_fa,
          area_code: p.area_code,
          position,
        })),
      )
      .onConflict('slug')
      .ignore();
    await trx('subjects')
      .insert(
        subjectsFile.subjects.map((s, position) => ({
          slug: s.slug,
          name_fa: s.fa,
          desk: s.desk,
          sla_business_days: s.sla_business_days,
          position,
        })),
      )
      .onConflict('slug')
      .ignore();
    await trx('sub_subjects')
      .insert(
        subjectsFile.subjects.flatMap((s) =>
          s.children.map((c, position) => ({ subject_slug: s.slug, slug: c.slug, name_fa: c.fa, position })),
        ),
      )
      .onConflict(['subject_slug', 'slug'])
      .ignore();
  });
}
