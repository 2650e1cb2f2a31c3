import * as wf from '@temporalio/workflow';
import { ENDED_STAGES, journeyWorkflowId, type JourneyStage } from '../../domain/hajj/journey';
import { handlersFinished, msUntil, stepsOf } from '../shared/kit';
import * as m from './messages';
import type { JourneyInput } from './messages';
import { Journey, type Activities } from './state';

/**
 * One called-up pilgrim's journey, a Hajj Tamattu's or an Umrah's (its kind, which has the same
 * steps and books only its own kind's caravans), in the guide's order: booking a caravan (the seat
 * held for some business days, freed if the registration is not made final), the registration
 * steps at the caravan office, visa, ticket and dispatch; or a cancellation with its refund, an
 * unfit medical result or a refused visa. Each step is an update by the role that does it, checked
 * by a validator; each awaited step has a deadline with a reminder. The state and its transitions
 * are Journey's (workflows/hajj/state.ts); this is the process.
 */
export async function journeyWorkflow({ depositNumber, call, kind }: JourneyInput): Promise<JourneyStage> {
  // Journeys started before the local steps keep replaying their remote ones, and their own call
  // notice; later ones hear of the call from the round that calls them. The journey's own course
  // waits out a permanent failure as an incident, and so does an update's step after its effect on
  // the seats or the deposit is made; before it, the update is undone.
  const steps = stepsOf<Activities>(journeyWorkflowId(depositNumber), 'journey', 'journey-local-steps');
  const journey = new Journey(depositNumber, steps);

  wf.setHandler(m.journeyViewQuery, () => journey.view);
  wf.setHandler(m.bookUpdate, ({ actor, caravanId }) => journey.book(actor, caravanId), {
    validator: (args) => journey.mayBook(args),
  });
  wf.setHandler(m.stepUpdate, (args) => journey.recordStep(args), {
    validator: (args) => journey.mayRecordStep(args),
  });
  wf.setHandler(m.cancelUpdate, ({ actor }) => journey.cancel(actor), {
    validator: (args) => journey.mayCancel(args),
  });

  // Called up, and waiting for a booking.
  await journey.call(call, !steps.local, kind);

  // Each stage waits for its step until the journey ends: a held seat until the hold's end, the
  // others until their deadline, then a reminder once.
  const { view, course } = journey;
  for (;;) {
    // Read the state only when no action is half-way through changing it.
    await handlersFinished();
    if (ENDED_STAGES.includes(view.stage)) break;
    const stage = journey.stage();
    const changed = () => view.stage !== stage;
    if (stage === 'held') {
      // The hold: the registration made final at the office in time, or the seat goes back.
      if (await wf.condition(changed, msUntil(view.heldUntil!))) continue;
      await handlersFinished();
      if (journey.stage() !== 'held') continue;
      await journey.holdExpired();
      continue;
    }
    const key = `${stage}:${journey.bookings}`;
    if (course.dueFor !== key) await journey.newDeadline();
    if (course.reminded) {
      await wf.condition(changed);
      continue;
    }
    if (await wf.condition(changed, msUntil(view.dueAt!))) continue;
    await handlersFinished();
    if (journey.stage() !== stage) continue;
    // The deadline passed: remind the pilgrim and the caravan's agent once, then wait on.
    await journey.remind(stage, key);
  }

  await journey.notices.settled();
  return view.stage;
}
