import type { Express } from 'express';
import { loadConfig } from '../../config';
import { answerCounters, READY } from '../stack';
import { createDb } from '../../db';
import { startWeb } from '../../web/server';

/**
 * The web as `npm run web` runs it, on loopback, for the bench to load over HTTP. Development mode
 * (production refuses CAPTCHA=off and sends cookies over HTTPS only), but with Express's view cache
 * on as production has it: otherwise every page re-reads and recompiles its templates
 * (BENCH_VIEW_CACHE=off measures that).
 */
async function main() {
  const config = loadConfig();
  const db = createDb(config.databaseUrl!, { max: Number(process.env.BENCH_WEB_POOL) || undefined });
  answerCounters(db);
  const web = await startWeb(config, db, { host: '127.0.0.1' });
  const app = web.server.listeners('request')[0] as Express;
  if (process.env.BENCH_VIEW_CACHE !== 'off') app.enable('view cache');
  process.once('SIGTERM', () => {
    void web
      .close()
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
  console.log(READY + JSON.stringify({ url: web.url, viewCache: app.enabled('view cache') }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
