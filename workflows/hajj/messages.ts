import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PilgrimFacts } from '../../db/queries/hajj/journeys';
import type { JourneyActor, JourneyStage, JourneyStep, JourneyStepName } from '../../domain/hajj/journey';
import type { JourneyKind } from '../../domain/hajj/kinds';

export type { JourneyActor };

/** What the journey workflow knows, as its query and updates return it: ids, dates and amounts only. */
export interface JourneyView {
  depositNumber: string;
  /** The pilgrimage (domain/hajj/kinds.ts): the Hajj Tamattu for journeys started before the kinds. */
  kind: JourneyKind;
  stage: JourneyStage;
  caravan: {
    id: number;
    code: string;
    province: string;
    agentStaffId: number | null;
    flightDate: string;
    priceRials: string;
  } | null;
  bookingId: number | null;
  heldUntil: string | null;
  /** When the step awaited now is due; a reminder goes out when it passes. */
  dueAt: string | null;
  steps: Partial<Record<JourneyStep, string>>;
  /** Paid after the deposit (the payment slip), in rials as a decimal string. */
  paidRials: string;
  receiptNumber: string | null;
  refund: { paidRials: string; blockedRials: string; refundRials: string } | null;
}

/** A seat in a caravan: online by the pilgrim (no actor) or at the office by the caravan's agent. */
export const bookUpdate = defineUpdate<JourneyView, [{ actor: JourneyActor | null; caravanId: number }]>(
  'book',
);

export interface StepArgs {
  actor: JourneyActor;
  step: JourneyStepName;
  /** documents: both checked, and the passport's expiry (Gregorian 'YYYY-MM-DD'). */
  nationalCard?: boolean;
  birthCertificate?: boolean;
  passportExpiry?: string;
  /** payment: the amount of the paid slip, rials as a decimal string. */
  paidRials?: string;
  medical?: 'fit' | 'unfit';
  visa?: 'issued' | 'refused';
  /** dispatch: the number of the flight record (صورتجلسه اعزام). */
  flightRecord?: string;
}

export const stepUpdate = defineUpdate<JourneyView, [StepArgs]>('recordStep');
export const cancelUpdate = defineUpdate<JourneyView, [{ actor: JourneyActor }]>('cancel');
export const journeyViewQuery = defineQuery<JourneyView>('journeyView');

export interface JourneyInput {
  depositNumber: string;
  /**
   * The pilgrimage, from the deposit: a journey books only into a caravan of its kind. Journeys
   * started before the kinds have none, nor do their pilgrim's facts: they are the Hajj Tamattu's.
   */
  kind?: JourneyKind;
  /**
   * The call as the round wrote it (the "called" entry and the first deadline) with the pilgrim's
   * facts; without it, the journey looks them up and writes the call itself.
   */
  call?: { pilgrim: PilgrimFacts; dueAt: string };
}
