import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths';

/** An executable: the path in `envVar` when set, else the first of `names` on PATH, else the venv's. */
export function findExecutable(envVar: string | undefined, names: string[]): string | undefined {
  if (envVar) return envVar;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), path.join(PROJECT_ROOT, '.venv', 'bin')];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}
