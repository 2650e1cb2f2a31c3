import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import type { Db } from '../../db';
import { PAGE_MESSAGES, SELF_SERVICE_COPY } from '../../domain/shared/copy';
import { PgRateLimitStore } from './rateLimitStore';

/** Strict CSP: nothing inline, nothing from elsewhere. */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
    },
  },
  crossOriginEmbedderPolicy: false,
});

/**
 * The pages that show personal data: the staff side, tracking, the submission's receipt, the
 * pilgrim's own Hajj pages and the dev outbox. Each path covers what lies under it.
 */
const PERSONAL_PAGES = [
  '/staff',
  '/track',
  '/requests/receipt',
  '/hajj/journey',
  '/hajj/caravans',
  '/hajj/receipt',
  '/dev',
];

/**
 * Neither the browser (its history, a shared computer) nor a proxy may keep a page with personal
 * data; nor any form's answer, which shows back what was typed (the submission's receipt, a
 * look-up with its national code). Static assets and the public pages keep their caching.
 */
export const noStoreForPersonalData: RequestHandler = (req, res, next) => {
  const personal = PERSONAL_PAGES.some((page) => req.path === page || req.path.startsWith(`${page}/`));
  if (personal || (req.method !== 'GET' && req.method !== 'HEAD')) res.set('Cache-Control', 'no-store');
  next();
};

export const csrf = csrfSync({
  getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
});

/**
 * The CSRF check of a form whose text must not be lost: a stale or missing token (the session ran
 * out while the citizen or the expert was writing) shows the same form again through `reshow`, with
 * what was typed, a fresh token and a note, and status 403, instead of the error page.
 */
export function csrfOrReshow(reshow: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    csrf.csrfSynchronisedProtection(req, res, (err?: unknown) => {
      if (err !== csrf.invalidCsrfTokenError) return next(err);
      res.status(403);
      const files = (req.files as unknown[] | undefined) ?? [];
      res.locals.sessionNote =
        files.length > 0 ? SELF_SERVICE_COPY.sessionRenewedFiles : SELF_SERVICE_COPY.sessionRenewed;
      reshow(req, res).catch(next);
    });
  };
}

/**
 * A form's CSRF token, with the session stored before the page goes out. express-session stores a
 * new session only while the page is already on its way, so the page's own requests (the captcha
 * image, the registry look-up) could arrive first, find no session and start another without it.
 */
export async function csrfTokenSaved(req: Request): Promise<string> {
  const before = (req.session as { csrfToken?: string }).csrfToken;
  const token = csrf.generateToken(req);
  // A token made by an earlier page is stored already.
  if (token !== before) await saveSession(req);
  return token;
}

/** Stores the session now; before a redirect, so the next page reads what this one wrote. */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/**
 * A limit per client address (or per `key`, e.g. an integrator's API key), counted in PostgreSQL
 * under `name` so every web replica shares it; a hit shows a Persian page, JSON for the look-up API,
 * or what `refuse` answers.
 */
export function limit(
  db: Db,
  options: {
    name: string;
    windowMinutes: number;
    max: number | ((req: Request, res: Response) => number);
    json?: boolean;
    key?: (req: Request, res: Response) => string;
    refuse?: (req: Request, res: Response) => void;
  },
): RequestHandler {
  return rateLimit({
    store: new PgRateLimitStore(db, `${options.name}:`),
    windowMs: options.windowMinutes * 60_000,
    limit: options.max,
    ...(options.key && { keyGenerator: options.key }),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429);
      if (options.refuse) options.refuse(req, res);
      else if (options.json) res.json({ error: PAGE_MESSAGES.rateLimited });
      else res.render('error', { title: 'محدودیت درخواست', status: 429, message: PAGE_MESSAGES.rateLimited });
    },
  });
}
