import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { Router, type Request, type Response } from 'express';
import { audit } from '../../../db/queries/audit';
import { findStaffForLogin, recordLoginFailure, recordLoginSuccess } from '../../../db/queries/staff';
import { PAGE_MESSAGES } from '../../../domain/messages';
import { csrf, csrfTokenSaved, limit, saveSession } from '../../middleware/security';
import type { WebDeps } from '../../deps';

const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;

/** Login and logout; every attempt, good or bad, is audited. */
export function authRoutes(deps: WebDeps): Router {
  const router = Router();
  // Verifying against a real hash for unknown names keeps their timing like a known name's.
  const dummyHash = argon2.hash(randomUUID());

  router.get('/staff/login', (req, res) => renderLogin(req, res));

  router.post(
    '/staff/login',
    limit({ windowMinutes: 15, max: 30 }),
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const username = String(req.body?.username ?? '').trim();
      const password = String(req.body?.password ?? '');
      const staff = username ? await findStaffForLogin(deps.db, username) : undefined;
      const locked = staff?.lockedUntil && new Date(staff.lockedUntil) > new Date();
      const valid = await argon2
        .verify(staff && !locked ? staff.passwordHash : await dummyHash, password)
        .catch(() => false);
      if (!staff || locked || !valid) {
        if (staff && !locked) await recordLoginFailure(deps.db, staff.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
        await audit(deps.db, {
          actorStaffId: staff?.id ?? null,
          action: 'login-failed',
          target: username.slice(0, 100),
          ip: req.ip,
          details: { locked: Boolean(locked) },
        });
        res.status(401);
        return renderLogin(
          req,
          res,
          locked ? PAGE_MESSAGES.loginLocked : PAGE_MESSAGES.loginFailed,
          username,
        );
      }
      await recordLoginSuccess(deps.db, staff.id);
      await audit(deps.db, { actorStaffId: staff.id, action: 'login', ip: req.ip });
      // A new session id at login, so a session fixed before it is worth nothing after.
      await new Promise<void>((resolve, reject) =>
        req.session.regenerate((err) => (err ? reject(err) : resolve())),
      );
      req.session.staffId = staff.id;
      // Stored before the redirect goes out, so the inbox it leads to finds the login.
      await saveSession(req);
      res.redirect(303, '/staff/inbox');
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

async function renderLogin(req: Request, res: Response, error?: string, username = '') {
  res.render('staff/login', {
    title: 'ورود به سامانه (ویژه همکاران)',
    error,
    username,
    csrfToken: await csrfTokenSaved(req),
  });
}
