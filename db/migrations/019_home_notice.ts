import type { Knex } from 'knex';
import { DEFAULT_SETTINGS } from '../seeds/settings';

/**
 * The home notice's seeded text said the links are «سمت راست», which is false on a phone (they are
 * on top). A database that still holds that seeded text gets the new wording; a notice an admin has
 * edited is left as it is.
 */
const OLD_WORDING = 'با مراجعه به لینک های ارسال شکایت (سمت راست) پیغام خود را';
const NEW_WORDING = 'با مراجعه به پیوند «ارسال درخواست» در فهرست خدمات همین صفحه پیغام خود را';

export async function up(knex: Knex): Promise<void> {
  const seeded = DEFAULT_SETTINGS.notice.replace(NEW_WORDING, OLD_WORDING);
  await knex('settings').where({ key: 'notice', value: seeded }).update({ value: DEFAULT_SETTINGS.notice });
}

export async function down(): Promise<void> {
  // The old wording was wrong on phones; nothing to put back.
}
