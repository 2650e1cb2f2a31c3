import { Router } from 'express';
import { latestNotifications } from '../../../db/queries/shared/notifications';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { simulatedPerson } from '../../../activities/integrations/registry/simulated';
import type { WebDeps } from '../../deps';

/** Pages of the embedded stack only: what was "sent", and who the simulated registry knows. */
export function devRoutes(deps: WebDeps): Router {
  const router = Router();

  router.get('/dev/outbox', async (_req, res) => {
    const rows = await latestNotifications(deps.db, 200);
    res.render('dev/outbox', {
      title: 'صندوق ارسال (محیط توسعه)',
      notifications: rows.map((n) => ({ ...n, createdAt: formatJalaliDateTime(n.created_at) })),
    });
  });

  router.get('/dev/registry/:nationalCode', (req, res) => {
    const person = simulatedPerson(String(req.params.nationalCode));
    if (person) res.json(person);
    else res.status(404).json({ error: 'not found' });
  });

  return router;
}
