import { HAJJ_KIND_MESSAGES } from '../../../domain/hajj/copy';
import { DEFAULT_JOURNEY_KIND, isJourneyKind, type JourneyKind } from '../../../domain/hajj/kinds';

/**
 * A form's journey kind (the import's, the round's, the caravan's): one of the kinds, the Hajj
 * Tamattu when the field is left out (the forms from before the kinds), refused otherwise.
 */
export function readJourneyKind(value: unknown): { kind: JourneyKind } | { error: string } {
  if (value === undefined || value === '') return { kind: DEFAULT_JOURNEY_KIND };
  return isJourneyKind(value) ? { kind: value } : { error: HAJJ_KIND_MESSAGES.invalid };
}

/** A list's filter by kind: a kind, or none for all (an unknown one shows all too). */
export function readKindFilter(value: unknown): JourneyKind | undefined {
  return isJourneyKind(value) ? value : undefined;
}
