import { randomBytes, randomInt } from 'node:crypto';
import { createDb, type Db } from '../../db';
import { migrateAndSeed } from '../../db/migrate';

/** A fresh, migrated and seeded database of its own for one test file, on the run's server. */
export async function createTestDb(): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: run tests through jest.config.js');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = createDb(adminUrl, { max: 1 });
  await admin.raw(`create database ${name}`);
  const url = adminUrl.replace(/\/[^/]+$/, `/${name}`);
  const db = createDb(url);
  await migrateAndSeed(db);
  // Rounds' workflow IDs come from their numbers: each test database numbers its rounds apart from
  // the others', as production has one database per Temporal namespace.
  await db.raw(`select setval(pg_get_serial_sequence('hajj_rounds', 'id'), ?)`, [
    randomInt(1_000_000, 1_000_000_000),
  ]);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
