import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/shared/searchAttributes';
import { findExecutable } from './paths';

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

const CLI_TYPES: Record<string, string> = {
  KEYWORD: 'Keyword',
  INT: 'Int',
  DATETIME: 'Datetime',
  TEXT: 'Text',
  BOOL: 'Bool',
  DOUBLE: 'Double',
  KEYWORD_LIST: 'KeywordList',
};

export interface TemporalOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log?: (line: string) => void;
}

/**
 * The Temporal dev server with its UI, history kept in a file under `dataDir` and the case search
 * attributes registered. Uses the `temporal` CLI (TEMPORAL_CLI, PATH or the project's .venv); where
 * there is none, the SDK downloads one (this needs internet).
 */
export async function startTemporal(options: TemporalOptions): Promise<RunningTemporal> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const cli = findExecutable(process.env.TEMPORAL_CLI, ['temporal']);
  return cli ? startCli(cli, options) : startDownloaded(options);
}

async function startCli(cli: string, o: TemporalOptions): Promise<RunningTemporal> {
  const address = `127.0.0.1:${o.port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--ui-port',
    String(o.uiPort),
    '--db-filename',
    path.join(o.dataDir, 'temporal.db'),
    // Write-ahead log, synced at checkpoints: about three times the workflow starts per second of
    // the default rollback journal (bench: 55 → 170/s); a crash of the process loses nothing, a
    // power cut may lose the last moments. Production runs a Temporal cluster (docker-compose.yml).
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--namespace',
    o.namespace,
    '--log-level',
    'warn',
    ...CASE_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPES[key.type]}`]),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = o.log ?? (() => {});
  child.stdout.on('data', (d) => log(String(d).trimEnd()));
  child.stderr.on('data', (d) => log(String(d).trimEnd()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw err;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${o.uiPort}`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function startDownloaded(o: TemporalOptions): Promise<RunningTemporal> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: o.port,
      uiPort: o.uiPort,
      dbFilename: path.join(o.dataDir, 'temporal.db'),
      namespace: o.namespace,
      searchAttributes: CASE_SEARCH_ATTRIBUTES,
    },
  });
  return {
    address: `127.0.0.1:${o.port}`,
    uiUrl: `http://127.0.0.1:${o.uiPort}`,
    stop: () => env.teardown(),
  };
}
