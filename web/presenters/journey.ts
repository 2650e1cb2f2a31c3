import type { RoundNotice } from '../../db/queries/hajj/rounds';
import { HAJJ_JOURNEY_PAGE, HAJJ_STEP_LABELS } from '../../domain/hajj/copy';
import { awaitedStep, JOURNEY_STEPS, type JourneyStage, type JourneyStep } from '../../domain/hajj/journey';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDateTime } from '../../domain/shared/jalali';

const rials = (value: bigint) => toPersianDigits(String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '٬'));

/** The step the journey waits for now: booking until a seat is held, then each step in turn; none at an end. */
export function currentStep(stage: JourneyStage | undefined): JourneyStep | null {
  if (!stage) return null;
  if (stage === 'called' || stage === 'booking') return 'booking';
  return awaitedStep(stage);
}

/**
 * The journey's step indicator (an ordered list; the current step has aria-current="step"): each
 * step done (with its date), current, or still to do.
 */
export function journeySteps(stage: JourneyStage | undefined, doneAt: Record<string, string>) {
  const current = currentStep(stage);
  return JOURNEY_STEPS.map((step, i) => {
    const state = doneAt[step] ? 'done' : step === current ? 'current' : 'todo';
    return {
      number: toPersianDigits(i + 1),
      label: HAJJ_STEP_LABELS[step],
      state,
      current: state === 'current',
      stateLabel:
        state === 'done'
          ? HAJJ_JOURNEY_PAGE.stepDone
          : state === 'current'
            ? HAJJ_JOURNEY_PAGE.stepCurrent
            : HAJJ_JOURNEY_PAGE.stepTodo,
      doneAt: doneAt[step] ? formatJalaliDateTime(new Date(doneAt[step])) : '',
    };
  });
}

/**
 * What the pilgrim pays: the caravan's price less the deposit already paid, until the payment is
 * recorded (then what was paid).
 */
export function journeyAmounts(
  c: { priceRials?: string | null; paidRials?: string | null },
  depositRials: bigint,
) {
  if (!c.priceRials) return undefined;
  const price = BigInt(c.priceRials);
  const payable = price > depositRials ? price - depositRials : 0n;
  return {
    price: rials(price),
    deposit: rials(depositRials),
    payable: rials(payable),
    paid: c.paidRials ? rials(BigInt(c.paidRials)) : '',
  };
}

/** While queued: how far the last call-up round reached (the deposits it called up to). */
export function lastRoundReach(notices: RoundNotice[]): string {
  const last = notices[0];
  if (!last) return HAJJ_JOURNEY_PAGE.noRoundYet;
  return HAJJ_JOURNEY_PAGE.lastRoundReach(
    formatJalaliDateTime(new Date(last.openedAt)),
    rials(BigInt(last.called)),
    formatJalaliDateTime(new Date(last.calledThrough)),
  );
}

export const JOURNEY_PAGE_LABELS = HAJJ_JOURNEY_PAGE;
