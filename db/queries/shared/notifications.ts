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
  /**
   * `relay`: recorded where nothing sends it (the web); the worker's notification relay delivers
   * it. Without it, the activity that records a notice sends it.
   */
  deliverBy?: 'relay';
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
  deliver_by: n.deliverBy ?? null,
});

/**
 * Records a notification once per dedupe key and returns it with whether it has been sent, so a
 * retried activity sends what an earlier attempt recorded but did not deliver.
 */
export async function recordNotification(
  db: Db,
  n: OutgoingNotification,
): Promise<{ id: number; sent: boolean }> {
  // A new notice is written and its id returned in one round trip; only a retry reads the row.
  const [inserted] = await db('notifications')
    .insert(toRow(n))
    .onConflict('dedupe_key')
    .ignore()
    .returning('id');
  if (inserted) return { id: inserted.id, sent: false };
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

/** Long enough for a relay to send a whole claimed batch (10 s a message at most); a relay that died frees its rows after it. */
const RELAY_CLAIM_SECONDS = 120;

/**
 * Claims unsent notifications meant for the relay (`deliver_by = 'relay'`), oldest first. Each row
 * goes to one relay: others running at once skip the rows it locks and claims (SKIP LOCKED), and
 * see its claim until it ends; a failed send's row waits out the claim its failure set.
 */
export async function claimRelayNotifications(
  db: Db,
  limit: number,
): Promise<(OutgoingNotification & { id: number })[]> {
  const { rows } = await db.raw(
    `with claimable as (
       select id from notifications
        where deliver_by = 'relay' and sent_at is null
          and (claimed_until is null or claimed_until < now())
        order by id
        limit ?
        for update skip locked)
     update notifications n
        set claimed_until = now() + make_interval(secs => ?)
       from claimable
      where n.id = claimable.id
     returning n.id, n.dedupe_key, n.channel, n.recipient, n.subject, n.body, n.tracking_code`,
    [limit, RELAY_CLAIM_SECONDS],
  );
  return (
    rows as {
      id: string | number;
      dedupe_key: string;
      channel: OutgoingNotification['channel'];
      recipient: string;
      subject: string | null;
      body: string;
      tracking_code: string | null;
    }[]
  )
    .map((r) => ({
      id: Number(r.id),
      dedupeKey: r.dedupe_key,
      channel: r.channel,
      recipient: r.recipient,
      subject: r.subject,
      body: r.body,
      trackingCode: r.tracking_code,
      deliverBy: 'relay' as const,
    }))
    .sort((a, b) => a.id - b.id);
}

/** A relay's send failed: tried again once `retryMs` has passed (by this relay or another). */
export async function markRelayNotificationFailed(
  db: Db,
  id: number,
  error: string,
  retryMs: number,
): Promise<void> {
  await db('notifications')
    .where({ id })
    .update({
      attempts: db.raw('attempts + 1'),
      last_error: error.slice(0, 1000),
      claimed_until: db.raw('now() + make_interval(secs => ?)', [retryMs / 1000]),
    });
}
