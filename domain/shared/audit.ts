import type { StaffAction } from '../desk/caseActions';
import { DISPATCH_STEPS, REGISTRATION_STEPS, type JourneyStepName } from '../hajj/journey';

/**
 * Every event the audit log records, by the key it is stored under. `audit()` takes only these,
 * so a new kind of entry cannot be written without a label and a sentence in domain/shared/copy.ts
 * (`AUDIT_COPY`); the admin's audit page still reads any older key through a readable fallback.
 */
const CASE_ACTIONS = [
  'claim',
  'assign',
  'reply',
  'requestInfo',
  'note',
  'transfer',
  'extend',
] as const satisfies readonly StaffAction[];

export const AUDIT_ACTIONS = [
  'login',
  'login-failed',
  'logout',
  'admin-created',
  'staff-create',
  'staff-update',
  'subject-update',
  'sub-subject-add',
  'holiday-add',
  'holiday-move',
  'holiday-remove',
  'settings-update',
  'canned-save',
  'canned-delete',
  'api-key-issue',
  'api-key-revoke',
  'incident-retry',
  'notice-settings',
  'faq-save',
  'faq-up',
  'faq-down',
  'faq-delete',
  'guide-save',
  'guide-delete',
  'view-confidential',
  'case-entered',
  ...CASE_ACTIONS,
  'hajj-import',
  'hajj-deposits-paused',
  'hajj-auto-replacement',
  'hajj-round-opened',
  'hajj-caravan-created',
  'hajj-caravan-updated',
  'hajj-visa-request',
  'hajj-batch-visa-request',
  'hajj-batch-visa',
  'hajj-batch-dispatch',
  'hajj-trip-services',
  'hajj-office-booking',
  'hajj-cancel',
  'hajj-identity',
  'hajj-document',
  'hajj-document-check',
  'hajj-training-class',
  'hajj-training-attendance',
  'hajj-payment-account',
  'hajj-payment-import',
  ...[...REGISTRATION_STEPS, ...DISPATCH_STEPS].map((s) => `hajj-step-${s}` as const),
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number] | `hajj-step-${JourneyStepName}`;

export const isAuditAction = (key: string): key is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(key);
