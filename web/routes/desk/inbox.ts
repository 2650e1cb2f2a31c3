import { Router } from 'express';
import { inbox } from '../../../db/queries/desk/staffCases';
import { encodeCursor, parseInboxQuery } from '../../forms/desk/inboxFilter';
import { inboxPage } from '../../presenters/desk/inbox';
import { cachedReference, type WebDeps } from '../../deps';
import type { StaffGuard } from '../shared/guard';

export function inboxRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  router.get('/staff/inbox', guard.requireStaff, async (req, res) => {
    const { values, filter, errors } = parseInboxQuery(req.query, deps.config.nationalCodeHashKey);
    const [{ rows, next }, ref] = await Promise.all([inbox(deps.db, req.staff!, filter), reference()]);
    const nextQuery = next ? new URLSearchParams({ ...values, after: encodeCursor(next) }).toString() : null;
    res.render(
      'staff/inbox',
      inboxPage({ values, errors, rows, ref, paged: Boolean(req.query.after), nextQuery }),
    );
  });

  return router;
}
