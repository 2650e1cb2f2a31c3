import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { migrateAndSeed } from '../db/migrate';
import { DEMO_ACCOUNTS, seedDemoStaff } from '../db/seeds/demoStaff';
import { HAJJ_DEMO_AGENT, seedHajjDemo } from '../db/seeds/hajjDemo';
import { startWeb } from '../web/server';
import { startWorker } from '../worker/main';
import { startPostgres } from './postgres';
import { startTemporal } from './temporal';

/**
 * `npm start`: the whole system on one machine. PostgreSQL and Temporal are embedded unless
 * DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; data stays under DATA_DIR between starts.
 */
async function main() {
  const started = Date.now();
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

  try {
    if (!config.databaseUrl) {
      const port = Number(process.env.EMBEDDED_PG_PORT ?? 54320);
      const pg = await startPostgres(path.join(config.dataDir, 'postgres'), port);
      stops.push(pg.stop);
      config.databaseUrl = pg.url;
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
    }

    const db = createDb(config.databaseUrl);
    stops.push(() => db.destroy());
    await migrateAndSeed(db);
    const demoPassword = config.demoPassword ?? randomBytes(9).toString('base64url');
    await seedDemoStaff(db, demoPassword);
    await seedHajjDemo(db, demoPassword, config.nationalCodeHashKey);

    const worker = await startWorker(config, db);
    stops.push(() => worker.shutdown());
    const web = await startWeb(config, db, { embedded: true });
    stops.push(() => web.close());

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`
میز خدمت is up (${seconds} s)
  site            ${web.url}
  submit          ${web.url}/requests/new
  track           ${web.url}/track
  Hajj journey    ${web.url}/hajj (staff: ${web.url}/staff/hajj)
  staff login     ${web.url}/staff/login
                  ${[...DEMO_ACCOUNTS.map((a) => a.username), HAJJ_DEMO_AGENT].join(', ')}
                  password: ${demoPassword}${config.demoPassword ? ' (DEMO_PASSWORD)' : ''}
  dev outbox      ${web.url}/dev/outbox
  dev registry    ${web.url}/dev/registry/<national code>
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
