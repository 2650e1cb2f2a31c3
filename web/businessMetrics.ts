import client from 'prom-client';
import type { Db } from '../db';
import { notificationsNotSent, openCasesByLevel, outboxNotStarted } from '../db/queries/shared/metrics';
import { OPEN_STATUSES } from '../domain/desk/caseStatus';

const CHANNELS = ['sms', 'email'] as const;

/**
 * What an operator watches besides the runtime: open cases by status and escalation level, and
 * work that should drain by itself (workflows not yet started from the outbox, SMS and email not
 * yet sent). One cheap query each (db/queries/shared/metrics.ts), run at every scrape.
 */
export function businessMetrics(db: Db): client.Registry {
  const registry = new client.Registry();
  new client.Gauge({
    name: 'service_desk_open_cases',
    help: 'Open cases by status and escalation level',
    labelNames: ['status', 'escalation_level'],
    registers: [registry],
    async collect() {
      const rows = await openCasesByLevel(db);
      this.reset();
      for (const status of OPEN_STATUSES) this.set({ status, escalation_level: '0' }, 0);
      for (const row of rows)
        this.set({ status: row.status, escalation_level: String(row.escalation_level) }, row.n);
    },
  });
  new client.Gauge({
    name: 'service_desk_outbox_not_started',
    help: 'Stored submissions whose workflow has not been started yet (the relay starts them)',
    registers: [registry],
    async collect() {
      this.set(await outboxNotStarted(db));
    },
  });
  new client.Gauge({
    name: 'service_desk_notifications_not_sent',
    help: 'SMS and email recorded but not yet delivered to the gateway, by channel',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      for (const [channel, n] of await notificationsNotSent(db, CHANNELS)) this.set({ channel }, n);
    },
  });
  return registry;
}
