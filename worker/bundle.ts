import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';

/**
 * Bundles the workflow code once, into `file`: `npm run build` makes dist/workflow-bundle.js, which
 * production workers load instead of bundling at each start (8-19 s of a busy machine's CPU).
 */
export async function writeWorkflowBundle(file: string, logger?: BundleOptions['logger']): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole and renamed, so a worker starting meanwhile never reads half a bundle.
  fs.writeFileSync(`${file}.tmp`, code);
  fs.renameSync(`${file}.tmp`, file);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bundle <output file>');
  writeWorkflowBundle(path.resolve(file)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
