import { Router } from 'express';
import { dashboard } from '../../../db/queries/desk/dashboard';
import { dashboardPage } from '../../presenters/desk/dashboard';
import { cachedReference, type WebDeps } from '../../deps';
import type { StaffGuard } from '../shared/guard';

/** Open, overdue and answered cases and answer times over the staff member's scope. */
export function dashboardRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  router.get(
    '/staff/dashboard',
    ...guard.requireRole('supervisor', 'inspector', 'admin'),
    async (req, res) => {
      const [figures, ref] = await Promise.all([dashboard(deps.db, req.staff!), reference()]);
      res.render('staff/dashboard', dashboardPage(figures, ref));
    },
  );

  return router;
}
