import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import pino from 'pino';
import { createActivities, type ActivityDeps } from '../activities';
import { createJourneyActivities } from '../activities/journey';
import { HttpSmsChannel, outboxOnly, SmtpChannel } from '../activities/notifications';
import { type CivilRegistry, registryFor } from '../activities/registry';
import { type Config, loadConfig, loudWarnings } from '../config';
import { createDb, type Db } from '../db';
import { startOutboxRelay } from './relay';

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** The activities of both case types: the request desk's and the Hajj journey's, on one task queue. */
export function allActivities(deps: ActivityDeps, temporal?: Client) {
  return { ...createActivities(deps), ...createJourneyActivities(deps, temporal) };
}

/** Runs the case workflows and their activities on the task queue, and the outbox relay beside them. */
export async function startWorker(
  config: Config,
  db: Db,
  options: {
    registry?: CivilRegistry;
    workflowBundle?: WorkerOptions['workflowBundle'];
    relayIntervalMs?: number;
    relayGraceMs?: number;
  } = {},
): Promise<RunningWorker> {
  const log = pino({ name: 'worker', level: config.logLevel });
  for (const warning of loudWarnings(config)) log.warn(warning);
  const address = config.temporal.address ?? '127.0.0.1:7233';
  const nativeConnection = await NativeConnection.connect({ address });
  // The relay and the rounds' activities start workflows through the client.
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: allActivities(
      {
        db,
        registry: options.registry ?? registryFor(config.registry),
        sms: config.smsUrl ? new HttpSmsChannel(config.smsUrl) : outboxOnly,
        email: config.smtpUrl ? new SmtpChannel(config.smtpUrl) : outboxOnly,
        publicUrl: config.publicUrl,
      },
      client,
    ),
  });
  const relay = startOutboxRelay(db, client, config.temporal.taskQueue, {
    intervalMs: options.relayIntervalMs,
    graceMs: options.relayGraceMs,
    onError: (err) => log.warn({ err }, 'outbox relay pass failed'),
  });
  const done = worker.run().finally(async () => {
    await relay.stop();
    await connection.close();
    await nativeConnection.close();
  });
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  const db = createDb(config.databaseUrl);
  startWorker(config, db)
    .then(async (running) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        process.once(signal, () => running.worker.shutdown());
      await running.done;
      await db.destroy();
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
