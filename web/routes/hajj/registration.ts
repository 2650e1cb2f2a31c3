import { randomBytes } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import QRCode from 'qrcode';
import type { Db } from '../../../db';
import { audit } from '../../../db/queries/shared/audit';
import type { AuditAction } from '../../../domain/shared/audit';
import { cardOf, issueCard, withdrawCard } from '../../../db/queries/hajj/cards';
import {
  findPaymentImport,
  importBankPayments,
  issueSlip,
  paymentAccount,
  paymentFileLines,
  PaymentFileRefused,
  recentPaymentImports,
  refusedPaymentItems,
  setPaymentAccount,
  slipOf,
} from '../../../db/queries/hajj/payments';
import {
  checkDocument,
  documentChecks,
  documentContent,
  registrationOf,
  registrationTerms,
  saveDocument,
  saveIdentity,
  saveInsurance,
  saveMedical,
} from '../../../db/queries/hajj/registration';
import { caravanInScope, journeyInScope, pilgrimsOfCaravan } from '../../../db/queries/hajj/staff';
import {
  addTrainingClass,
  attendedBy,
  classesOfCaravan,
  presentAt,
  recordAttendance,
  trainingClass,
} from '../../../db/queries/hajj/training';
import { HAJJ_REGISTRATION_ERRORS as E, HAJJ_REGISTRATION_MESSAGES as M } from '../../../domain/hajj/copy';
import { HAJJ_CONFIRM_MESSAGES, HAJJ_STAGE_LABELS, HAJJ_STEP_LABELS } from '../../../domain/hajj/copy';
import {
  journeyRefusal,
  stageIndex,
  type JourneyActor,
  type JourneyStage,
} from '../../../domain/hajj/journey';
import {
  CARD_TOKEN_BYTES,
  cardVerifyPath,
  classHeld,
  isDocumentKind,
  missingForDocuments,
  paymentIdentifier,
  trainingComplete,
} from '../../../domain/hajj/registration';
import { MAX_DOCUMENT_BYTES, MAX_PAYMENT_FILE_BYTES } from '../../../domain/hajj/policy';
import { tehranDateKey } from '../../../domain/shared/businessCalendar';
import { toPersianDigits } from '../../../domain/shared/digits';
import { cleanFilename } from '../../../domain/shared/filenames';
import { fullName } from '../../../domain/shared/identity';
import { parseIntegerId } from '../../../domain/shared/numbers';
import { UPLOAD_ERRORS } from '../../../domain/shared/copy';
import type { StepArgs } from '../../../workflows/hajj/messages';
import { startPaymentImportWorkflow } from '../../../workflows/hajj/client';
import type { WebDeps } from '../../deps';
import {
  attendanceForm,
  documentUpload,
  identityForm,
  insuranceForm,
  medicalForm,
  paymentAccountForm,
  trainingClassForm,
  verdictForm,
} from '../../forms/hajj/registration';
import {
  paymentReport,
  slipAmount,
  slipForPage,
  staffRegistration,
  type RegistrationData,
  type RegistrationPermissions,
} from '../../presenters/hajjRegistration';
import { jalaliOfIsoDate } from '../../presenters/hajj';
import { kindLabel } from '../../presenters/hajjKinds';
import { csrf } from '../../middleware/security';
import { uploadForm } from '../../middleware/upload';
import { forbidden, notFound } from '../shared/guard';

type Journey = NonNullable<Awaited<ReturnType<typeof journeyInScope>>>;
export type RegistrationForm = { values?: Record<string, string>; errors?: Record<string, string> };

/** What the journey's staff routes lend these: their guards, the pilgrim page and the update sender. */
export interface StaffKit {
  hajjStaff: RequestHandler[];
  hq: RequestHandler[];
  actorOf: (staff: NonNullable<Request['staff']>) => JourneyActor;
  renderPilgrim: (
    req: Request,
    res: Response,
    message?: { ok?: string; error?: string },
    form?: RegistrationForm,
  ) => Promise<void>;
  /** Sends an update to the deposit's journey: the refusal in Persian, or null when it went through. */
  sendStep: (depositNumber: string, args: StepArgs) => Promise<string | null>;
}

