import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import {
  batchItems,
  createBatch,
  findBatch,
  pilgrimsForBatch,
  type NewBatch,
} from '../../../db/queries/hajj/batches';
import { importProblems, importProgress } from '../../../db/queries/hajj/depositImports';
import { saveTripServices, tripServices } from '../../../db/queries/hajj/tripServices';
import { caravanInScope, markVisaRequested } from '../../../db/queries/hajj/staff';
import { BATCH_STAGES, type BatchKind } from '../../../domain/hajj/batches';
import { HAJJ_BATCH_MESSAGES as B } from '../../../domain/hajj/copy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { parseIntegerId } from '../../../domain/shared/numbers';
import { UPLOAD_ERRORS } from '../../../domain/shared/copy';
import { startBatchWorkflow } from '../../../workflows/hajj/client';
import {
  parseDispatchForm,
  parseTripServices,
  parseVisaCsv,
  parseVisaForm,
  VISA_FILE_BYTES,
  type Parsed,
} from '../../forms/hajj/batches';
import {
  batchForPage,
  batchItemsForPage,
  importForPage,
  problemsForPage,
  tripServicesForForm,
} from '../../presenters/hajjBatches';
import { csrf } from '../../middleware/security';
import { uploadForm } from '../../middleware/upload';
import type { WebDeps } from '../../deps';
import { forbidden, notFound } from '../shared/guard';
import { actorOf, hajjGuards } from './staff';

/** Seconds between refreshes of a page that shows work under way. */
const REFRESH_SECONDS = 3;

/**
 * The Hajj's bulk work as staff see it: a deposit import's progress; a caravan's batches (the visa
 * request, visa results and ticket permits as a form or a file, the dispatch with its flight
 * minutes), each sent by its workflow at a bounded pace, with their progress and the printable
 * minutes; the caravan's trip services, edited by its agent.
 */
