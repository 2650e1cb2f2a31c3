import { randomUUID } from 'node:crypto';
import { sendUpdate } from '../../updates';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import type { AuditAction } from '../../../domain/shared/audit';
import { createCaravan } from '../../../db/queries/hajj/bookings';
import { depositMatches, depositsPaused, setDepositsPaused } from '../../../db/queries/hajj/deposits';
import { caravanBatches } from '../../../db/queries/hajj/batches';
import { dropStagedImport, recentImports } from '../../../db/queries/hajj/depositImports';
import { cancellationReceipt } from '../../../db/queries/hajj/journeys';
import {
  autoReplacement,
  openRound,
  roundPreview,
  roundProgress,
  roundTexted,
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
import { parseIntegerId } from '../../../domain/shared/numbers';
import {
  awaitedStep,
  journeyRefusal,
  journeyWorkflowId,
  isRegistrationStep,
  JOURNEY_STEPS,
  type JourneyActor,
  type JourneyStage,
  type JourneyStepName,
} from '../../../domain/hajj/journey';
import { parseDepositNumber } from '../../../domain/hajj/deposit';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import {
  HAJJ_BATCH_MESSAGES,
  HAJJ_CONFIRM_MESSAGES,
  HAJJ_PAGE_MESSAGES,
  HAJJ_REGISTRATION_ERRORS,
  HAJJ_STAGE_LABELS,
  HAJJ_STEP_LABELS,
  HAJJ_KIND_MESSAGES,
} from '../../../domain/hajj/copy';
import { PAGE_MESSAGES, UPLOAD_ERRORS } from '../../../domain/shared/copy';
import { maskNationalCode, parseNationalCode } from '../../../domain/shared/nationalCode';
import { bookUpdate, cancelUpdate, stepUpdate, type StepArgs } from '../../../workflows/hajj/messages';
import { startDepositImportWorkflow, startRoundWorkflow } from '../../../workflows/hajj/client';
import { cancellationPreview, formatRials, jalaliOfIsoDate } from '../../presenters/hajj';
import { batchForPage, importForPage } from '../../presenters/hajjBatches';
import { depositFileStorage, stagedDepositFile } from '../../forms/hajj/depositFile';
import { readCaravanForm, readRoundSize, type FieldErrors } from '../../forms/hajj/staffForms';
import { readJourneyKind, readKindFilter } from '../../forms/hajj/kinds';
import { kindLabel, kindOptions } from '../../presenters/hajjKinds';
import { setImportKind } from '../../../db/queries/hajj/kinds';
import { csrf } from '../../middleware/security';
import { uploadForm } from '../../middleware/upload';
import { cachedReference, type WebDeps } from '../../deps';
import { staffGuard, notFound, forbidden } from '../shared/guard';
import { receiptForPage } from './citizen';
import { hajjRegistrationRoutes, registrationSection, type RegistrationForm } from './registration';

import { MAX_DEPOSIT_FILE_BYTES } from '../../../domain/hajj/policy';
const HAJJ_ROLES = ['agent', 'supervisor', 'admin'];
/** The caravan form's element ids, by field, for its error summary's links. */
const CARAVAN_FIELD_IDS = {
  code: 'cv-code',
  name: 'cv-name',
  province: 'cv-province',
  agentStaffId: 'cv-agent',
  agentName: 'cv-agent-name',
  managerName: 'cv-manager',
  managerPhone: 'cv-manager-phone',
  capacity: 'cv-capacity',
  price: 'cv-price',
  departsFrom: 'cv-from',
  departsTo: 'cv-to',
  flightDate: 'cv-flight',
  kind: 'cv-kind',
};

export const actorOf = (staff: StaffMember): JourneyActor => ({
  staffId: staff.id,
  role: staff.role,
  province: staff.province,
});

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

/**
 * The staff side of the journey: agents see their caravans and pilgrims and record the steps;
 * province offices see their province and record cancellations after the visa request; headquarters
 * imports deposits, opens rounds, manages caravans and visa batches. Every action is checked here by
 * role and scope, again by the workflow's validators, and audited.
 */
export function hajjStaffRoutes(deps: WebDeps): Router {
  const router = Router();
  const reference = cachedReference(deps.db);
  const { hajjStaff, hq } = hajjGuards(deps);

  const show = async (
    req: Request,
    res: Response,
    flash?: {
      ok?: string;
      error?: string;
      report?: unknown;
      /** A form's field errors and what was typed, shown again in the form. */
      errors?: FieldErrors;
      values?: Record<string, string>;
    },
  ) => {
    const staff = req.staff!;
    // The caravans of one journey kind (عمره مفرده, حج تمتع) when the list is filtered by it.
    const kindFilter = readKindFilter(req.query.kind);
    const [caravans, summary, rounds, imports, paused, replacing, ref] = await Promise.all([
      caravansInScope(deps.db, staff, kindFilter),
      staff.role === 'admin' ? queueSummary(deps.db) : Promise.resolve(null),
      staff.role === 'admin' ? roundProgress(deps.db) : Promise.resolve([]),
      staff.role === 'admin' ? recentImports(deps.db) : Promise.resolve([]),
      depositsPaused(deps.db),
      autoReplacement(deps.db),
      reference(),
    ]);
    res.render('hajj/staff', {
      title: 'حج و زیارت',
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
        kinds: kindOptions().map((k) => ({
          label: k.label,
          queued: toPersianDigits(summary.byKind[k.value]?.queued ?? 0),
          called: toPersianDigits(summary.byKind[k.value]?.called ?? 0),
        })),
      },
      rounds: rounds.map((r) => ({
        id: toPersianDigits(r.id),
        called: toPersianDigits(r.called),
        started: toPersianDigits(r.started),
        openedAt: formatJalaliDateTime(r.openedAt),
        kind: kindLabel(r.kind),
        done: r.completedAt !== null,
        replaces: r.replacesDeposit
          ? HAJJ_PAGE_MESSAGES.replacementRound(toPersianDigits(r.replacesDeposit))
          : '',
      })),
      imports: imports.map(importForPage),
      errors: flash?.errors ?? {},
      values: flash?.values ?? {},
      roundIds: { size: 'round-size', kind: 'round-kind' },
      kinds: kindOptions(flash?.values?.kind),
      kindFilters: kindOptions(kindFilter),
      kindFiltered: kindFilter !== undefined,
      caravanIds: CARAVAN_FIELD_IDS,
      provinces: ref.provinces.map((p) => ({
        value: p.slug,
        label: p.name,
        selected: p.slug === flash?.values?.province,
      })),
      caravans: caravans.map((c) => ({
        id: c.id,
        label: `${c.name} (${c.code})`,
        province: ref.province(c.province)?.name ?? '',
        agent: c.agentName,
        seats: `${toPersianDigits(c.seatsTaken)} / ${toPersianDigits(c.capacity)}`,
        flightDate: jalaliOfIsoDate(c.flightDate),
        kind: kindLabel(c.kind),
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
    // The pilgrimage the bank's file is for (each has its own deposit account and file): checked
    // before the import starts, and a file of no known kind is dropped whole.
    const kind = readJourneyKind(req.body?.kind);
    if ('error' in kind) {
      await dropStagedImport(deps.db, staged.importId);
      res.status(422);
      return show(req, res, { error: kind.error });
    }
    await setImportKind(deps.db, staged.importId, kind.kind);
    await audit(deps.db, {
      actorStaffId: req.staff!.id,
      action: 'hajj-import',
      target: String(staged.importId),
      ip: req.ip,
      details: { rows: staged.rows, kind: kind.kind },
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

  /** Before a round is opened: how many of the queue it calls and how many of them get the SMS. */
  router.get('/staff/hajj/rounds/confirm', ...hq, async (req, res) => {
    const read = readRoundSize(req.query as Record<string, unknown>);
    const kind = readJourneyKind(req.query.kind);
    if ('errors' in read || 'error' in kind) {
      res.status(422);
      return show(req, res, {
        ...('error' in kind ? { error: kind.error } : {}),
        errors: 'errors' in read ? read.errors : {},
        values: { size: String(req.query.size ?? '') },
      });
    }
    const preview = await roundPreview(deps.db, read.size, kind.kind);
    res.render('hajj/confirmRound', {
      title: HAJJ_CONFIRM_MESSAGES.roundTitle,
      messages: HAJJ_CONFIRM_MESSAGES,
      lead: `${HAJJ_CONFIRM_MESSAGES.roundLead(toPersianDigits(read.size))} (${HAJJ_KIND_MESSAGES.field}: ${kindLabel(kind.kind)})`,
      kind: kind.kind,
      short:
        preview.called < read.size && preview.called > 0
          ? HAJJ_CONFIRM_MESSAGES.roundShort(toPersianDigits(preview.called))
          : '',
      empty: preview.called === 0 ? HAJJ_CONFIRM_MESSAGES.roundEmpty : '',
      size: read.size,
      called: toPersianDigits(preview.called),
      texted: toPersianDigits(preview.texted),
      key: randomUUID(),
    });
  });

  router.post('/staff/hajj/rounds', ...hq, csrf.csrfSynchronisedProtection, async (req, res) => {
    const read = readRoundSize(req.body);
    const key = String(req.body?.key ?? '');
    const kind = readJourneyKind(req.body?.kind);
    if ('errors' in read || !key || 'error' in kind) {
      res.status(422);
      return show(req, res, {
        ...('error' in kind ? { error: kind.error } : {}),
        errors:
          'errors' in read ? read.errors : 'error' in kind ? {} : { size: HAJJ_PAGE_MESSAGES.roundSize },
        values: { size: String(req.body?.size ?? '') },
      });
    }
    const size = read.size;
    const round = await openRound(deps.db, {
      idempotencyKey: key,
      size,
      staffId: req.staff!.id,
      kind: kind.kind,
    });
    if (round.created)
      await audit(deps.db, {
        actorStaffId: req.staff!.id,
        action: 'hajj-round-opened',
        target: String(round.roundId),
        ip: req.ip,
        details: { size, called: round.called, kind: kind.kind },
      });
    const opened = HAJJ_CONFIRM_MESSAGES.roundOpened(
      toPersianDigits(round.roundId),
      toPersianDigits(round.called),
      toPersianDigits(await roundTexted(deps.db, round.roundId)),
    );
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
    const read = await readCaravanForm(req.body, await reference(), async (id) =>
      Boolean(await findStaffById(deps.db, id)),
    );
    if ('errors' in read) {
      res.status(422);
      return show(req, res, {
        error: HAJJ_PAGE_MESSAGES.caravanForm,
        errors: read.errors,
        values: read.values,
      });
    }
    const id = await createCaravan(deps.db, read.caravan);
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
        kind: kindLabel(caravan.kind),
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

  const renderPilgrim = async (
    req: Request,
    res: Response,
    message?: { ok?: string; error?: string },
    form?: RegistrationForm,
  ) => {
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
        kind: kindLabel(journey.kind),
        dueAt: journey.dueAt ? formatJalaliDateTime(journey.dueAt) : '',
      },
      receipt: receipt && receiptForPage(receipt),
      steps: JOURNEY_STEPS.map((s) => ({
        label: HAJJ_STEP_LABELS[s],
        doneAt: steps[s] ? formatJalaliDateTime(new Date(steps[s])) : '',
      })),
      registration: await registrationSection(deps.db, journey, actorOf(staff), form),
      // The registration's steps have their own forms (the registration section).
      step:
        step && !isRegistrationStep(step) && journeyRefusal(step, facts, actorOf(staff)) === null
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
    action: AuditAction,
    run: (journey: ReturnType<typeof handle>) => Promise<unknown>,
    done: () => Promise<string>,
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
      refusal ? { error: PAGE_MESSAGES.actionRejected + refusal } : { ok: await done() },
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
      // The registration's steps are recorded with their data (registration.ts), never bare.
      if (isRegistrationStep(args.step)) {
        res.status(409);
        return renderPilgrim(req, res, { error: HAJJ_REGISTRATION_ERRORS.notNow });
      }
      if (args.step === 'visa')
        args.visa = b.visa === 'issued' ? 'issued' : b.visa === 'refused' ? 'refused' : undefined;
      if (args.step === 'dispatch') args.flightRecord = String(b.flightRecord ?? '');
      await pilgrimAction(
        req,
        res,
        journey.depositNumber,
        `hajj-step-${args.step}`,
        (h) => h.executeUpdate(stepUpdate, { args: [args] }),
        async () => HAJJ_CONFIRM_MESSAGES.stepDone(HAJJ_STEP_LABELS[args.step] ?? ''),
      );
    },
  );

  router.use(
    hajjRegistrationRoutes(deps, {
      hajjStaff,
      hq,
      actorOf,
      renderPilgrim,
      sendStep: (depositNumber, args) =>
        send(depositNumber, () => handle(depositNumber).executeUpdate(stepUpdate, { args: [args] })),
    }),
  );

  /** Before a cancellation: what the settlement keeps blocked and what it refunds. */
  router.get('/staff/hajj/pilgrims/:deposit/cancel', ...hajjStaff, async (req, res) => {
    const journey = await journeyInScope(deps.db, req.staff!, String(req.params.deposit));
    if (!journey) return notFound(res);
    const facts = {
      stage: journey.stage as JourneyStage,
      caravanProvince: journey.caravanProvince,
      caravanAgent: journey.caravanAgent,
    };
    const refusal = journeyRefusal('cancel', facts, actorOf(req.staff!));
    if (refusal) {
      res.status(409);
      return renderPilgrim(req, res, { error: PAGE_MESSAGES.actionRejected + refusal });
    }
    res.render('hajj/confirmCancel', {
      title: HAJJ_CONFIRM_MESSAGES.cancelTitle,
      messages: HAJJ_CONFIRM_MESSAGES,
      pilgrim: {
        depositNumber: journey.depositNumber,
        depositNumberFa: toPersianDigits(journey.depositNumber),
        stage: HAJJ_STAGE_LABELS[journey.stage as JourneyStage],
        caravan: journey.caravanCode,
      },
      settlement: cancellationPreview(journey.depositRials, journey.paidRials),
    });
  });

  router.post(
    '/staff/hajj/pilgrims/:deposit/cancel',
    ...hajjStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const journey = await journeyInScope(deps.db, req.staff!, String(req.params.deposit));
      if (!journey) return notFound(res);
      await pilgrimAction(
        req,
        res,
        journey.depositNumber,
        'hajj-cancel',
        (h) => h.executeUpdate(cancelUpdate, { args: [{ actor: actorOf(req.staff!) }] }),
        async () => {
          const receipt = await cancellationReceipt(deps.db, journey.depositNumber);
          return HAJJ_CONFIRM_MESSAGES.cancelDone(toPersianDigits(receipt?.receiptNumber ?? ''));
        },
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
