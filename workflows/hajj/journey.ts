import * as wf from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/desk';
import type { JourneyActivities, JourneyNoticeVars } from '../../activities/hajj';
import {
  amountDue,
  awaitedStep,
  ENDED_STAGES,
  journeyRefusal,
  journeyWorkflowId,
  parseRials,
  passportValidFor,
  stageAfter,
  type JourneyActor,
  type JourneyStage,
  type JourneyStepName,
  type SettlementReason,
} from '../../domain/hajj/journey';
import { HAJJ_REJECTIONS, type HajjNotificationKind } from '../../domain/hajj/copy';
import * as m from './messages';
import type { JourneyInput } from './messages';
import { DATABASE_STEPS, LOCAL_DATABASE_STEPS, NOTICE_RETRY } from '../shared/activityOptions';
import { incidents, orUndo } from '../shared/incidents';
import { noticeFailed } from '../shared/notices';
import * as sa from '../shared/searchAttributes';

type Activities = CaseActivities & JourneyActivities;

const activities = wf.proxyActivities<Activities>(DATABASE_STEPS);

/**
 * The short database steps (the projection, seats, deadlines) as local activities. A round starts
 * journeys by the thousand, so each one's first task is all the server sees until a booking.
 */
const localSteps = wf.proxyLocalActivities<Activities>(LOCAL_DATABASE_STEPS);

const notifications = wf.proxyActivities<Activities>({ startToCloseTimeout: '1m', retry: NOTICE_RETRY });

/** Caravan ids are PostgreSQL integers: a larger one names no caravan. */
const MAX_ROW_ID = 2 ** 31 - 1;

const refuse = (reason: keyof typeof HAJJ_REJECTIONS | null) => {
  if (reason) throw new Error(HAJJ_REJECTIONS[reason]);
};

/**
 * One called-up pilgrim's Hajj Tamattu journey, in the guide's order: booking a caravan (the seat
 * held for some business days, freed if the registration is not made final), the registration
 * steps at the caravan office, visa, ticket and dispatch; or a cancellation with its refund, an
 * unfit medical result or a refused visa. Each step is an update by the role that does it, checked
 * by a validator; each awaited step has a deadline with a reminder.
 */
