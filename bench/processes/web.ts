import { loadConfig } from '../../config';
import { READY } from '../stack';
import { createDb } from '../../db';
import { startWeb } from '../../web/server';

/** The web as `npm run web` runs it, on loopback, for the bench to load over HTTP. */
async function main() {
  const config = loadConfig();
  const db = createDb(config.databaseUrl!, { max: Number(process.env.BENCH_WEB_POOL) || undefined });
  const web = await startWeb(config, db, { host: '127.0.0.1' });
  process.once('SIGTERM', () => {
    void web
      .close()
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
  console.log(READY + JSON.stringify({ url: web.url }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
