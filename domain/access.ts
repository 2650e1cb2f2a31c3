import type { Desk, StaffRole } from './caseStatus';

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
