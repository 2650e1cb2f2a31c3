import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TEMPORAL_DATABASES } from './temporalServer';

/**
 * Backups of the desk's database and Temporal's two (same server) with pg_dump's custom format,
 * their restore, and a restore drill that proves a backup restores:
 *
 *   npm run backup -- DIR            DIR/<database>.dump for each database, and DIR/manifest.json
 *   npm run restore -- DIR [--replace]   each dump back, as the database it came from
 *   npm run restore-drill            a backup restored into scratch databases and compared
 *
 * DATABASE_URL names the server and our database; pg_dump and pg_restore come from PG_BIN (a
 * folder) or PATH and must be at least the server's major version (pg_dump refuses a newer server).
 */
export interface Manifest {
  takenAt: string;
  serverVersion: string;
  databases: { name: string; file: string; tables: Record<string, number> }[];
}

const tool = (name: string) => (process.env.PG_BIN ? path.join(process.env.PG_BIN, name) : name);

function run(name: string, args: string[], url: URL): void {
  const result = spawnSync(tool(name), args, {
    // The password through the environment, so it shows in no process list.
    env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`${name} not found (set PG_BIN to the folder of the server's version)`);
  if (result.status !== 0) throw new Error(`${name} ${args.join(' ')} failed:\n${result.stderr.trim()}`);
}

/** The connection arguments of `url` for pg_dump/pg_restore, without the password. */
function connection(url: URL, database: string): string[] {
  return [
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username),
    '-d',
    database,
  ];
}

const withDatabase = (url: URL, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function query<T>(url: URL, database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: withDatabase(url, database) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Rows per table, counted exactly: what a restore must give back. */
async function tableCounts(client: pg.Client): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = Number((await client.query<{ n: string }>(`select count(*) as n from ${name}`)).rows[0].n);
  return counts;
}

async function connected<T>(url: URL, database: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, database) });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function assertToolsFit(url: URL, database: string): Promise<string> {
  const [{ server_version: serverVersion }] = await query<{ server_version: string }>(
    url,
    database,
    'show server_version',
  );
  const dump = spawnSync(tool('pg_dump'), ['--version'], { encoding: 'utf8' });
  if (dump.error) throw new Error('pg_dump not found (set PG_BIN to the folder of the server’s version)');
  const mine = Number(/(\d+)\.\d+/.exec(dump.stdout)?.[1]);
  if (mine < parseInt(serverVersion, 10))
    throw new Error(
      `pg_dump ${mine} cannot dump a PostgreSQL ${serverVersion} server: set PG_BIN to the bin folder of ` +
        `PostgreSQL ${parseInt(serverVersion, 10)} (in compose: docker compose exec postgres pg_dump …)`,
    );
  return serverVersion;
}

/** The databases to back up: ours, and Temporal's where this server has them. */
async function databasesOf(url: URL): Promise<string[]> {
  const ours = url.pathname.replace(/^\//, '');
  const present = await query<{ datname: string }>(
    url,
    ours,
    'select datname from pg_database where datname = any($1)',
    [Object.values(TEMPORAL_DATABASES)],
  );
  return [ours, ...Object.values(TEMPORAL_DATABASES).filter((d) => present.some((p) => p.datname === d))];
}

export async function backup(databaseUrl: string, dir: string): Promise<Manifest> {
  const url = new URL(databaseUrl);
  const databases = await databasesOf(url);
  const serverVersion = await assertToolsFit(url, databases[0]);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const manifest: Manifest = { takenAt: new Date().toISOString(), serverVersion, databases: [] };
  for (const name of databases) {
    const file = `${name}.dump`;
    // The rows counted and dumped in one snapshot, so the manifest says exactly what the dump holds
    // while the desk keeps running.
    const tables = await connected(url, name, async (client) => {
      await client.query('begin isolation level repeatable read read only');
      const [{ snapshot }] = (
        await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot')
      ).rows;
      const counts = await tableCounts(client);
      run(
        'pg_dump',
        ['-Fc', '--no-owner', `--snapshot=${snapshot}`, '-f', path.join(dir, file), ...connection(url, name)],
        url,
      );
      await client.query('commit');
      return counts;
    });
    manifest.databases.push({ name, file, tables });
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', {
    mode: 0o600,
  });
  return manifest;
}

