import type { CaseStatus, StaffRole } from './caseStatus';
import { mayReply } from './caseStatus';

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

/**
 * Why an action is refused, as a code: the staff's and the citizen's pages and the workflow's
 * validators put it in Persian at their edge (ACTION_REJECTIONS in domain/desk/copy.ts).
 */
export type ActionRefusal =
  // the state and the actor (staffRefusal, citizenRefusal)
  | 'caseNotOpen'
  | 'roleNotAllowed'
  | 'roleMayNotReply'
  | 'alreadyYours'
  | 'assignedToAnother'
  | 'notAssignee'
  | 'infoAlreadyRequested'
  | 'noInfoRequested'
  | 'notAnswered'
  | 'alreadyRated'
  | 'objectionClosed'
  | 'alreadyObjected'
  // the action's arguments, as the workflow's validators check them
  | 'messageMissing'
  | 'badExtension'
  | 'badTransfer'
  | 'badScore';

const WORKING: readonly CaseStatus[] = ['routed', 'info-requested'];

/**
 * Why a staff member may not take an action on a case now, or null when they may.
 * The workflow's validators and the staff pages ask the same question.
 */
export function staffRefusal(action: StaffAction, kase: CaseFacts, actor: Actor): ActionRefusal | null {
  const { role } = actor;
  const isAssignee = kase.assignedTo === actor.staffId;
  if (action === 'note') return role === 'admin' ? 'roleNotAllowed' : null;
  if (!WORKING.includes(kase.status)) return 'caseNotOpen';
  switch (action) {
    case 'claim':
      if (!mayReply(role)) return 'roleNotAllowed';
      if (isAssignee) return 'alreadyYours';
      return role === 'expert' && kase.assignedTo !== null ? 'assignedToAnother' : null;
    case 'assign':
    case 'extend':
      return role === 'supervisor' || role === 'inspector' || role === 'admin' ? null : 'roleNotAllowed';
    case 'reply':
      if (!mayReply(role)) return 'roleMayNotReply';
      return role === 'expert' && !isAssignee ? 'notAssignee' : null;
    case 'requestInfo':
      if (kase.status !== 'routed') return 'infoAlreadyRequested';
      if (!mayReply(role)) return 'roleNotAllowed';
      return role === 'expert' && !isAssignee ? 'notAssignee' : null;
    case 'transfer':
      return role === 'expert' && !isAssignee ? 'notAssignee' : null;
  }
}

/** Why the citizen may not take an action on their case now, or null when they may. */
export function citizenRefusal(action: CitizenAction, kase: CaseFacts): ActionRefusal | null {
  switch (action) {
    case 'supplement':
      return kase.status === 'info-requested' ? null : 'noInfoRequested';
    case 'rate':
      if (kase.status !== 'answered') return 'notAnswered';
      return kase.rated ? 'alreadyRated' : null;
    case 'object':
      if (kase.status !== 'answered') return 'objectionClosed';
      return kase.objected ? 'alreadyObjected' : null;
  }
}
