import { createTestDb } from '../../test/support/db';
import { DEFAULT_SETTINGS } from '../seeds/settings';
import { up } from './019_home_notice';

let testDb: Awaited<ReturnType<typeof createTestDb>>;

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(() => testDb?.drop());

const notice = async () => (await testDb.db('settings').where({ key: 'notice' }).first()).value as string;

describe('migration 019: the home notice no longer says the links are on the right', () => {
  it('rewords the notice a database still holds as seeded', async () => {
    const seededBefore = DEFAULT_SETTINGS.notice.replace(
      'با مراجعه به پیوند «ارسال درخواست» در فهرست خدمات همین صفحه',
      'با مراجعه به لینک های ارسال شکایت (سمت راست)',
    );
    await testDb.db('settings').where({ key: 'notice' }).update({ value: seededBefore });
    await up(testDb.db);
    expect(await notice()).toBe(DEFAULT_SETTINGS.notice);
    expect(await notice()).not.toContain('سمت راست');
  });

  it('leaves a notice an admin has written alone', async () => {
    const edited = 'متن ویرایش‌شده مدیر؛ پیوندها سمت راست.';
    await testDb.db('settings').where({ key: 'notice' }).update({ value: edited });
    await up(testDb.db);
    expect(await notice()).toBe(edited);
  });
});
