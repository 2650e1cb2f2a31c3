import type { Db } from '../..';
import type { AuditAction } from '../../../domain/shared/audit';

export interface AuditEntry {
  actorStaffId: number | null;
  /** Only keys the audit page can put in words (domain/shared/audit.ts). */
  action: AuditAction;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log; the table itself refuses updates and deletes. */
export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    actor_staff_id: e.actorStaffId,
    action: e.action,
    target: e.target ?? null,
    ip: e.ip ?? null,
    details: e.details ?? {},
  });
}
