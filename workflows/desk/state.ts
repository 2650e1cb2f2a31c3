import * as wf from '@temporalio/workflow';
import { ApplicationFailure, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { CaseActivities, Deadline } from '../../activities/desk';
import {
  citizenRefusal,
  staffRefusal,
  type ActionRefusal,
  type Actor,
  type CaseFacts,
  type CitizenAction,
  type StaffAction,
} from '../../domain/desk/caseActions';
import type { Desk } from '../../domain/desk/caseStatus';
import { ACTION_REJECTIONS } from '../../domain/desk/copy';
import { isExtension, isScore } from '../../domain/desk/policy';
import type { CaseSnapshot } from '../../db/queries/desk/projection';
import { orUndo } from '../shared/incidents';
import * as kit from '../shared/kit';
import { Notices, Timeline, now } from '../shared/kit';
import * as sa from '../shared/searchAttributes';
import type * as m from './messages';

type Steps = ActivityInterfaceFor<CaseActivities>;
type Notice = Parameters<CaseActivities['notifyStaff']>[1];
type CitizenNotice = Parameters<CaseActivities['notifyCitizen']>[1];

/** What the workflow reads of its case first: routing keys and timings, never personal data. */
export type CaseRecord = Awaited<ReturnType<CaseActivities['loadCase']>>;

/** Levels of escalation: 1 the province supervisor, 2 headquarters and the Inspection Office. */
export const MAX_ESCALATION_LEVEL = 2;
/** Staff ids are PostgreSQL integers: a larger one could name nobody. */
const MAX_STAFF_ID = 2 ** 31 - 1;

interface CountedDeadline extends Deadline {
  from: string;
  days: number;
}

/** The case's course beside its view: what an update may change, and is put back if it fails. */
interface Course {
  answeredAt: string | null;
  closedAt: string | null;
  remindAt: string | null;
  reminded: boolean;
  /** Bumped by every new deadline, so a wait on the old one knows to start over. */
  deadlineVersion: number;
  /** Business days the expert had left when the citizen was asked for information. */
  daysLeftWhenPaused: number;
  objectionPending: boolean;
  /** How the current deadline was counted, so a change of the holiday calendar can count it again. */
  counted: { from: string; days: number } | null;
}

/**
 * A validator's refusal: the update is rejected (nothing of it enters the history) with the Persian
 * reason the pages show, and its code as the failure's type.
 */
const refuse = (code: ActionRefusal | null) => {
  if (code)
    throw ApplicationFailure.create({ message: ACTION_REJECTIONS[code], type: code, nonRetryable: true });
};

const refusalText = (code: ActionRefusal | null) => (code ? ACTION_REJECTIONS[code] : null);

/**
 * A refusal found by the handler rather than the validator: the update fails, the case goes on.
 * The failure is in the history, so it keeps its shape (type `Refused`, the Persian reason).
 */
const refuseUpdate = (reason: string | null) => {
  if (reason) throw ApplicationFailure.create({ message: reason, type: 'Refused', nonRetryable: true });
};

/**
 * One case's state and its transitions: the course the workflow runs (caseWorkflow) and the staff's
 * and the citizen's actions (its updates), each checked by the rules the pages use
 * (domain/desk/caseActions.ts), each written to the timeline with the state's snapshot.
 */
export class CaseState {
  readonly view: m.CaseView;
  readonly course: Course = {
    answeredAt: null,
    closedAt: null,
    remindAt: null,
    reminded: false,
    deadlineVersion: 0,
    daysLeftWhenPaused: 1,
    objectionPending: false,
    counted: null,
  };
  /** Loaded first thing (`load`). */
  kase!: CaseRecord;
  readonly notices = new Notices();
  /**
   * Cases started from `case-lean-steps` on run their first steps as fewer local activities (the
   * 'received' entry with the case's loading, routing with its entries), send a step's notices in
   * one activity and upsert only the search attributes that changed (docs/architecture.md).
   */
  readonly lean = wf.patched('case-lean-steps');
  private readonly timeline = new Timeline(
    () => [
      { key: sa.CaseStatus, value: this.view.status },
      { key: sa.Province, value: this.view.province },
      { key: sa.AssignedTo, value: this.view.assignedTo === null ? null : String(this.view.assignedTo) },
      { key: sa.EscalationLevel, value: this.view.escalationLevel },
      { key: sa.DueAt, value: this.view.dueAt ? new Date(this.view.dueAt) : null },
    ],
    this.lean,
  );
  private readonly steps: Steps;
  private readonly kept: Steps;
  private readonly notifications: Steps;
  /** Ordinary activities: the identity check after its first attempts. */
  readonly remote: Steps;

  constructor(
    readonly trackingCode: string,
    { steps, kept, notifications, remote }: kit.Steps<CaseActivities>,
  ) {
    this.steps = steps;
    this.kept = kept;
    this.notifications = notifications;
    this.remote = remote;
    this.view = {
      trackingCode,
      status: 'received',
      province: '',
      desk: 'province',
      assignedTo: null,
      escalationLevel: 0,
      dueAt: null,
      infoDueAt: null,
      answeredBy: null,
      rated: false,
      objected: false,
    };
  }

  // ——— The timeline, deadlines and notices ———

  private snapshot(): CaseSnapshot {
    const { view, course } = this;
    return {
      status: view.status,
      province: view.province,
      desk: view.desk,
      assignedTo: view.assignedTo,
      escalationLevel: view.escalationLevel,
      dueAt: view.dueAt,
      answeredAt: course.answeredAt,
      answeredBy: view.answeredBy,
      closedAt: course.closedAt,
    };
  }

  /** Writes a timeline entry and the case's new state to the projection the pages read. */
  record(
    kind: string,
    isPublic: boolean,
    extra: { actorStaffId?: number; messageId?: string; data?: Record<string, unknown> } = {},
    via: Pick<Steps, 'recordEvent'> = this.kept,
  ): Promise<void> {
    return this.timeline.record((seq, at) =>
      via.recordEvent({
        trackingCode: this.trackingCode,
        seq,
        kind,
        public: isPublic,
        at,
        ...extra,
        snapshot: this.snapshot(),
      }),
    );
  }

  /** The number of the last timeline entry, which keys the notices it caused. */
  get seq(): number {
    return this.timeline.seq;
  }

  notifyStaff(notice: Notice, key: string, dueAt?: string): void {
    const { trackingCode } = this;
    this.notices.send(
      dueAt === undefined
        ? this.notifications.notifyStaff(trackingCode, notice, `${trackingCode}:${key}`)
        : this.notifications.notifyStaff(trackingCode, notice, `${trackingCode}:${key}`, dueAt),
      { trackingCode },
    );
  }

  notifyCitizen(kind: CitizenNotice, key: string, dueAt?: string): void {
    const { trackingCode } = this;
    this.notices.send(
      dueAt === undefined
        ? this.notifications.notifyCitizen(trackingCode, kind, `${trackingCode}:${key}`)
        : this.notifications.notifyCitizen(trackingCode, kind, `${trackingCode}:${key}`, dueAt),
      { trackingCode },
    );
  }

  /** Tells the assignee (if any) they were given the case, keyed by the entry that says so. */
  private notifyAssigned(staffId: number | null): void {
    if (staffId !== null) this.notifyStaff({ kind: 'assigned', staffId }, `assigned:${this.seq}`);
  }

  private async deadlineAfter(
    from: string,
    days: number,
    via: Pick<Steps, 'computeDueAt'> = this.kept,
  ): Promise<CountedDeadline> {
    return { ...(await via.computeDueAt(from, days)), from, days };
  }

  private setDeadline(d: CountedDeadline): void {
    this.course.counted = { from: d.from, days: d.days };
    this.view.dueAt = d.dueAt;
    this.course.remindAt = d.remindAt;
    this.course.reminded = false;
    this.course.deadlineVersion++;
  }

  /** An update's change: undone, and the caller told so, if one of its steps fails permanently. */
  private change(run: () => Promise<void>): Promise<m.CaseView> {
    const view = { ...this.view };
    const course = { ...this.course };
    const restore = () => {
      Object.assign(this.view, view);
      Object.assign(this.course, course);
      this.timeline.publish();
    };
    return orUndo(restore, ACTION_REJECTIONS.stepFailed, async () => {
      await run();
      return this.view;
    });
  }

  // ——— The case's course ———

  /** Received: the routing keys are read, the search attributes and memo set, the first entry written. */
  async load(): Promise<void> {
    if (this.lean) return this.open();
    const kase = await this.kept.loadCase(this.trackingCode);
    this.kase = kase;
    this.view.province = kase.province;
    this.view.desk = kase.desk;
    wf.upsertSearchAttributes([
      { key: sa.TrackingCode, value: this.trackingCode },
      { key: sa.Subject, value: kase.subject },
      { key: sa.NationalCodeHash, value: kase.nationalCodeHash },
    ]);
    wf.upsertMemo({ summary: `${kase.subject}/${kase.subSubject} · ${kase.province} · ${kase.desk}` });
    await this.record('received', true);
  }

  /** `load` in one step: the case read and its 'received' entry written, then one upsert. */
  private async open(): Promise<void> {
    const { seq, at } = this.timeline.stamp();
    const kase = await this.kept.openCase(this.trackingCode, {
      seq,
      kind: 'received',
      public: true,
      at,
      snapshot: this.snapshot(),
    });
    this.kase = kase;
    this.view.province = kase.province;
    this.view.desk = kase.desk;
    this.timeline.publish([
      { key: sa.TrackingCode, value: this.trackingCode },
      { key: sa.Subject, value: kase.subject },
      { key: sa.NationalCodeHash, value: kase.nationalCodeHash },
    ]);
    wf.upsertMemo({ summary: `${kase.subject}/${kase.subSubject} · ${kase.province} · ${kase.desk}` });
  }

  /**
   * The identity is verified and the case routed: in one step (`lean`), the entries
   * 'identity-verified' and 'routed' written with the assignment and the deadline; else each apart.
   */
  async verifiedAndRouted(): Promise<void> {
    if (!this.lean) {
      await this.record('identity-verified', true);
      return this.route();
    }
    const { trackingCode, view } = this;
    const verified = { trackingCode, kind: 'identity-verified', public: true, ...this.timeline.stamp() };
    const routed = { trackingCode, kind: 'routed', public: true, ...this.timeline.stamp() };
    const from = now();
    const { assignee, deadline } = await this.kept.routeCase({
      routing: { province: view.province, desk: view.desk },
      from,
      businessDays: this.kase.slaBusinessDays,
      before: [{ ...verified, snapshot: this.snapshot() }],
      routed: { ...routed, snapshot: { ...this.snapshot(), status: 'routed' } },
    });
    view.assignedTo = assignee;
    this.setDeadline({ ...deadline, from, days: this.kase.slaBusinessDays });
    view.status = 'routed';
    this.timeline.publish();
    this.notices.send(
      this.notifications.notifyAll(trackingCode, [
        { to: 'citizen', kind: 'received', key: `${trackingCode}:received` },
        ...(assignee === null
          ? []
          : [
              {
                to: 'staff' as const,
                notice: { kind: 'assigned' as const, staffId: assignee },
                key: `${trackingCode}:assigned:${this.seq}`,
              },
            ]),
      ]),
      { trackingCode },
    );
  }

  async awaitIdentity(): Promise<void> {
    this.view.status = 'awaiting-identity';
    await this.record('awaiting-identity', true);
  }

  /** The registry says the national code and birth date do not match: the case ends here. */
  async reject(): Promise<void> {
    this.view.status = 'rejected';
    this.course.closedAt = now();
    await this.record('rejected', true);
    this.notifyCitizen('rejected', 'rejected');
  }

  /** To the province's desk (or the Inspection Office), its least-loaded expert, and the first deadline. */
  async route(): Promise<void> {
    const [assignee, firstDeadline] = await Promise.all([
      this.kept.assignHandler(this.kase),
      this.deadlineAfter(now(), this.kase.slaBusinessDays),
    ]);
    this.view.assignedTo = assignee;
    this.setDeadline(firstDeadline);
    this.view.status = 'routed';
    await this.record('routed', true, { data: { assignedTo: this.view.assignedTo } });
    this.notifyCitizen('received', 'received');
    this.notifyAssigned(assignee);
  }

  /** The reminder before the deadline, to the assignee if there is one. */
  async remind(version: number): Promise<void> {
    const { view } = this;
    this.course.reminded = true;
    if (view.assignedTo === null) return;
    await this.record('reminder', false);
    this.notifyStaff({ kind: 'reminder', staffId: view.assignedTo }, `reminder:${version}`, view.dueAt!);
  }

  /** A missed deadline: one level up, and a new deadline. */
  async escalate(): Promise<void> {
    const { view } = this;
    view.escalationLevel++;
    this.setDeadline(await this.deadlineAfter(now(), this.kase.escalationBusinessDays));
    await this.record('escalated', false, { data: { level: view.escalationLevel } });
    this.notifyStaff(
      { kind: 'escalated', level: view.escalationLevel, province: view.province, desk: view.desk },
      `escalated:${this.course.deadlineVersion}`,
    );
  }

  /** The citizen did not answer the expert's question in time: the case closes. */
  async closeUnanswered(): Promise<void> {
    this.view.status = 'unanswered-by-citizen';
    this.course.closedAt = now();
    await this.record('unanswered-by-citizen', true);
    this.notifyCitizen('unanswered-by-citizen', 'unanswered');
  }

  /** The answer is out: the citizen is told, and has the feedback window to object; returns its end. */
  async answered(): Promise<string> {
    this.notifyCitizen('answered', `answered:${this.seq}`);
    return (await this.kept.computeDueAt(now(), this.kase.feedbackBusinessDays)).dueAt;
  }

  async close(): Promise<void> {
    this.view.status = 'closed';
    this.course.closedAt = now();
    await this.record('closed', true);
    this.notifyCitizen('closed', 'closed');
  }

  /** An objection: the case goes back to the province's supervisor at escalation level 1 at least. */
  async reopen(): Promise<void> {
    const { view, course } = this;
    course.objectionPending = false;
    const [supervisor, deadline] = await Promise.all([
      this.kept.supervisorOf(view.province),
      this.deadlineAfter(now(), this.kase.slaBusinessDays),
    ]);
    view.status = 'routed';
    view.answeredBy = null;
    course.answeredAt = null;
    view.assignedTo = supervisor ?? view.assignedTo;
    view.escalationLevel = Math.max(view.escalationLevel, 1);
    this.setDeadline(deadline);
    await this.record('reopened', false, { data: { assignedTo: view.assignedTo } });
    if (view.assignedTo !== null)
      this.notifyStaff({ kind: 'objected', staffId: view.assignedTo }, 'objected');
  }

  /** An admin changed the holiday calendar: the running deadline is counted again on the new one. */
  async recount(): Promise<void> {
    const { view, course } = this;
    const basis = course.counted;
    if (view.status !== 'routed' || basis === null) return;
    const recounted = await this.deadlineAfter(basis.from, basis.days);
    if (course.counted !== basis || view.status !== 'routed' || recounted.dueAt === view.dueAt) return;
    this.setDeadline(recounted);
    await this.record('deadline-recounted', false, { data: { dueAt: recounted.dueAt } });
  }

  // ——— The validators: the same rules the staff's and the citizen's pages ask ———

  private facts(): CaseFacts {
    const { status, assignedTo, rated, objected } = this.view;
    return { status, assignedTo, rated, objected };
  }

  /** Refuses a staff action the rules do not allow now, an action without its text, then `more`. */
  staffMay(
    action: StaffAction,
    args: { actor: Actor; messageId?: string },
    more?: () => ActionRefusal | null,
  ): void {
    refuse(staffRefusal(action, this.facts(), args.actor));
    if ('messageId' in args && !args.messageId) refuse('messageMissing');
    if (more) refuse(more());
  }

  citizenMay(action: CitizenAction, more?: () => ActionRefusal | null): void {
    refuse(citizenRefusal(action, this.facts()));
    if (more) refuse(more());
  }

  static validStaffId(staffId: number): ActionRefusal | null {
    return Number.isInteger(staffId) && staffId > 0 && staffId <= MAX_STAFF_ID ? null : 'roleNotAllowed';
  }

  validTransfer(province: string, desk: string): ActionRefusal | null {
    return !province ||
      (desk !== 'province' && desk !== 'inspection') ||
      (province === this.view.province && desk === this.view.desk)
      ? 'badTransfer'
      : null;
  }

  static validExtension(businessDays: number): ActionRefusal | null {
    return isExtension(businessDays) ? null : 'badExtension';
  }

  static validScore(score: number): ActionRefusal | null {
    return isScore(score) ? null : 'badScore';
  }

  static withText(messageId: string): ActionRefusal | null {
    return messageId ? null : 'messageMissing';
  }

  // ——— The staff's actions ———

  claim(actor: Actor): Promise<m.CaseView> {
    return this.change(async () => {
      this.view.assignedTo = actor.staffId;
      await this.record('claimed', false, { actorStaffId: actor.staffId }, this.steps);
    });
  }

  async assign(actor: Actor, staffId: number): Promise<m.CaseView> {
    const { view } = this;
    // Cases that took assignments unchecked keep replaying them; the validator cannot read the
    // staff table, so the assignee is checked here, and the state rules again after the wait.
    if (wf.patched('assign-checked')) {
      const { province, desk } = view;
      const checked = await orUndo(
        () => undefined,
        ACTION_REJECTIONS.stepFailed,
        () => this.steps.checkAssignee({ staffId, province, desk, confidential: this.kase.confidential }),
      );
      refuseUpdate(checked ?? refusalText(staffRefusal('assign', this.facts(), actor)));
      // A transfer meanwhile makes the check about another pool.
      if (view.province !== province || view.desk !== desk)
        refuseUpdate(ACTION_REJECTIONS.assigneeNotEligible);
    }
    return this.change(async () => {
      view.assignedTo = staffId;
      await this.record(
        'assigned',
        false,
        { actorStaffId: actor.staffId, data: { assignedTo: staffId } },
        this.steps,
      );
      this.notifyAssigned(staffId);
    });
  }

  reply(actor: Actor, messageId: string): Promise<m.CaseView> {
    return this.change(async () => {
      // State changes before the first await, so a second reply arriving meanwhile is refused.
      this.view.status = 'answered';
      this.view.infoDueAt = null;
      this.view.answeredBy = actor.staffId;
      this.course.answeredAt = now();
      await this.record('answered', true, { actorStaffId: actor.staffId, messageId }, this.steps);
    });
  }

  requestInfo(actor: Actor, messageId: string): Promise<m.CaseView> {
    return this.change(async () => {
      const { view } = this;
      view.status = 'info-requested';
      const [left, infoDeadline] = await Promise.all([
        this.steps.businessDaysLeft(now(), view.dueAt!),
        this.steps.computeDueAt(now(), this.kase.infoBusinessDays),
      ]);
      this.course.daysLeftWhenPaused = left;
      view.infoDueAt = infoDeadline.dueAt;
      await this.record('info-requested', true, { actorStaffId: actor.staffId, messageId }, this.steps);
      this.notifyCitizen('info-requested', `info-requested:${this.seq}`, view.infoDueAt);
    });
  }

  note(actor: Actor, messageId: string): Promise<m.CaseView> {
    return this.change(async () => {
      await this.record('note', false, { actorStaffId: actor.staffId, messageId }, this.steps);
    });
  }

  async transfer(actor: Actor, province: string, desk: Desk, messageId: string): Promise<m.CaseView> {
    const { view } = this;
    // A province that does not exist (or a confidential complaint sent to a province desk) would
    // leave the case where nobody sees it; the provinces are in the database, so checked here.
    if (wf.patched('transfer-checked')) {
      const checked = await orUndo(
        () => undefined,
        ACTION_REJECTIONS.stepFailed,
        () =>
          this.steps.checkTransfer({
            kase: { province: view.province, desk: view.desk, confidential: this.kase.confidential },
            target: { province, desk },
          }),
      );
      refuseUpdate(checked ?? refusalText(staffRefusal('transfer', this.facts(), actor)));
    }
    return this.change(async () => {
      view.province = province;
      view.desk = desk;
      view.escalationLevel = 0;
      view.assignedTo = null;
      const [assignee, deadline] = await Promise.all([
        this.steps.assignHandler({ province, desk }),
        this.deadlineAfter(now(), this.kase.slaBusinessDays, this.steps),
      ]);
      view.assignedTo = assignee;
      this.setDeadline(deadline);
      await this.record(
        'transferred',
        false,
        { actorStaffId: actor.staffId, messageId, data: { province, desk } },
        this.steps,
      );
      this.notifyAssigned(assignee);
    });
  }

  extend(actor: Actor, businessDays: number, messageId: string): Promise<m.CaseView> {
    return this.change(async () => {
      this.setDeadline(await this.deadlineAfter(this.view.dueAt!, businessDays, this.steps));
      await this.record(
        'extended',
        false,
        { actorStaffId: actor.staffId, messageId, data: { businessDays } },
        this.steps,
      );
    });
  }

  // ——— The citizen's actions ———

  supplement(messageId: string): Promise<m.CaseView> {
    return this.change(async () => {
      // The clock runs again with the business days the expert had left.
      this.view.status = 'routed';
      this.view.infoDueAt = null;
      this.setDeadline(await this.deadlineAfter(now(), this.course.daysLeftWhenPaused, this.steps));
      await this.record('supplemented', true, { messageId }, this.steps);
      // The assignee hears that the citizen answered; cases supplemented before this told no one.
      if (wf.patched('supplement-notice') && this.view.assignedTo !== null)
        this.notifyStaff({ kind: 'supplemented', staffId: this.view.assignedTo }, `supplemented:${this.seq}`);
    });
  }

  rate(score: number): Promise<m.CaseView> {
    return this.change(async () => {
      this.view.rated = true;
      await this.record('rated', true, { data: { score } }, this.steps);
    });
  }

  object(messageId: string): Promise<m.CaseView> {
    return this.change(async () => {
      this.view.objected = true;
      this.course.objectionPending = true;
      await this.record('objected', true, { messageId }, this.steps);
    });
  }
}
