import type {} from 'express-session';
import { sendUpdate } from '../../updates';
import { Router, type Request, type Response } from 'express';
import { listCaravans } from '../../../db/queries/hajj/bookings';
import {
  depositHolder,
  depositMatches,
  depositsPaused,
  queueStanding,
} from '../../../db/queries/hajj/deposits';
import { roundNotices } from '../../../db/queries/hajj/rounds';
import { tripServices } from '../../../db/queries/hajj/tripServices';
import { tripServicesForPage } from '../../presenters/hajjBatches';
import {
  cancellationReceipt,
  journeyForPage,
  type CancellationReceipt,
} from '../../../db/queries/hajj/journeys';
import { toPersianDigits } from '../../../domain/shared/digits';
import { journeyWorkflowId, parseRials, type JourneyStage } from '../../../domain/hajj/journey';
import { parseDepositNumber } from '../../../domain/hajj/deposit';
import { parseIntegerId } from '../../../domain/shared/numbers';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { pilgrimRegistration } from '../../presenters/hajjRegistration';
import { loadRegistration } from './registration';
import { kindLabel } from '../../presenters/hajjKinds';
import { journeyKindOf } from '../../../domain/hajj/kinds';
import {
  HAJJ_EVENT_LABELS,
  HAJJ_CONFIRM_MESSAGES,
  HAJJ_PAGE_MESSAGES,
  HAJJ_RECEIPT_TITLES_BY_KIND,
  HAJJ_RECORDED_BY,
  HAJJ_REQUIRED_DOCUMENTS,
  HAJJ_SETTLEMENT_REASONS,
  HAJJ_STAGE_LABELS,
  HAJJ_KIND_MESSAGES,
} from '../../../domain/hajj/copy';
import { FIELD_ERRORS, PAGE_MESSAGES } from '../../../domain/shared/copy';
import { parseNationalCode } from '../../../domain/shared/nationalCode';
import { bookUpdate } from '../../../workflows/hajj/messages';
import { bookingConfirmation, formatRials, jalaliOfIsoDate } from '../../presenters/hajj';
import { captchaSolved } from '../../middleware/captcha';
import { setFlash, takeFlash } from '../../middleware/flash';
import { csrf, csrfOrReshow, csrfTokenSaved, limit, saveSession } from '../../middleware/security';
import { cachedReference, type WebDeps } from '../../deps';
import { registeredName } from '../../identity';
import { JOURNEY_PAGE_LABELS, journeyAmounts, journeySteps, lastRoundReach } from '../../presenters/journey';

declare module 'express-session' {
  interface SessionData {
    /** The deposit whose owner proved the pair (national code + deposit number) in this session. */
    hajjDeposit?: string;
  }
}

/** A settlement receipt as the pages show it: amounts in rials, why, who recorded it and when. */
export function receiptForPage(receipt: CancellationReceipt) {
  return {
    number: toPersianDigits(receipt.receiptNumber),
    title: HAJJ_RECEIPT_TITLES_BY_KIND[journeyKindOf(receipt.kind)][receipt.reason],
    reason: HAJJ_SETTLEMENT_REASONS[receipt.reason],
    at: formatJalaliDateTime(new Date(receipt.at)),
    recordedBy:
      HAJJ_RECORDED_BY[receipt.recordedAs as keyof typeof HAJJ_RECORDED_BY] ??
      (receipt.afterVisaRequest ? HAJJ_RECORDED_BY.supervisor : HAJJ_RECORDED_BY.agent),
    paid: formatRials(receipt.paidRials),
    blocked: formatRials(receipt.blockedRials),
    refund: formatRials(receipt.refundRials),
  };
}

/**
 * The pilgrim's pages: where they stand in the deposit queue, their journey, online caravan booking
 * among their province's caravans and the cancellation receipt. The pair national code + deposit
 * number (with a captcha) opens them for the session, as the tracking pair does for requests.
 */
