import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { migrateAndSeed } from '../db/migrate';
import { DEMO_ACCOUNTS } from '../db/seeds/demoStaff';
import { HAJJ_DEMO_AGENT } from '../db/seeds/hajjDemo';
import { startWeb } from '../web/server';
import { startWorker } from '../worker/main';
import { seedDemoIfWanted } from './demo';
import { startPostgres } from './postgres';
import { startTemporal } from './temporal';

/**
 * `npm start`: the whole system on one machine. PostgreSQL and Temporal are embedded unless
 * DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; data stays under DATA_DIR between starts. The
 * demo accounts, the demo Hajj queue and the /dev pages come only with both embedded (stack/demo.ts).
 */
async function main() {
  const startedAt = Date.now();
  const config = loadConfig();
  // The summary below is what a newcomer needs; request logs and SDK chatter only when asked for.
  if (!process.env.LOG_LEVEL) config.logLevel = 'warn';
  // This process stops the worker itself, in order, on Ctrl-C.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('\nstopping…');
      void stopAll().then(() => process.exit(0));
    });
  }

  const started = { postgres: false, temporal: false };
  try {
    if (!config.databaseUrl) {
      const port = Number(process.env.EMBEDDED_PG_PORT ?? 54320);
      const pg = await startPostgres(path.join(config.dataDir, 'postgres'), port);
      stops.push(pg.stop);
      config.databaseUrl = pg.url;
      started.postgres = true;
    }
    if (!config.temporal.address) {
      const temporal = await startTemporal({
        dataDir: path.join(config.dataDir, 'temporal'),
        port: Number(process.env.EMBEDDED_TEMPORAL_PORT ?? 7233),
        uiPort: Number(process.env.EMBEDDED_TEMPORAL_UI_PORT ?? 8233),
        namespace: config.temporal.namespace,
      });
      stops.push(temporal.stop);
      config.temporal.address = temporal.address;
      config.temporal.uiUrl = temporal.uiUrl;
      started.temporal = true;
    }

    const db = createDb(config.databaseUrl);
    stops.push(() => db.destroy());
    await migrateAndSeed(db);
    const demoPassword = await seedDemoIfWanted(db, config, started);

    const worker = await startWorker(config, db);
    stops.push(() => worker.shutdown());
    const web = await startWeb(config, db, { embedded: demoPassword !== null });
    stops.push(() => web.close());

    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const demo =
      demoPassword === null
        ? `
                  no demo accounts (not on the embedded servers; DEMO_DATA=on adds them):
                  npm run admin:create -- <username> "<full name>"`
        : `
                  ${[...DEMO_ACCOUNTS.map((a) => a.username), HAJJ_DEMO_AGENT].join(', ')}
                  password: ${demoPassword}${config.demoPassword ? ' (DEMO_PASSWORD)' : ''}
  dev outbox      ${web.url}/dev/outbox
  dev registry    ${web.url}/dev/registry/<national code>`;
    console.log(`
میز خدمت is up (${seconds} s)
  site            ${web.url}
  submit          ${web.url}/requests/new
  track           ${web.url}/track
  Hajj journey    ${web.url}/hajj (staff: ${web.url}/staff/hajj)
  staff login     ${web.url}/staff/login${demo}
  Temporal UI     ${config.temporal.uiUrl}
  PostgreSQL      ${config.databaseUrl.replace(/:[^:@/]+@/, ':***@')}
  data            ${config.dataDir}
Ctrl-C stops everything.`);
  } catch (err) {
    console.error(err);
    await stopAll();
    process.exit(1);
  }
}

void main();
