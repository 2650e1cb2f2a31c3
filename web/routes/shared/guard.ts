import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { findStaffWithUnread, type StaffMember } from '../../../db/queries/shared/staff';
import type { StaffRole } from '../../../domain/desk/caseStatus';
import { PAGE_MESSAGES, ROLE_LABELS, STAFF_NOTICE_COPY } from '../../../domain/shared/copy';
import { csrf } from '../../middleware/security';
import type { WebDeps } from '../../deps';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember;
  }
}

export interface StaffGuard {
  /** A logged-in, active staff member, or the login page. */
  requireStaff: RequestHandler;
  /** One of these roles, or 403: a page the role has no business with. */
  requireRole(...roles: StaffRole[]): RequestHandler[];
}

export function staffGuard(deps: WebDeps): StaffGuard {
  const requireStaff = async (req: Request, res: Response, next: NextFunction) => {
    const id = req.session.staffId;
    // The menu's unread count beside the staff member, in the same round trip.
    const found = id ? await findStaffWithUnread(deps.db, id) : undefined;
    if (!found) return res.redirect(303, '/staff/login');
    const { unread, ...staff } = found;
    req.staff = staff;
    res.locals.staffUser = {
      notices: {
        label: STAFF_NOTICE_COPY.menu,
        unread: unread > 0 ? STAFF_NOTICE_COPY.unread(unread) : null,
        unreadLabel: STAFF_NOTICE_COPY.unreadLabel(unread),
      },
      fullName: staff.fullName,
      roleLabel: ROLE_LABELS[staff.role],
      manages: ['supervisor', 'inspector', 'admin'].includes(staff.role),
      admin: staff.role === 'admin',
      entersRequests: staff.role === 'expert' || staff.role === 'supervisor',
      hajj: ['agent', 'supervisor', 'admin'].includes(staff.role),
    };
    res.locals.csrfToken = csrf.generateToken(req);
    next();
  };
  return {
    requireStaff,
    requireRole: (...roles) => [
      requireStaff,
      (req, res, next) => (roles.includes(req.staff!.role) ? next() : forbidden(res)),
    ],
  };
}

/** Out of scope looks exactly like absent: a 404 confirms nothing. */
export function notFound(res: Response): void {
  res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
}

/** A malformed or impossible number in the page's address (a year of 99999999999). */
export function badAddress(res: Response): void {
  res.status(400).render('error', { title: 'خطا', status: 400, message: PAGE_MESSAGES.badAddress });
}

export function forbidden(res: Response): void {
  res.status(403).render('error', { title: 'دسترسی ندارید', status: 403, message: PAGE_MESSAGES.forbidden });
}
