import { Router, type Request, type Response } from 'express';
import { cardByToken } from '../../../db/queries/hajj/cards';
import { documentContent, journeyWithCaravan } from '../../../db/queries/hajj/registration';
import { HAJJ_REGISTRATION_MESSAGES as M } from '../../../domain/hajj/copy';
import type { JourneyStage } from '../../../domain/hajj/journey';
import { cardValid, parseCardToken } from '../../../domain/hajj/registration';
import { toPersianDigits } from '../../../domain/shared/digits';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';
import { slipForPage } from '../../presenters/hajjRegistration';
import { kindLabel } from '../../presenters/hajjKinds';
import type { WebDeps } from '../../deps';
import { cardPage, loadRegistration } from './registration';

/**
 * The pilgrim's printable papers (issue 19): the payment slip and the pilgrim card, for the
 * deposit proven in the session; and the card's public verification page, which says only whether
 * the card is valid, whose it is and the caravan.
 */
export function hajjPaperRoutes(deps: WebDeps): Router {
  const router = Router();

  const notFound = (res: Response) =>
    res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });

  /** The proven deposit's journey with a caravan, or the look-up page / not found. */
  const provenJourney = async (req: Request, res: Response) => {
    const depositNumber = req.session.hajjDeposit;
    if (!depositNumber) {
      res.redirect(303, '/hajj');
      return undefined;
    }
    const journey = await journeyWithCaravan(deps.db, depositNumber);
    if (!journey) notFound(res);
    return journey && { ...journey, stage: journey.stage as JourneyStage };
  };

  router.get('/hajj/slip', async (req, res) => {
    const journey = await provenJourney(req, res);
    if (!journey) return;
    const { slip } = await loadRegistration(deps.db, journey.depositNumber, journey.caravanId, journey.stage);
    if (!slip) return notFound(res);
    res.render('hajj/slip', {
      title: 'فیش پرداخت اعزام',
      slip: slipForPage(slip),
      depositNumber: toPersianDigits(journey.depositNumber),
      caravan: journey.caravanCode,
      kind: kindLabel(journey.kind),
      back: '/hajj/journey',
    });
  });

  router.get('/hajj/card', async (req, res) => {
    const journey = await provenJourney(req, res);
    if (!journey) return;
    const page = await cardPage(deps, journey.depositNumber, journey.caravanId, '/hajj/card/photo');
    if (!page) return notFound(res);
    res.render('hajj/card', { ...page, kind: kindLabel(journey.kind), back: '/hajj/journey' });
  });

  router.get('/hajj/card/photo', async (req, res) => {
    const journey = await provenJourney(req, res);
    if (!journey) return;
    const photo = await documentContent(deps.db, journey.depositNumber, 'photo');
    if (!photo) return notFound(res);
    res.set('Content-Type', photo.contentType).set('Cache-Control', 'private, no-store').send(photo.content);
  });

  router.get('/hajj/card/verify/:token', async (req, res) => {
    const token = parseCardToken(String(req.params.token));
    const card = token ? await cardByToken(deps.db, token) : undefined;
    const valid = card !== undefined && cardValid(card.stage);
    res.status(card ? 200 : 404).render('hajj/cardVerify', {
      title: 'استعلام کارت زائر',
      valid,
      text: valid ? M.cardValid : M.cardInvalid,
      card: valid ? { holder: card.holderName, caravan: `${card.caravanName} (${card.caravanCode})` } : null,
    });
  });

  return router;
}
