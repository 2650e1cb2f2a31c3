import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { Router, type Request, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import {
  clearAddressFailures,
  loginLocked,
  recordLoginFailure,
  type ThrottleRule,
} from '../../../db/queries/shared/loginThrottle';
import { findStaffForLogin } from '../../../db/queries/shared/staff';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';
import { csrf, csrfOrReshow, csrfTokenSaved, limit, saveSession } from '../../middleware/security';
import type { WebDeps } from '../../deps';

/**
 * Failed logins lock the typed username, whether an account has it or not, so the lock says nothing
 * about which names exist. From one address for a long while; from all addresses together only
 * briefly, so an outsider spread over many addresses can slow real staff down but not keep them out.
 */
const LOGIN_THROTTLE: readonly ThrottleRule[] = [
  { perAddress: true, maxFailures: 5, windowMinutes: 15, lockMinutes: 15 },
  { perAddress: false, maxFailures: 20, windowMinutes: 15, lockMinutes: 5 },
];

declare module 'express-session' {
  interface SessionData {
    /** Where the next login leads: the case whose form's text was kept over an expired login. */
    returnTo?: string;
  }
}

/** Login and logout; every attempt, good or bad, is audited. */
export function authRoutes(deps: WebDeps): Router {
  const router = Router();
  // Verifying against a real hash for unknown names keeps their timing like a known name's.
  const dummyHash = argon2.hash(randomUUID());

  router.get('/staff/login', (req, res) => renderLogin(req, res));

  router.post(
    '/staff/login',
    limit(deps.db, { name: 'staff-login', windowMinutes: 15, max: 30 }),
    csrfOrReshow((req, res) =>
      renderLogin(req, res, undefined, String(req.body?.username ?? '').slice(0, 100)),
    ),
    async (req, res) => {
      // Usernames are at most 40 characters; the cut bounds what a throttle row keeps of a made-up one.
      const username = String(req.body?.username ?? '')
        .trim()
        .slice(0, 100);
      const password = String(req.body?.password ?? '');
      const address = req.ip ?? '';
      const locked = await loginLocked(deps.db, LOGIN_THROTTLE, username, address);
      const staff = username ? await findStaffForLogin(deps.db, username) : undefined;
      // Every refusal costs one hash verification, so neither a name nor a lock shows in the timing.
      const valid = await argon2
        .verify(staff && !locked ? staff.passwordHash : await dummyHash, password)
        .catch(() => false);
      if (!staff || locked || !valid) {
        if (!locked) await recordLoginFailure(deps.db, LOGIN_THROTTLE, username, address);
        await audit(deps.db, {
          actorStaffId: staff?.id ?? null,
          action: 'login-failed',
          target: username,
          ip: req.ip,
          details: { locked },
        });
        res.status(401);
        return renderLogin(
          req,
          res,
          locked ? PAGE_MESSAGES.loginLocked : PAGE_MESSAGES.loginFailed,
          username,
        );
      }
      await clearAddressFailures(deps.db, username, address);
      await audit(deps.db, { actorStaffId: staff.id, action: 'login', ip: req.ip });
      // A form's text kept over an expired login goes back to its case (web/routes/desk/case.ts).
      const { staffDraft, returnTo } = req.session;
      // A new session id at login, so a session fixed before it is worth nothing after.
      await new Promise<void>((resolve, reject) =>
        req.session.regenerate((err) => (err ? reject(err) : resolve())),
      );
      req.session.staffId = staff.id;
      const back = staffDraft && returnTo?.startsWith('/staff/cases/') ? returnTo : undefined;
      if (back) req.session.staffDraft = staffDraft;
      // Stored before the redirect goes out, so the inbox it leads to finds the login.
      await saveSession(req);
      res.redirect(303, back ?? '/staff/inbox');
    },
  );

  router.post('/staff/logout', csrf.csrfSynchronisedProtection, (req, res) => {
    const staffId = req.session.staffId;
    req.session.destroy(() => {
      if (staffId) void audit(deps.db, { actorStaffId: staffId, action: 'logout', ip: req.ip });
      res.redirect(303, '/staff/login');
    });
  });

  return router;
}

export async function renderLogin(req: Request, res: Response, error?: string, username = '') {
  res.render('staff/login', {
    title: 'ورود به سامانه (ویژه همکاران)',
    error,
    username,
    csrfToken: await csrfTokenSaved(req),
  });
}
