import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Connection } from '@temporalio/client';
import client from 'prom-client';
import type { Config } from '../../../config';
import { databaseAnswers } from '../../../db/queries/shared/metrics';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';
import { missingSearchAttributes } from '../../../workflows/shared/client';
import { businessMetrics } from '../../businessMetrics';
import type { WebDeps } from '../../deps';

export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry });
export const httpDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export function healthRoutes(deps: WebDeps): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const searchAttributes = searchAttributesCheck(deps);
  const metrics = client.Registry.merge([metricsRegistry, businessMetrics(deps.db)]);

  /**
   * Ready when the database answers and the workflow engine answers with the case search
   * attributes in our namespace (without them every case would stay `received`).
   */
  router.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      databaseAnswers(deps.db).then((ok) => (ok ? 'ok' : 'unreachable')),
      deps.temporal
        .withDeadline(Date.now() + 2000, () => deps.temporal.workflowService.getSystemInfo({}))
        .then(
          () => searchAttributes(),
          () => ({ temporal: 'unreachable' }),
        ),
    ]);
    const ready = database === 'ok' && temporal.temporal === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', database, ...temporal });
  });

  router.get('/metrics', async (req, res) => {
    const access = metricsAccess(deps.config, req);
    if (access === 'unauthorized') {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      return res
        .status(401)
        .render('error', { title: 'خطا', status: 401, message: PAGE_MESSAGES.metricsToken });
    }
    // Without a token the endpoint does not exist for anyone but a developer's own machine.
    if (access === 'hidden')
      return res
        .status(404)
        .render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  return router;
}

/**
 * The namespace's search attributes, looked up at most every 10 s: a readiness probe every few
 * seconds from each replica costs the engine nothing, and a namespace fixed by hand shows soon.
 */
function searchAttributesCheck(deps: WebDeps, ttlMs = 10_000) {
  let cached:
    { at: number; result: Promise<{ temporal: string; missingSearchAttributes?: string[] }> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      // The web's client is built on a Connection (web/server.ts), which has the operator service.
      const connection = deps.temporal.connection as Connection;
      const result = deps.temporal
        .withDeadline(Date.now() + 2000, () =>
          missingSearchAttributes(connection, deps.config.temporal.namespace),
        )
        .then((missing) =>
          missing.length === 0
            ? { temporal: 'ok' }
            : { temporal: 'search attributes missing', missingSearchAttributes: missing },
        );
      cached = { at: Date.now(), result };
      result.catch(() => (cached = undefined));
    }
    return cached.result.catch(() => ({ temporal: 'unreachable' }));
  };
}

/**
 * Who may read /metrics, which tells about traffic and the runtime: with METRICS_TOKEN set, only a
 * request bearing it; without one, only requests from the machine itself, and in production nobody.
 */
function metricsAccess(config: Config, req: Request): 'allowed' | 'unauthorized' | 'hidden' {
  if (config.metricsToken) {
    const [scheme, token] = (req.get('authorization') ?? '').split(' ');
    return scheme === 'Bearer' && token !== undefined && sameSecret(token, config.metricsToken)
      ? 'allowed'
      : 'unauthorized';
  }
  // req.ip is the client's address even behind a proxy on this machine ('trust proxy' is loopback).
  const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.ip ?? '');
  return config.env !== 'production' && loopback ? 'allowed' : 'hidden';
}

/** Compares in constant time (of equal-length digests), so the token cannot be guessed byte by byte. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
