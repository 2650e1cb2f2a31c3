import fs from 'node:fs';
import type { RunningPostgres } from '../../stack/postgres';
import type { RunningTemporal } from '../../stack/temporal';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__testStack as
    { dir: string; postgres: RunningPostgres; temporal: RunningTemporal } | undefined;
  if (!stack) return;
  await Promise.allSettled([stack.temporal.stop(), stack.postgres.stop()]);
  fs.rmSync(stack.dir, { recursive: true, force: true });
}
