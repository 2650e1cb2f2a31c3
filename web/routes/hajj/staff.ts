import { randomUUID } from 'node:crypto';
import { sendUpdate } from '../../updates';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import { createCaravan, type NewCaravan } from '../../../db/queries/hajj/bookings';
import { depositMatches, depositsPaused, setDepositsPaused } from '../../../db/queries/hajj/deposits';
import { cancellationReceipt } from '../../../db/queries/hajj/journeys';
import {
  autoReplacement,
  openRound,
  roundProgress,
  setAutoReplacement,
} from '../../../db/queries/hajj/rounds';
import {
  caravanInScope,
  caravansInScope,
  journeyInScope,
  pilgrimsOfCaravan,
  queueSummary,
} from '../../../db/queries/hajj/staff';
import { findStaffById, type StaffMember } from '../../../db/queries/shared/staff';
import { toPersianDigits } from '../../../domain/shared/digits';
import { parseIntegerId, parseWholeNumber, PG_INTEGER_MAX } from '../../../domain/shared/numbers';
import {
  awaitedStep,
  journeyRefusal,
  journeyWorkflowId,
  JOURNEY_STEPS,
  parseRials,
  type JourneyActor,
  type JourneyStage,
  type JourneyStepName,
} from '../../../domain/hajj/journey';
import { parseDepositNumber } from '../../../domain/hajj/deposit';
import { formatJalaliDateTime, parseIsoDate } from '../../../domain/shared/jalali';
import {
  HAJJ_BATCH_MESSAGES,
  HAJJ_PAGE_MESSAGES,
  HAJJ_STAGE_LABELS,
  HAJJ_STEP_LABELS,
} from '../../../domain/hajj/copy';
import { PAGE_MESSAGES, UPLOAD_ERRORS } from '../../../domain/shared/copy';
import { maskNationalCode, parseNationalCode } from '../../../domain/shared/nationalCode';
import { bookUpdate, cancelUpdate, stepUpdate, type StepArgs } from '../../../workflows/hajj/messages';
import { startDepositImportWorkflow, startRoundWorkflow } from '../../../workflows/hajj/client';
import { batchForPage, importForPage } from '../../presenters/hajjBatches';
import { caravanBatches } from '../../../db/queries/hajj/batches';
import { depositFileStorage, stagedDepositFile } from '../../forms/hajj/depositFile';
import { recentImports } from '../../../db/queries/hajj/depositImports';
import { csrf } from '../../middleware/security';
import { uploadForm } from '../../middleware/upload';
import type { WebDeps } from '../../deps';
import { staffGuard, notFound, forbidden } from '../shared/guard';
import { formatRials, jalaliOfIsoDate, receiptForPage } from './citizen';

/** The bank's file may hold a million rows: up to 100 MB, streamed into PostgreSQL as it arrives. */
const MAX_DEPOSIT_FILE_BYTES = 100 * 1024 * 1024;
const HAJJ_ROLES = ['agent', 'supervisor', 'admin'];

/** Who reaches the journey's staff pages (agents, province offices, headquarters), and headquarters alone. */
export function hajjGuards(deps: WebDeps): { hajjStaff: RequestHandler[]; hq: RequestHandler[] } {
  const guard = staffGuard(deps);
  const hajjStaff: RequestHandler[] = [
    guard.requireStaff,
    (req: Request, res: Response, next: NextFunction) => {
      if (!HAJJ_ROLES.includes(req.staff!.role)) return forbidden(res);
      next();
    },
  ];
  const hq: RequestHandler[] = [
    ...hajjStaff,
    (req: Request, res: Response, next: NextFunction) =>
      req.staff!.role === 'admin' ? next() : forbidden(res),
  ];
  return { hajjStaff, hq };
}

export const actorOf = (staff: StaffMember): JourneyActor => ({
  staffId: staff.id,
  role: staff.role,
  province: staff.province,
});

/**
 * The staff side of the journey: agents see their caravans and pilgrims and record the steps;
 * province offices see their province and record cancellations after the visa request; headquarters
 * imports deposits, opens rounds, manages caravans and visa batches. Every action is checked here by
 * role and scope, again by the workflow's validators, and audited.
 */
