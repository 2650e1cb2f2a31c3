import type { BatchItem, TripServiceKind } from '../../../domain/hajj/batches';
import { TRIP_SERVICE_KINDS, TRIP_SERVICE_LIMITS } from '../../../domain/hajj/batches';
import { parseDepositNumber } from '../../../domain/hajj/deposit';
import {
  HAJJ_BATCH_MESSAGES as B,
  HAJJ_KIND_MESSAGES,
  HAJJ_TRIP_SERVICE_LABELS,
} from '../../../domain/hajj/copy';
import { journeyKindOf, tripServiceKindsFor } from '../../../domain/hajj/kinds';
import { toLatinDigits, toPersianDigits } from '../../../domain/shared/digits';
import { parseIsoDate } from '../../../domain/shared/jalali';
import type { TripService } from '../../../db/queries/hajj/tripServices';

type Body = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A form's items, or the Persian reasons it is refused whole (422, nothing stored). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** The visa results' file: at most this size (a caravan is a few hundred pilgrims). */
export const VISA_FILE_BYTES = 1024 * 1024;

const VISA_WORDS: Record<string, 'issued' | 'refused' | null> = {
  '': null,
  issued: 'issued',
  refused: 'refused',
  صادر: 'issued',
  رد: 'refused',
};
const TICKET_WORDS: Record<string, boolean> = {
  '': false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
  بله: true,
  خیر: false,
};

function visaItems(
  rows: { line: number; deposit: string; visa: string; ticket: string }[],
  candidates: ReadonlySet<string>,
): Parsed<BatchItem[]> {
  const errors: string[] = [];
  const seen = new Set<string>();
  const items: BatchItem[] = [];
  for (const row of rows) {
    const line = toPersianDigits(row.line);
    const deposit = parseDepositNumber(row.deposit);
    const visa = VISA_WORDS[row.visa.toLowerCase()];
    const ticket = TICKET_WORDS[toLatinDigits(row.ticket).toLowerCase()];
    if (!deposit || visa === undefined || ticket === undefined) {
      errors.push(B.batchRow(line));
      continue;
    }
    if (!candidates.has(deposit)) {
      errors.push(B.batchUnknownPilgrim(line, toPersianDigits(deposit)));
      continue;
    }
    if (seen.has(deposit)) {
      errors.push(B.batchDuplicate(line, toPersianDigits(deposit)));
      continue;
    }
    seen.add(deposit);
    if (visa !== null || ticket) items.push({ depositNumber: deposit, visa, ticket, present: true });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (items.length === 0) return { ok: false, errors: [B.batchNothing] };
  return { ok: true, value: items };
}

/**
 * The caravan's visa form: for each pilgrim awaiting a visa or a ticket permit, `visa:<deposit>`
 * (issued, refused or empty) and `ticket:<deposit>` (checked). Pilgrims left empty are not sent.
 */
export function parseVisaForm(body: Body, candidates: readonly string[]): Parsed<BatchItem[]> {
  return visaItems(
    candidates.map((deposit, i) => ({
      line: i + 1,
      deposit,
      visa: text(body[`visa:${deposit}`]),
      ticket: body[`ticket:${deposit}`] === 'on' ? 'yes' : '',
    })),
    new Set(candidates),
  );
}

/**
 * The visa office's results as a CSV file (docs/hajj.md): `deposit number, visa, ticket permit` per
 * line, the visa `issued`/`refused` (صادر/رد) or empty, the permit `yes`/`no` (بله/خیر, 1/0) or
 * empty; a header line is skipped. Every row must name a pilgrim of this caravan awaiting the
 * visa or the ticket, once; one bad row refuses the file.
 */
export function parseVisaCsv(content: string, candidates: readonly string[]): Parsed<BatchItem[]> {
  const rows: { line: number; deposit: string; visa: string; ticket: string }[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: string[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || (i === 0 && !/^[\d۰-۹"]/.test(line))) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (cells.length < 2 || cells.length > 3) errors.push(B.batchRow(toPersianDigits(i + 1)));
    else rows.push({ line: i + 1, deposit: cells[0], visa: cells[1], ticket: cells[2] ?? '' });
  });
  const parsed = visaItems(rows, new Set(candidates));
  if (errors.length > 0) return { ok: false, errors: [...errors, ...(parsed.ok ? [] : parsed.errors)] };
  return parsed;
}

export interface DispatchForm {
  flight: { number: string; date: string; airport: string; minutesNumber: string };
  items: BatchItem[];
}

/**
 * The caravan's dispatch form (صورتجلسه اعزام): flight number, flight date (YYYY-MM-DD), airport,
 * the minutes' number, and `present:<deposit>` checked for each pilgrim who flies; the others are
 * recorded as absent.
 */
export function parseDispatchForm(body: Body, candidates: readonly string[]): Parsed<DispatchForm> {
  const number = toLatinDigits(text(body.flightNumber)).toUpperCase();
  const date = parseIsoDate(toLatinDigits(text(body.flightDate)));
  const airport = text(body.airport);
  const minutesNumber = toLatinDigits(text(body.minutesNumber));
  if (
    !/^[A-Z0-9][A-Z0-9 -]{0,19}$/.test(number) ||
    !date ||
    !airport ||
    airport.length > 100 ||
    !/^[\w/-]{1,30}$/.test(minutesNumber)
  )
    return { ok: false, errors: [B.flightForm] };
  if (candidates.length === 0) return { ok: false, errors: [B.batchEmpty] };
  return {
    ok: true,
    value: {
      flight: { number, date, airport, minutesNumber },
      items: candidates.map((deposit) => ({
        depositNumber: deposit,
        visa: null,
        ticket: false,
        present: body[`present:${deposit}`] === 'on',
      })),
    },
  };
}

/**
 * The agent's trip services form: for each kind, `<kind>:what` (required when any of the kind's
 * fields is filled), `:place`, `:time`, `:contact`. A kind left empty is not offered.
 */
export function parseTripServices(
  body: Body,
  journeyKind?: string,
): Parsed<TripService[]> & { values: TripService[] } {
  // A kind of service the caravan's journey kind has not (the Umrah's Tashriq days) is refused.
  const offered = tripServiceKindsFor(journeyKindOf(journeyKind));
  const values = offered.map((kind: TripServiceKind) => ({
    kind,
    what: text(body[`${kind}:what`]),
    place: text(body[`${kind}:place`]),
    time: text(body[`${kind}:time`]),
    contact: text(body[`${kind}:contact`]),
  }));
  const errors: string[] = TRIP_SERVICE_KINDS.filter(
    (kind) =>
      !offered.includes(kind) &&
      (['what', 'place', 'time', 'contact'] as const).some((f) => text(body[`${kind}:${f}`])),
  ).map((kind) => HAJJ_KIND_MESSAGES.serviceNotOffered(HAJJ_TRIP_SERVICE_LABELS[kind]));
  const services = values.filter((s) => s.what || s.place || s.time || s.contact);
  for (const s of services) {
    const tooLong = (Object.keys(TRIP_SERVICE_LIMITS) as (keyof typeof TRIP_SERVICE_LIMITS)[]).some(
      (field) => s[field].length > TRIP_SERVICE_LIMITS[field],
    );
    if (!s.what || tooLong) errors.push(B.servicesForm(HAJJ_TRIP_SERVICE_LABELS[s.kind]));
  }
  return errors.length > 0 ? { ok: false, errors, values } : { ok: true, value: services, values };
}
