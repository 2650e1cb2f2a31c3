import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import { createDb, type Db } from '../../db';
import { migrateAndSeed } from '../../db/migrate';
import { backup, restore } from '../../stack/backup';
import { freePort } from '../support/ports';
import { submitCase } from '../support/generators';

/**
 * Backup and restore with the machine's pg_dump and pg_restore, on a PostgreSQL server of their
 * own version (Debian's, as pg_dump refuses a newer server): data in, backup, wipe, restore, the
 * cases still there; and the restore drill script as an operator runs it.
 */
const major = /(\d+)\.\d+/.exec(spawnSync('pg_dump', ['--version'], { encoding: 'utf8' }).stdout)![1];
const bin = `/usr/lib/postgresql/${major}/bin`;
const root = os.userInfo().uid === 0;
let dir: string;
let url: string;
let db: Db;

const asPostgres = (command: string, args: string[]) => {
  const result = root
    ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], { encoding: 'utf8' })
    : spawnSync(path.join(bin, command), args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command}: ${result.stderr}`);
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-backup-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'pg');
  const port = await freePort();
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  asPostgres('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    path.join(data, 'log'),
    '-o',
    `-p ${port} -k ${data} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  const admin = createDb(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1 });
  await admin.raw('create database service_desk');
  await admin.destroy();
  url = `postgres://postgres@127.0.0.1:${port}/service_desk`;
  db = createDb(url);
  await migrateAndSeed(db);
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  if (dir) {
    asPostgres('pg_ctl', ['-D', path.join(dir, 'pg'), '-m', 'immediate', 'stop']);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('backs up, and after the database is wiped restores every case with its files', async () => {
  const png = Buffer.from('89504e470d0a1a0a', 'hex');
  const codes = await Promise.all(
    Array.from({ length: 3 }, () =>
      submitCase(db, {
        attachments: [{ title: null, filename: 'نامه.png', contentType: 'image/png', content: png }],
      }),
    ),
  );
  const before = await db('cases').orderBy('tracking_code').select('tracking_code', 'text', 'status');
  const backupDir = path.join(dir, 'backup');
  const manifest = await backup(url, backupDir);
  expect(manifest.databases.map((d) => d.name)).toEqual(['service_desk']);
  expect(manifest.databases[0].tables['public.cases']).toBe(before.length);
  expect(fs.statSync(path.join(backupDir, 'service_desk.dump')).size).toBeGreaterThan(0);

  await db.destroy();
  const admin = createDb(url.replace(/service_desk$/, 'postgres'), { max: 1 });
  await admin.raw('drop database service_desk with (force)');
  await admin.destroy();

  await restore(url, backupDir);
  db = createDb(url);
  expect(await db('cases').orderBy('tracking_code').select('tracking_code', 'text', 'status')).toEqual(
    before,
  );
  const files = await db('case_attachments as a')
    .join('cases as c', 'c.id', 'a.case_id')
    .whereIn('c.tracking_code', codes)
    .select('a.content');
  expect(files.map((f) => Buffer.compare(f.content, png))).toEqual([0, 0, 0]);
  // The restored database is the desk's: its migrations are all recorded, and it takes new cases.
  await expect(migrateAndSeed(db)).resolves.not.toThrow();
  await submitCase(db);

  await expect(restore(url, backupDir)).rejects.toThrow('database service_desk exists');
});

it('runs the restore drill: a fresh backup restored beside the live database, every table compared', () => {
  const drill = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'stack', 'backup.ts'), 'drill'],
    {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    },
  );
  expect(drill.stderr).toBe('');
  expect(drill.status).toBe(0);
  expect(drill.stdout).toMatch(/^service_desk: \d+ rows in \d+ tables$/m);
  expect(drill.stdout).toContain('restore drill passed: every table restored with its rows');
});

it('refuses a pg_dump older than the server, saying which to use', async () => {
  // The test run's own server is the embedded PostgreSQL (a newer major than Debian's pg_dump).
  await expect(backup(process.env.TEST_DATABASE_URL!, path.join(dir, 'refused'))).rejects.toThrow(
    new RegExp(`pg_dump ${major} cannot dump a PostgreSQL \\d+.* server: set PG_BIN`),
  );
});
