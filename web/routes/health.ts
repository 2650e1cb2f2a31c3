import { Router } from 'express';
import client from 'prom-client';
import type { WebDeps } from '../deps';

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

  /** Ready when both the database and the workflow engine answer. */
  router.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.raw('select 1').then(
        () => 'ok',
        () => 'unreachable',
      ),
      deps.temporal
        .withDeadline(Date.now() + 2000, () => deps.temporal.workflowService.getSystemInfo({}))
        .then(
          () => 'ok',
          () => 'unreachable',
        ),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', database, temporal });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });

  return router;
}