export function hajjBatchRoutes(deps: WebDeps): Router {
  const router = Router();
  const { hajjStaff, hq } = hajjGuards(deps);

  router.get('/staff/hajj/imports/:id', ...hq, async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const progress = id !== null && (await importProgress(deps.db, id));
    if (!progress) return notFound(res);
    const problems = await importProblems(deps.db, progress.importId);
    res.render('hajj/import', {
      title: `ورود ودیعه‌ها ${toPersianDigits(progress.importId)}`,
      refreshSeconds: progress.status !== 'done' ? REFRESH_SECONDS : 0,
      staged: req.query.staged === '1' ? B.importStaged(toPersianDigits(progress.total)) : '',
      progress: importForPage(progress),
      problems: problemsForPage(problems),
    });
  });

  /** The caravan in the staff member's scope, or a 404 answered. */
  const caravanOf = async (req: Request, res: Response) => {
    const id = parseIntegerId(req.params.id);
    const caravan = id !== null && (await caravanInScope(deps.db, req.staff!, id));
    if (!caravan) notFound(res);
    return caravan || null;
  };

  /** Stores a batch, starts its workflow (or leaves it to the relay) and shows its page. */
  const sendBatch = async (req: Request, res: Response, batch: Omit<NewBatch, 'actor'>) => {
    const { batchId, created } = await createBatch(deps.db, { ...batch, actor: actorOf(req.staff!) });
    if (created) {
      if (batch.kind === 'visa-request') await markVisaRequested(deps.db, batch.caravanId);
      await audit(deps.db, {
        actorStaffId: req.staff!.id,
        action: `hajj-batch-${batch.kind}`,
        target: String(batchId),
        ip: req.ip,
        details: { caravanId: batch.caravanId, items: batch.items.length },
      });
    }
    try {
      await deps.temporal.withDeadline(Date.now() + 3000, () =>
        startBatchWorkflow(deps.temporal, deps.config.temporal.hajjTaskQueue, { batchId, kind: batch.kind }),
      );
    } catch (err) {
      deps.log.warn({ err, batchId }, 'batch start left to the relay');
    }
    res.redirect(303, `/staff/hajj/batches/${batchId}`);
  };

  // Headquarters sends the caravan's pilgrims ready for it to the visa office, as one batch.
  router.post(
    '/staff/hajj/caravans/:id/visa-request',
    ...hq,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const caravan = await caravanOf(req, res);
      if (!caravan) return;
      const ready = await pilgrimsForBatch(deps.db, caravan.id, BATCH_STAGES['visa-request']);
      if (ready.length === 0) return res.redirect(303, `/staff/hajj/caravans/${caravan.id}`);
      await sendBatch(req, res, {
        idempotencyKey: String(req.body?.key || randomUUID()),
        kind: 'visa-request',
        caravanId: caravan.id,
        items: ready.map((p) => ({
          depositNumber: p.depositNumber,
          visa: null,
          ticket: false,
          present: true,
        })),
      });
    },
  );

  const batchForm = async (
    req: Request,
    res: Response,
    kind: Exclude<BatchKind, 'visa-request'>,
    caravan: { id: number; name: string; code: string },
    errors: string[] = [],
  ) => {
    const pilgrims = await pilgrimsForBatch(deps.db, caravan.id, BATCH_STAGES[kind]);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const again = errors.length > 0;
    res.render(kind === 'visa' ? 'hajj/visaBatch' : 'hajj/dispatch', {
      title: `${B.batchKinds[kind]} — ${caravan.name}`,
      caravan: { id: caravan.id, label: `${caravan.name} (${caravan.code})` },
      errors,
      key: again ? String(b.key ?? randomUUID()) : randomUUID(),
      values: again
        ? {
            flightNumber: String(b.flightNumber ?? ''),
            flightDate: String(b.flightDate ?? ''),
            airport: String(b.airport ?? ''),
            minutesNumber: String(b.minutesNumber ?? ''),
          }
        : {},
      pilgrims: pilgrims.map((p) => ({
        depositNumber: p.depositNumber,
        depositNumberFa: toPersianDigits(p.depositNumber),
        nationalCode: toPersianDigits(p.nationalCode),
        awaitsTicket: p.stage === 'ticket',
        issued: again && b[`visa:${p.depositNumber}`] === 'issued',
        refused: again && b[`visa:${p.depositNumber}`] === 'refused',
        ticket: again && b[`ticket:${p.depositNumber}`] === 'on',
        present: !again || b[`present:${p.depositNumber}`] === 'on',
      })),
    });
  };

  /** Agents of the caravan and its province office record the dispatch (the guide); the rule says so. */
  const mayDispatch = (req: Request) => ['agent', 'supervisor'].includes(req.staff!.role);

  router.get('/staff/hajj/caravans/:id/visa', ...hq, async (req, res) => {
    const caravan = await caravanOf(req, res);
    if (caravan) await batchForm(req, res, 'visa', caravan);
  });

  const visaUpload = uploadForm({
    field: 'file',
    maxCount: 1,
    limits: { fileSize: VISA_FILE_BYTES, files: 1 },
    onProblem: async (req, res, problem) => {
      const caravan = await caravanOf(req, res);
      if (caravan)
        await batchForm(req, res, 'visa', caravan, [
          problem.kind === 'fileSize' ? B.batchFile : UPLOAD_ERRORS[problem.kind],
        ]);
    },
  });

  router.post(
    '/staff/hajj/caravans/:id/visa',
    ...hq,
    visaUpload,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const caravan = await caravanOf(req, res);
      if (!caravan) return;
      const candidates = (await pilgrimsForBatch(deps.db, caravan.id, BATCH_STAGES.visa)).map(
        (p) => p.depositNumber,
      );
      const file = (req.files as Express.Multer.File[] | undefined)?.[0];
      let parsed: Parsed<NewBatch['items']>;
      if (file) {
        const text = decodeUtf8(file.buffer);
        parsed = text === null ? { ok: false, errors: [B.batchFile] } : parseVisaCsv(text, candidates);
      } else parsed = parseVisaForm(req.body ?? {}, candidates);
      if (!parsed.ok) {
        res.status(422);
        return batchForm(req, res, 'visa', caravan, parsed.errors);
      }
      await sendBatch(req, res, {
        idempotencyKey: String(req.body?.key || randomUUID()),
        kind: 'visa',
        caravanId: caravan.id,
        items: parsed.value,
      });
    },
  );

  router.get('/staff/hajj/caravans/:id/dispatch', ...hajjStaff, async (req, res) => {
    if (!mayDispatch(req)) return forbidden(res);
    const caravan = await caravanOf(req, res);
    if (caravan) await batchForm(req, res, 'dispatch', caravan);
  });

  router.post(
    '/staff/hajj/caravans/:id/dispatch',
    ...hajjStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      if (!mayDispatch(req)) return forbidden(res);
      const caravan = await caravanOf(req, res);
      if (!caravan) return;
      const candidates = (await pilgrimsForBatch(deps.db, caravan.id, BATCH_STAGES.dispatch)).map(
        (p) => p.depositNumber,
      );
      const parsed = parseDispatchForm(req.body ?? {}, candidates);
      if (!parsed.ok) {
        res.status(422);
        return batchForm(req, res, 'dispatch', caravan, parsed.errors);
      }
      await sendBatch(req, res, {
        idempotencyKey: String(req.body?.key || randomUUID()),
        kind: 'dispatch',
        caravanId: caravan.id,
        items: parsed.value.items,
        flight: parsed.value.flight,
      });
    },
  );

  /** A batch's progress, and for a dispatch the printable flight minutes. */
  router.get('/staff/hajj/batches/:id', ...hajjStaff, async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const batch = id !== null ? await findBatch(deps.db, id) : null;
    const caravan = batch && (await caravanInScope(deps.db, req.staff!, batch.caravanId));
    if (!batch || !caravan) return notFound(res);
    const items = await batchItems(deps.db, batch.id);
    const pending = items.filter((i) => i.outcome === null).length;
    res.render('hajj/batch', {
      title: `${B.batchKinds[batch.kind]} — ${caravan.name}`,
      refreshSeconds: batch.completedAt === null ? REFRESH_SECONDS : 0,
      caravan: { id: caravan.id, label: `${caravan.name} (${caravan.code})`, manager: caravan.manager_name },
      batch: batchForPage(batch, pending),
      items: batchItemsForPage(items),
      absent: toPersianDigits(items.filter((i) => !i.present).length),
    });
  });

  /** The caravan's page shows its batches and, to its agent, the trip services form. */
  router.post(
    '/staff/hajj/caravans/:id/services',
    ...hajjStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const caravan = await caravanOf(req, res);
      if (!caravan) return;
      if (req.staff!.role !== 'agent') return forbidden(res);
      const parsed = parseTripServices(req.body ?? {}, caravan.kind);
      if (!parsed.ok) {
        res.status(422);
        return res.render('hajj/services', {
          title: `خدمات ایام سفر — ${caravan.name}`,
          caravan: { id: caravan.id, label: `${caravan.name} (${caravan.code})` },
          errors: parsed.errors,
          services: tripServicesForForm(parsed.values, caravan.kind),
        });
      }
      await saveTripServices(deps.db, caravan.id, req.staff!.id, parsed.value);
      await audit(deps.db, {
        actorStaffId: req.staff!.id,
        action: 'hajj-trip-services',
        target: String(caravan.id),
        ip: req.ip,
        details: { kinds: parsed.value.map((s) => s.kind) },
      });
      res.redirect(303, `/staff/hajj/caravans/${caravan.id}/services?saved=1`);
    },
  );

  router.get('/staff/hajj/caravans/:id/services', ...hajjStaff, async (req, res) => {
    const caravan = await caravanOf(req, res);
    if (!caravan) return;
    if (req.staff!.role !== 'agent') return forbidden(res);
    res.render('hajj/services', {
      title: `خدمات ایام سفر — ${caravan.name}`,
      caravan: { id: caravan.id, label: `${caravan.name} (${caravan.code})` },
      saved: req.query.saved === '1' ? B.servicesSaved : '',
      services: tripServicesForForm(await tripServices(deps.db, caravan.id), caravan.kind),
    });
  });

  return router;
}

/** The file's text, or null when it is not UTF-8 (or holds NUL bytes, as binary files do). */
function decodeUtf8(buffer: Buffer): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}
