import { Router } from 'express';
import type { WebDeps } from '../../deps';
import { adminRoutes } from '../admin';
import { authRoutes } from './auth';
import { caseRoutes } from './case';
import { dashboardRoutes } from './dashboard';
import { escalationRoutes } from './escalations';
import { staffGuard } from './guard';
import { inboxRoutes } from './inbox';

/** Everything under /staff: each page and action checks role and scope on the server. */
export function staffRoutes(deps: WebDeps): Router {
  const guard = staffGuard(deps);
  return Router()
    .use(authRoutes(deps))
    .use(inboxRoutes(deps, guard))
    .use(escalationRoutes(deps, guard))
    .use(dashboardRoutes(deps, guard))
    .use(caseRoutes(deps, guard))
    .use(adminRoutes(deps, guard));
}
