import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { createActivities, type ActivityDeps } from '../activities/desk';
import { createJourneyActivities } from '../activities/hajj';
import { createBatchActivities } from '../activities/hajj/batches';
import { HttpSmsChannel, outboxOnly, SmtpChannel } from '../activities/integrations/notifications';
import { type CivilRegistry, registryFor } from '../activities/integrations/registry';
import { type Config, loadConfig, loudWarnings } from '../config';
import { createDb, type Db } from '../db';
import { startNotificationRelay, startOutboxRelay } from './relay';
import {
  errorWithCauses,
  missingSearchAttributes,
  missingSearchAttributesMessage,
} from '../workflows/shared/client';

/** Where `npm run build` puts the workflow bundle, beside the built worker (dist/workflow-bundle.js). */
export const BUILT_WORKFLOW_BUNDLE = path.join(__dirname, '..', 'workflow-bundle.js');

export interface RunningWorker {
  /** The request desk's worker; it serves journeys started on its queue before the Hajj had its own. */
  worker: Worker;
  /** The Hajj journey's worker, on its own task queue. */
  hajjWorker: Worker;
  /** Resolves when both workers have stopped. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** The activities of both case types: the request desk's and the Hajj journey's. */
export function allActivities(deps: ActivityDeps, temporal?: Client) {
  return {
    ...createActivities(deps),
    ...createJourneyActivities(deps, temporal),
    ...createBatchActivities(deps, temporal),
  };
}

/**
 * Runs one worker per area, each on its area's task queue, and the outbox and notification relays
 * beside them. Both have every workflow and activity: the desk's queue still holds journeys (and
 * rounds) started before the Hajj had its own queue, and serves them until they finish.
 */
export async function startWorker(
  config: Config,
  db: Db,
  options: {
    registry?: CivilRegistry;
    workflowBundle?: WorkerOptions['workflowBundle'];
    relayIntervalMs?: number;
    relayGraceMs?: number;
    log?: Logger;
  } = {},
): Promise<RunningWorker> {
  const log = options.log ?? pino({ name: 'worker', level: config.logLevel });
  for (const warning of loudWarnings(config)) log.warn(warning);
  const address = config.temporal.address ?? '127.0.0.1:7233';
  // The relay and the rounds' activities start workflows through the client.
  const connection = await connectPatiently(address, config.temporal.address !== undefined, log);
  const missing = await missingSearchAttributes(connection, config.temporal.namespace).catch(async (err) => {
    await connection.close();
    throw err;
  });
  if (missing.length > 0) {
    await connection.close();
    throw new Error(missingSearchAttributesMessage(config.temporal.namespace, missing));
  }
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const code = await workflowCode(config, options.workflowBundle, log);
  const channels = {
    sms: config.smsUrl ? new HttpSmsChannel(config.smsUrl) : outboxOnly,
    email: config.smtpUrl ? new SmtpChannel(config.smtpUrl) : outboxOnly,
  };
  const activities = allActivities(
    {
      db,
      registry: options.registry ?? registryFor(config.registry),
      ...channels,
      publicUrl: config.publicUrl,
      nationalCodeHashKey: config.nationalCodeHashKey,
    },
    client,
  );
  const [worker, hajjWorker] = await Promise.all(
    [config.temporal.taskQueue, config.temporal.hajjTaskQueue].map((taskQueue) =>
      Worker.create({
        connection: nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue,
        ...code,
        activities,
      }),
    ),
  );
  const relay = startOutboxRelay(db, client, config.temporal.taskQueue, {
    intervalMs: options.relayIntervalMs,
    graceMs: options.relayGraceMs,
    hajjTaskQueue: config.temporal.hajjTaskQueue,
    onError: (err) => log.warn({ err }, 'outbox relay pass failed'),
  });
  const notificationRelay = startNotificationRelay(db, channels, {
    intervalMs: options.relayIntervalMs,
    onError: (err) => log.warn({ err }, 'notification relay: a send or pass failed'),
  });
  const stop = () => {
    for (const w of [worker, hajjWorker]) if (w.getState() === 'RUNNING') w.shutdown();
  };
  // One worker stopping (a fatal error, a signal) stops the other: the process ends as one.
  const done = Promise.all([worker.run().finally(stop), hajjWorker.run().finally(stop)])
    .then(() => undefined)
    .finally(async () => {
      await Promise.all([relay.stop(), notificationRelay.stop()]);
      await connection.close();
      await nativeConnection.close();
    });
  return {
    worker,
    hajjWorker,
    done,
    async shutdown() {
      stop();
      await done;
    },
  };
}

/**
 * The workflow code: the given bundle; else the one made at build time (WORKFLOW_BUNDLE, or
 * dist/workflow-bundle.js beside the built worker) in production, so a start does not spend 8-19 s
 * bundling; else bundled now from the sources.
 */
async function workflowCode(
  config: Config,
  given: WorkerOptions['workflowBundle'],
  log: Logger,
): Promise<Pick<WorkerOptions, 'workflowBundle'>> {
  if (given) return { workflowBundle: given };
  const built = config.workflowBundle ?? BUILT_WORKFLOW_BUNDLE;
  if (config.env === 'production') {
    if (fs.existsSync(built)) {
      log.info({ codePath: built }, 'workflow code from the bundle made at build time');
      return { workflowBundle: { codePath: built } };
    }
    log.warn({ codePath: built }, 'no workflow bundle made at build time (npm run build); bundling now');
  }
  // Bundled once for both workers.
  return {
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      logger: Runtime.instance().logger,
    }),
  };
}

/**
 * A client connection to Temporal, tried again until the server answers: a worker started before
 * the server (a machine's boot, `docker compose up`) waits for it instead of exiting.
 */
async function connectPatiently(address: string, given: boolean, log: Logger): Promise<Connection> {
  for (let waitMs = 1000; ; waitMs = Math.min(waitMs * 2, 10_000)) {
    try {
      return await Connection.connect({ address, connectTimeout: 2000 });
    } catch (err) {
      log.warn(
        { error: errorWithCauses(err) },
        `Temporal does not answer at TEMPORAL_ADDRESS=${address}${given ? '' : ' (the default: TEMPORAL_ADDRESS is not set)'}; trying again in ${waitMs / 1000} s`,
      );
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

if (require.main === module) {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  // The SDK's own metrics (polls, task latencies, slots, sticky cache) for Prometheus to scrape.
  if (config.workerMetricsAddress)
    Runtime.install({
      telemetryOptions: { metrics: { prometheus: { bindAddress: config.workerMetricsAddress } } },
    });
  const db = createDb(config.databaseUrl);
  let running: RunningWorker | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => (running ? running.shutdown() : process.exit(0)));
  startWorker(config, db)
    .then(async (started) => {
      running = started;
      await running.done;
      await db.destroy();
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
