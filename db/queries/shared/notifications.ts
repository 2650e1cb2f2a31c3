import type { Db } from '../..';

export interface OutgoingNotification {
  dedupeKey: string;
  channel: 'sms' | 'email' | 'inbox';
  recipient: string;
  subject: string | null;
  body: string;
  trackingCode: string | null;
  /** The staff member a staff notice is for (its in-app row and each channel's). */
  staffId?: number;
  /** The pilgrim's journey a staff notice is about. */
  depositNumber?: string;
}

const toRow = (n: OutgoingNotification) => ({
  dedupe_key: n.dedupeKey,
  channel: n.channel,
  recipient: n.recipient,
  subject: n.subject,
  body: n.body,
  tracking_code: n.trackingCode,
  staff_id: n.staffId ?? null,
  deposit_number: n.depositNumber ?? null,
});

/**
 * Records a notification once per dedupe key and returns it with whether it has been sent, so a
 * retried activity sends what an earlier attempt recorded but did not deliver.
 */
export async function recordNotification(
  db: Db,
  n: OutgoingNotification,
): Promise<{ id: number; sent: boolean }> {
  await db('notifications').insert(toRow(n)).onConflict('dedupe_key').ignore();
  const row = await db('notifications').where({ dedupe_key: n.dedupeKey }).first('id', 'sent_at');
  return { id: row.id, sent: row.sent_at !== null };
}

/**
 * Records many notifications at once, each once per dedupe key, and returns those not yet sent (a
 * retried batch sends only what an earlier attempt did not deliver).
 */
export async function recordNotifications(
  db: Db,
  list: OutgoingNotification[],
): Promise<(OutgoingNotification & { id: number })[]> {
  if (list.length === 0) return [];
  await db('notifications').insert(list.map(toRow)).onConflict('dedupe_key').ignore();
  const unsent = await db('notifications')
    .whereIn(
      'dedupe_key',
      list.map((n) => n.dedupeKey),
    )
    .whereNull('sent_at')
    .select('id', 'dedupe_key');
  const byKey = new Map(list.map((n) => [n.dedupeKey, n]));
  return unsent.map((row) => ({ ...byKey.get(row.dedupe_key)!, id: row.id }));
}

export async function markNotificationsSent(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db('notifications').whereIn('id', ids).update({ sent_at: db.fn.now() });
}

export async function markNotificationSent(db: Db, id: number): Promise<void> {
  await db('notifications').where({ id }).update({ sent_at: db.fn.now() });
}

export async function latestNotifications(db: Db, limit = 100) {
  return db('notifications').orderBy('id', 'desc').limit(limit).select();
}
