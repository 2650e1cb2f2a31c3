import type { JourneyKind } from '../../../domain/hajj/kinds';
import type { Db } from '../..';

/**
 * Sets a staged deposit import's journey kind (the form's choice) before its workflow starts: its
 * deposits are stored of that kind (storeDepositRows reads it from the import's row).
 */
export async function setImportKind(db: Db, importId: number, kind: JourneyKind): Promise<void> {
  await db('hajj_deposit_imports').where({ id: importId, status: 'staged' }).update({ kind });
}
