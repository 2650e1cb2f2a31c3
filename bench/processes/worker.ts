import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { answerCounters, READY } from '../stack';
import { createDb } from '../../db';
import { startWorker } from '../../worker/main';
import { baselineActivities } from '../baseline/activities';

/**
 * A worker process for the bench: `case` runs the service desk's worker as `npm run worker` does
 * (workflows, activities, outbox relay); `baseline` runs the bench's trivial workflow on its own
 * task queue. Both load a bundle the bench made once (BENCH_BUNDLE).
 */
async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const config = loadConfig();
  const codePath = process.env.BENCH_BUNDLE!;
  if (process.env.BENCH_WORKER === 'baseline') {
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: { codePath },
      activities: baselineActivities,
    });
    process.once('SIGTERM', () => worker.shutdown());
    const done = worker.run();
    console.log(READY + JSON.stringify({ ready: true }));
    await done;
    await connection.close();
    process.exit(0);
  }
  const db = createDb(config.databaseUrl!, { max: Number(process.env.BENCH_WORKER_POOL) || undefined });
  answerCounters(db);
  const running = await startWorker(config, db, { workflowBundle: { codePath } });
  process.once('SIGTERM', () => {
    void running
      .shutdown()
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  });
  console.log(READY + JSON.stringify({ ready: true }));
  await running.done;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
