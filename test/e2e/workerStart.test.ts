import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import pino from 'pino';
import { loadConfig, type Config } from '../../config';
import { startWeb } from '../../web/server';
import { startWorker } from '../../worker/main';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/shared/searchAttributes';
import { createTestDb } from '../support/db';
import { eventually } from '../support/http';
import { freePort } from '../support/ports';
import { quietRuntime, workflowBundle } from '../support/temporal';

/**
 * How a worker and the web meet a Temporal that is not ready for them: not up yet (the worker
 * waits, naming TEMPORAL_ADDRESS), or up with a namespace that lacks the case search attributes
 * (the worker refuses to start and /readyz says not ready, instead of cases staying `received`).
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let connection: Connection;
const address = process.env.TEST_TEMPORAL_ADDRESS!;
const { IndexedValueType } = temporal.api.enums.v1;

beforeAll(async () => {
  quietRuntime();
  testDb = await createTestDb();
  connection = await Connection.connect({ address });
});

afterAll(async () => {
  await connection?.close();
  await testDb?.drop();
});

const configFor = (env: Record<string, string>): Config =>
  loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `start-${randomUUID()}`,
    CAPTCHA: 'off',
    LOG_LEVEL: 'warn',
    ...env,
  });

function capturingLog() {
  const lines: { level: number; msg: string }[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }) };
}

/** A namespace as a fresh Temporal cluster has it: registered, with no custom search attribute. */
async function bareNamespace(): Promise<string> {
  const namespace = `bare-${randomUUID().slice(0, 8)}`;
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  await eventually(
    () =>
      connection.workflowService.describeNamespace({ namespace }).then(
        () => true,
        () => false,
      ),
    (found) => found,
  );
  return namespace;
}

it('waits for Temporal when it is not up yet, saying so with TEMPORAL_ADDRESS, and then runs', async () => {
  const port = await freePort();
  const { lines, log } = capturingLog();
  const starting = startWorker(configFor({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` }), testDb.db, {
    workflowBundle: await workflowBundle(),
    log,
  });
  // The configuration's loud warnings (CAPTCHA=off here) come first; then the waits.
  const waits = await eventually(
    async () => lines.filter((l) => l.level === 40 && !l.msg.startsWith('!!!')).map((l) => l.msg),
    (warnings) => warnings.length >= 2,
    30_000,
  );
  expect(waits[0]).toMatch(
    new RegExp(`^Temporal does not answer at TEMPORAL_ADDRESS=127\\.0\\.0\\.1:${port}; trying again in 1 s$`),
  );
  // Temporal comes up on that address.
  const [host, realPort] = address.split(':');
  const forwarder = net.createServer((socket) => {
    const upstream = net.connect(Number(realPort), host);
    socket.pipe(upstream).pipe(socket);
    const end = () => (socket.destroy(), upstream.destroy());
    socket.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => forwarder.listen(port, '127.0.0.1', resolve));
  try {
    const running = await starting;
    expect(running.worker.getState()).toBe('RUNNING');
    await running.shutdown();
  } finally {
    forwarder.close();
  }
}, 90_000);

it('refuses to start a worker on a namespace without the case search attributes, naming them', async () => {
  const namespace = await bareNamespace();
  const failure = startWorker(configFor({ TEMPORAL_NAMESPACE: namespace }), testDb.db, {
    workflowBundle: await workflowBundle(),
  });
  await expect(failure).rejects.toThrow(
    `the Temporal namespace "${namespace}" lacks the case search attributes ${CASE_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${k.type}`).join(', ')}`,
  );
});

it('is not ready while the namespace lacks the search attributes, and ready once they are there', async () => {
  const namespace = await bareNamespace();
  const web = await startWeb(configFor({ TEMPORAL_NAMESPACE: namespace }), testDb.db, {
    embedded: true,
    host: '127.0.0.1',
  });
  try {
    const notReady = await fetch(`${web.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'not ready',
      database: 'ok',
      temporal: 'search attributes missing',
      missingSearchAttributes: CASE_SEARCH_ATTRIBUTES.map((k) => k.name),
    });

    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]]),
      ),
    });
    // The web looks again within its 10 s cache.
    const ready = await eventually(
      () => fetch(`${web.url}/readyz`).then((r) => r.json() as Promise<{ status: string }>),
      (body) => body.status === 'ready',
      30_000,
    );
    expect(ready).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });
  } finally {
    await web.close();
  }
}, 60_000);
