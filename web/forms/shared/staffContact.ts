import { isPlausibleEmail, parseMobile } from '../../../domain/shared/contact';
import { ADMIN_MESSAGES as M } from '../../../domain/shared/copy';

/**
 * A staff account's email and mobile number from the admin's form, by the rules citizens' contacts
 * follow (domain/shared/contact.ts); both may be left empty. Errors are Persian.
 */
export function readStaffContact(body: Record<string, unknown>): {
  errors: string[];
  contact: { email: string | null; mobile: string | null };
} {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const errors: string[] = [];
  const email = text(body.email).toLowerCase();
  if (email && !isPlausibleEmail(email)) errors.push(M.staffEmail);
  const typedMobile = text(body.mobile);
  const mobile = typedMobile ? parseMobile(typedMobile) : null;
  if (typedMobile && !mobile) errors.push(M.staffMobile);
  return { errors, contact: { email: email || null, mobile } };
}
