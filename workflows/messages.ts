import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseStatus, StaffRole } from '../domain/caseStatus';

/** Who acts on a case: a staff id and role, never a name. */
export interface Actor {
  staffId: number;
  role: StaffRole;
}

/** What the workflow knows of its case, as queries and updates return it. */
export interface CaseView {
  trackingCode: string;
  status: CaseStatus;
  assignedTo: number | null;
  escalationLevel: number;
  dueAt: string | null;
  answeredBy: number | null;
}

export interface ReplyArgs {
  actor: Actor;
  /** The reply's text is stored in case_messages first; the workflow carries only its id. */
  messageId: string;
}

export const replyUpdate = defineUpdate<CaseView, [ReplyArgs]>('reply');
export const caseViewQuery = defineQuery<CaseView>('caseView');
