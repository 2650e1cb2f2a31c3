import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../../stack/postgres';
import { startTemporal } from '../../stack/temporal';
import { freePort } from './ports';

/**
 * One real PostgreSQL server and one Temporal dev server for the whole run; each test file makes
 * its own database and task queue on them, so files stay independent.
 */
export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-test-'));
  fs.chmodSync(dir, 0o755);
  const [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const [postgres, temporal] = await Promise.all([
    startPostgres(path.join(dir, 'postgres'), pgPort),
    startTemporal({ dataDir: path.join(dir, 'temporal'), port: temporalPort, uiPort, namespace: 'default' }),
  ]);
  process.env.TEST_DATABASE_URL = postgres.url;
  process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  (globalThis as Record<string, unknown>).__testStack = { dir, postgres, temporal };
}
