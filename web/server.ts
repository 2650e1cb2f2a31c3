import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import connectPgSimple from 'connect-pg-simple';
import session, { type SessionData } from 'express-session';
import pino, { type Logger } from 'pino';
import { registryFor, type CivilRegistry } from '../activities/integrations/registry';
import { type Config, loadConfig, loudWarnings } from '../config';
import { createDb, type Db } from '../db';
import { createApp } from './app';
import { SESSION_TOUCH_EVERY_MS } from './middleware/sessionTimer';

export interface RunningWeb {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const PGStore = connectPgSimple(session);

/**
 * connect-pg-simple's store, moving a session's expiry at most once per SESSION_TOUCH_EVERY_MS.
 * The session rolls (every request renews its idle timeout), and the store would otherwise run an
 * UPDATE for every request of every visitor with a session, the response held until it is done.
 * The row's expiry now trails the last request by at most that interval, so a session left idle
 * ends between IDLE_TIMEOUT_MS − SESSION_TOUCH_EVERY_MS and IDLE_TIMEOUT_MS after it (the page's
 * notice counts from the earlier end). This process remembers when it last wrote each session; a
 * replica that has not written it yet writes it.
 */
export class PgSessionStore extends PGStore {
  private readonly written = new Map<string, number>();

  private wrote(sid: string): void {
    // Insertion order is write order: the oldest go first once the map is large.
    this.written.delete(sid);
    this.written.set(sid, Date.now());
    if (this.written.size > 100_000) {
      const old = Date.now() - SESSION_TOUCH_EVERY_MS;
      for (const [key, at] of this.written) {
        if (at >= old) break;
        this.written.delete(key);
      }
    }
  }

  override set(sid: string, sess: SessionData, callback?: (err?: unknown) => void): void {
    super.set(sid, sess, (err?: unknown) => {
      if (!err) this.wrote(sid);
      callback?.(err);
    });
  }

  override touch(sid: string, sess: SessionData, callback?: () => void): void {
    const at = this.written.get(sid);
    if (at !== undefined && Date.now() - at < SESSION_TOUCH_EVERY_MS) return callback?.();
    super.touch(sid, sess, (err?: unknown) => {
      if (!err) this.wrote(sid);
      (callback as ((err?: unknown) => void) | undefined)?.(err);
    });
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.written.delete(sid);
    super.destroy(sid, callback);
  }
}

/**
 * Sessions in PostgreSQL, so every web replica reads the same ones. The store's own errors (its
 * pool losing a connection when the database restarts) go to the JSON log as one short line:
 * connect-pg-simple would print the whole pg client object on the console.
 */
export function pgSessionStore(config: { databaseUrl: string }, log: Logger) {
  return new PgSessionStore({
    conObject: { connectionString: config.databaseUrl, max: 5, application_name: 'session-store' },
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    errorLog: (context: unknown, err?: { message?: unknown; code?: unknown }) =>
      log.error(
        { reason: String(err?.message ?? err), code: err?.code },
        `session store: ${String(context).replace(/:$/, '')}`,
      ),
  });
}

/**
 * Serves the site. The engine connection is lazy: pages that read only PostgreSQL (tracking, the
 * inbox) keep working while the engine is away, and submissions wait in the outbox for the relay.
 */
export async function startWeb(
  config: Config,
  db: Db,
  options: { embedded?: boolean; registry?: CivilRegistry; host?: string; log?: Logger } = {},
): Promise<RunningWeb> {
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  const log = options.log ?? pino({ name: 'web', level: config.logLevel });
  for (const warning of loudWarnings(config)) log.warn(warning);
  const connection = Connection.lazy({ address: config.temporal.address ?? '127.0.0.1:7233' });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const sessionStore = pgSessionStore({ databaseUrl: config.databaseUrl }, log);
  const app = createApp({
    config,
    db,
    sessionStore,
    temporal,
    registry: options.registry ?? registryFor(config.registry),
    log,
    embedded: options.embedded ?? false,
  });
  const host = options.host ?? config.host;
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
      await sessionStore.close();
    },
  };
}

/**
 * How many web processes share the port: WEB_PROCESSES (default 1). More than one forks them with
 * node:cluster, the first process handing each connection to one of them in turn; sessions, rate
 * limits and login throttles are in PostgreSQL, so any of them serves any request.
 */
export function webProcessCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WEB_PROCESSES ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`WEB_PROCESSES: a whole number 1–64, not ${env.WEB_PROCESSES}`);
  return n;
}

/** What a forked web process tells the first one once it listens. */
interface WebReady {
  webReady: string;
}

/**
 * In the first process: forks `count` web processes (this same script) and waits until each
 * listens; one that dies while the rest run is forked again. SIGTERM/SIGINT go on to them and the
 * first process exits after them. In a forked process: nothing (it starts its web and calls
 * `webListening`).
 */
export function forkWebProcesses(count: number, log: (line: string) => void): Promise<string> {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      for (const w of workers) w?.process.kill('SIGTERM');
    });
  }
  return new Promise((resolve) => {
    const ready = new Set<number>();
    cluster.on('message', (worker, m: Partial<WebReady>) => {
      if (typeof m?.webReady !== 'string') return;
      ready.add(worker.id);
      if (ready.size === count) resolve(m.webReady);
    });
  });
}

/** In a forked web process: tells the first one it listens at `url`. */
export function webListening(url: string): void {
  if (cluster.isWorker) process.send?.({ webReady: url } satisfies WebReady);
}

if (require.main === module && cluster.isPrimary && webProcessCount() > 1) {
  void forkWebProcesses(webProcessCount(), (line) => console.error(line)).then((url) =>
    console.log(`web listening on ${url} (${webProcessCount()} processes)`),
  );
} else if (require.main === module) {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  const db = createDb(config.databaseUrl);
  startWeb(config, db)
    .then((web) => {
      if (cluster.isWorker) webListening(web.url);
      else console.log(`web listening on ${web.url} (bound to ${config.host})`);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          const closed = web.close().then(() => db.destroy());
          // A forked process's channel to the first one would keep it alive.
          if (cluster.isWorker) void closed.finally(() => process.exit(0));
        });
      }
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
