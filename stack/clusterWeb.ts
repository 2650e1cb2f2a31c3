import { loadConfig } from '../config';
import { createDb } from '../db';
import { startWeb } from '../web/server';

/** One web process of the cluster: `npm run web` as production runs it, on loopback behind the proxy. */
const config = loadConfig();
const db = createDb(config.databaseUrl!);
startWeb(config, db, { host: '127.0.0.1' })
  .then((web) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => void web.close().then(() => db.destroy()));
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