/**
 * Each dump of `dir` restored as database `rename(name)`: refused while that database exists,
 * unless `replace` (it is dropped first, its connections ended).
 */
export async function restore(
  databaseUrl: string,
  dir: string,
  options: { replace?: boolean; rename?: (name: string) => string } = {},
): Promise<Manifest> {
  const url = new URL(databaseUrl);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  for (const { name, file } of manifest.databases) {
    const target = options.rename?.(name) ?? name;
    const exists = await query(url, 'postgres', 'select 1 from pg_database where datname = $1', [target]);
    if (exists.length > 0) {
      if (!options.replace) throw new Error(`database ${target} exists: drop it, or restore with --replace`);
      await query(url, 'postgres', `drop database "${target}" with (force)`);
    }
    await query(url, 'postgres', `create database "${target}"`);
    run(
      'pg_restore',
      ['--no-owner', '--exit-on-error', path.join(dir, file), ...connection(url, target)],
      url,
    );
  }
  return manifest;
}

/**
 * The restore drill: a fresh backup restored into scratch databases (<name>_drill) beside the
 * live ones, every table's rows counted against the manifest, then the scratch databases dropped.
 * Resolves with the differences (none when the backup restores whole).
 */
export async function restoreDrill(
  databaseUrl: string,
): Promise<{ manifest: Manifest; differences: string[] }> {
  const url = new URL(databaseUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-drill-'));
  const scratch = (name: string) => `${name}_drill`;
  try {
    const manifest = await backup(databaseUrl, dir);
    await restore(databaseUrl, dir, { replace: true, rename: scratch });
    const differences: string[] = [];
    for (const { name, tables } of manifest.databases) {
      const restored = await connected(url, scratch(name), tableCounts);
      for (const table of new Set([...Object.keys(tables), ...Object.keys(restored)]))
        if (tables[table] !== restored[table])
          differences.push(
            `${name} ${table}: ${tables[table] ?? 'absent'} backed up, ${restored[table] ?? 'absent'} restored`,
          );
    }
    return { manifest, differences };
  } finally {
    for (const name of fs.existsSync(path.join(dir, 'manifest.json'))
      ? (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest).databases.map(
          (d) => d.name,
        )
      : [])
      await query(url, 'postgres', `drop database if exists "${scratch(name)}" with (force)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const [command, dir, ...flags] = process.argv.slice(2);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL must be set');
  if (command === 'backup' && dir) {
    const manifest = await backup(databaseUrl, path.resolve(dir));
    console.log(`backed up ${manifest.databases.map((d) => d.name).join(', ')} into ${path.resolve(dir)}`);
  } else if (command === 'restore' && dir) {
    const manifest = await restore(databaseUrl, path.resolve(dir), { replace: flags.includes('--replace') });
    console.log(`restored ${manifest.databases.map((d) => d.name).join(', ')} (taken ${manifest.takenAt})`);
  } else if (command === 'drill') {
    const { manifest, differences } = await restoreDrill(databaseUrl);
    for (const d of manifest.databases)
      console.log(
        `${d.name}: ${Object.values(d.tables).reduce((a, b) => a + b, 0)} rows in ${Object.keys(d.tables).length} tables`,
      );
    if (differences.length > 0) {
      console.error(`restore drill FAILED:\n${differences.join('\n')}`);
      process.exit(1);
    }
    console.log('restore drill passed: every table restored with its rows');
  } else {
    console.error('usage: backup DIR | restore DIR [--replace] | drill');
    process.exit(2);
  }
}

if (require.main === module)
  main().catch((err) => {
    console.error((err as Error).message);
    process.exit(1);
  });
