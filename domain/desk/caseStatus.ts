/** Where a case stands; the workflow moves it, the projection mirrors it for pages. */
export const CASE_STATUSES = [
  'received',
  'awaiting-identity',
  'rejected',
  'routed',
  'info-requested',
  'answered',
  'closed',
  'unanswered-by-citizen',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which staff still work on the case. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'received',
  'awaiting-identity',
  'routed',
  'info-requested',
];

/** The roles the staff table holds and the admin page gives: the request desk's, the system's, and the Hajj journey's caravan agents (with their caravans). */
export const STAFF_ROLES = ['expert', 'supervisor', 'inspector', 'admin', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type Desk = 'province' | 'inspection';

/**
 * How a request reached the desk: the citizen's form, the Open311 API, or entered by staff for a
 * citizen who phoned, came in person or wrote a letter.
 */
export const CASE_CHANNELS = ['web', 'open311', 'phone', 'in-person', 'letter'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
/** The channels staff enter a request through. */
export const STAFF_CHANNELS = ['phone', 'in-person', 'letter'] as const satisfies readonly CaseChannel[];
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** Roles that may give a case its answer. Admins run the system; they do not answer citizens. */
export function mayReply(role: StaffRole): boolean {
  return role === 'expert' || role === 'supervisor' || role === 'inspector';
}
