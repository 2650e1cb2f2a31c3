/**
 * The pilgrimages the organization sends, each a journey kind (seed 002's download list names the
 * deposit, registration and dispatch processes of all three): the Hajj Tamattu, the Umrah mofradeh
 * and the Atabat. Each kind has its own deposit queue, rounds and caravans; a journey books only
 * into a caravan of its kind. Built: the Hajj and the Umrah. The Atabat is named here (and in
 * docs/hajj.md, with what differs) but not offered: no caravan, deposit or round takes it yet.
 * Pure: the queries, the journey workflow and the pages share it.
 */
import { TRIP_SERVICE_KINDS, type TripServiceKind } from './batches';

export const JOURNEY_KINDS = ['hajj-tamattu', 'umrah'] as const;
export type JourneyKind = (typeof JOURNEY_KINDS)[number];

/** What rows and journeys from before the kinds are: every one of them was the Hajj Tamattu's. */
export const DEFAULT_JOURNEY_KIND: JourneyKind = 'hajj-tamattu';

export function isJourneyKind(value: unknown): value is JourneyKind {
  return (JOURNEY_KINDS as readonly unknown[]).includes(value);
}

/** A journey's kind from its input: journeys started before the kinds carry none and are the Hajj's. */
export function journeyKindOf(kind: string | null | undefined): JourneyKind {
  return isJourneyKind(kind) ? kind : DEFAULT_JOURNEY_KIND;
}

/**
 * Why a journey of `journeyKind` may not book a seat in a caravan of `caravanKind`, or null: a
 * pilgrim called from the Umrah queue travels with an Umrah caravan, and a Hajj pilgrim with a
 * Hajj caravan (their prices, dates and services differ).
 */
export function bookingKindRefusal(journeyKind: JourneyKind, caravanKind: string): 'caravanOtherKind' | null {
  return journeyKindOf(caravanKind) === journeyKind ? null : 'caravanOtherKind';
}

/**
 * The trip services a caravan of each kind plans: the Umrah has no Tashriq days (11–13 Dhu
 * al-Hijjah belong to the Hajj alone), so no transport for them.
 */
export function tripServiceKindsFor(kind: JourneyKind): readonly TripServiceKind[] {
  return kind === 'umrah' ? TRIP_SERVICE_KINDS.filter((k) => k !== 'tashriq') : TRIP_SERVICE_KINDS;
}