export async function journeyWorkflow({ depositNumber, call }: JourneyInput): Promise<JourneyStage> {
  // Journeys started before the local steps keep replaying their remote ones, and their own call
  // notice; later ones hear of the call from the round that calls them.
  const localPath = wf.patched('journey-local-steps');
  const steps = localPath ? localSteps : activities;
  // The journey's own course waits out a permanent failure as an incident, and so does an update's
  // step after its effect on the seats or the deposit is made; before it, the update is undone.
  const kept = incidents(journeyWorkflowId(depositNumber), 'journey').persistent(steps);
  const view: m.JourneyView = {
    depositNumber,
    stage: 'called',
    caravan: null,
    bookingId: null,
    heldUntil: null,
    dueAt: null,
    steps: {},
    paidRials: '0',
    receiptNumber: null,
    refund: null,
  };
  let seq = 0;
  let bookings = 0;
  let endReason: string | null = null;
  let afterVisaRequest = false;
  const inFlight: Promise<unknown>[] = [];

  const now = () => new Date().toISOString();
  const msUntil = (iso: string) => Math.max(Date.parse(iso) - Date.now(), 1);
  const publish = () =>
    wf.upsertSearchAttributes([
      { key: sa.JourneyStage, value: view.stage },
      { key: sa.Caravan, value: view.caravan?.code ?? null },
      { key: sa.Province, value: view.caravan?.province ?? null },
    ]);
  const record = (
    kind: string,
    extra: { actorStaffId?: number; data?: Record<string, unknown> } = {},
    via: Pick<Activities, 'recordJourneyEvent'> = kept,
  ) => {
    publish();
    return via.recordJourneyEvent({
      depositNumber,
      seq: ++seq,
      kind,
      at: now(),
      ...extra,
      snapshot: {
        stage: view.stage,
        caravanId: view.caravan?.id ?? null,
        heldUntil: view.heldUntil,
        dueAt: view.dueAt,
        steps: view.steps,
        paidRials: view.paidRials,
        endReason,
      },
    });
  };
  /** Sends without waiting; the journey ends only after every notice is settled. */
  const notifyPilgrim = (kind: HajjNotificationKind, key: string, vars: JourneyNoticeVars = {}) =>
    inFlight.push(
      notifications
        .notifyPilgrim(depositNumber, kind, `${depositNumber}:${key}`, vars)
        .catch(noticeFailed({ depositNumber, kind })),
    );
  const notifyAgent = (kind: HajjNotificationKind, key: string, vars: JourneyNoticeVars = {}) => {
    const agent = view.caravan?.agentStaffId;
    if (agent)
      inFlight.push(
        notifications
          .notifyStaffMember(agent, kind, `${depositNumber}:${key}`, vars)
          .catch(noticeFailed({ depositNumber, kind, staffId: agent })),
      );
  };
  const facts = () => ({
    stage: view.stage,
    caravanProvince: view.caravan?.province ?? null,
    caravanAgent: view.caravan?.agentStaffId ?? null,
  });

  /** The stage (and booking) the current deadline belongs to, and whether its reminder went out. */
  let dueFor: string | null = null;
  let reminded = false;
  /** The awaited step's deadline on the business calendar as admins have it now. */
  const newDeadline = async (via: Pick<Activities, 'computeDueAt'> = kept) => {
    dueFor = `${view.stage}:${bookings}`;
    reminded = false;
    view.dueAt = (await via.computeDueAt(now(), pilgrim.stepBusinessDays)).dueAt;
  };

  /** An update's change: undone, and the caller told so, if a step fails before its effect. */
  const change = <T>(run: () => Promise<T>) => {
    const before = { ...view, steps: { ...view.steps } };
    const rest = { endReason, afterVisaRequest, dueFor, reminded };
    const restore = () => {
      Object.assign(view, before);
      ({ endReason, afterVisaRequest, dueFor, reminded } = rest);
      publish();
    };
    return orUndo(restore, HAJJ_REJECTIONS.stepFailed, run);
  };

  wf.setHandler(m.journeyViewQuery, () => view);

  wf.setHandler(
    m.bookUpdate,
    ({ actor, caravanId }) =>
      change(async () => {
        // The stage changes before the first await, so a second booking meanwhile is refused.
        view.stage = 'held';
        const hold = await steps.computeDueAt(now(), pilgrim.holdBusinessDays);
        const result = await steps.holdSeat({
          requestKey: `${depositNumber}:${++bookings}`,
          depositNumber,
          caravanId,
          channel: actor ? 'office' : 'online',
          bookedBy: actor?.staffId ?? null,
          province: null,
          heldUntil: hold.dueAt,
        });
        if (!result.ok) {
          view.stage = 'booking';
          throw ApplicationFailure.create({ message: HAJJ_REJECTIONS[result.reason], nonRetryable: true });
        }
        view.caravan = {
          id: result.caravan.id,
          code: result.caravan.code,
          province: result.caravan.province,
          agentStaffId: result.caravan.agentStaffId,
          flightDate: result.caravan.flightDate,
          priceRials: result.caravan.priceRials,
        };
        view.bookingId = result.bookingId;
        view.heldUntil = hold.dueAt;
        view.dueAt = hold.dueAt;
        view.steps.booking = now();
        await record('held', {
          actorStaffId: actor?.staffId,
          data: { caravanId, channel: actor ? 'office' : 'online' },
        });
        notifyPilgrim('held', `held:${bookings}`, { caravan: result.caravan.name, dueAt: hold.dueAt });
        return view;
      }),
    {
      validator: ({ actor, caravanId }) => {
        if (view.stage !== 'booking') refuse(view.stage === 'held' ? 'alreadyBooked' : 'wrongStage');
        if (actor && actor.role !== 'agent') refuse('roleNotAllowed');
        if (!Number.isInteger(caravanId) || caravanId < 1 || caravanId > MAX_ROW_ID) refuse('caravanUnknown');
      },
    },
  );

  const checkStep = (args: m.StepArgs) => {
    refuse(journeyRefusal(args.step, facts(), args.actor));
    switch (args.step) {
      case 'documents':
        if (!args.nationalCard || !args.birthCertificate) refuse('documentsMissing');
        if (!args.passportExpiry || !/^\d{4}-\d{2}-\d{2}$/.test(args.passportExpiry)) refuse('passportDate');
        if (!passportValidFor(args.passportExpiry!, view.caravan!.flightDate)) refuse('passportTooShort');
        break;
      case 'payment': {
        const paid = parseRials(args.paidRials ?? '');
        const due = amountDue(BigInt(view.caravan!.priceRials), BigInt(pilgrim.depositRials));
        if (paid === null || paid !== due) refuse('paymentAmount');
        break;
      }
      case 'medical':
        if (args.medical !== 'fit' && args.medical !== 'unfit') refuse('medicalResult');
        break;
      case 'visa':
        if (args.visa !== 'issued' && args.visa !== 'refused') refuse('visaResult');
        break;
      case 'dispatch':
        if (!args.flightRecord?.trim() || args.flightRecord.length > 50) refuse('flightRecord');
        break;
    }
  };

  /**
   * Settles the deposit as a cancellation does (the guide): the document made stable, its principal
   * blocked and the rest refunded, in one receipt; the seat goes back to the caravan.
   */
  const settle = async (reason: SettlementReason, actor: JourneyActor) => {
    const receipt = await steps.cancelJourney({
      depositNumber,
      bookingId: view.bookingId,
      staffId: actor.staffId,
      role: actor.role,
      afterVisaRequest,
      paymentsRials: view.paidRials === '0' ? [] : [view.paidRials],
      reason,
    });
    view.receiptNumber = receipt.receiptNumber;
    view.refund = {
      paidRials: receipt.paidRials,
      blockedRials: receipt.blockedRials,
      refundRials: receipt.refundRials,
    };
    return receipt;
  };

  /**
   * A place given up before the visa request returns to the caravan, and the next pilgrim in the
   * queue may be called (the guide): a round of one, if headquarters' switch is on. Runs beside the
   * journey's end; journeys that ended before this was built call nobody.
   */
  const callReplacement = () => {
    if (afterVisaRequest || !wf.patched('journey-replacement')) return;
    inFlight.push(
      activities.callReplacement(depositNumber, wf.workflowInfo().taskQueue).catch((err) => {
        wf.log.warn('the replacement was not called', { depositNumber, error: String(err) });
      }),
    );
  };

  /**
   * Ends the journey early, without the pilgrim's choice (an unfit medical result, a refused visa):
   * settled like a cancellation, with a receipt saying why. Journeys that stopped before settlements
   * only freed the seat.
   */
  const stop = async (stage: JourneyStage, reason: SettlementReason, actor: JourneyActor) => {
    view.stage = stage;
    endReason = reason;
    view.dueAt = null;
    if (!wf.patched('journey-settlement')) {
      if (view.bookingId !== null) await steps.releaseSeat(view.bookingId, 'cancelled');
      await record(stage, { actorStaffId: actor.staffId });
      notifyPilgrim(stage as HajjNotificationKind, stage);
      return;
    }
    const receipt = await settle(reason, actor);
    await record(stage, {
      actorStaffId: actor.staffId,
      data: { receiptNumber: receipt.receiptNumber, reason, afterVisaRequest, ...view.refund },
    });
    notifyPilgrim(stage as HajjNotificationKind, stage, { receipt: receipt.receiptNumber });
    callReplacement();
  };

  wf.setHandler(
    m.stepUpdate,
    (args) =>
      change(async () => {
        const step: JourneyStepName = args.step;
        const stageBefore = view.stage;
        view.stage = stageAfter(step);
        view.steps[step] = now();
        if (step === 'documents') {
          view.heldUntil = null;
          await steps.finalizeBooking(view.bookingId!);
        }
        if (step === 'payment') view.paidRials = parseRials(args.paidRials!)!.toString();
        if (step === 'visa-request') afterVisaRequest = true;
        if (step === 'medical' && args.medical === 'unfit') {
          await stop('unfit', 'medical', args.actor);
          return view;
        }
        if (step === 'visa' && args.visa === 'refused') {
          await stop('visa-refused', 'visa', args.actor);
          return view;
        }
        // Once the booking is final, the step is kept to be recorded whatever happens.
        const via = step === 'documents' ? kept : steps;
        if (view.stage === 'dispatched') view.dueAt = null;
        else await newDeadline(via);
        await record(
          step,
          {
            actorStaffId: args.actor.staffId,
            data: {
              from: stageBefore,
              ...(args.medical ? { medical: args.medical } : {}),
              ...(args.visa ? { visa: args.visa } : {}),
              ...(args.flightRecord ? { flightRecord: args.flightRecord } : {}),
              ...(args.passportExpiry ? { passportExpiry: args.passportExpiry } : {}),
            },
          },
          via,
        );
        if (view.stage === 'dispatched')
          notifyPilgrim('dispatched', 'dispatched', { caravan: view.caravan!.code });
        return view;
      }),
    { validator: checkStep },
  );

  wf.setHandler(
    m.cancelUpdate,
    ({ actor }) =>
      change(async () => {
        view.stage = 'cancelled';
        endReason = 'cancelled';
        view.dueAt = null;
        const receipt = await settle('cancelled', actor);
        await record('cancelled', {
          actorStaffId: actor.staffId,
          data: { receiptNumber: receipt.receiptNumber, afterVisaRequest, ...view.refund },
        });
        notifyPilgrim('cancelled', 'cancelled', { receipt: receipt.receiptNumber });
        notifyAgent('cancelled', 'cancelled', { receipt: receipt.receiptNumber });
        callReplacement();
        return view;
      }),
    { validator: ({ actor }) => refuse(journeyRefusal('cancel', facts(), actor)) },
  );

  const pilgrim = call?.pilgrim ?? (await kept.loadPilgrim(depositNumber));
  view.stage = 'booking';
  if (call) {
    // The round wrote the call as the journey's first event; operators find it waiting for a booking.
    wf.upsertSearchAttributes([
      { key: sa.NationalCodeHash, value: pilgrim.nationalCodeHash },
      { key: sa.JourneyStage, value: view.stage },
    ]);
    seq = 1;
    dueFor = `booking:${bookings}`;
    view.dueAt = call.dueAt;
  } else {
    wf.upsertSearchAttributes([{ key: sa.NationalCodeHash, value: pilgrim.nationalCodeHash }]);
    await newDeadline();
    await record('called');
    if (!localPath) notifyPilgrim('called', 'called');
  }

  // Read through a function: the compiler would otherwise narrow the stage to 'booking' here.
  const current = (): JourneyStage => view.stage;
  for (;;) {
    // Read the state only when no action is half-way through changing it.
    await wf.condition(wf.allHandlersFinished);
    if (ENDED_STAGES.includes(view.stage)) break;
    const stage: JourneyStage = current();
    const changed = () => view.stage !== stage;
    if (stage === 'held') {
      // The hold: the registration made final at the office in time, or the seat goes back.
      if (await wf.condition(changed, msUntil(view.heldUntil!))) continue;
      await wf.condition(wf.allHandlersFinished);
      if (current() !== 'held') continue;
      await kept.releaseSeat(view.bookingId!, 'released');
      const caravan = view.caravan!.code;
      view.stage = 'booking';
      view.caravan = null;
      view.bookingId = null;
      view.heldUntil = null;
      await newDeadline();
      await record('hold-expired', { data: { caravan } });
      notifyPilgrim('hold-expired', `hold-expired:${bookings}`, { caravan });
      continue;
    }
    const key = `${stage}:${bookings}`;
    if (dueFor !== key) await newDeadline();
    if (reminded) {
      await wf.condition(changed);
      continue;
    }
    if (await wf.condition(changed, msUntil(view.dueAt!))) continue;
    await wf.condition(wf.allHandlersFinished);
    if (current() !== stage) continue;
    // The deadline passed: remind the pilgrim and the caravan's agent once, then wait on.
    reminded = true;
    const step = awaitedStep(stage) ?? 'booking';
    await record('reminder', { data: { step } });
    notifyPilgrim('reminder', `reminder:${key}`, { step, dueAt: view.dueAt! });
    notifyAgent('reminder', `reminder:${key}`, { step, dueAt: view.dueAt! });
  }

  await Promise.all(inFlight);
  return view.stage;
}
