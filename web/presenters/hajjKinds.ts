import { HAJJ_KIND_LABELS } from '../../domain/hajj/copy';
import { DEFAULT_JOURNEY_KIND, isJourneyKind, JOURNEY_KINDS } from '../../domain/hajj/kinds';

/** The journey kinds as the pages name them (عمره مفرده, حج تمتع), never the slug: a select's options, `selected` marked. */
export function kindOptions(selected?: string) {
  return JOURNEY_KINDS.map((value) => ({
    value,
    label: HAJJ_KIND_LABELS[value],
    selected: value === selected,
  }));
}

export const kindLabel = (kind: string): string =>
  HAJJ_KIND_LABELS[isJourneyKind(kind) ? kind : DEFAULT_JOURNEY_KIND];
