import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import pino, { type Logger } from 'pino';
import { registryFor, type CivilRegistry } from '../activities/integrations/registry';
import { type Config, loadConfig, loudWarnings } from '../config';
import { createDb, type Db } from '../db';
import { createApp } from './app';

export interface RunningWeb {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Sessions in PostgreSQL, so every web replica reads the same ones. The store's own errors (its
 * pool losing a connection when the database restarts) go to the JSON log as one short line:
 * connect-pg-simple would print the whole pg client object on the console.
 */
export function pgSessionStore(config: { databaseUrl: string }, log: Logger) {
  return new (connectPgSimple(session))({
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

if (require.main === module) {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  const db = createDb(config.databaseUrl);
  startWeb(config, db)
    .then((web) => {
      console.log(`web listening on ${web.url} (bound to ${config.host})`);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void web.close().then(() => db.destroy()));
      }
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
