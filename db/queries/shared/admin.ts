import type { Db } from '../..';
import type { Desk, StaffRole } from '../../../domain/desk/caseStatus';
import { clearLoginThrottle } from './loginThrottle';
import type { StaffMember } from './staff';

export interface StaffAccount extends StaffMember {
  active: boolean;
  email: string | null;
  mobile: string | null;
  /** Failed logins hold it locked now, from everywhere or from some address. */
  locked: boolean;
}

export async function listStaff(db: Db): Promise<StaffAccount[]> {
  return db('staff')
    .orderBy([{ column: 'active', order: 'desc' }, 'role', 'province', 'username'])
    .select(
      'id',
      'username',
      'full_name as fullName',
      'role',
      'province',
      'desks',
      'active',
      'email',
      'mobile',
      db.raw(
        `exists (select 1 from login_throttle t where t.username = staff.username and t.locked_until > now()) as locked`,
      ),
    );
}

export async function updateStaff(
  db: Db,
  id: number,
  s: {
    fullName: string;
    role: StaffRole;
    province: string | null;
    desks: string[];
    active: boolean;
    email: string | null;
    mobile: string | null;
    passwordHash?: string;
  },
): Promise<boolean> {
  const [changed] = await db('staff')
    .where({ id })
    .update({
      full_name: s.fullName,
      role: s.role,
      province: s.province,
      desks: s.desks,
      active: s.active,
      email: s.email,
      mobile: s.mobile,
      ...(s.passwordHash ? { password_hash: s.passwordHash } : {}),
    })
    .returning('username');
  if (changed && s.passwordHash) await clearLoginThrottle(db, changed.username);
  return Boolean(changed);
}

export async function updateSubject(
  db: Db,
  slug: string,
  s: { name: string; desk: Desk; slaBusinessDays: number },
): Promise<boolean> {
  const changed = await db('subjects')
    .where({ slug })
    .update({ name_fa: s.name, desk: s.desk, sla_business_days: s.slaBusinessDays });
  return changed > 0;
}

export async function addSubSubject(db: Db, subject: string, slug: string, name: string): Promise<void> {
  const last = await db('sub_subjects')
    .where({ subject_slug: subject })
    .max({ position: 'position' })
    .first();
  await db('sub_subjects').insert({
    subject_slug: subject,
    slug,
    name_fa: name,
    position: Number(last?.position ?? -1) + 1,
  });
}

export async function writeSettings(db: Db, values: Record<string, string>): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({ key, value }));
  if (rows.length) await db('settings').insert(rows).onConflict('key').merge();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: Date;
  before?: Date;
  /** Keyset: entries older than this id. */
  beforeId?: number;
  limit?: number;
}

/** The audit log, newest first, one page at a time. */
export async function readAudit(db: Db, f: AuditFilter) {
  const limit = f.limit ?? 100;
  const q = db('audit_log as a')
    .leftJoin('staff as s', 's.id', 'a.actor_staff_id')
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .select(
      'a.id',
      'a.at',
      'a.action',
      'a.target',
      'a.ip',
      'a.details',
      's.username',
      's.full_name as fullName',
    );
  if (f.actor) q.where('s.username', f.actor);
  if (f.action) q.where('a.action', f.action);
  if (f.from) q.where('a.at', '>=', f.from);
  if (f.before) q.where('a.at', '<', f.before);
  if (f.beforeId) q.where('a.id', '<', f.beforeId);
  const rows = await q;
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, nextBeforeId: more ? Number(page[page.length - 1].id) : null };
}