export function hajjStaffRoutes(deps: WebDeps): Router {
  const router = Router();
  const { hajjStaff, hq } = hajjGuards(deps);

  const show = async (
    req: Request,
    res: Response,
    flash?: { ok?: string; error?: string; report?: unknown },
  ) => {
    const staff = req.staff!;
    const [caravans, summary, rounds, imports, paused, replacing] = await Promise.all([
      caravansInScope(deps.db, staff),
      staff.role === 'admin' ? queueSummary(deps.db) : Promise.resolve(null),
      staff.role === 'admin' ? roundProgress(deps.db) : Promise.resolve([]),
      staff.role === 'admin' ? recentImports(deps.db) : Promise.resolve([]),
      depositsPaused(deps.db),
      autoReplacement(deps.db),
    ]);
    res.render('hajj/staff', {
      title: 'حج تمتع',
      flash,
      hq: staff.role === 'admin',
      agent: staff.role === 'agent',
      paused,
      autoReplacement: replacing,
      autoReplacementText: replacing
        ? HAJJ_PAGE_MESSAGES.autoReplacementOn
        : HAJJ_PAGE_MESSAGES.autoReplacementOff,
      summary: summary && {
        queued: toPersianDigits(summary.queued ?? 0),
        called: toPersianDigits(summary.called ?? 0),
        cancelled: toPersianDigits(summary.cancelled ?? 0),
      },
      rounds: rounds.map((r) => ({
        id: toPersianDigits(r.id),
        called: toPersianDigits(r.called),
        started: toPersianDigits(r.started),
        openedAt: formatJalaliDateTime(r.openedAt),
        done: r.completedAt !== null,
        replaces: r.replacesDeposit
          ? HAJJ_PAGE_MESSAGES.replacementRound(toPersianDigits(r.replacesDeposit))
          : '',
      })),
      roundKey: randomUUID(),
      imports: imports.map(importForPage),
      caravans: caravans.map((c) => ({
        id: c.id,
        label: `${c.name} (${c.code})`,
        province: c.province,
        agent: c.agentName,
        seats: `${toPersianDigits(c.seatsTaken)} / ${toPersianDigits(c.capacity)}`,
        flightDate: jalaliOfIsoDate(c.flightDate),
      })),
    });
  };

  // Agents have no request inbox: their desk is the journey's (mounted before the staff routes).
  router.get('/staff/inbox', async (req, res, next) => {
    const staff = req.session.staffId ? await findStaffById(deps.db, req.session.staffId) : undefined;
    if (staff?.role === 'agent') return res.redirect(303, '/staff/hajj');
    next();
  });

  router.get('/staff/hajj', ...hajjStaff, (req, res) => show(req, res));

  const upload = uploadForm({
    field: 'file',
    maxCount: 1,
    limits: { fileSize: MAX_DEPOSIT_FILE_BYTES, files: 1 },
    storage: depositFileStorage(deps.db),
    onProblem: (req, res, problem) =>
      show(req, res, {
        error: problem.kind === 'fileSize' ? HAJJ_PAGE_MESSAGES.importFileSize : UPLOAD_ERRORS[problem.kind],
      }),
  });

  /**
   * The bank's deposit file: streamed into PostgreSQL by the upload, then imported by its workflow
   * in chunks (workflows/hajj/depositImport.ts); the import's page shows how far it is.
   */
  router.post('/staff/hajj/import', ...hq, upload, csrf.csrfSynchronisedProtection, async (req, res) => {
    const staged = stagedDepositFile(req);
    if (!staged || !('importId' in staged)) {
      res.status(422);
      const problem = staged && 'problem' in staged ? staged.problem : null;
      return show(req, res, {
        error:
          problem === 'encoding'
            ? HAJJ_BATCH_MESSAGES.importEncoding
            : problem === 'empty'
              ? HAJJ_BATCH_MESSAGES.importEmpty
              : HAJJ_BATCH_MESSAGES.importFile,
      });
    }
    await audit(deps.db, {
      actorStaffId: req.staff!.id,
      action: 'hajj-import',
      target: String(staged.importId),
      ip: req.ip,
      details: { rows: staged.rows },
    });
    try {
      await deps.temporal.withDeadline(Date.now() + 3000, () =>
        startDepositImportWorkflow(deps.temporal, deps.config.temporal.hajjTaskQueue, staged.importId),
      );
    } catch (err) {
      // The file is staged; the worker's relay starts its import later.
      deps.log.warn({ err, importId: staged.importId }, 'deposit import start left to the relay');
    }
    res.redirect(303, `/staff/hajj/imports/${staged.importId}?staged=1`);
  });

  /** Headquarters' switches: each posts `true` or `false`, audited with what it was set to. */
  const switches = [
    { path: 'deposits-paused', field: 'paused', set: setDepositsPaused, action: 'hajj-deposits-paused' },
    { path: 'auto-replacement', field: 'on', set: setAutoReplacement, action: 'hajj-auto-replacement' },
  ] as const;
  for (const { path, field, set, action } of switches)
    router.post(`/staff/hajj/${path}`, ...hq, csrf.csrfSynchronisedProtection, async (req, res) => {
      const value = req.body?.[field] === 'true';
      await set(deps.db, value);
      await audit(deps.db, { actorStaffId: req.staff!.id, action, ip: req.ip, details: { [field]: value } });
      res.redirect(303, '/staff/hajj');
    });

  router.post('/staff/hajj/rounds', ...hq, csrf.csrfSynchronisedProtection, async (req, res) => {
    const size = Number(req.body?.size);
    const key = String(req.body?.key ?? '');
    if (!Number.isInteger(size) || size < 1 || size > 1_000_000 || !key) {
      res.status(422);
      return show(req, res, { error: HAJJ_PAGE_MESSAGES.roundSize });
    }
    const round = await openRound(deps.db, { idempotencyKey: key, size, staffId: req.staff!.id });
    if (round.created)
      await audit(deps.db, {
        actorStaffId: req.staff!.id,
        action: 'hajj-round-opened',
        target: String(round.roundId),
        ip: req.ip,
        details: { size, called: round.called },
      });
    const opened = HAJJ_PAGE_MESSAGES.roundOpened(toPersianDigits(round.called));
    try {
      await deps.temporal.withDeadline(Date.now() + 3000, () =>
        startRoundWorkflow(deps.temporal, deps.config.temporal.hajjTaskQueue, {
          roundId: round.roundId,
          replacement: false,
        }),
      );
    } catch (err) {
      // The round is opened and its people called; the worker's relay starts its workflow later.
      deps.log.warn({ err, roundId: round.roundId }, 'round start left to the relay');
      return show(req, res, { ok: `${opened} ${HAJJ_PAGE_MESSAGES.roundStartsLater}` });
    }
    await show(req, res, { ok: opened });
  });

  router.post('/staff/hajj/caravans', ...hq, csrf.csrfSynchronisedProtection, async (req, res) => {
    const b = req.body ?? {};
    const price = parseRials(String(b.price ?? ''));
    const capacity = parseWholeNumber(b.capacity, 1, PG_INTEGER_MAX);
    const agentStaffId = b.agentStaffId ? parseIntegerId(b.agentStaffId) : null;
    const agentKnown =
      !b.agentStaffId || (agentStaffId !== null && (await findStaffById(deps.db, agentStaffId)));
    const date = (v: unknown) => parseIsoDate(String(v ?? ''));
    const caravan: Partial<NewCaravan> = {
      code: String(b.code ?? '').trim(),
      name: String(b.name ?? '').trim(),
      province: String(b.province ?? '').trim(),
      agentStaffId,
      agentName: String(b.agentName ?? '').trim(),
      managerName: String(b.managerName ?? '').trim(),
    };
    const [from, to, flight] = [date(b.departsFrom), date(b.departsTo), date(b.flightDate)];
    if (
      !caravan.code ||
      !caravan.name ||
      !caravan.province ||
      !caravan.agentName ||
      !caravan.managerName ||
      price === null ||
      capacity === null ||
      !agentKnown ||
      !from ||
      !to ||
      !flight
    ) {
      res.status(422);
      return show(req, res, { error: HAJJ_PAGE_MESSAGES.caravanForm });
    }
    const id = await createCaravan(deps.db, {
      ...(caravan as NewCaravan),
      capacity,
      priceRials: price,
      departsFrom: from,
      departsTo: to,
      flightDate: flight,
    });
    await audit(deps.db, {
      actorStaffId: req.staff!.id,
      action: 'hajj-caravan-created',
      target: String(id),
      ip: req.ip,
    });
    res.redirect(303, `/staff/hajj/caravans/${id}`);
  });

  router.get('/staff/hajj/caravans/:id', ...hajjStaff, async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const caravan = id !== null && (await caravanInScope(deps.db, req.staff!, id));
    if (!caravan) return notFound(res);
    const [pilgrims, batches] = await Promise.all([
      pilgrimsOfCaravan(deps.db, caravan.id),
      caravanBatches(deps.db, caravan.id),
    ]);
    res.render('hajj/caravan', {
      title: caravan.name,
      caravan: {
        id: caravan.id,
        label: `${caravan.name} (${caravan.code})`,
        seats: `${toPersianDigits(caravan.seats_taken)} / ${toPersianDigits(caravan.capacity)}`,
        price: formatRials(String(caravan.price_rials)),
        visaRequestedAt: caravan.visa_requested_at ? formatJalaliDateTime(caravan.visa_requested_at) : '',
      },
      hq: req.staff!.role === 'admin',
      agent: req.staff!.role === 'agent',
      mayDispatch: ['agent', 'supervisor'].includes(req.staff!.role),
      visaRequestKey: randomUUID(),
      awaitingVisa: pilgrims.filter((p) => p.stage === 'visa-request').length,
      batches: batches.map((b) => batchForPage(b, 0)),
      pilgrims: pilgrims.map((p) => ({
        depositNumber: p.depositNumber,
        depositNumberFa: toPersianDigits(p.depositNumber),
        stage: HAJJ_STAGE_LABELS[p.stage as JourneyStage] ?? p.stage,
      })),
    });
  });

  /** Sends a journey update and answers with the workflow's acceptance or its reason for refusing. */
  /** The update's refusal (or the engine's absence) in Persian, or null when it went through. */
  const send = async (depositNumber: string, run: () => Promise<unknown>): Promise<string | null> => {
    const outcome = await sendUpdate(deps.log, { depositNumber }, run);
    return outcome.ok ? null : outcome.reason;
  };
  const handle = (depositNumber: string) =>
    deps.temporal.workflow.getHandle(journeyWorkflowId(depositNumber));

  const renderPilgrim = async (req: Request, res: Response, message?: { ok?: string; error?: string }) => {
    const staff = req.staff!;
    const journey = await journeyInScope(deps.db, staff, String(req.params.deposit));
    if (!journey) return notFound(res);
    const stage = journey.stage as JourneyStage;
    const facts = { stage, caravanProvince: journey.caravanProvince, caravanAgent: journey.caravanAgent };
    const step = awaitedStep(stage);
    const steps = journey.steps as Record<string, string>;
    const receipt = await cancellationReceipt(deps.db, journey.depositNumber);
    res.render('hajj/pilgrim', {
      title: `زائر ${toPersianDigits(journey.depositNumber)}`,
      message,
      pilgrim: {
        depositNumber: journey.depositNumber,
        depositNumberFa: toPersianDigits(journey.depositNumber),
        nationalCode: toPersianDigits(
          staff.role === 'agent' ? journey.nationalCode : maskNationalCode(journey.nationalCode),
        ),
        stage: HAJJ_STAGE_LABELS[stage],
        caravan: journey.caravanCode,
        dueAt: journey.dueAt ? formatJalaliDateTime(journey.dueAt) : '',
      },
      receipt: receipt && receiptForPage(receipt),
      steps: JOURNEY_STEPS.map((s) => ({
        label: HAJJ_STEP_LABELS[s],
        doneAt: steps[s] ? formatJalaliDateTime(new Date(steps[s])) : '',
      })),
      step:
        step && journeyRefusal(step, facts, actorOf(staff)) === null
          ? { name: step, label: HAJJ_STEP_LABELS[step] }
          : null,
      mayCancel: journeyRefusal('cancel', facts, actorOf(staff)) === null,
    });
  };

  router.get('/staff/hajj/pilgrims/:deposit', ...hajjStaff, (req, res) => renderPilgrim(req, res));

  /** Sends a pilgrim's journey an update, audits it (refused or not) and shows the pilgrim's page. */
  const pilgrimAction = async (
    req: Request,
    res: Response,
    depositNumber: string,
    action: string,
    run: (journey: ReturnType<typeof handle>) => Promise<unknown>,
  ) => {
    const refusal = await send(depositNumber, () => run(handle(depositNumber)));
    await audit(deps.db, {
      actorStaffId: req.staff!.id,
      action,
      target: depositNumber,
      ip: req.ip,
      details: { refused: refusal },
    });
    if (refusal) res.status(409);
    await renderPilgrim(
      req,
      res,
      refusal ? { error: PAGE_MESSAGES.actionRejected + refusal } : { ok: HAJJ_PAGE_MESSAGES.stepDone },
    );
  };

  router.post(
    '/staff/hajj/pilgrims/:deposit/step',
    ...hajjStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const journey = await journeyInScope(deps.db, req.staff!, String(req.params.deposit));
      if (!journey) return notFound(res);
      const b = req.body ?? {};
      const args: StepArgs = { actor: actorOf(req.staff!), step: String(b.step) as JourneyStepName };
      if (args.step === 'documents') {
        args.nationalCard = b.nationalCard === 'on';
        args.birthCertificate = b.birthCertificate === 'on';
        args.passportExpiry = String(b.passportExpiry ?? '');
      }
      if (args.step === 'payment') args.paidRials = String(b.paidRials ?? '');
      if (args.step === 'medical')
        args.medical = b.medical === 'fit' ? 'fit' : b.medical === 'unfit' ? 'unfit' : undefined;
      if (args.step === 'visa')
        args.visa = b.visa === 'issued' ? 'issued' : b.visa === 'refused' ? 'refused' : undefined;
      if (args.step === 'dispatch') args.flightRecord = String(b.flightRecord ?? '');
      await pilgrimAction(req, res, journey.depositNumber, `hajj-step-${args.step}`, (h) =>
        h.executeUpdate(stepUpdate, { args: [args] }),
      );
    },
  );

  router.post(
    '/staff/hajj/pilgrims/:deposit/cancel',
    ...hajjStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const journey = await journeyInScope(deps.db, req.staff!, String(req.params.deposit));
      if (!journey) return notFound(res);
      await pilgrimAction(req, res, journey.depositNumber, 'hajj-cancel', (h) =>
        h.executeUpdate(cancelUpdate, { args: [{ actor: actorOf(req.staff!) }] }),
      );
    },
  );

  /** Booking at the caravan office: the pilgrim is present and gives the pair, the agent books. */
  router.post(
    '/staff/hajj/office-booking',
    ...hajjStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      if (req.staff!.role !== 'agent') return forbidden(res);
      const nationalCode = parseNationalCode(String(req.body?.nationalCode ?? ''));
      const depositNumber = parseDepositNumber(String(req.body?.depositNumber ?? ''));
      const caravanId = parseIntegerId(req.body?.caravanId);
      const known =
        nationalCode !== null &&
        depositNumber !== null &&
        (await depositMatches(deps.db, nationalCode, depositNumber));
      if (!known || caravanId === null || !(await caravanInScope(deps.db, req.staff!, caravanId))) {
        res.status(404);
        return show(req, res, { error: HAJJ_PAGE_MESSAGES.queueNotFound });
      }
      const refusal = await send(depositNumber!, () =>
        handle(depositNumber!).executeUpdate(bookUpdate, {
          args: [{ actor: actorOf(req.staff!), caravanId }],
        }),
      );
      await audit(deps.db, {
        actorStaffId: req.staff!.id,
        action: 'hajj-office-booking',
        target: depositNumber,
        ip: req.ip,
        details: { caravanId, refused: refusal },
      });
      if (refusal) {
        res.status(409);
        return show(req, res, { error: PAGE_MESSAGES.actionRejected + refusal });
      }
      res.redirect(303, `/staff/hajj/pilgrims/${depositNumber}`);
    },
  );

  return router;
}
