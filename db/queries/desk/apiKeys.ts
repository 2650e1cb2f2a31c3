import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../..';
import type { CaseStatus } from '../../../domain/desk/caseStatus';

const KEY_PREFIX = 'miz_';

/**
 * A new key: 256 random bits, so a plain SHA-256 of it is enough to store (a pepper or a slow hash
 * guards guessable secrets such as passwords; nobody guesses 256 random bits).
 */
export function newApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface ApiKey {
  id: number;
  integrator: string;
  keyPrefix: string;
  requestsPerMinute: number;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Stores a new key's hash; the key itself is returned once, for the admin to hand over. */
export async function issueApiKey(
  db: Db,
  k: { integrator: string; requestsPerMinute: number; staffId: number },
): Promise<{ id: number; key: string }> {
  const key = newApiKey();
  const [{ id }] = await db('api_keys')
    .insert({
      integrator: k.integrator,
      key_hash: apiKeyHash(key),
      key_prefix: key.slice(0, KEY_PREFIX.length + 6),
      requests_per_minute: k.requestsPerMinute,
      created_by: k.staffId,
    })
    .returning('id');
  return { id, key };
}

/** Revokes a key at once; false if there is no such key or it was revoked already. */
export async function revokeApiKey(db: Db, id: number, staffId: number): Promise<boolean> {
  const n = await db('api_keys')
    .where({ id })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now(), revoked_by: staffId });
  return n > 0;
}

export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db('api_keys as k')
    .join('staff as s', 's.id', 'k.created_by')
    .orderBy([{ column: 'k.revoked_at', order: 'desc', nulls: 'first' }, 'k.integrator', 'k.id'])
    .select(
      'k.id',
      'k.integrator',
      'k.key_prefix',
      'k.requests_per_minute',
      'k.created_at',
      's.full_name',
      'k.revoked_at',
      'k.last_used_at',
    );
  return rows.map((r) => ({
    id: r.id,
    integrator: r.integrator,
    keyPrefix: r.key_prefix,
    requestsPerMinute: r.requests_per_minute,
    createdAt: r.created_at,
    createdBy: r.full_name,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** The live key a request presents, or null for an unknown or revoked one. */
export async function findLiveApiKey(
  db: Db,
  key: string,
): Promise<{ id: number; integrator: string; requestsPerMinute: number } | null> {
  const row = await db('api_keys')
    .where({ key_hash: apiKeyHash(key) })
    .whereNull('revoked_at')
    .first('id', 'integrator', 'requests_per_minute', 'last_used_at');
  if (!row) return null;
  // At most once a minute: a busy integrator should not turn every read into a write.
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000)
    await db('api_keys').where({ id: row.id }).update({ last_used_at: db.fn.now() });
  return { id: row.id, integrator: row.integrator, requestsPerMinute: row.requests_per_minute };
}

export interface IntegratorCase {
  trackingCode: string;
  subject: string;
  subSubject: string;
  status: CaseStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** The requests an integrator created through any of its keys, newest first. */
export async function integratorCases(
  db: Db,
  integrator: string,
  filter: { status?: readonly CaseStatus[]; from?: Date; to?: Date; limit: number },
): Promise<IntegratorCase[]> {
  const q = db('cases as c')
    .join('api_keys as k', 'k.id', 'c.api_key_id')
    .where('k.integrator', integrator)
    .orderBy('c.created_at', 'desc')
    .limit(filter.limit)
    .select(
      'c.tracking_code',
      'c.subject',
      'c.sub_subject',
      'c.status',
      'c.created_at',
      db.raw(
        '(select coalesce(max(e.at), c.created_at) from case_events e where e.case_id = c.id) as updated_at',
      ),
    );
  if (filter.status) q.whereIn('c.status', filter.status);
  if (filter.from) q.where('c.created_at', '>=', filter.from);
  if (filter.to) q.where('c.created_at', '<', filter.to);
  const rows = await q;
  return rows.map((r) => ({
    trackingCode: r.tracking_code,
    subject: r.subject,
    subSubject: r.sub_subject,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}
