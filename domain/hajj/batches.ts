/**
 * A caravan's batches (seed 002, "dispatch"): headquarters sends the caravan's pilgrims to the visa
 * office together, enters the visa results and ticket permits for the caravan at once, and the
 * agent (or the province office) records the flight with its minutes (صورتجلسه اعزام). A workflow
 * sends each pilgrim's journey its steps at a bounded pace. Pure: pages and workflow share it.
 */
import { awaitedStep, stageIndex, type JourneyStage, type JourneyStepName } from './journey';

export const BATCH_KINDS = ['visa-request', 'visa', 'dispatch'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** One pilgrim's line of a batch. */
export interface BatchItem {
  depositNumber: string;
  /** visa: the visa office's result, or null when it came earlier (a ticket permit alone). */
  visa: 'issued' | 'refused' | null;
  /** visa: the ticket permit was issued. */
  ticket: boolean;
  /** dispatch: false for an absentee, who flies with nobody and is sent nothing. */
  present: boolean;
}

/** The stages a batch of a kind takes its pilgrims from. */
export const BATCH_STAGES: Record<BatchKind, readonly JourneyStage[]> = {
  'visa-request': ['visa-request'],
  visa: ['visa', 'ticket'],
  dispatch: ['dispatch'],
};

export interface BatchStep {
  step: JourneyStepName;
  visa?: 'issued' | 'refused';
  flightRecord?: string;
}

/**
 * The steps a batch's item sends its journey, in order, from the stage the journey is at now: steps
 * it has recorded already are left out (a re-sent chunk), so is anything past a refused visa.
 */
export function batchSteps(
  kind: BatchKind,
  item: BatchItem,
  stage: JourneyStage,
  flightRecord: string | null,
): BatchStep[] {
  const all: BatchStep[] = [];
  if (kind === 'visa-request') all.push({ step: 'visa-request' });
  if (kind === 'visa') {
    if (item.visa) all.push({ step: 'visa', visa: item.visa });
    if (item.ticket && item.visa !== 'refused') all.push({ step: 'ticket' });
  }
  if (kind === 'dispatch' && item.present && flightRecord) all.push({ step: 'dispatch', flightRecord });
  const awaited = awaitedStep(stage);
  const from = all.findIndex((s) => s.step === awaited);
  if (from >= 0) return all.slice(from);
  // The journey is past every step of the item (sent before) or not yet at them: nothing to send.
  return [];
}

/** Whether a journey at `stage` has recorded every step of the item already. */
export function batchItemDone(kind: BatchKind, item: BatchItem, stage: JourneyStage): boolean {
  const last: Record<BatchKind, JourneyStage> = {
    'visa-request': 'visa',
    visa: item.visa === 'refused' ? 'visa-refused' : item.ticket ? 'dispatch' : 'ticket',
    dispatch: 'dispatched',
  };
  const target = last[kind];
  if (target === 'visa-refused') return stage === 'visa-refused';
  return stage !== 'visa-refused' && stage !== 'cancelled' && stageIndex(stage) >= stageIndex(target);
}

/** The flight minutes' number a dispatched journey records: the minutes and the flight, as one text. */
export function flightRecordOf(minutesNumber: string, flightNumber: string): string {
  return `${minutesNumber} / ${flightNumber}`.slice(0, 50);
}

/** Pilgrims whose steps are sent per second by default: the visa office's and our workers' pace. */
export const BATCH_PER_SECOND = 10;

/** The caravan's trip services (خدمات ایام سفر), in the guide's order. */
export const TRIP_SERVICE_KINDS = [
  'catering',
  'logistics',
  'intra-city',
  'inter-city',
  'tashriq',
  'medical',
  'insurance',
] as const;
export type TripServiceKind = (typeof TRIP_SERVICE_KINDS)[number];

/** Lengths of a trip service's fields: what, where, when, who to call. */
export const TRIP_SERVICE_LIMITS = { what: 300, place: 200, time: 100, contact: 100 } as const;

/** A deposit import's workflow ID: the page, the relay and a resumed run all find the same one. */
export function depositImportWorkflowId(importId: number): string {
  return `hajj-import-${importId}`;
}

/** A caravan batch's workflow ID. */
export function batchWorkflowId(batchId: number): string {
  return `hajj-batch-${batchId}`;
}

/** A bank payment file's import workflow ID (its journeys' payment updates). */
export function paymentImportWorkflowId(importId: number): string {
  return `hajj-payments-${importId}`;
}
