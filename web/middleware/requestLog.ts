import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    /** The web's logger with this request's id: what a route logs can be found beside its request line. */
    log: Logger;
  }
}

/**
 * One line per request once it is answered: id, method, path (never the query string, which may
 * hold a national code), status and milliseconds; level error for a 5xx, and a line for a request
 * the client dropped before its answer. Instead of pino-http, which serialised every request with
 * all its headers (the session cookie among them) into a child logger whether or not its line was
 * written: about a tenth of a page's CPU. `req.log` is made only when a route logs something.
 */
export function requestLog(
  log: Logger,
  options: { ignore?: (path: string) => boolean } = {},
): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const reqId = randomUUID();
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (child ??= log.child({ reqId })),
    });
    const line = (level: 'info' | 'error', message: string) =>
      log[level](
        {
          reqId,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        message,
      );
    if (options.ignore?.(req.path) || !log.isLevelEnabled('info')) {
      // A 5xx is still worth a line when only errors are logged.
      res.once('finish', () => {
        if (res.statusCode >= 500) line('error', 'request errored');
      });
      return next();
    }
    const done = () => {
      res.off('close', done);
      res.off('finish', done);
      if (!res.writableFinished) line('info', 'request aborted');
      else line(res.statusCode >= 500 ? 'error' : 'info', 'request completed');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
