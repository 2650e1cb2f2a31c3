import { Router, type Response } from 'express';
import { SELF_SERVICE_COPY } from '../../domain/shared/copy';

/** Sessions (the citizen's forms, staff logins) end after this long without a request. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
/**
 * How often at most the session store moves a session's expiry (web/server.ts, PgSessionStore):
 * an idle session may end this much before IDLE_TIMEOUT_MS.
 */
export const SESSION_TOUCH_EVERY_MS = 60_000;
/** How long before the end a long form warns. */
const WARN_BEFORE_MS = 5 * 60_000;

/**
 * Marks the page as a long form: the layout adds the notice that warns before the session ends
 * (web/public/js/session-timer.js). Every request renews the session (rolling), so it ends the
 * idle timeout after this page.
 */
export function warnBeforeSessionEnds(res: Response): void {
  res.locals.sessionTimer = {
    // The earliest the session may end (the store's expiry trails the last request a little).
    expiresInMs: IDLE_TIMEOUT_MS - SESSION_TOUCH_EVERY_MS,
    warnBeforeMs: WARN_BEFORE_MS,
    messages: SELF_SERVICE_COPY.client,
  };
}

/**
 * The notice's «تمدید نشست»: any request renews a live session; this one says whether it was live
 * (204) or had already ended (410), without making a new one.
 */
export function sessionRenewRoute(): Router {
  return Router().post('/session/renew', (req, res) => {
    const live = Boolean(req.session.csrfToken || req.session.staffId);
    res
      .set('Cache-Control', 'no-store')
      .status(live ? 204 : 410)
      .end();
  });
}
