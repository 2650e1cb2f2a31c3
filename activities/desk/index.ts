import { ApplicationFailure } from '@temporalio/activity';
import Handlebars from 'handlebars';
import type { Db } from '../../db';
import { loadCalendarSettings } from '../../db/queries/shared/calendar';
import {
  caseIdentity,
  caseRouting,
  citizenContact,
  recordIdentity,
  type CaseRouting,
} from '../../db/queries/desk/cases';
import {
  markNotificationSent,
  recordNotification,
  type OutgoingNotification,
} from '../../db/queries/shared/notifications';
import {
  applyCaseEvent,
  recordedAssignee,
  type CaseEvent,
  type CaseSnapshot,
} from '../../db/queries/desk/projection';
import { caseTimings, type CaseTimings } from '../../db/queries/shared/settings';
import { raiseIncident, resolveIncident, type IncidentReport } from '../../db/queries/shared/incidents';
import {
  assignmentCandidate,
  escalationRecipients,
  leastLoadedHandler,
  provinceSupervisor,
} from '../../db/queries/shared/staff';
import { assigneeRefusal, transferRefusal } from '../../domain/desk/access';
import {
  addBusinessDays,
  businessDaysBetween,
  type CalendarSettings,
} from '../../domain/shared/businessCalendar';
import type { Desk } from '../../domain/desk/caseStatus';
import { toPersianDigits } from '../../domain/shared/digits';
import { fullName, identityMatches } from '../../domain/shared/identity';
import {
  formatJalaliDate,
  formatJalaliDateTime,
  parseJalaliDate,
  tehranParts,
} from '../../domain/shared/jalali';
import { NOTIFICATION_TEMPLATES, type NotificationKind } from '../../domain/desk/copy';
import type { NotificationChannel } from '../integrations/notifications';
import { failPermanentErrorsAtOnce } from '../shared/permanent';
import { staffNotifier } from '../shared/staffNotices';
import type { CivilRegistry } from '../integrations/registry';

export interface ActivityDeps {
  db: Db;
  registry: CivilRegistry;
  sms: NotificationChannel;
  email: NotificationChannel;
  /** Where citizens track their case, for the links in notifications. */
  publicUrl: string;
  /** The national code's hash key: the deposit import stores each deposit's keyed hash. */
  nationalCodeHashKey?: string;
}

export type CitizenNotice = Extract<
  NotificationKind,
  'received' | 'rejected' | 'info-requested' | 'answered' | 'closed' | 'unanswered-by-citizen'
>;
export type StaffNotice =
  | { kind: 'assigned' | 'reminder' | 'objected' | 'supplemented'; staffId: number }
  | { kind: 'escalated'; level: number; province: string; desk: Desk };

/** One notice of a step, sent with the step's others by `notifyAll`. */
export type StepNotice =
  | { to: 'citizen'; kind: CitizenNotice; key: string; dueAt?: string }
  | { to: 'staff'; notice: StaffNotice; key: string; dueAt?: string };

export interface Deadline {
  dueAt: string;
  /** When the assignee is reminded: the start of the deadline's working day. */
  remindAt: string;
}

const templates = Object.fromEntries(
  Object.entries(NOTIFICATION_TEMPLATES).map(([kind, t]) => [
    kind,
    { subject: Handlebars.compile(t.subject), body: Handlebars.compile(t.body, { noEscape: true }) },
  ]),
) as Record<NotificationKind, { subject: Handlebars.TemplateDelegate; body: Handlebars.TemplateDelegate }>;

function render(kind: NotificationKind, vars: Record<string, string>) {
  return { subject: templates[kind].subject(vars), body: templates[kind].body(vars) };
}

const hoursToMs = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h * 60 + m) * 60_000;
};

/**
 * The case workflow's side effects. Each is small and safe to retry: writes are keyed so that a
 * second run finds its work done.
 */
