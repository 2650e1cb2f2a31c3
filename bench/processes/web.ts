import cluster from 'node:cluster';
import type { Express } from 'express';
import { loadConfig } from '../../config';
import { answerCounters, COUNTERS, READY } from '../stack';
import { createDb } from '../../db';
import { forkWebProcesses, startWeb, webListening, webProcessCount } from '../../web/server';

/**
 * The web as `npm run web` runs it, on loopback, for the bench to load over HTTP. Development mode
 * (production refuses CAPTCHA=off and sends cookies over HTTPS only), but with Express's view cache
 * on as production has it: otherwise every page re-reads and recompiles its templates
 * (BENCH_VIEW_CACHE=off measures that). WEB_PROCESSES=2 (`--web-processes 2`) forks two, as
 * web/server.ts does: this process hands them the connections and sums their counters.
 */
async function main() {
  if (cluster.isPrimary && webProcessCount() > 1) return primary(webProcessCount());
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
  if (cluster.isWorker) webListening(web.url);
  else console.log(READY + JSON.stringify({ url: web.url, viewCache: app.enabled('view cache') }));
}

async function primary(count: number) {
  const url = await forkWebProcesses(count, (line) => console.error(line));
  // The parent's counters: the sum of every web process's.
  process.on('message', (m) => {
    if (m !== COUNTERS) return;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
    void Promise.all(
      workers.map(
        (w) =>
          new Promise<Record<string, number>>((resolve) => {
            const timer = setTimeout(() => resolve({}), 4000);
            const onMessage = (reply: unknown) => {
              if (typeof reply !== 'object' || reply === null || !('queries' in reply)) return;
              clearTimeout(timer);
              w!.off('message', onMessage);
              resolve(reply as Record<string, number>);
            };
            w!.on('message', onMessage);
            w!.send(COUNTERS);
          }),
      ),
    ).then((replies) => {
      const sum: Record<string, number> = {};
      for (const r of replies) for (const [k, v] of Object.entries(r)) sum[k] = (sum[k] ?? 0) + v;
      process.send?.(sum);
    });
  });
  process.channel?.unref();
  console.log(
    READY + JSON.stringify({ url, viewCache: process.env.BENCH_VIEW_CACHE !== 'off', processes: count }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
