import type { BatchRow } from '../../db/queries/hajj/batches';
import type { ImportProgress } from '../../db/queries/hajj/depositImports';
import type { TripService } from '../../db/queries/hajj/tripServices';
import { journeyKindOf, tripServiceKindsFor } from '../../domain/hajj/kinds';
import type { Rejection } from '../../db/queries/hajj/deposits';
import { describeRejections } from './hajj';
import { HAJJ_BATCH_MESSAGES as B, HAJJ_TRIP_SERVICE_LABELS } from '../../domain/hajj/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDate, formatJalaliDateTime, gregorianToJalali } from '../../domain/shared/jalali';

const fa = (n: number | string) => toPersianDigits(n);
const jalaliOfIso = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return formatJalaliDate(gregorianToJalali(y, m, d));
};
const percent = (done: number, total: number) => (total === 0 ? 100 : Math.floor((done * 100) / total));

/** A deposit import's progress as headquarters reads it: rows done of all, and the counts. */
export function importForPage(p: ImportProgress) {
  return {
    id: p.importId,
    idFa: fa(p.importId),
    filename: p.filename,
    status: B.importStatus[p.status],
    running: p.status !== 'done',
    done: fa(p.done),
    total: fa(p.total),
    percent: percent(p.done, p.total),
    percentFa: fa(percent(p.done, p.total)),
    inserted: fa(p.inserted),
    duplicates: fa(p.duplicates),
    rejected: fa(p.rejected),
    at: formatJalaliDateTime(p.at),
    completedAt: p.completedAt ? formatJalaliDateTime(p.completedAt) : '',
  };
}

/** An import's problem rows: each line with its Persian reason. */
export function problemsForPage(problems: Rejection[]) {
  return describeRejections(problems).map((p) => ({ line: fa(p.line), reason: p.reason }));
}

/** A caravan batch's progress: items settled of all, refusals. */
export function batchForPage(b: BatchRow, pending: number) {
  const settled = b.sent + b.refused;
  return {
    id: b.id,
    idFa: fa(b.id),
    kind: B.batchKinds[b.kind],
    dispatch: b.kind === 'dispatch',
    running: b.completedAt === null,
    status: b.completedAt === null ? B.batchStatus.running : B.batchStatus.done,
    settled: fa(settled),
    total: fa(b.total),
    sent: fa(b.sent),
    refused: fa(b.refused),
    pending: fa(pending),
    percentFa: fa(percent(settled, b.total)),
    percent: percent(settled, b.total),
    at: formatJalaliDateTime(b.createdAt),
    flight: b.kind === 'dispatch' && {
      number: b.flightNumber,
      date: b.flightDate ? jalaliOfIso(b.flightDate) : '',
      airport: b.airport,
      minutes: b.minutesNumber,
    },
  };
}

/** A batch's pilgrims for its page and the printed minutes. */
export function batchItemsForPage(
  items: {
    position: number;
    depositNumber: string;
    nationalCode: string;
    visa: 'issued' | 'refused' | null;
    ticket: boolean;
    present: boolean;
    outcome: 'sent' | 'refused' | 'skipped' | null;
    reason: string | null;
  }[],
) {
  return items.map((i) => ({
    row: fa(i.position),
    depositNumber: fa(i.depositNumber),
    nationalCode: fa(i.nationalCode),
    visa: i.visa ? B.visaResults[i.visa] : '—',
    ticket: i.ticket,
    present: i.present,
    attendance: i.present ? B.present : B.absent,
    outcome: B.outcomes[i.outcome ?? 'pending'],
    refused: i.outcome === 'refused',
    reason: i.reason ?? '',
  }));
}

/**
 * A caravan's trip services in the guide's order, the kinds not entered listed without details:
 * those of its journey kind (an Umrah caravan has no Tashriq-days transport).
 */
export function tripServicesForPage(services: TripService[], journeyKind?: string) {
  const byKind = new Map(services.map((s) => [s.kind, s]));
  return {
    entered: services.length > 0,
    none: B.noServices,
    rows: tripServiceKindsFor(journeyKindOf(journeyKind))
      .filter((k) => services.length === 0 || byKind.has(k))
      .map((kind) => ({
        ...(byKind.get(kind) ?? { what: '', place: '', time: '', contact: '' }),
        kind,
        label: HAJJ_TRIP_SERVICE_LABELS[kind],
      })),
  };
}

/** The agent's form: every kind of service the caravan's journey kind has, with what is stored or typed. */
export function tripServicesForForm(services: TripService[], journeyKind?: string) {
  const byKind = new Map(services.map((s) => [s.kind, s]));
  return tripServiceKindsFor(journeyKindOf(journeyKind)).map((kind) => ({
    ...(byKind.get(kind) ?? { what: '', place: '', time: '', contact: '' }),
    kind,
    label: HAJJ_TRIP_SERVICE_LABELS[kind],
  }));
}
