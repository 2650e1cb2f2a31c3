import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import pg from 'pg';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/shared/searchAttributes';
import { TEMPORAL_SERVER_FILES, TEMPORAL_SERVER_PIN } from './temporalServerPin';

const { IndexedValueType } = temporal.api.enums.v1;

/** A PostgreSQL server, as Temporal's config and schema tool want it. */
export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function postgresServerOf(databaseUrl: string): PostgresServer {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** The ports the server's four services listen on (gRPC and membership each), all on 127.0.0.1. */
export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

export const TEMPORAL_DATABASES = { main: 'temporal', visibility: 'temporal_visibility' };

/** How long a closed case's history stays in Temporal; the namespace is registered with it. */
export const NAMESPACE_RETENTION_HOURS = 30 * 24;

/** The server's dynamic config: workflow IDs (tracking codes, round IDs) well within the limit. */
export const TEMPORAL_DYNAMIC_CONFIG = { 'limit.maxIDLength': [{ value: 255 }] };

/**
 * The schema tool's argument list for one step on one database (the password goes through the
 * SQL_PASSWORD environment variable, so it shows in no process list). The cluster runs these, and
 * docker-compose.yml's temporal-schema service runs the same lines (test/deploy/compose.test.ts).
 */
export function sqlToolArgs(
  server: Omit<PostgresServer, 'password'>,
  database: string,
  step: string[],
): string[] {
  return [
    '--plugin',
    'postgres12',
    '--ep',
    server.host,
    '-p',
    String(server.port),
    '-u',
    server.user,
    '--db',
    database,
    ...step,
  ];
}

/**
 * Temporal's two databases and, for each, the schema tool's steps in order: create the database
 * (when missing), set up the versioning tables (`-v 0.0` is skipped by the tool once a newer
 * version is recorded), then bring it to the newest versioned step of `schemaDir`.
 */
export function temporalSchemaSteps(server: Omit<PostgresServer, 'password'>, schemaDir: string) {
  return Object.entries(TEMPORAL_DATABASES).map(([kind, database]) => ({
    database,
    create: sqlToolArgs(server, database, ['create-database']),
    setup: sqlToolArgs(server, database, ['setup-schema', '-v', '0.0']),
    update: sqlToolArgs(server, database, [
      'update-schema',
      '-d',
      path.posix.join(schemaDir, kind === 'main' ? 'temporal' : 'visibility', 'versioned'),
    ]),
  }));
}

export function assertTemporalServerBuilt(): void {
  if (!fs.existsSync(TEMPORAL_SERVER_FILES.complete))
    throw new Error(
      `the Temporal server ${TEMPORAL_SERVER_PIN.server} is not built yet: run \`npm run build:temporal-server\``,
    );
}

/**
 * Temporal's two databases on the server, created and brought to the schema of the pinned version
 * with the server's own schema tool: create-database, setup-schema -v 0.0 the first time, then
 * update-schema to the newest versioned step (a no-op when current).
 */
export async function setupTemporalSchema(
  server: PostgresServer,
  log: (line: string) => void,
): Promise<void> {
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    for (const { database, create, setup, update } of temporalSchemaSteps(
      server,
      TEMPORAL_SERVER_FILES.schema,
    )) {
      const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
      const tool = (args: string[]) => sqlTool(server, args, log);
      if (exists.rowCount === 0) tool(create);
      const db = new pg.Client({ ...server, database });
      await db.connect();
      const versioned = await db.query(`select to_regclass('schema_version') as t`);
      await db.end();
      if (versioned.rows[0].t === null) tool(setup);
      tool(update);
    }
  } finally {
    await client.end();
  }
}

