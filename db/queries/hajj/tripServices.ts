import type { TripServiceKind } from '../../../domain/hajj/batches';
import type { Db } from '../..';

export interface TripService {
  kind: TripServiceKind;
  what: string;
  place: string;
  time: string;
  contact: string;
}

/** A caravan's trip services as its agent entered them. */
export async function tripServices(db: Db, caravanId: number): Promise<TripService[]> {
  return db('hajj_trip_services')
    .where({ caravan_id: caravanId })
    .select('kind', 'what', 'place', 'time', 'contact');
}

/**
 * Replaces a caravan's trip services with the form's, in one transaction: a kind left empty is
 * removed, the others written.
 */
export async function saveTripServices(
  db: Db,
  caravanId: number,
  staffId: number,
  services: TripService[],
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('hajj_trip_services').where({ caravan_id: caravanId }).delete();
    if (services.length > 0)
      await trx('hajj_trip_services').insert(
        services.map((s) => ({ caravan_id: caravanId, updated_by: staffId, ...s })),
      );
  });
}
