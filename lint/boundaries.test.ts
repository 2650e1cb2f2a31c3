import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Lints `code` as if it were the project file `file`: the boundary messages it gets. */
function crossings(file: string, code: string): string[] {
  const run = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === 'house/boundaries').map((m) => m.message);
}

describe('the rooms’ boundaries fail the lint', () => {
  it.each([
    ['domain/shared/x.ts', "import { createDb } from '../../db';", 'domain/ is pure'],
    ['domain/shared/x.ts', "import pg from 'pg';", 'domain/ is pure'],
    ['workflows/desk/x.ts', "import { createDb } from '../../db';", 'workflow code is deterministic'],
    ['workflows/hajj/x.ts', "import { startRoundWorkflow } from './client';", 'does not start workflows'],
    [
      'db/queries/hajj/x.ts',
      "import { HAJJ_IMPORT_PROBLEMS } from '../../../domain/hajj/copy';",
      'db/ stores',
    ],
    [
      'db/queries/hajj/x.ts',
      "import { registryFor } from '../../../activities/integrations/registry';",
      'db/ stores',
    ],
    [
      'web/routes/desk/x.ts',
      "import { createActivities } from '../../../activities/desk';",
      'web imports no',
    ],
    ['web/routes/desk/x.ts', "import { startWorker } from '../../../worker/main';", 'web imports no'],
    [
      'web/routes/desk/x.ts',
      "import { caseWorkflow } from '../../../workflows/desk/workflow';",
      'web imports no',
    ],
    [
      'activities/hajj/x.ts',
      "import { startOutboxRelay } from '../../worker/relay';",
      'activities import no',
    ],
    ['db/queries/desk/x.ts', "import { depositHolder } from '../hajj/deposits';", "one area's wing"],
    ['web/middleware/x.ts', "import knex from 'knex';", 'web runs no SQL'],
    ['web/routes/desk/x.ts', "export const f = (db: never) => db('cases').first();", 'web runs no SQL'],
    ['web/x.ts', "export const f = (deps: { db: never }) => deps.db('cases');", 'web runs no SQL'],
    ['web/routes/shared/x.ts', "export const f = (deps: any) => deps.db.raw('select 1');", 'web runs no SQL'],
    ['web/x.ts', 'export const f = (db: any) => db.transaction(async () => {});', 'web runs no SQL'],
  ])('%s: %s', (file, code, expected) => {
    expect(crossings(file, code)).toEqual([expect.stringContaining(expected)]);
  });

  it.each([
    ['workflows/desk/x.ts', "import type { CaseActivities } from '../../activities/desk';"],
    ['workflows/hajj/x.ts', "import { toPersianDigits } from '../../domain/shared/digits';"],
    ['web/routes/hajj/x.ts', "import { startRoundWorkflow } from '../../../workflows/hajj/client';"],
    ['web/routes/desk/x.ts', "import { replyUpdate } from '../../../workflows/desk/messages';"],
    ['activities/hajj/x.ts', "import { startJourneyWorkflow } from '../../workflows/hajj/client';"],
    // web passes the handle to db/queries; the server closes it at the end.
    [
      'web/routes/desk/x.ts',
      "import { inbox } from '../../../db/queries/desk/staffCases';\nexport const f = (deps: any) => inbox(deps.db, 1 as never, {} as never);",
    ],
    ['web/server.ts', 'export const f = (db: any) => db.destroy();'],
    ['db/queries/shared/x.ts', "export const f = (db: any) => db.raw('select 1');"],
  ])('%s: %s is allowed', (file, code) => {
    expect(crossings(file, code)).toEqual([]);
  });
});
