import * as wf from '@temporalio/workflow';
import type { BatchActivities } from '../../activities/hajj/batches';
import { DEPOSIT_IMPORT_CHUNK_ROWS } from '../../domain/hajj/policy';

/** A chunk checks its rows with the registry (heartbeating) and commits them in one transaction. */
const chunks = wf.proxyActivities<BatchActivities>({
  startToCloseTimeout: '15m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

const steps = wf.proxyActivities<BatchActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export interface DepositImportInput {
  importId: number;
  /** Rows per chunk: per registry round and per transaction. */
  chunkSize?: number;
}

/**
 * Chunks per run before the history goes to a fresh run: a million rows in chunks of 20,000 are 50
 * chunks, about 350 events; 100 keep each run's history small for larger files too.
 */
export const IMPORT_CHUNKS_PER_RUN = 100;

/**
 * Imports a staged deposit file (the bank's, uploaded by headquarters) chunk by chunk. Each chunk
 * starts where the last committed one ended, as PostgreSQL records it, so a run that stopped (a
 * worker gone mid-chunk, the workflow restarted) goes on from there and a chunk committed twice is
 * committed once. Returns the rows done.
 */
export async function depositImportWorkflow(input: DepositImportInput): Promise<number> {
  const size = input.chunkSize ?? DEPOSIT_IMPORT_CHUNK_ROWS;
  for (let run = 0; ; run++) {
    if (run >= IMPORT_CHUNKS_PER_RUN || wf.workflowInfo().continueAsNewSuggested)
      await wf.continueAsNew<typeof depositImportWorkflow>(input);
    const chunk = await chunks.importDepositChunk(input.importId, size);
    if (chunk.done >= chunk.total) break;
  }
  return (await steps.finishDepositImport(input.importId)).done;
}