function sqlTool(server: PostgresServer, args: string[], log: (line: string) => void) {
  const result = spawnSync(TEMPORAL_SERVER_FILES.sqlTool, args, {
    env: { ...process.env, SQL_PASSWORD: server.password },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    log((result.stdout + result.stderr).trim());
    throw new Error(`temporal-sql-tool ${args.join(' ')} failed`);
  }
  log(`temporal-sql-tool ${args.join(' ')}: done`);
}

/** The server's config: SQL persistence and SQL visibility on PostgreSQL, everything on loopback. */
export function temporalServerConfig(server: PostgresServer, ports: TemporalServerPorts, dir: string) {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${server.host}:${server.port}`,
      connectProtocol: 'tcp',
      user: server.user,
      password: server.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      // Fixed for the life of the databases: it cannot change once the server has run on them.
      numHistoryShards: 4,
      datastores: {
        default: store(TEMPORAL_DATABASES.main, 20),
        visibility: store(TEMPORAL_DATABASES.visibility, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `127.0.0.1:${ports.metrics}`,
        },
      },
    },
    services: {
      frontend: service(ports.frontend, ports.frontendMembership, { httpPort: ports.frontendHttp }),
      history: service(ports.history, ports.historyMembership),
      matching: service(ports.matching, ports.matchingMembership),
      worker: service(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: path.join(dir, 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
}

export interface RunningProcess {
  child: ChildProcess;
  /** Resolves with how it ended: the signal, or `exit code N`. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

function started(child: ChildProcess, log: (line: string) => void, name: string): RunningProcess {
  child.stdout?.on('data', (d) => log(`[${name}] ${String(d).trimEnd()}`));
  child.stderr?.on('data', (d) => log(`[${name}] ${String(d).trimEnd()}`));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)),
  );
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The server process (all four services in one, as a small installation runs it), from a config
 * written into `dir` (JSON, which YAML reads). Resolves once the frontend answers.
 */
export async function spawnTemporalServer(
  server: PostgresServer,
  ports: TemporalServerPorts,
  dir: string,
  log: (line: string) => void,
): Promise<RunningProcess> {
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'temporal-server.yaml');
  fs.writeFileSync(configFile, JSON.stringify(temporalServerConfig(server, ports, dir), null, 2), {
    mode: 0o600,
  });
  const dynamic = path.join(dir, 'dynamicconfig.yaml');
  if (!fs.existsSync(dynamic)) fs.writeFileSync(dynamic, JSON.stringify(TEMPORAL_DYNAMIC_CONFIG, null, 2));
  const child = spawn(
    TEMPORAL_SERVER_FILES.server,
    ['--config-file', configFile, '--allow-no-auth', 'start'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const running = started(child, log, 'temporal-server');
  await waitForFrontend(`127.0.0.1:${ports.frontend}`, running, 120_000);
  return running;
}

async function waitForFrontend(address: string, running: RunningProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (running.child.exitCode !== null)
      throw new Error(`temporal server exited with code ${running.child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        running.child.kill('SIGKILL');
        throw err;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * The namespace and the case search attributes (from workflows/shared/searchAttributes.ts), each created
 * when missing; waits until the frontend serves them, as its namespace cache refreshes on a timer.
 */
export async function prepareNamespace(address: string, namespace: string, log: (line: string) => void) {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + 120_000;
    const retrying = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await step();
        } catch (err) {
          if (Date.now() > deadline) throw err;
          log(`${what}: ${(err as Error).message}; trying again`);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    await retrying('namespace', async () => {
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } catch {
        await connection.workflowService
          .registerNamespace({
            namespace,
            workflowExecutionRetentionPeriod: msToTs(`${NAMESPACE_RETENTION_HOURS} hours`),
          })
          .catch((err: { code?: number }) => {
            // ALREADY_EXISTS: another start registered it meanwhile.
            if (err.code !== 6) throw err;
          });
        await connection.workflowService.describeNamespace({ namespace });
      }
    });
    await retrying('search attributes', async () => {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = CASE_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (customAttributes ?? {})));
      if (missing.length > 0) {
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(
            missing.map((key) => [key.name, IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]]),
          ),
        });
        throw new Error(`registered ${missing.map((k) => k.name).join(', ')}`);
      }
    });
    // A query by a custom attribute proves both the namespace and its attributes are served.
    await retrying('visibility', () =>
      connection.workflowService.countWorkflowExecutions({ namespace, query: `TrackingCode = 'none'` }),
    );
  } finally {
    await connection.close();
  }
}

/** The Temporal UI server pointed at the frontend, on 127.0.0.1. */
export async function spawnTemporalUi(
  frontend: string,
  port: number,
  namespace: string,
  dir: string,
  log: (line: string) => void,
): Promise<RunningProcess> {
  const configDir = path.join(dir, 'ui-config');
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(
    path.join(configDir, 'cluster.yaml'),
    JSON.stringify(
      {
        temporalGrpcAddress: frontend,
        host: '127.0.0.1',
        port,
        enableUi: true,
        defaultNamespace: namespace,
        disableNewsFetch: true,
        hideLogs: true,
        auth: { enabled: false },
        // Served over plain HTTP on loopback; behind the organization's HTTPS proxy in production.
        cors: {
          cookieInsecure: true,
          allowOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
        },
      },
      null,
      2,
    ),
  );
  const child = spawn(
    TEMPORAL_SERVER_FILES.uiServer,
    ['--root', dir, '--config', 'ui-config', '--env', 'cluster', 'start'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const running = started(child, log, 'temporal-ui');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal UI exited with code ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return running;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('temporal UI did not answer in 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
