import { loadConfig } from '../config';
import { createDb, type Db } from './index';
import { migrationSource } from './migrations';
import { seedHolidays } from './seeds/holidays';
import { seedReference } from './seeds/reference';
import { seedSettings } from './seeds/settings';

/** Brings the schema up to date and loads the reference data; safe to run at every start. */
export async function migrateAndSeed(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
  await seedReference(db);
  await seedSettings(db);
  await seedHolidays(db);
}

if (require.main === module) {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  const db = createDb(config.databaseUrl);
  migrateAndSeed(db)
    .then(() => console.log('database is up to date'))
    .finally(() => db.destroy())
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
