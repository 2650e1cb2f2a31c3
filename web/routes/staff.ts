import { Router } from 'express';
import type { WebDeps } from '../deps';
import { adminRoutes } from './shared/admin';
import { authRoutes } from './shared/auth';
import { caseRoutes } from './desk/case';
import { dashboardRoutes } from './desk/dashboard';
import { escalationRoutes } from './desk/escalations';
import { staffGuard } from './shared/guard';
import { inboxRoutes } from './desk/inbox';
import { noticeRoutes } from './shared/notices';

/** Everything under /staff: each page and action checks role and scope on the server. */
export function staffRoutes(deps: WebDeps): Router {
  const guard = staffGuard(deps);
  return Router()
    .use(authRoutes(deps))
    .use(inboxRoutes(deps, guard))
    .use(escalationRoutes(deps, guard))
    .use(dashboardRoutes(deps, guard))
    .use(caseRoutes(deps, guard))
    .use(noticeRoutes(deps, guard))
    .use(adminRoutes(deps, guard));
}
