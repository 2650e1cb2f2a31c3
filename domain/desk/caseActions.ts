import type { CaseStatus, StaffRole } from './caseStatus';
import { mayReply } from './caseStatus';
import { ACTION_REJECTIONS as R } from './copy';

export type StaffAction = 'claim' | 'assign' | 'reply' | 'requestInfo' | 'note' | 'transfer' | 'extend';
export type CitizenAction = 'supplement' | 'rate' | 'object';

export interface Actor {
  staffId: number;
  role: StaffRole;
}

/** What the rules need to know of a case. */
export interface CaseFacts {
  status: CaseStatus;
  assignedTo: number | null;
  rated: boolean;
  objected: boolean;
}

const WORKING: readonly CaseStatus[] = ['routed', 'info-requested'];

/**
 * Why a staff member may not take an action on a case now, in Persian, or null when they may.
 * The workflow's validators and the staff pages ask the same question.
 */
export function staffRefusal(action: StaffAction, kase: CaseFacts, actor: Actor): string | null {
  const { role } = actor;
  const isAssignee = kase.assignedTo === actor.staffId;
  if (action === 'note') return role === 'admin' ? R.roleNotAllowed : null;
  if (!WORKING.includes(kase.status)) return R.caseNotOpen;
  switch (action) {
    case 'claim':
      if (!mayReply(role)) return R.roleNotAllowed;
      if (isAssignee) return R.alreadyYours;
      return role === 'expert' && kase.assignedTo !== null ? R.assignedToAnother : null;
    case 'assign':
    case 'extend':
      return role === 'supervisor' || role === 'inspector' || role === 'admin' ? null : R.roleNotAllowed;
    case 'reply':
      if (!mayReply(role)) return R.roleMayNotReply;
      return role === 'expert' && !isAssignee ? R.notAssignee : null;
    case 'requestInfo':
      if (kase.status !== 'routed') return R.infoAlreadyRequested;
      if (!mayReply(role)) return R.roleNotAllowed;
      return role === 'expert' && !isAssignee ? R.notAssignee : null;
    case 'transfer':
      return role === 'expert' && !isAssignee ? R.notAssignee : null;
  }
}

/** Why the citizen may not take an action on their case now, or null when they may. */
export function citizenRefusal(action: CitizenAction, kase: CaseFacts): string | null {
  switch (action) {
    case 'supplement':
      return kase.status === 'info-requested' ? null : R.noInfoRequested;
    case 'rate':
      if (kase.status !== 'answered') return R.notAnswered;
      return kase.rated ? R.alreadyRated : null;
    case 'object':
      if (kase.status !== 'answered') return R.objectionClosed;
      return kase.objected ? R.alreadyObjected : null;
  }
}