const today = () => tehranDateKey(new Date());

/**
 * The pilgrim's slip, issued the first time it is shown once the journey waits for the payment
 * (and headquarters has set the account); never before the registration is final.
 */
async function slipFor(db: Db, depositNumber: string, caravanId: number, stage: JourneyStage) {
  const existing = await slipOf(db, depositNumber);
  if (existing || stage !== 'payment') return existing;
  const account = await paymentAccount(db);
  if (!account) return undefined;
  const { caravan, deposit } = await registrationTerms(db, caravanId, depositNumber);
  return issueSlip(db, {
    depositNumber,
    paymentId: paymentIdentifier(depositNumber, caravan.kind),
    amountRials: slipAmount(caravan.priceRials, deposit.amountRials),
    account,
    staffId: null,
  });
}

/** Everything of a pilgrim's registration the pages show. */
export async function loadRegistration(
  db: Db,
  depositNumber: string,
  caravanId: number,
  stage: JourneyStage,
): Promise<RegistrationData> {
  const [{ caravan }, record, checks, slip, classes, attended, card] = await Promise.all([
    registrationTerms(db, caravanId, depositNumber),
    registrationOf(db, depositNumber),
    documentChecks(db, depositNumber),
    slipFor(db, depositNumber, caravanId, stage),
    classesOfCaravan(db, caravanId),
    attendedBy(db, depositNumber),
    cardOf(db, depositNumber),
  ]);
  return {
    depositNumber,
    flightDate: caravan.flightDate,
    record,
    checks,
    slip,
    classes,
    attended,
    card,
  };
}

/** The registration section of the agent's pilgrim page. */
export async function registrationSection(
  db: Db,
  journey: Journey,
  actor: JourneyActor,
  form?: RegistrationForm,
) {
  const stage = journey.stage as JourneyStage;
  const data = await loadRegistration(db, journey.depositNumber, journey.caravanId, stage);
  const facts = { stage, caravanProvince: journey.caravanProvince, caravanAgent: journey.caravanAgent };
  const may = (step: 'documents' | 'medical' | 'insurance' | 'training' | 'card') =>
    journeyRefusal(step, facts, actor) === null;
  const permissions: RegistrationPermissions = {
    papers: may('documents'),
    medical: may('medical'),
    insurance: may('insurance'),
    training: may('training'),
    card: may('card'),
  };
  return {
    ...staffRegistration(data, permissions, form),
    showSlip: stageIndex(stage) >= stageIndex('payment') || data.slip !== undefined,
    accountMissing: stage === 'payment' && !data.slip ? E.accountNotSet : '',
  };
}

/** The card's QR: an SVG of the verification page's full address. */
export function cardQr(publicUrl: string, token: string): Promise<string> {
  return QRCode.toString(new URL(cardVerifyPath(token), publicUrl).toString(), {
    type: 'svg',
    margin: 1,
    errorCorrectionLevel: 'M',
  });
}

/** The pilgrim card's page model, for the agent's and the pilgrim's printable copies. */
export async function cardPage(deps: WebDeps, depositNumber: string, caravanId: number, photoUrl: string) {
  const card = await cardOf(deps.db, depositNumber);
  if (!card) return undefined;
  const { caravan } = await registrationTerms(deps.db, caravanId, depositNumber);
  return {
    title: 'کارت زائر',
    card: {
      holder: card.holderName,
      depositNumber: toPersianDigits(depositNumber),
      caravan: `${caravan.name} (${caravan.code})`,
      manager: caravan.managerName,
      managerPhone: caravan.managerPhone ? toPersianDigits(caravan.managerPhone) : '—',
      flightDate: jalaliOfIsoDate(caravan.flightDate),
      photoUrl,
      qr: await cardQr(deps.config.publicUrl, card.token),
    },
  };
}

