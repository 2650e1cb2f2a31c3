import { Router } from 'express';
import { guideFile, listFaq, listGuides } from '../../../db/queries/shared/selfService';
import { PAGE_MESSAGES, SELF_SERVICE_COPY } from '../../../domain/shared/copy';
import { parseIntegerId } from '../../../domain/shared/numbers';
import type { WebDeps } from '../../deps';
import { guidesForPage, guideDownloadName } from '../../presenters/selfService';

/**
 * Self-service pages that spare a request: the questions citizens ask most (admin-edited), and the
 * organization's guides as PDF downloads (admin-uploaded).
 */
export function helpRoutes(deps: WebDeps): Router {
  const router = Router();

  router.get('/help', async (_req, res) => {
    const [faq, guides] = await Promise.all([listFaq(deps.db), listGuides(deps.db)]);
    res.render('help/help', { title: 'راهنما و پرسش‌های پرتکرار', faq, guides: guidesForPage(guides) });
  });

  router.get('/guides', async (_req, res) => {
    res.render('help/guides', { title: 'دانلود راهنماها', guides: guidesForPage(await listGuides(deps.db)) });
  });

  router.get('/guides/:id', async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const guide = id === null ? undefined : await guideFile(deps.db, id);
    if (!guide) {
      res.status(404).render('error', {
        title: 'یافت نشد',
        status: 404,
        message: id === null ? PAGE_MESSAGES.notFound : SELF_SERVICE_COPY.guideNoFile,
      });
      return;
    }
    // Always a PDF (checked by its bytes on upload), always a download under a safe name: Express
    // writes a Persian name as RFC 5987 `filename*` beside an ASCII fallback.
    res
      .attachment(guideDownloadName(guide))
      .type('application/pdf')
      .set('X-Content-Type-Options', 'nosniff')
      .send(guide.content);
  });

  return router;
}
