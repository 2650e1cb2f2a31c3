import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { IdentityCheck } from '../../../domain/hajj/deposit';
import type { Db } from '../..';
import { checkDepositLines, isDepositDataLine, storeDepositRows, type Rejection } from './deposits';

/** Why an uploaded deposit file is refused whole: not UTF-8 text, too large, or no data row. */
export type DepositFileProblem = 'encoding' | 'fileSize' | 'empty';

export class DepositFileRefused extends Error {
  constructor(readonly problem: DepositFileProblem) {
    super(`deposit file refused: ${problem}`);
  }
}

/** COPY's text format escapes backslashes and tabs (lines hold no newlines). */
const copyField = (text: string) =>
  text.replace(/[\\\t\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\r': '\\r' })[c]!);

/**
 * Splits a byte stream into the staging table's COPY rows (import, data row number, file line,
 * text): UTF-8 decoded strictly, the header and blank lines left out, NUL refused (PostgreSQL's
 * text holds none).
 */
function stagingRows(importId: number, counts: { rows: number }) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let lineNumber = 0;
  const rowsOf = (text: string, last: boolean) => {
    const parts = (rest + text).split('\n');
    rest = last ? '' : parts.pop()!;
    let out = '';
    for (const raw of parts) {
      lineNumber++;
      const line = raw.replace(/^\uFEFF/, '').trim();
      if (line.includes('\u0000')) throw new DepositFileRefused('encoding');
      if (!isDepositDataLine(line, lineNumber)) continue;
      out += `${importId}\t${++counts.rows}\t${lineNumber}\t${copyField(line)}\n`;
    }
    return out;
  };
  const decode = (chunk: Buffer | undefined, last: boolean) => {
    try {
      return decoder.decode(chunk, { stream: !last });
    } catch {
      throw new DepositFileRefused('encoding');
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, rowsOf(decode(chunk, false), false));
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        done(null, rowsOf(decode(undefined, true), true));
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/**
 * Streams an uploaded deposit file into PostgreSQL (COPY into hajj_deposit_import_lines) with its
 * import row, in one transaction: a file refused half-way (bad encoding, beyond the size limit, no
 * data row, a client gone) leaves nothing. Every web replica and the workers see the staged lines;
 * nothing is kept in memory or on a replica's disk.
 */
export async function stageDepositFile(
  db: Db,
  meta: { filename: string; staffId: number | null },
  file: Readable,
): Promise<{ importId: number; rows: number }> {
  const client = (await db.client.acquireConnection()) as PoolClient;
  try {
    await client.query('begin');
    const { rows } = await client.query(
      `insert into hajj_deposit_imports (filename, staff_id, status) values ($1, $2, 'staged') returning id`,
      [meta.filename, meta.staffId],
    );
    const importId = Number(rows[0].id);
    const counts = { rows: 0 };
    let truncated = false;
    file.once('limit', () => (truncated = true));
    await pipeline(
      file,
      stagingRows(importId, counts),
      client.query(copyFrom('copy hajj_deposit_import_lines (import_id, n, line, text) from stdin')),
    );
    if (truncated) throw new DepositFileRefused('fileSize');
    if (counts.rows === 0) throw new DepositFileRefused('empty');
    await client.query(`update hajj_deposit_imports set lines_total = $2, total_rows = $2 where id = $1`, [
      importId,
      counts.rows,
    ]);
    await client.query('commit');
    return { importId, rows: counts.rows };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await db.client.releaseConnection(client);
  }
}

export interface ImportProgress {
  importId: number;
  filename: string;
  status: 'staged' | 'running' | 'done';
  total: number;
  done: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  at: Date;
  completedAt: Date | null;
}

const progressColumns = [
  'id',
  'filename',
  'status',
  'lines_total',
  'lines_done',
  'inserted_rows',
  'duplicate_rows',
  'rejected_rows',
  'at',
  'completed_at',
];

function progressOf(r: Record<string, unknown>): ImportProgress {
  return {
    importId: Number(r.id),
    filename: r.filename as string,
    status: r.status as ImportProgress['status'],
    total: r.lines_total as number,
    done: r.lines_done as number,
    inserted: r.inserted_rows as number,
    duplicates: r.duplicate_rows as number,
    rejected: r.rejected_rows as number,
    at: r.at as Date,
    completedAt: (r.completed_at as Date | null) ?? null,
  };
}

export async function importProgress(db: Db, importId: number): Promise<ImportProgress | null> {
  const row = await db('hajj_deposit_imports').where({ id: importId }).first(progressColumns);
  return row ? progressOf(row) : null;
}

/** The latest imports, newest first, for headquarters' page. */
export async function recentImports(db: Db, limit = 5): Promise<ImportProgress[]> {
  const rows = await db('hajj_deposit_imports').orderBy('id', 'desc').limit(limit).select(progressColumns);
  return rows.map(progressOf);
}

/** An import's problem rows in file order (the first `limit`). */
export async function importProblems(db: Db, importId: number, limit = 200): Promise<Rejection[]> {
  return db('hajj_deposit_import_problems')
    .where({ import_id: importId })
    .orderBy('line')
    .limit(limit)
    .select('line', 'problem');
}

/** Imports whose workflow has to run (not done), staged at least `graceMs` ago: the relay starts them. */
export async function unfinishedImports(db: Db, graceMs: number): Promise<number[]> {
  const ids = await db('hajj_deposit_imports')
    .whereNot({ status: 'done' })
    .where('at', '<', db.raw(`now() - ? * interval '1 millisecond'`, [graceMs]))
    .orderBy('id')
    .pluck('id');
  return ids.map(Number);
}

export interface ChunkResult {
  /** Data rows committed so far, of `total`. */
  done: number;
  total: number;
  /** Whether this call committed the chunk (false: it was committed before, or nothing was left). */
  committed: boolean;
}

/**
 * Takes the next chunk of an import's staged rows after the last committed one: parses each row,
 * confirms its national code (`confirm`, which throws while the registry is away, so the activity
 * retries), then in one transaction stores the rows, their problems and the new committed point, if
 * that point is still where this chunk began. A chunk re-run after its commit (a retried activity
 * whose answer was lost, a second run of the workflow) changes nothing; a chunk cut short by a
 * crash committed nothing and runs again whole.
 */
export async function importDepositChunk(
  db: Db,
  importId: number,
  options: { size: number; confirm: IdentityCheck; hashKey: string; registryConcurrency?: number },
): Promise<ChunkResult> {
  const state = await db('hajj_deposit_imports').where({ id: importId }).first('lines_done', 'lines_total');
  if (!state) throw new Error(`no deposit import ${importId}`);
  const from = state.lines_done as number;
  const total = state.lines_total as number;
  if (from >= total) return { done: from, total, committed: false };
  const lines = await db('hajj_deposit_import_lines')
    .where({ import_id: importId })
    .where('n', '>', from)
    .where('n', '<=', from + options.size)
    .orderBy('n')
    .select('line', 'text');
  const checked = await checkDepositLines(lines, options.confirm, options.registryConcurrency ?? 32);
  return db.transaction(async (trx) => {
    const now = await trx('hajj_deposit_imports').where({ id: importId }).forUpdate().first('lines_done');
    if (now.lines_done !== from) return { done: now.lines_done as number, total, committed: false };
    const stored = await storeDepositRows(trx, importId, checked.rows, options.hashKey);
    const problems = [...checked.rejections, ...stored.rejections];
    if (problems.length > 0)
      await trx('hajj_deposit_import_problems')
        .insert(problems.map((p) => ({ import_id: importId, line: p.line, problem: p.problem })))
        .onConflict(['import_id', 'line'])
        .ignore();
    const done = from + lines.length;
    await trx('hajj_deposit_imports')
      .where({ id: importId })
      .update({
        status: 'running',
        lines_done: done,
        inserted_rows: trx.raw('inserted_rows + ?', [stored.inserted]),
        duplicate_rows: trx.raw('duplicate_rows + ?', [stored.duplicates]),
        rejected_rows: trx.raw('rejected_rows + ?', [problems.length]),
      });
    return { done, total, committed: true };
  });
}

/** Marks an import done and drops its staged lines (the problems stay). Repeatable. */
export async function finishDepositImport(db: Db, importId: number): Promise<ImportProgress> {
  await db.transaction(async (trx) => {
    await trx('hajj_deposit_imports')
      .where({ id: importId })
      .whereNot({ status: 'done' })
      .update({ status: 'done', completed_at: trx.fn.now() });
    await trx('hajj_deposit_import_lines').where({ import_id: importId }).delete();
  });
  return (await importProgress(db, importId))!;
}

/** Drops a staged import with its lines: its upload failed after the file was staged. */
export async function dropStagedImport(db: Db, importId: number): Promise<void> {
  await db('hajj_deposit_imports').where({ id: importId, status: 'staged' }).delete();
}
