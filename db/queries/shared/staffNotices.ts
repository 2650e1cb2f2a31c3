import type { Db } from '../..';
import type { StaffRole } from '../../../domain/desk/caseStatus';
import type { NoticeChoice } from '../../../domain/shared/staffNotices';

/** How to reach a staff member: their contacts and the channels they chose (null: their role's default). */
export interface NoticeRecipient {
  id: number;
  role: StaffRole;
  email: string | null;
  mobile: string | null;
  noticeChannels: string[] | null;
}

/** The active ones of these staff members, as the notices need them. */
export async function noticeRecipients(db: Db, ids: number[]): Promise<NoticeRecipient[]> {
  if (ids.length === 0) return [];
  return db('staff')
    .whereIn('id', ids)
    .where({ active: true })
    .orderBy('id')
    .select('id', 'role', 'email', 'mobile', 'notice_channels as noticeChannels');
}

export async function noticeRecipient(db: Db, id: number): Promise<NoticeRecipient | undefined> {
  return (await noticeRecipients(db, [id]))[0];
}

export async function saveNoticeChoices(db: Db, staffId: number, choices: NoticeChoice[]): Promise<void> {
  await db('staff').where({ id: staffId }).update({ notice_channels: choices });
}

export interface StaffNotice {
  id: number;
  subject: string | null;
  body: string;
  trackingCode: string | null;
  depositNumber: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A staff member's in-app notices, newest first, one page at a time (keyset on id). */
export async function listStaffNotices(
  db: Db,
  staffId: number,
  page: { beforeId?: number; limit?: number } = {},
): Promise<{ rows: StaffNotice[]; nextBeforeId: number | null }> {
  const limit = page.limit ?? 50;
  const q = db('notifications')
    .where({ staff_id: staffId, channel: 'inbox' })
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .select(
      'id',
      'subject',
      'body',
      'tracking_code as trackingCode',
      'deposit_number as depositNumber',
      'created_at as createdAt',
      'read_at as readAt',
    );
  if (page.beforeId) q.where('id', '<', page.beforeId);
  const rows: StaffNotice[] = (await q).map((r) => ({ ...r, id: Number(r.id) }));
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { rows: shown, nextBeforeId: more ? shown[shown.length - 1].id : null };
}

/**
 * Unread in-app notices, counted up to `cap` (the menu shows «۹۹+» beyond): one scan of the
 * partial index of unread rows (migration 014), bounded however many an admin has let pile up.
 */
export async function unreadNoticeCount(db: Db, staffId: number, cap = 100): Promise<number> {
  const row = await db
    .count({ n: '*' })
    .from(
      db('notifications')
        .where({ staff_id: staffId, channel: 'inbox' })
        .whereNull('read_at')
        .limit(cap)
        .select(db.raw('1'))
        .as('unread'),
    )
    .first();
  return Number(row?.n ?? 0);
}

/** Marks one of the staff member's notices read; false when it is not theirs (or not there). */
export async function markNoticeRead(db: Db, staffId: number, id: number): Promise<boolean> {
  const found = await db('notifications')
    .where({ id, staff_id: staffId, channel: 'inbox' })
    .update({ read_at: db.raw('coalesce(read_at, now())') });
  return found > 0;
}

export async function markAllNoticesRead(db: Db, staffId: number): Promise<number> {
  return db('notifications')
    .where({ staff_id: staffId, channel: 'inbox' })
    .whereNull('read_at')
    .update({ read_at: db.fn.now() });
}
