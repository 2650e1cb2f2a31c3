import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import type { Db } from '../db';
import { seedDemoStaff } from '../db/seeds/demoStaff';
import { seedHajjDemo } from '../db/seeds/hajjDemo';

/** Which servers `npm start` started itself, rather than was pointed at. */
export interface StartedServers {
  postgres: boolean;
  temporal: boolean;
}

/**
 * Demo accounts, the demo Hajj queue and the /dev pages belong to a desk that is only being tried:
 * the stack's own embedded servers, or DEMO_DATA=on. Never in production, and never by default on
 * servers someone else runs, where the accounts' printed password and the outbox's page would open
 * real people's data.
 */
export function demoDataWanted(config: Pick<Config, 'env' | 'demoData'>, started: StartedServers): boolean {
  if (config.env === 'production') return false;
  return config.demoData ?? (started.postgres && started.temporal);
}

/** Seeds the demo when wanted; the demo accounts' password, or null when there is no demo. */
export async function seedDemoIfWanted(
  db: Db,
  config: Pick<Config, 'env' | 'demoData' | 'demoPassword' | 'nationalCodeHashKey'>,
  started: StartedServers,
): Promise<string | null> {
  if (!demoDataWanted(config, started)) return null;
  const password = config.demoPassword ?? randomBytes(9).toString('base64url');
  await seedDemoStaff(db, password);
  await seedHajjDemo(db, password, config.nationalCodeHashKey);
  return password;
}
