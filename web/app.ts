import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import { engine } from 'express-handlebars';
import session from 'express-session';
import { PROJECT_ROOT } from '../config/paths';
import { errorSummary } from './presenters/errorSummary';
import { toPersianDigits } from '../domain/shared/digits';
import { formatJalaliDateTime } from '../domain/shared/jalali';
import { CLIENT_MESSAGES, PAGE_MESSAGES } from '../domain/shared/copy';
import type { WebDeps } from './deps';
import { errorAnswer } from './middleware/errors';
import { requestLog } from './middleware/requestLog';
import { noStoreForPersonalData, securityHeaders } from './middleware/security';
import { IDLE_TIMEOUT_MS, sessionRenewRoute } from './middleware/sessionTimer';
import { devRoutes } from './routes/shared/dev';
import { hajjRoutes } from './routes/hajj/citizen';
import { hajjStaffRoutes } from './routes/hajj/staff';
import { hajjPaperRoutes } from './routes/hajj/papers';
import { hajjBatchRoutes } from './routes/hajj/batches';
import { open311Routes } from './routes/desk/open311';
import { healthRoutes, httpDuration } from './routes/shared/health';
import { publicRoutes } from './routes/desk/public';
import { staffRoutes } from './routes/staff';
import { trackRoutes } from './routes/desk/track';
import { recoverRoutes } from './routes/desk/recover';
import { helpRoutes } from './routes/shared/help';

const WEB_DIR = path.join(PROJECT_ROOT, 'web');
/** Vazirmatn's web fonts, served from its package: the site loads nothing from elsewhere. */
const FONTS_DIR = path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'webfonts');

export function createApp(deps: WebDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(WEB_DIR, 'views', 'layouts'),
      partialsDir: path.join(WEB_DIR, 'views', 'partials'),
      helpers: {
        fa: (value: unknown) => toPersianDigits(String(value ?? '')),
        eq: (a: unknown, b: unknown) => a === b,
        or: (a: unknown, b: unknown) => Boolean(a) || Boolean(b),
        jalali: (value: Date | string) => formatJalaliDateTime(new Date(value)),
        errorSummary: (errors: unknown, ids: unknown) =>
          errorSummary(
            errors as Record<string, string> | undefined,
            typeof ids === 'object' && ids !== null && !('hash' in ids)
              ? (ids as Record<string, string>)
              : {},
          ),
      },
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', path.join(WEB_DIR, 'views'));
  if (deps.config.env === 'production') app.enable('view cache');

  app.use((req, res, next) => {
    const end = httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? 'unmatched', status: res.statusCode }));
    next();
  });
  // What the pages' scripts say (the date picker's lists and others), for every view's data attributes.
  app.use((_req, res, next) => {
    res.locals.clientMessages = CLIENT_MESSAGES;
    next();
  });
  app.use(requestLog(deps.log, { ignore: (path) => path === '/healthz' }));
  app.use(securityHeaders);
  app.use('/static/fonts', express.static(FONTS_DIR, { maxAge: '30d', immutable: true, fallthrough: false }));
  app.use('/static', express.static(path.join(WEB_DIR, 'public'), { maxAge: '1h', fallthrough: false }));
  app.use(healthRoutes(deps));
  app.use(noStoreForPersonalData);
  // Integrators carry their key in a header: no session, no cookie, no CSRF.
  app.use('/open311/v2', open311Routes(deps));

  app.use(
    session({
      store: deps.sessionStore,
      name: 'miz.sid',
      secret: deps.config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.env === 'production',
        maxAge: IDLE_TIMEOUT_MS,
      },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(sessionRenewRoute());

  app.use(publicRoutes(deps));
  app.use(helpRoutes(deps));
  // Before the track routes: /track/recover is not a tracking code.
  app.use(recoverRoutes(deps));
  app.use(trackRoutes(deps));
  app.use(hajjRoutes(deps));
  app.use(hajjPaperRoutes(deps));
  app.use(hajjStaffRoutes(deps));
  app.use(hajjBatchRoutes(deps));
  app.use(staffRoutes(deps));
  // The outbox shows every citizen's number and message to anyone: never on a production web.
  if (deps.embedded && deps.config.env !== 'production') app.use(devRoutes(deps));

  app.use((_req, res) => {
    res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
  });
  const errorPage: ErrorRequestHandler = (err, req, res, _next) => {
    const { status, message, retryAfterSeconds } = errorAnswer(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    if (retryAfterSeconds) res.set('Retry-After', String(retryAfterSeconds));
    // No stack trace or error text ever reaches the visitor.
    res.status(status).render('error', { title: 'خطا', status, message });
  };
  app.use(errorPage);
  return app;
}
