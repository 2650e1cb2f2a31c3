import type { Desk, StaffRole } from './caseStatus';
import { ACTION_REJECTIONS as R } from './copy';

export interface StaffScope {
  id: number;
  role: StaffRole;
  province: string | null;
  desks: string[];
}

export interface CaseScope {
  province: string;
  desk: Desk;
  confidential: boolean;
  escalationLevel: number;
}

/**
 * Whether a staff member may see a case at all. Confidential complaints and the Inspection
 * Office's desk stay with it; province staff see their province's desk (experts only their desks); admins see everything.
 */
export function canSeeCase(staff: StaffScope, kase: CaseScope): boolean {
  switch (staff.role) {
    case 'admin':
      return true;
    case 'inspector':
      return kase.desk === 'inspection' || kase.escalationLevel >= 2;
    case 'supervisor':
      return !kase.confidential && kase.desk === 'province' && staff.province === kase.province;
    case 'expert':
      return !kase.confidential && staff.province === kase.province && staff.desks.includes(kase.desk);
    default:
      return false;
  }
}

/** A staff member as the assignment rule sees them; `role` is any role the staff table holds. */
export interface Candidate {
  active: boolean;
  role: string;
  province: string | null;
  desks: string[];
}

/**
 * Why a staff member may not be given a case of this province and desk, or null when they may: an
 * active member who may answer there and can see the case. The Inspection Office's desk goes to its
 * inspectors; a province's desk to that province's experts of the desk and its supervisors. Anyone
 * else would take the case out of the pool to where nobody who sees it can act on it.
 */
export function assigneeRefusal(
  candidate: Candidate | undefined,
  kase: { province: string; desk: Desk; confidential: boolean },
): string | null {
  if (!candidate?.active) return R.assigneeNotEligible;
  const { role } = candidate;
  const eligible =
    kase.desk === 'inspection'
      ? role === 'inspector'
      : (role === 'expert' || role === 'supervisor') &&
        canSeeCase(
          { id: 0, role, province: candidate.province, desks: candidate.desks },
          { ...kase, escalationLevel: 0 },
        );
  return eligible ? null : R.assigneeNotEligible;
}

/**
 * Why a case may not be transferred to this province and desk, or null when it may: the target must
 * be a known province and desk, differ from where the case is, and keep the case where someone sees
 * it (a confidential complaint stays with the Inspection Office).
 */
export function transferRefusal(
  kase: { province: string; desk: Desk; confidential: boolean },
  target: { province: string; desk: string },
  knownProvince: boolean,
): string | null {
  if (!knownProvince) return R.unknownProvince;
  if (target.desk !== 'province' && target.desk !== 'inspection') return R.badTransfer;
  if (target.province === kase.province && target.desk === kase.desk) return R.badTransfer;
  return kase.confidential && target.desk === 'province' ? R.confidentialStaysWithInspection : null;
}