/**
 * The final registration's staff pages (issue 19): the pilgrim's identity, passport and documents
 * with the agent's check of each, the medical exam, insurance, training and the pilgrim card;
 * each caravan's training schedule and roll; headquarters' payment account and bank file.
 */
export function hajjRegistrationRoutes(deps: WebDeps, kit: StaffKit): Router {
  const router = Router();
  const { hajjStaff, hq } = kit;
  const protect = csrf.csrfSynchronisedProtection;

  const journeyOf = async (req: Request, res: Response) => {
    const journey = await journeyInScope(deps.db, req.staff!, String(req.params.deposit));
    if (!journey) notFound(res);
    return journey;
  };
  const refusalFor = (journey: Journey, req: Request, step: Parameters<typeof journeyRefusal>[0]) =>
    journeyRefusal(
      step,
      {
        stage: journey.stage as JourneyStage,
        caravanProvince: journey.caravanProvince,
        caravanAgent: journey.caravanAgent,
      },
      kit.actorOf(req.staff!),
    );
  const invalid = (req: Request, res: Response, form: RegistrationForm) => {
    res.status(422);
    return kit.renderPilgrim(req, res, { error: Object.values(form.errors ?? {})[0] }, form);
  };
  const notNow = (req: Request, res: Response) => {
    res.status(409);
    return kit.renderPilgrim(req, res, { error: E.notNow });
  };
  const record = (req: Request, action: AuditAction, target: string, details: Record<string, unknown> = {}) =>
    audit(deps.db, { actorStaffId: req.staff!.id, action, target, ip: req.ip, details });

  /**
   * Records a registration step with the journey: what the agent entered is stored first and taken
   * back if the journey refuses the step, as a citizen's text is.
   */
  const step = async (
    req: Request,
    res: Response,
    journey: Journey,
    args: Omit<StepArgs, 'actor'>,
    undo: () => Promise<void> = async () => undefined,
  ) => {
    const refusal = await kit.sendStep(journey.depositNumber, { ...args, actor: kit.actorOf(req.staff!) });
    if (refusal) await undo();
    await record(req, `hajj-step-${args.step}`, journey.depositNumber, { refused: refusal });
    if (refusal) res.status(409);
    await kit.renderPilgrim(
      req,
      res,
      refusal ? { error: refusal } : { ok: HAJJ_CONFIRM_MESSAGES.stepDone(HAJJ_STEP_LABELS[args.step]) },
    );
  };

  const pilgrim = (path: string) => `/staff/hajj/pilgrims/:deposit${path}`;

  router.post(pilgrim('/identity'), ...hajjStaff, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    if (refusalFor(journey, req, 'documents')) return notNow(req, res);
    const { caravan } = await registrationTerms(deps.db, journey.caravanId, journey.depositNumber);
    const parsed = identityForm(req.body, today(), caravan.flightDate);
    if ('errors' in parsed)
      return invalid(req, res, { errors: parsed.errors, values: req.body as Record<string, string> });
    await saveIdentity(deps.db, journey.depositNumber, parsed.ok, req.staff!.id);
    await record(req, 'hajj-identity', journey.depositNumber);
    await kit.renderPilgrim(req, res, { ok: M.identitySaved });
  });

  const upload = uploadForm({
    field: 'file',
    maxCount: 1,
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10 },
    onProblem: (req, res, problem) =>
      kit.renderPilgrim(req, res, {
        error: problem.kind === 'fileSize' ? E.documentSize : UPLOAD_ERRORS[problem.kind],
      }),
  });
  // The role's guard runs before the body is read: only the Hajj staff's uploads are parsed.
  router.post(pilgrim('/documents'), ...hajjStaff, upload, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    if (refusalFor(journey, req, 'documents')) return notNow(req, res);
    const file = (req.files as Express.Multer.File[] | undefined)?.[0];
    const parsed = await documentUpload(req.body, file);
    if ('errors' in parsed) return invalid(req, res, { errors: parsed.errors });
    await saveDocument(deps.db, {
      depositNumber: journey.depositNumber,
      ...parsed.ok,
      staffId: req.staff!.id,
    });
    await record(req, 'hajj-document', journey.depositNumber, { kind: parsed.ok.kind });
    await kit.renderPilgrim(req, res, { ok: M.documentSaved });
  });

  router.post(pilgrim('/documents/:kind/check'), ...hajjStaff, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    const kind = req.params.kind;
    if (!isDocumentKind(kind)) return notFound(res);
    if (refusalFor(journey, req, 'documents')) return notNow(req, res);
    const parsed = verdictForm(req.body);
    if ('errors' in parsed) return invalid(req, res, { errors: parsed.errors });
    const done = await checkDocument(deps.db, {
      depositNumber: journey.depositNumber,
      kind,
      ...parsed.ok,
      staffId: req.staff!.id,
    });
    if (!done) {
      res.status(409);
      return kit.renderPilgrim(req, res, { error: E.documentChanged });
    }
    await record(req, 'hajj-document-check', journey.depositNumber, { kind, verdict: parsed.ok.verdict });
    await kit.renderPilgrim(req, res, { ok: M.documentChecked });
  });

  router.get(pilgrim('/documents/:kind'), ...hajjStaff, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    const kind = req.params.kind;
    const doc = isDocumentKind(kind)
      ? await documentContent(deps.db, journey.depositNumber, kind)
      : undefined;
    if (!doc) return notFound(res);
    res.set('Content-Type', doc.contentType);
    res.set('Cache-Control', 'private, no-store');
    res.attachment(cleanFilename(doc.filename));
    if (doc.contentType.startsWith('image/')) res.set('Content-Disposition', 'inline');
    res.send(doc.content);
  });

  // The registration's steps, each with what it needs checked here before the journey is asked.
  router.post(pilgrim('/registration/documents'), ...hajjStaff, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    if (refusalFor(journey, req, 'documents')) return notNow(req, res);
    const data = await loadRegistration(deps.db, journey.depositNumber, journey.caravanId, 'held');
    if (missingForDocuments(data.record, data.flightDate).length > 0)
      return invalid(req, res, { errors: { documents: E.documentsIncomplete } });
    await step(req, res, journey, {
      step: 'documents',
      nationalCard: true,
      birthCertificate: true,
      passportExpiry: data.record.identity!.passportExpiresOn,
    });
  });

  router.post(pilgrim('/registration/medical'), ...hajjStaff, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    if (refusalFor(journey, req, 'medical')) return notNow(req, res);
    const parsed = medicalForm(req.body, today());
    if ('errors' in parsed)
      return invalid(req, res, { errors: parsed.errors, values: req.body as Record<string, string> });
    await saveMedical(deps.db, journey.depositNumber, parsed.ok, req.staff!.id);
    await step(req, res, journey, { step: 'medical', medical: parsed.ok.result }, () =>
      saveMedical(deps.db, journey.depositNumber, null, null),
    );
  });

  router.post(pilgrim('/registration/insurance'), ...hajjStaff, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    if (refusalFor(journey, req, 'insurance')) return notNow(req, res);
    const parsed = insuranceForm(req.body);
    if ('errors' in parsed)
      return invalid(req, res, { errors: parsed.errors, values: req.body as Record<string, string> });
    await saveInsurance(deps.db, journey.depositNumber, parsed.ok, req.staff!.id);
    await step(req, res, journey, { step: 'insurance' }, () =>
      saveInsurance(deps.db, journey.depositNumber, null, null),
    );
  });

  router.post(pilgrim('/registration/training'), ...hajjStaff, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    if (refusalFor(journey, req, 'training')) return notNow(req, res);
    const [classes, attended] = await Promise.all([
      classesOfCaravan(deps.db, journey.caravanId),
      attendedBy(deps.db, journey.depositNumber),
    ]);
    if (
      !trainingComplete(
        classes.map((c) => c.id),
        attended,
      )
    )
      return invalid(req, res, { errors: { training: E.trainingIncomplete } });
    await step(req, res, journey, { step: 'training' });
  });

  router.post(pilgrim('/registration/card'), ...hajjStaff, protect, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    if (refusalFor(journey, req, 'card')) return notNow(req, res);
    const papers = await registrationOf(deps.db, journey.depositNumber);
    if (papers.documents.photo?.status !== 'accepted')
      return invalid(req, res, { errors: { card: E.photoNeeded } });
    // The card carries the holder's name as the civil registry has it.
    const person = await deps.registry.lookup(journey.nationalCode).catch(() => null);
    if (!person) {
      res.status(503);
      return kit.renderPilgrim(req, res, { error: E.registryUnavailable });
    }
    const token = randomBytes(CARD_TOKEN_BYTES).toString('base64url');
    const card = await issueCard(deps.db, {
      depositNumber: journey.depositNumber,
      token,
      holderName: fullName(person),
      staffId: req.staff!.id,
    });
    await step(req, res, journey, { step: 'card' }, () =>
      card.token === token ? withdrawCard(deps.db, journey.depositNumber, token) : Promise.resolve(),
    );
  });

  router.get(pilgrim('/slip'), ...hajjStaff, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    const slip = await slipFor(
      deps.db,
      journey.depositNumber,
      journey.caravanId,
      journey.stage as JourneyStage,
    );
    if (!slip) return notFound(res);
    res.render('hajj/slip', {
      title: 'فیش پرداخت اعزام',
      slip: slipForPage(slip),
      depositNumber: toPersianDigits(journey.depositNumber),
      caravan: journey.caravanCode,
      kind: kindLabel(journey.kind),
      back: `/staff/hajj/pilgrims/${journey.depositNumber}`,
    });
  });

  router.get(pilgrim('/card'), ...hajjStaff, async (req, res) => {
    const journey = await journeyOf(req, res);
    if (!journey) return;
    const page = await cardPage(
      deps,
      journey.depositNumber,
      journey.caravanId,
      `/staff/hajj/pilgrims/${journey.depositNumber}/documents/photo`,
    );
    if (!page) return notFound(res);
    res.render('hajj/card', {
      ...page,
      kind: kindLabel(journey.kind),
      back: `/staff/hajj/pilgrims/${journey.depositNumber}`,
    });
  });

  // The caravan's training schedule and each class's roll.
  const caravanOf = async (req: Request, res: Response) => {
    const id = parseIntegerId(req.params.id);
    const caravan = id !== null ? await caravanInScope(deps.db, req.staff!, id) : undefined;
    if (!caravan) notFound(res);
    return caravan;
  };
  const mayTeach = (req: Request, caravan: { agent_staff_id: number | null }) =>
    req.staff!.role === 'agent' && caravan.agent_staff_id === req.staff!.id;

  const schedulePage = async (
    req: Request,
    res: Response,
    caravan: { id: number; name: string; code: string; agent_staff_id: number | null },
    form: RegistrationForm & { ok?: string } = {},
  ) => {
    const classes = await classesOfCaravan(deps.db, caravan.id);
    res.render('hajj/training', {
      title: `برنامه آموزشی ${caravan.name}`,
      caravan: { id: caravan.id, label: `${caravan.name} (${caravan.code})` },
      mayTeach: mayTeach(req, caravan),
      ok: form.ok,
      errors: form.errors ?? {},
      error: Object.values(form.errors ?? {})[0],
      values: form.values ?? {},
      classes: classes.map((c) => ({
        id: c.id,
        day: jalaliOfIsoDate(c.heldOn),
        time: toPersianDigits(c.startsAt),
        place: c.place,
        topic: c.topic,
      })),
    });
  };

  router.get('/staff/hajj/caravans/:id/training', ...hajjStaff, async (req, res) => {
    const caravan = await caravanOf(req, res);
    if (caravan) await schedulePage(req, res, caravan);
  });

  router.post('/staff/hajj/caravans/:id/training', ...hajjStaff, protect, async (req, res) => {
    const caravan = await caravanOf(req, res);
    if (!caravan) return;
    if (!mayTeach(req, caravan)) return forbidden(res);
    const parsed = trainingClassForm(req.body);
    if ('errors' in parsed) {
      res.status(422);
      return schedulePage(req, res, caravan, { errors: parsed.errors, values: req.body });
    }
    const id = await addTrainingClass(deps.db, caravan.id, parsed.ok, req.staff!.id);
    await record(req, 'hajj-training-class', String(caravan.id), { classId: id });
    await schedulePage(req, res, caravan, { ok: M.classAdded });
  });

  const rollPage = async (
    req: Request,
    res: Response,
    caravan: { id: number; name: string; agent_staff_id: number | null },
    classId: number,
    message: { ok?: string; error?: string } = {},
  ) => {
    const c = await trainingClass(deps.db, classId);
    if (!c || c.caravanId !== caravan.id) return notFound(res);
    const [pilgrims, present] = await Promise.all([
      pilgrimsOfCaravan(deps.db, caravan.id),
      presentAt(deps.db, c.id),
    ]);
    res.render('hajj/trainingRoll', {
      title: c.topic,
      caravanId: caravan.id,
      trainingClass: {
        id: c.id,
        day: jalaliOfIsoDate(c.heldOn),
        time: toPersianDigits(c.startsAt),
        place: c.place,
        topic: c.topic,
      },
      held: classHeld(c.heldOn, today()),
      mayTeach: mayTeach(req, caravan),
      message,
      pilgrims: pilgrims.map((p) => ({
        depositNumber: p.depositNumber,
        depositNumberFa: toPersianDigits(p.depositNumber),
        stage: HAJJ_STAGE_LABELS[p.stage as JourneyStage] ?? p.stage,
        present: present.has(p.depositNumber),
      })),
    });
  };

  router.get('/staff/hajj/caravans/:id/training/:classId', ...hajjStaff, async (req, res) => {
    const caravan = await caravanOf(req, res);
    const classId = parseIntegerId(req.params.classId);
    if (!caravan) return;
    if (classId === null) return notFound(res);
    await rollPage(req, res, caravan, classId);
  });

  router.post('/staff/hajj/caravans/:id/training/:classId', ...hajjStaff, protect, async (req, res) => {
    const caravan = await caravanOf(req, res);
    const classId = parseIntegerId(req.params.classId);
    if (!caravan) return;
    const c = classId === null ? undefined : await trainingClass(deps.db, classId);
    if (!c || c.caravanId !== caravan.id) return notFound(res);
    if (!mayTeach(req, caravan)) return forbidden(res);
    if (!classHeld(c.heldOn, today())) {
      res.status(422);
      return rollPage(req, res, caravan, c.id, { error: E.classNotHeld });
    }
    const pilgrims = (await pilgrimsOfCaravan(deps.db, caravan.id)).map((p) => p.depositNumber as string);
    const ticked = attendanceForm(req.body);
    await recordAttendance(deps.db, c.id, pilgrims, ticked, req.staff!.id);
    await record(req, 'hajj-training-attendance', String(c.id), {
      present: pilgrims.filter((p) => ticked.has(p)).length,
    });
    await rollPage(req, res, caravan, c.id, { ok: M.attendanceSaved });
  });

  // Headquarters: the slip's account and the bank's payment file.
  const paymentsPage = async (
    _req: Request,
    res: Response,
    flash: { ok?: string; error?: string } = {},
    form: RegistrationForm = {},
  ) => {
    const [account, imports] = await Promise.all([paymentAccount(deps.db), recentPaymentImports(deps.db)]);
    res.render('hajj/payments', {
      title: 'پرداخت‌های اعزام',
      flash,
      errors: form.errors ?? {},
      values: form.values ?? account ?? {},
      account,
      imports: imports.map((i) => paymentReport(i)),
    });
  };

  router.get('/staff/hajj/payments', ...hq, (req, res) => paymentsPage(req, res));

  router.post('/staff/hajj/payments/account', ...hq, protect, async (req, res) => {
    const parsed = paymentAccountForm(req.body);
    if ('errors' in parsed) {
      res.status(422);
      return paymentsPage(
        req,
        res,
        { error: Object.values(parsed.errors)[0] },
        { errors: parsed.errors, values: req.body },
      );
    }
    await setPaymentAccount(deps.db, parsed.ok);
    await record(req, 'hajj-payment-account', 'settings', { account: parsed.ok.account });
    await paymentsPage(req, res, { ok: M.accountSaved });
  });

  const paymentUpload = uploadForm({
    field: 'file',
    maxCount: 1,
    limits: { fileSize: MAX_PAYMENT_FILE_BYTES, files: 1 },
    onProblem: (req, res, problem) =>
      paymentsPage(req, res, {
        error: problem.kind === 'fileSize' ? E.paymentFileSize : UPLOAD_ERRORS[problem.kind],
      }),
  });

  /**
   * The bank's file is matched and staged here (the payments stored once, the mismatches listed);
   * its workflow then sends each confirmed payment to its journey at a bounded pace.
   */
  router.post('/staff/hajj/payments/import', ...hq, paymentUpload, protect, async (req, res) => {
    const file = (req.files as Express.Multer.File[] | undefined)?.[0];
    if (!file || file.size === 0) {
      res.status(422);
      return paymentsPage(req, res, { error: E.paymentFile });
    }
    const actor = kit.actorOf(req.staff!);
    let report;
    try {
      report = await importBankPayments(deps.db, paymentFileLines(file.buffer), {
        filename: cleanFilename(file.originalname),
        staffId: actor.staffId,
        role: actor.role,
        province: actor.province,
      });
    } catch (err) {
      if (!(err instanceof PaymentFileRefused)) throw err;
      res.status(422);
      return paymentsPage(req, res, {
        error: err.problem === 'encoding' ? E.paymentFileEncoding : E.paymentFileEmpty,
      });
    }
    await record(req, 'hajj-payment-import', String(report.importId), {
      confirmed: report.confirmed,
      duplicates: report.duplicates,
      problems: report.problems.length,
      toApply: report.toApply,
    });
    let later = '';
    try {
      await deps.temporal.withDeadline(Date.now() + 3000, () =>
        startPaymentImportWorkflow(deps.temporal, deps.config.temporal.hajjTaskQueue, report.importId),
      );
    } catch (err) {
      deps.log.warn({ err, importId: report.importId }, 'payment import start left to the relay');
      later = '?later=1';
    }
    res.redirect(303, `/staff/hajj/payments/imports/${report.importId}${later}`);
  });

  /** A payment file's import: its counts, mismatches and how far its workflow has sent it. */
  router.get('/staff/hajj/payments/imports/:id', ...hq, async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const found = id !== null ? await findPaymentImport(deps.db, id) : null;
    if (!found) return notFound(res);
    const report = paymentReport(found, await refusedPaymentItems(deps.db, found.id));
    res.render('hajj/paymentImport', {
      title: `ورود پرداخت‌ها ${toPersianDigits(found.id)}`,
      refreshSeconds: found.status === 'running' ? 3 : 0,
      later: req.query.later === '1' && found.status === 'running' ? M.paymentsStartLater : '',
      report,
    });
  });

  return router;
}
