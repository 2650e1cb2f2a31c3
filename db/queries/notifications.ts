import type { Db } from '../index';

export interface OutgoingNotification {
  dedupeKey: string;
  channel: 'sms' | 'email' | 'inbox';
  recipient: string;
  subject: string | null;
  body: string;
  trackingCode: string | null;
}

/**
 * Records a notification once per dedupe key and returns it with whether it has been sent, so a
 * retried activity sends what an earlier attempt recorded but did not deliver.
 */
export async function recordNotification(
  db: Db,
  n: OutgoingNotification,
): Promise<{ id: number; sent: boolean }> {
  await db('notifications')
    .insert({
      dedupe_key: n.dedupeKey,
      channel: n.channel,
      recipient: n.recipient,
      subject: n.subject,
      body: n.body,
      tracking_code: n.trackingCode,
    })
    .onConflict('dedupe_key')
    .ignore();
  const row = await db('notifications').where({ dedupe_key: n.dedupeKey }).first('id', 'sent_at');
  return { id: row.id, sent: row.sent_at !== null };
}

export async function markNotificationSent(db: Db, id: number): Promise<void> {
  await db('notifications').where({ id }).update({ sent_at: db.fn.now() });
}

export async function latestNotifications(db: Db, limit = 100) {
  return db('notifications').orderBy('id', 'desc').limit(limit).select();
}
