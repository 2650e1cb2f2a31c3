import { randomBytes, randomInt } from 'node:crypto';
import { createDb, type Db } from '../../db';
import { migrateAndSeed } from '../../db/migrate';

/** Tables whose row numbers are in workflow IDs (domain/hajj/journey.ts, domain/hajj/batches.ts). */
const WORKFLOW_NUMBERED_TABLES = [
  'hajj_rounds',
  'hajj_deposit_imports',
  'hajj_batches',
  'hajj_payment_imports',
];

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
  // Rounds', deposit imports', caravan batches' and payment files' workflow IDs come from their
  // numbers, and every test file of a run shares one Temporal server: each test database numbers
  // them apart from the others', as production has one database per Temporal namespace. (A number
  // another file used names a workflow that ran there; starting "it" again finds it, and nothing
  // runs here.)
  for (const table of WORKFLOW_NUMBERED_TABLES)
    await db.raw(`select setval(pg_get_serial_sequence(?, 'id'), ?)`, [
      table,
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
