import { Router, type Request, type Response } from 'express';
import { assigneesInScope } from '../../../db/queries/shared/staff';
import { inbox } from '../../../db/queries/desk/staffCases';
import { toPersianDigits } from '../../../domain/shared/digits';
import { ACTION_REJECTIONS } from '../../../domain/desk/copy';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';
import { parseBulkAssign } from '../../forms/desk/bulkAssign';
import { setFlash, takeFlash } from '../../middleware/flash';
import { csrf } from '../../middleware/security';
import { escalationsPage } from '../../presenters/desk/escalations';
import { cachedReference, type WebDeps } from '../../deps';
import { performAction } from './case';
import type { StaffGuard } from '../shared/guard';

/**
 * Escalated cases: supervisors see their province's, inspectors level 2 (and their own desk),
 * admins all; each can hand several over at once.
 */
export function escalationRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);
  const managers = guard.requireRole('supervisor', 'inspector', 'admin');

  const render = async (req: Request, res: Response, refusal?: string) => {
    const staff = req.staff!;
    const [{ rows }, ref, assignees] = await Promise.all([
      inbox(deps.db, staff, {
        view: 'all',
        minEscalationLevel: staff.role === 'inspector' ? 2 : 1,
        limit: 200,
      }),
      reference(),
      assigneesInScope(deps.db, staff),
    ]);
    res.render(
      'staff/escalations',
      escalationsPage({
        rows,
        ref,
        assignees,
        result: takeFlash(req, 'escalations'),
        error: refusal ?? (req.query.error === 'none' ? PAGE_MESSAGES.nothingSelected : undefined),
      }),
    );
  };
  router.get('/staff/escalations', ...managers, (req, res) => render(req, res));

  router.post('/staff/escalations/assign', ...managers, csrf.csrfSynchronisedProtection, async (req, res) => {
    const { codes, staffId } = parseBulkAssign(req.body);
    if (codes.length === 0) return res.redirect(303, '/staff/escalations?error=none');
    // Only someone offered on the page: each case then checks its own province and desk.
    if (!(await assigneesInScope(deps.db, req.staff!)).some((a) => a.id === staffId)) {
      res.status(422);
      return render(req, res, PAGE_MESSAGES.actionRejected + ACTION_REJECTIONS.assigneeNotEligible);
    }
    let done = 0;
    // One at a time: each is a workflow update with its own validator and audit entry.
    for (const code of codes) {
      const outcome = await performAction(
        deps,
        req.staff!,
        code,
        'assign',
        { staffId: String(req.body?.staffId ?? '') },
        req.ip,
      );
      if (outcome.ok) done++;
    }
    await setFlash(
      req,
      'escalations',
      PAGE_MESSAGES.bulkDone(toPersianDigits(done), toPersianDigits(codes.length - done)),
    );
    res.redirect(303, '/staff/escalations');
  });

  return router;
}
