import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db';
import {
  caseIdentity,
  caseRouting,
  citizenContact,
  recordIdentity,
  type CaseRouting,
} from '../db/queries/cases';
import { markNotificationSent, recordNotification } from '../db/queries/notifications';
import { applyCaseEvent, type CaseEvent } from '../db/queries/projection';
import { caseTimings, type CaseTimings } from '../db/queries/settings';
import { escalationRecipients, leastLoadedHandler } from '../db/queries/staff';
import { addBusinessDays, DEFAULT_CALENDAR_SETTINGS } from '../domain/businessCalendar';
import { fullName, identityMatches } from '../domain/identity';
import { parseJalaliDate } from '../domain/jalali';
import { NOTIFICATIONS } from '../domain/messages';
import { outboxOnly, type NotificationChannel } from './notifications';
import type { CivilRegistry } from './registry';

export interface ActivityDeps {
  db: Db;
  registry: CivilRegistry;
  sms: NotificationChannel;
  email: NotificationChannel;
  /** Where citizens track their case, for the links in notifications. */
  publicUrl: string;
}

export type CitizenNotice = 'received' | 'rejected' | 'answered';
export type StaffNotice =
  { kind: 'assigned'; staffId: number } | { kind: 'escalated'; level: number; province: string };

/**
 * The case workflow's side effects. Each is small and safe to retry: writes are keyed so that a
 * second run finds its work done.
 */
export function createActivities(deps: ActivityDeps) {
  const { db } = deps;

  async function send(channel: NotificationChannel, n: Parameters<typeof recordNotification>[1]) {
    const recorded = await recordNotification(db, n);
    if (recorded.sent) return;
    await channel.send(n);
    await markNotificationSent(db, recorded.id);
  }

  return {
    async loadCase(trackingCode: string): Promise<CaseRouting & CaseTimings> {
      const [routing, timings] = await Promise.all([caseRouting(db, trackingCode), caseTimings(db)]);
      return { ...routing, ...timings };
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

    async assignHandler(routing: CaseRouting): Promise<number | null> {
      return leastLoadedHandler(db, routing.province, routing.desk);
    },

    /** The deadline `businessDays` business days after `fromIso`, on the calendar as it is now. */
    async computeDueAt(fromIso: string, businessDays: number): Promise<string> {
      return addBusinessDays(new Date(fromIso), businessDays, DEFAULT_CALENDAR_SETTINGS).toISOString();
    },

    async recordEvent(event: CaseEvent): Promise<void> {
      await applyCaseEvent(db, event);
    },

    /** Tells the citizen by SMS and, when given, email; `key` makes each notice go out once. */
    async notifyCitizen(trackingCode: string, notice: CitizenNotice, key: string): Promise<void> {
      const contact = await citizenContact(db, trackingCode);
      if (!contact) return;
      const trackUrl = `${deps.publicUrl.replace(/\/$/, '')}/track`;
      const text =
        notice === 'answered'
          ? NOTIFICATIONS.answered(trackingCode, trackUrl)
          : NOTIFICATIONS[notice](trackingCode);
      const base = { subject: text.subject, body: text.body, trackingCode };
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

    /** Tells staff about a case: its new assignee, or the recipients of an escalation. */
    async notifyStaff(trackingCode: string, notice: StaffNotice, key: string): Promise<void> {
      const recipients =
        notice.kind === 'assigned'
          ? [notice.staffId]
          : await escalationRecipients(db, notice.province, notice.level);
      const text =
        notice.kind === 'assigned'
          ? NOTIFICATIONS.assigned(trackingCode)
          : NOTIFICATIONS.escalated(trackingCode, notice.level);
      for (const staffId of recipients) {
        // Staff read their notices in the staff pages; the row is the notice itself.
        await send(outboxOnly, {
          dedupeKey: `${key}:staff:${staffId}`,
          channel: 'inbox',
          recipient: `staff:${staffId}`,
          subject: text.subject,
          body: text.body,
          trackingCode,
        });
      }
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
