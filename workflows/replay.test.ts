import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { quietRuntime, workflowBundle } from '../test/support/temporal';

const { History } = temporal.api.history.v1;
const HISTORIES = path.join(__dirname, '..', 'test', 'histories');
const files = fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

/**
 * Stored histories of real runs must replay on the current workflow code: a change to the command
 * sequence that breaks them needs `patched()` so that cases already running can finish.
 */
describe('replay of stored case histories', () => {
  beforeAll(() => quietRuntime());

  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')));
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      history,
      path.basename(file, '.json'),
    );
  });
});