export function hajjRoutes(deps: WebDeps): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  const renderLookup = async (
    req: Request,
    res: Response,
    values = { nationalCode: '', depositNumber: '' },
    errors: Record<string, string> = {},
    notFound = false,
  ) => {
    res.render('hajj/lookup', {
      title: 'استعلام نوبت حج تمتع و عمره مفرده',
      values,
      errors,
      notFound,
      paused: await depositsPaused(deps.db),
      notices: (await roundNotices(deps.db)).map((n) => ({
        at: formatJalaliDateTime(new Date(n.openedAt)),
        text: HAJJ_PAGE_MESSAGES.roundNotice(
          formatRials(String(n.called)),
          formatJalaliDateTime(new Date(n.calledThrough)),
        ),
      })),
      messages: HAJJ_PAGE_MESSAGES,
      // Saved before the page goes out, so its captcha image finds the session (web/middleware/security.ts).
      csrfToken: await csrfTokenSaved(req),
      captchaUrl: `/captcha.svg?${Date.now()}`,
    });
  };

  router.get('/hajj', (req, res) => renderLookup(req, res));

  router.post(
    '/hajj',
    limit(deps.db, { name: 'hajj-lookup', windowMinutes: 10, max: 60 }),
    csrfOrReshow((req, res) =>
      renderLookup(req, res, {
        nationalCode: String(req.body?.nationalCode ?? '').trim(),
        depositNumber: String(req.body?.depositNumber ?? '').trim(),
      }),
    ),
    async (req, res) => {
      const values = {
        nationalCode: String(req.body?.nationalCode ?? '').trim(),
        depositNumber: String(req.body?.depositNumber ?? '').trim(),
      };
      const errors: Record<string, string> = {};
      const nationalCode = parseNationalCode(values.nationalCode);
      const depositNumber = parseDepositNumber(values.depositNumber);
      if (!nationalCode)
        errors.nationalCode = values.nationalCode ? FIELD_ERRORS.nationalCode : FIELD_ERRORS.required;
      if (!depositNumber)
        errors.depositNumber = values.depositNumber
          ? HAJJ_PAGE_MESSAGES.depositNumber
          : FIELD_ERRORS.required;
      if (!captchaSolved(req, deps.config.captcha)) errors.captcha = FIELD_ERRORS.captcha;
      if (Object.keys(errors).length > 0 || !nationalCode || !depositNumber) {
        res.status(422);
        return renderLookup(req, res, values, errors);
      }
      if (!(await depositMatches(deps.db, nationalCode, depositNumber))) {
        // An unknown number and a wrong pair look the same, so numbers cannot be probed.
        res.status(404);
        return renderLookup(req, res, values, {}, true);
      }
      req.session.hajjDeposit = depositNumber;
      await saveSession(req);
      res.redirect(303, '/hajj/journey');
    },
  );

  /** The deposit proven in this session, or the look-up page. */
  const proven = (req: Request, res: Response): string | null => {
    const deposit = req.session.hajjDeposit;
    if (!deposit) res.redirect(303, '/hajj');
    return deposit ?? null;
  };

  router.get('/hajj/journey', async (req, res) => {
    const depositNumber = proven(req, res);
    if (!depositNumber) return;
    const [standing, journey, ref, receipt, holder, lastRounds] = await Promise.all([
      queueStanding(deps.db, null, depositNumber),
      journeyForPage(deps.db, depositNumber),
      reference(),
      cancellationReceipt(deps.db, depositNumber),
      depositHolder(deps.db, depositNumber),
      roundNotices(deps.db, 1),
    ]);
    const stage = journey?.stage as JourneyStage | undefined;
    const steps = (journey?.steps ?? {}) as Record<string, string>;
    const registration =
      journey?.caravanId &&
      pilgrimRegistration(await loadRegistration(deps.db, depositNumber, journey.caravanId, stage!));
    const services = journey?.caravanId ? await tripServices(deps.db, journey.caravanId) : [];
    const kind = kindLabel(standing!.kind);
    res.render('hajj/journey', {
      title: `سفر ${kind} من`,
      kind,
      queueOf: HAJJ_KIND_MESSAGES.queueOf(kind),
      notice:
        typeof req.query.notice === 'string' && req.query.notice === 'booked'
          ? HAJJ_PAGE_MESSAGES.booked
          : '',
      deposit: {
        number: toPersianDigits(depositNumber),
        depositedAt: formatJalaliDateTime(standing!.depositedAt),
        branch: standing!.bankBranch,
        amount: formatRials(standing!.amountRials),
        position: standing!.position === null ? '' : toPersianDigits(standing!.position),
      },
      journey: journey && {
        stageLabel: HAJJ_STAGE_LABELS[stage!],
        mayBook: stage === 'booking',
        receipt: receipt && receiptForPage(receipt),
        registration,
        heldUntil: journey.heldUntil ? formatJalaliDateTime(journey.heldUntil) : '',
        dueAt: journey.dueAt ? formatJalaliDateTime(journey.dueAt) : '',
        caravan: journey.caravanId && {
          code: journey.caravanCode,
          name: journey.caravanName,
          province: ref.province(journey.caravanProvince)?.name ?? journey.caravanProvince,
          agent: journey.agentName,
          manager: journey.managerName,
          flightDate: jalaliOfIsoDate(journey.flightDate),
        },
        steps: journeySteps(stage, steps),
        amounts: journeyAmounts(journey, standing!.amountRials),
        timeline: journey.events.map((e: { kind: string; at: Date }) => ({
          at: formatJalaliDateTime(e.at),
          text: HAJJ_EVENT_LABELS[e.kind] ?? e.kind,
        })),
      },
      pilgrimName: holder ? await registeredName(deps.registry, holder.nationalCode) : '',
      lastRound: standing!.status === 'queued' ? lastRoundReach(lastRounds) : '',
      labels: JOURNEY_PAGE_LABELS,
      documents: HAJJ_REQUIRED_DOCUMENTS,
      services: tripServicesForPage(services, standing!.kind),
      notCalled: HAJJ_PAGE_MESSAGES.notCalled,
    });
  });

  router.get('/hajj/caravans', async (req, res) => {
    const depositNumber = proven(req, res);
    if (!depositNumber) return;
    const [ref, standing] = await Promise.all([reference(), queueStanding(deps.db, null, depositNumber)]);
    const province = ref.province(String(req.query.province ?? ''))?.slug ?? '';
    const maxPrice = parseRials(String(req.query.maxPrice ?? '')) ?? undefined;
    // Only the caravans of the pilgrim's journey kind: an Umrah pilgrim books an Umrah caravan.
    const caravans = province
      ? await listCaravans(deps.db, {
          province,
          withSeatsOnly: req.query.all !== '1',
          maxPriceRials: maxPrice,
          kind: standing?.kind,
        })
      : [];
    res.render('hajj/caravans', {
      title: 'رزرو و انتخاب کاروان',
      kind: standing ? kindLabel(standing.kind) : '',
      provinces: ref.provinces.map((p) => ({ value: p.slug, label: p.name, selected: p.slug === province })),
      values: { maxPrice: String(req.query.maxPrice ?? ''), all: req.query.all === '1' },
      province,
      error: takeFlash(req, 'hajjCaravans') ?? '',
      caravans: caravans.map((c) => ({
        id: c.id,
        name: c.name,
        code: c.code,
        agent: c.agentName,
        manager: c.managerName,
        seatsLeft: toPersianDigits(c.seatsLeft),
        full: c.seatsLeft <= 0,
        price: formatRials(c.priceRials),
        window: `${jalaliOfIsoDate(c.departsFrom)} تا ${jalaliOfIsoDate(c.departsTo)}`,
        rating: c.rating ? toPersianDigits(c.rating) : '—',
      })),
      csrfToken: csrf.generateToken(req),
    });
  });

  /** Before booking: the caravan, its dates and price, the deposit paid and what is left to pay. */
  router.get('/hajj/book', async (req, res) => {
    const depositNumber = proven(req, res);
    if (!depositNumber) return;
    const caravanId = parseIntegerId(req.query.caravanId);
    const [caravan] = caravanId === null ? [] : await listCaravans(deps.db, { id: caravanId });
    const province = String(req.query.province ?? '');
    if (!caravan) {
      await setFlash(req, 'hajjCaravans', HAJJ_PAGE_MESSAGES.chooseCaravan);
      return res.redirect(303, `/hajj/caravans?province=${encodeURIComponent(province)}`);
    }
    const [standing, ref] = await Promise.all([queueStanding(deps.db, null, depositNumber), reference()]);
    res.render('hajj/confirmBook', {
      title: HAJJ_CONFIRM_MESSAGES.bookTitle,
      messages: HAJJ_CONFIRM_MESSAGES,
      caravan: bookingConfirmation(caravan, standing!.amountRials, ref.province(caravan.province)),
      province: caravan.province,
      csrfToken: csrf.generateToken(req),
    });
  });

  router.post(
    '/hajj/book',
    limit(deps.db, { name: 'hajj-book', windowMinutes: 10, max: 30 }),
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const depositNumber = proven(req, res);
      if (!depositNumber) return;
      const caravanId = parseIntegerId(req.body?.caravanId);
      const back = async (message: string) => {
        await setFlash(req, 'hajjCaravans', message);
        res.redirect(303, `/hajj/caravans?province=${encodeURIComponent(String(req.body?.province ?? ''))}`);
      };
      if (caravanId === null) return back(HAJJ_PAGE_MESSAGES.chooseCaravan);
      const outcome = await sendUpdate(deps.log, { depositNumber }, () =>
        deps.temporal.workflow
          .getHandle(journeyWorkflowId(depositNumber))
          .executeUpdate(bookUpdate, { args: [{ actor: null, caravanId }] }),
      );
      if (!outcome.ok) return back(outcome.reason);
      res.redirect(303, '/hajj/journey?notice=booked');
    },
  );

  router.get('/hajj/receipt', async (req, res) => {
    const depositNumber = proven(req, res);
    if (!depositNumber) return;
    const receipt = await cancellationReceipt(deps.db, depositNumber);
    if (!receipt) {
      res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
      return;
    }
    const holder = (await depositHolder(deps.db, depositNumber))!;
    const shown = receiptForPage(receipt);
    res.render('hajj/receipt', {
      title: shown.title,
      receipt: {
        ...shown,
        depositNumber: toPersianDigits(depositNumber),
        nationalCode: toPersianDigits(holder.nationalCode),
        branch: holder.bankBranch,
      },
    });
  });

  return router;
}