export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  const trackUrl = `${deps.publicUrl.replace(/\/$/, '')}/track`;
  /** The business calendar as admins have it now, around `from`: each deadline sees their latest edits. */
  const calendar = (from: string): Promise<CalendarSettings> => loadCalendarSettings(db, new Date(from));

  const notifyStaffMembers = staffNotifier(deps);

  async function send(channel: NotificationChannel, n: OutgoingNotification) {
    const recorded = await recordNotification(db, n);
    if (recorded.sent) return;
    await channel.send(n);
    await markNotificationSent(db, recorded.id);
  }

  async function dueAfter(fromIso: string, businessDays: number): Promise<Deadline> {
    const settings = await calendar(fromIso);
    const dueAt = addBusinessDays(new Date(fromIso), businessDays, settings);
    const workingDay = hoursToMs(settings.workEnd) - hoursToMs(settings.workStart);
    return {
      dueAt: dueAt.toISOString(),
      remindAt: new Date(Math.max(Date.parse(fromIso), dueAt.getTime() - workingDay)).toISOString(),
    };
  }

  const activities = failPermanentErrorsAtOnce({
    async loadCase(trackingCode: string): Promise<CaseRouting & CaseTimings> {
      const [routing, timings] = await Promise.all([caseRouting(db, trackingCode), caseTimings(db)]);
      return { ...routing, ...timings };
    },

    /**
     * The case's first step (behind `case-lean-steps`): its routing keys and timings, and the
     * 'received' entry written with them (the snapshot's province and desk are the case's).
     */
    async openCase(
      trackingCode: string,
      received: Omit<CaseEvent, 'trackingCode'>,
    ): Promise<CaseRouting & CaseTimings> {
      const [routing, timings] = await Promise.all([caseRouting(db, trackingCode), caseTimings(db)]);
      await applyCaseEvent(db, {
        ...received,
        trackingCode,
        snapshot: { ...received.snapshot, province: routing.province, desk: routing.desk },
      });
      return { ...routing, ...timings };
    },

    /**
     * Routing in one step (behind `case-lean-steps`): the least-loaded handler and the first
     * deadline, then the entries `before` (identity-verified) and `routed`, whose snapshot and data
     * get the assignee and the deadline found here. Retried, the entries are keyed by their seq, and
     * a 'routed' entry an earlier attempt wrote keeps its assignee (the loads may have moved since).
     */
    async routeCase(r: {
      routing: { province: string; desk: Desk };
      from: string;
      businessDays: number;
      before: CaseEvent[];
      routed: CaseEvent;
    }): Promise<{ assignee: number | null; deadline: Deadline }> {
      const [recorded, leastLoaded, deadline] = await Promise.all([
        recordedAssignee(db, r.routed.trackingCode, r.routed.seq),
        leastLoadedHandler(db, r.routing.province, r.routing.desk),
        dueAfter(r.from, r.businessDays),
      ]);
      const assignee = recorded === undefined ? leastLoaded : recorded;
      for (const e of r.before) await applyCaseEvent(db, e);
      const snapshot: CaseSnapshot = { ...r.routed.snapshot, assignedTo: assignee, dueAt: deadline.dueAt };
      await applyCaseEvent(db, { ...r.routed, data: { ...r.routed.data, assignedTo: assignee }, snapshot });
      return { assignee, deadline };
    },

    /**
     * Checks the citizen against the civil registry. A registry that cannot answer makes this
     * throw, and Temporal retries it; only a definite answer returns.
     */
    async verifyIdentity(trackingCode: string): Promise<'match' | 'mismatch'> {
      const kase = await caseIdentity(db, trackingCode);
      const birthDate = kase && parseJalaliDate(kase.birthDate);
      if (!kase || !birthDate) throw ApplicationFailure.nonRetryable(`case ${trackingCode} has no identity`);
      const person = await deps.registry.lookup(kase.nationalCode);
      if (!person || !identityMatches(person, birthDate)) return 'mismatch';
      await recordIdentity(db, trackingCode, fullName(person), person.gender);
      return 'match';
    },

    async assignHandler(routing: { province: string; desk: Desk }): Promise<number | null> {
      return leastLoadedHandler(db, routing.province, routing.desk);
    },

    async supervisorOf(province: string): Promise<number | null> {
      return provinceSupervisor(db, province);
    },

    /** Why this staff member may not be given the case (domain/desk/access.ts), or null. */
    async checkAssignee(c: {
      staffId: number;
      province: string;
      desk: Desk;
      confidential: boolean;
    }): Promise<string | null> {
      return assigneeRefusal(await assignmentCandidate(db, c.staffId), c);
    },

    /** Why the case may not go to this province and desk (domain/desk/access.ts), or null. */
    async checkTransfer(c: {
      kase: { province: string; desk: Desk; confidential: boolean };
      target: { province: string; desk: string };
    }): Promise<string | null> {
      const known = await db('provinces').where({ slug: c.target.province }).first('slug');
      return transferRefusal(c.kase, c.target, Boolean(known));
    },

    /** Opens (or updates) the workflow's incident for operators: its step failed permanently. */
    async raiseIncident(incident: IncidentReport): Promise<void> {
      await raiseIncident(db, incident);
    },

    async resolveIncident(workflowId: string): Promise<void> {
      await resolveIncident(db, workflowId);
    },

    /** The deadline `businessDays` business days after `fromIso`, on the calendar as it is now. */
    async computeDueAt(fromIso: string, businessDays: number): Promise<Deadline> {
      return dueAfter(fromIso, businessDays);
    },

    /** Whole business days left until a deadline, for pausing the clock while the citizen answers. */
    async businessDaysLeft(fromIso: string, dueAtIso: string): Promise<number> {
      return Math.max(1, businessDaysBetween(new Date(fromIso), new Date(dueAtIso), await calendar(fromIso)));
    },

    async recordEvent(event: CaseEvent): Promise<void> {
      await applyCaseEvent(db, event);
    },

    /** Tells the citizen by SMS and, when given, email; `key` makes each notice go out once. */
    async notifyCitizen(
      trackingCode: string,
      kind: CitizenNotice,
      key: string,
      dueAt?: string,
    ): Promise<void> {
      const contact = await citizenContact(db, trackingCode);
      if (!contact) return;
      // The answer's deadline, for 'received': the workflow has set it (and recorded it) by then;
      // a case without one yet gets it from the calendar as the workflow counts it.
      const answerDue =
        kind === 'received'
          ? (contact.dueAt ??
            addBusinessDays(new Date(), contact.slaBusinessDays, await calendar(new Date().toISOString())))
          : undefined;
      const text = render(kind, {
        code: toPersianDigits(trackingCode),
        trackUrl,
        dueAt: dueAt ? formatJalaliDateTime(new Date(dueAt)) : '',
        dueDate: answerDue ? formatJalaliDate(tehranParts(new Date(answerDue))) : '',
        slaDays: toPersianDigits(contact.slaBusinessDays),
      });
      const base = { ...text, trackingCode };
      await send(deps.sms, { ...base, dedupeKey: `${key}:sms`, channel: 'sms', recipient: contact.mobile });
      if (contact.email) {
        await send(deps.email, {
          ...base,
          dedupeKey: `${key}:email`,
          channel: 'email',
          recipient: contact.email,
        });
      }
    },

    /**
     * Tells staff about a case: its assignee, or the recipients of an escalation; on the notices
     * page and through the channels each chose (activities/shared/staffNotices.ts).
     */
    async notifyStaff(trackingCode: string, notice: StaffNotice, key: string, dueAt?: string): Promise<void> {
      const recipients =
        notice.kind === 'escalated'
          ? await escalationRecipients(db, notice.province, notice.desk, notice.level)
          : [notice.staffId];
      const text = render(notice.kind, {
        code: toPersianDigits(trackingCode),
        level: notice.kind === 'escalated' ? toPersianDigits(notice.level) : '',
        dueAt: dueAt ? formatJalaliDateTime(new Date(dueAt)) : '',
      });
      await notifyStaffMembers(recipients, {
        ...text,
        key,
        kind: notice.kind === 'reminder' || notice.kind === 'escalated' ? 'deadline' : 'work',
        trackingCode,
      });
    },

    /**
     * The notices of one step in one activity (behind `case-lean-steps`): each is keyed as when sent
     * alone, so a retry sends only those not yet delivered; one that fails does not stop the others.
     */
    async notifyAll(trackingCode: string, notices: StepNotice[]): Promise<void> {
      const failures: unknown[] = [];
      for (const n of notices) {
        const sending =
          n.to === 'citizen'
            ? activities.notifyCitizen(trackingCode, n.kind, n.key, n.dueAt)
            : activities.notifyStaff(trackingCode, n.notice, n.key, n.dueAt);
        await sending.catch((err: unknown) => failures.push(err));
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1)
        throw new AggregateError(
          failures,
          `${failures.length} notices of case ${trackingCode} not delivered`,
        );
    },
  });
  return activities;
}

export type CaseActivities = ReturnType<typeof createActivities>;
