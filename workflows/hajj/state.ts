import * as wf from '@temporalio/workflow';
import { ApplicationFailure, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/desk';
import type { JourneyActivities, JourneyNoticeVars } from '../../activities/hajj';
import type { PilgrimFacts } from '../../db/queries/hajj/journeys';
import {
  amountDue,
  awaitedStep,
  journeyRefusal,
  parseRials,
  passportValidFor,
  stageAfter,
  type JourneyActor,
  type JourneyStage,
  type JourneyStepName,
  type SettlementReason,
} from '../../domain/hajj/journey';
import { HAJJ_REJECTIONS, type HajjNotificationKind } from '../../domain/hajj/copy';
import { journeyKindOf } from '../../domain/hajj/kinds';
import { orUndo } from '../shared/incidents';
import * as kit from '../shared/kit';
import { Notices, Timeline, now } from '../shared/kit';
import * as sa from '../shared/searchAttributes';
import type * as m from './messages';

export type Activities = CaseActivities & JourneyActivities;
type Steps = ActivityInterfaceFor<Activities>;

/** Caravan ids are PostgreSQL integers: a larger one names no caravan. */
const MAX_ROW_ID = 2 ** 31 - 1;

/**
 * A validator's refusal: the update is rejected (nothing of it enters the history) with the Persian
 * reason the pages show, and its code as the failure's type.
 */
const refuse = (code: keyof typeof HAJJ_REJECTIONS | null) => {
  if (code)
    throw ApplicationFailure.create({ message: HAJJ_REJECTIONS[code], type: code, nonRetryable: true });
};

/** The journey's course beside its view: what an update may change, and is put back if it fails. */
interface Course {
  endReason: string | null;
  afterVisaRequest: boolean;
  /** The stage (and booking) the current deadline belongs to, and whether its reminder went out. */
  dueFor: string | null;
  reminded: boolean;
}

/**
 * One pilgrim's journey: its state and transitions, the course the workflow runs (journeyWorkflow)
 * and the staff's and the pilgrim's steps (its updates), each checked by the guide's rules
 * (domain/hajj/journey.ts), each written to the timeline with the state's snapshot.
 */
export class Journey {
  readonly view: m.JourneyView;
  readonly course: Course = { endReason: null, afterVisaRequest: false, dueFor: null, reminded: false };
  /** Bookings made so far: each one's request key, and the key of its deadline and notices. */
  bookings = 0;
  /** Loaded first thing (`call`). */
  pilgrim!: PilgrimFacts;
  readonly notices = new Notices();
  private readonly timeline = new Timeline(() => [
    { key: sa.JourneyStage, value: this.view.stage },
    { key: sa.Caravan, value: this.view.caravan?.code ?? null },
    { key: sa.Province, value: this.view.caravan?.province ?? null },
  ]);
  private readonly steps: Steps;
  private readonly kept: Steps;
  private readonly notifications: Steps;
  private readonly remote: Steps;

  constructor(
    readonly depositNumber: string,
    { steps, kept, notifications, remote }: kit.Steps<Activities>,
  ) {
    this.steps = steps;
    this.kept = kept;
    this.notifications = notifications;
    this.remote = remote;
    this.view = {
      depositNumber,
      kind: journeyKindOf(null),
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
  }

  /** The stage, read through a method: the compiler would otherwise keep it narrowed across awaits. */
  stage(): JourneyStage {
    return this.view.stage;
  }

  // ——— The timeline, deadlines and notices ———

  record(
    kind: string,
    extra: { actorStaffId?: number; data?: Record<string, unknown> } = {},
    via: Pick<Steps, 'recordJourneyEvent'> = this.kept,
  ): Promise<void> {
    const { view } = this;
    return this.timeline.record((seq, at) =>
      via.recordJourneyEvent({
        depositNumber: this.depositNumber,
        seq,
        kind,
        at,
        ...extra,
        snapshot: {
          stage: view.stage,
          caravanId: view.caravan?.id ?? null,
          heldUntil: view.heldUntil,
          dueAt: view.dueAt,
          steps: view.steps,
          paidRials: view.paidRials,
          endReason: this.course.endReason,
        },
      }),
    );
  }

  notifyPilgrim(kind: HajjNotificationKind, key: string, vars: JourneyNoticeVars = {}): void {
    const { depositNumber } = this;
    this.notices.send(
      this.notifications.notifyPilgrim(depositNumber, kind, `${depositNumber}:${key}`, vars),
      { depositNumber, kind },
    );
  }

  notifyAgent(kind: HajjNotificationKind, key: string, vars: JourneyNoticeVars = {}): void {
    const { depositNumber } = this;
    const agent = this.view.caravan?.agentStaffId;
    if (agent)
      this.notices.send(this.notifications.notifyStaffMember(agent, kind, `${depositNumber}:${key}`, vars), {
        depositNumber,
        kind,
        staffId: agent,
      });
  }

  /** The awaited step's deadline on the business calendar as admins have it now. */
  async newDeadline(via: Pick<Steps, 'computeDueAt'> = this.kept): Promise<void> {
    this.course.dueFor = `${this.view.stage}:${this.bookings}`;
    this.course.reminded = false;
    this.view.dueAt = (await via.computeDueAt(now(), this.pilgrim.stepBusinessDays)).dueAt;
  }

  /** An update's change: undone, and the caller told so, if a step fails before its effect. */
  private change(run: () => Promise<void>): Promise<m.JourneyView> {
    const view = { ...this.view, steps: { ...this.view.steps } };
    const course = { ...this.course };
    const restore = () => {
      Object.assign(this.view, view);
      Object.assign(this.course, course);
      this.timeline.publish();
    };
    return orUndo(restore, HAJJ_REJECTIONS.stepFailed, async () => {
      await run();
      return this.view;
    });
  }

  // ——— The journey's course ———

  /**
   * Called up: by the round, which wrote the call as the journey's first event (operators find it
   * waiting for a booking), or, for journeys started before, by itself.
   */
  async call(
    call: m.JourneyInput['call'],
    notifyCall: boolean,
    kind?: m.JourneyInput['kind'],
  ): Promise<void> {
    const { view } = this;
    this.pilgrim = call?.pilgrim ?? (await this.kept.loadPilgrim(this.depositNumber));
    // The kind changes no command: journeys from before it (none in their input nor their
    // pilgrim's facts) replay as the Hajj Tamattu they were.
    view.kind = journeyKindOf(kind ?? this.pilgrim.kind);
    view.stage = 'booking';
    if (call) {
      wf.upsertSearchAttributes([
        { key: sa.NationalCodeHash, value: this.pilgrim.nationalCodeHash },
        { key: sa.JourneyStage, value: view.stage },
      ]);
      this.timeline.seq = 1;
      this.course.dueFor = `booking:${this.bookings}`;
      view.dueAt = call.dueAt;
    } else {
      wf.upsertSearchAttributes([{ key: sa.NationalCodeHash, value: this.pilgrim.nationalCodeHash }]);
      await this.newDeadline();
      await this.record('called');
      if (notifyCall) this.notifyPilgrim('called', 'called');
    }
  }

  /** The registration was not made final at the office in time: the seat goes back to the caravan. */
  async holdExpired(): Promise<void> {
    const { view } = this;
    await this.kept.releaseSeat(view.bookingId!, 'released');
    const caravan = view.caravan!.code;
    view.stage = 'booking';
    view.caravan = null;
    view.bookingId = null;
    view.heldUntil = null;
    await this.newDeadline();
    await this.record('hold-expired', { data: { caravan } });
    this.notifyPilgrim('hold-expired', `hold-expired:${this.bookings}`, { caravan });
  }

  /** The awaited step's deadline passed: the pilgrim and the caravan's agent are reminded once. */
  async remind(stage: JourneyStage, key: string): Promise<void> {
    this.course.reminded = true;
    const step = awaitedStep(stage) ?? 'booking';
    await this.record('reminder', { data: { step } });
    this.notifyPilgrim('reminder', `reminder:${key}`, { step, dueAt: this.view.dueAt! });
    this.notifyAgent('reminder', `reminder:${key}`, { step, dueAt: this.view.dueAt! });
  }

  /**
   * Settles the deposit as a cancellation does (the guide): the document made stable, its principal
   * blocked and the rest refunded, in one receipt; the seat goes back to the caravan.
   */
  private async settle(reason: SettlementReason, actor: JourneyActor) {
    const { view } = this;
    const receipt = await this.steps.cancelJourney({
      depositNumber: this.depositNumber,
      bookingId: view.bookingId,
      staffId: actor.staffId,
      role: actor.role,
      afterVisaRequest: this.course.afterVisaRequest,
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
  }

  /**
   * A place given up before the visa request returns to the caravan, and the next pilgrim in the
   * queue may be called (the guide): a round of one, if headquarters' switch is on. Runs beside the
   * journey's end; journeys that ended before this was built call nobody.
   */
  private callReplacement(): void {
    if (this.course.afterVisaRequest || !wf.patched('journey-replacement')) return;
    const { depositNumber } = this;
    this.notices.beside(
      this.remote.callReplacement(depositNumber, wf.workflowInfo().taskQueue).catch((err) => {
        wf.log.warn('the replacement was not called', { depositNumber, error: String(err) });
      }),
    );
  }

  /**
   * Ends the journey early, without the pilgrim's choice (an unfit medical result, a refused visa):
   * settled like a cancellation, with a receipt saying why. Journeys that stopped before settlements
   * only freed the seat.
   */
  private async stop(stage: JourneyStage, reason: SettlementReason, actor: JourneyActor): Promise<void> {
    const { view } = this;
    view.stage = stage;
    this.course.endReason = reason;
    view.dueAt = null;
    if (!wf.patched('journey-settlement')) {
      if (view.bookingId !== null) await this.steps.releaseSeat(view.bookingId, 'cancelled');
      await this.record(stage, { actorStaffId: actor.staffId });
      this.notifyPilgrim(stage as HajjNotificationKind, stage);
      return;
    }
    const receipt = await this.settle(reason, actor);
    await this.record(stage, {
      actorStaffId: actor.staffId,
      data: {
        receiptNumber: receipt.receiptNumber,
        reason,
        afterVisaRequest: this.course.afterVisaRequest,
        ...view.refund,
      },
    });
    this.notifyPilgrim(stage as HajjNotificationKind, stage, { receipt: receipt.receiptNumber });
    this.callReplacement();
  }

  // ——— The validators ———

  private facts() {
    const { stage, caravan } = this.view;
    return { stage, caravanProvince: caravan?.province ?? null, caravanAgent: caravan?.agentStaffId ?? null };
  }

  mayBook({ actor, caravanId }: { actor: JourneyActor | null; caravanId: number }): void {
    const { stage } = this.view;
    if (stage !== 'booking') refuse(stage === 'held' ? 'alreadyBooked' : 'wrongStage');
    if (actor && actor.role !== 'agent') refuse('roleNotAllowed');
    if (!Number.isInteger(caravanId) || caravanId < 1 || caravanId > MAX_ROW_ID) refuse('caravanUnknown');
  }

  mayRecordStep(args: m.StepArgs): void {
    refuse(journeyRefusal(args.step, this.facts(), args.actor));
    const { caravan } = this.view;
    switch (args.step) {
      case 'documents':
        if (!args.nationalCard || !args.birthCertificate) refuse('documentsMissing');
        if (!args.passportExpiry || !/^\d{4}-\d{2}-\d{2}$/.test(args.passportExpiry)) refuse('passportDate');
        if (!passportValidFor(args.passportExpiry!, caravan!.flightDate)) refuse('passportTooShort');
        break;
      case 'payment': {
        const paid = parseRials(args.paidRials ?? '');
        const due = amountDue(BigInt(caravan!.priceRials), BigInt(this.pilgrim.depositRials));
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
  }

  mayCancel({ actor }: { actor: JourneyActor }): void {
    refuse(journeyRefusal('cancel', this.facts(), actor));
  }

  // ——— The steps of the pilgrim and the staff ———

  /** A seat in a caravan, held for some business days: online by the pilgrim or at the office. */
  book(actor: JourneyActor | null, caravanId: number): Promise<m.JourneyView> {
    return this.change(async () => {
      const { view, depositNumber } = this;
      // The stage changes before the first await, so a second booking meanwhile is refused.
      view.stage = 'held';
      const hold = await this.steps.computeDueAt(now(), this.pilgrim.holdBusinessDays);
      const result = await this.steps.holdSeat({
        requestKey: `${depositNumber}:${++this.bookings}`,
        depositNumber,
        caravanId,
        channel: actor ? 'office' : 'online',
        bookedBy: actor?.staffId ?? null,
        province: null,
        heldUntil: hold.dueAt,
        kind: view.kind,
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
      await this.record('held', {
        actorStaffId: actor?.staffId,
        data: { caravanId, channel: actor ? 'office' : 'online' },
      });
      this.notifyPilgrim('held', `held:${this.bookings}`, {
        caravan: result.caravan.name,
        dueAt: hold.dueAt,
      });
    });
  }

  /** A step of the registration, the visa, the ticket or the dispatch, by the role that does it. */
  recordStep(args: m.StepArgs): Promise<m.JourneyView> {
    return this.change(async () => {
      const { view } = this;
      const step: JourneyStepName = args.step;
      const stageBefore = view.stage;
      view.stage = stageAfter(step);
      view.steps[step] = now();
      if (step === 'documents') {
        view.heldUntil = null;
        await this.steps.finalizeBooking(view.bookingId!);
      }
      if (step === 'payment') view.paidRials = parseRials(args.paidRials!)!.toString();
      if (step === 'visa-request') this.course.afterVisaRequest = true;
      if (step === 'medical' && args.medical === 'unfit') return this.stop('unfit', 'medical', args.actor);
      if (step === 'visa' && args.visa === 'refused') return this.stop('visa-refused', 'visa', args.actor);
      // Once the booking is final, the step is kept to be recorded whatever happens.
      const via = step === 'documents' ? this.kept : this.steps;
      if (view.stage === 'dispatched') view.dueAt = null;
      else await this.newDeadline(via);
      await this.record(
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
        this.notifyPilgrim('dispatched', 'dispatched', { caravan: view.caravan!.code });
    });
  }

  /** The pilgrim gives up the journey: settled with a receipt, the place perhaps given to the next. */
  cancel(actor: JourneyActor): Promise<m.JourneyView> {
    return this.change(async () => {
      const { view } = this;
      view.stage = 'cancelled';
      this.course.endReason = 'cancelled';
      view.dueAt = null;
      const receipt = await this.settle('cancelled', actor);
      await this.record('cancelled', {
        actorStaffId: actor.staffId,
        data: {
          receiptNumber: receipt.receiptNumber,
          afterVisaRequest: this.course.afterVisaRequest,
          ...view.refund,
        },
      });
      this.notifyPilgrim('cancelled', 'cancelled', { receipt: receipt.receiptNumber });
      this.notifyAgent('cancelled', 'cancelled', { receipt: receipt.receiptNumber });
      this.callReplacement();
    });
  }
}
