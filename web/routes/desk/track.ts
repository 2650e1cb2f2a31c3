import type {} from 'express-session';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import {
  findTrackedCase,
  insertCitizenMessage,
  type NewAttachment,
  type TrackedCase,
} from '../../../db/queries/desk/cases';
import { MAX_ATTACHMENT_BYTES } from '../../../domain/desk/policy';
import { parseTrackingCode } from '../../../domain/desk/trackingCode';
import { FIELD_ERRORS, PAGE_MESSAGES, UPLOAD_ERRORS } from '../../../domain/shared/copy';
import { objectUpdate, rateUpdate, supplementUpdate } from '../../../workflows/desk/messages';
import { answerCaseAction, takeCaseAction, type CaseAction } from '../../actions';
import type { FormErrors } from '../../forms/desk/requestForm';
import {
  citizenTextTooLong,
  parseCitizenText,
  parseScore,
  parseSupplement,
  parseTrackForm,
} from '../../forms/desk/track';
import { ATTACHMENT_ROWS, UPLOAD_ATTACHMENT_ERRORS } from '../../forms/shared/attachments';
import { captchaSolved } from '../../middleware/captcha';
import { takeFlash } from '../../middleware/flash';
import { csrf, csrfTokenSaved, limit } from '../../middleware/security';
import { uploadForm } from '../../middleware/upload';
import { trackFormPage, trackResultPage, type TrackResultExtra } from '../../presenters/desk/track';
import type { WebDeps } from '../../deps';

declare module 'express-session' {
  interface SessionData {
    /** Cases this visitor proved with the pair (national code, tracking code), newest last. */
    trackedCases?: { trackingCode: string; nationalCode: string }[];
  }
}

/** How many proven cases a session remembers. */
const MAX_TRACKED = 5;

export function trackRoutes(deps: WebDeps): Router {
  const router = Router();
  const upload = uploadForm({
    field: 'attachments',
    maxCount: ATTACHMENT_ROWS,
    limits: { fileSize: 4 * MAX_ATTACHMENT_BYTES, files: ATTACHMENT_ROWS, fields: 20, fieldSize: 20_000 },
    onProblem: async (req, res, problem) => {
      const text = problem.kind === 'fieldSize' && problem.field === 'text';
      const message = text
        ? citizenTextTooLong()
        : problem.kind === 'fileSize' || problem.kind === 'fileCount'
          ? UPLOAD_ATTACHMENT_ERRORS[problem.kind]
          : UPLOAD_ERRORS[problem.kind];
      const found = await provenCase(req);
      if (!found) return res.render('error', { title: 'خطا', status: res.statusCode, message });
      await renderResult(req, res, found, {
        errors: { [text ? 'supplement' : 'supplementAttachments']: message },
        values: { supplement: typeof req.body.text === 'string' ? req.body.text.trim() : '' },
      });
    },
  });
  const actionLimit = limit(deps.db, { name: 'track-action', windowMinutes: 10, max: 30 });
  /** Refuses an action unless this session proved the case's pair. */
  const requireProof: RequestHandler = async (req, res, next) => {
    const found = await provenCase(req);
    if (!found) {
      res.status(403).render('error', { title: 'خطا', status: 403, message: PAGE_MESSAGES.trackFirst });
      return;
    }
    res.locals.trackedCase = found;
    next();
  };

  router.get('/track', (req, res) => renderForm(req, res, { nationalCode: '', trackingCode: '' }, {}));

  router.post(
    '/track',
    limit(deps.db, { name: 'track', windowMinutes: 10, max: 60 }),
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const { values, errors, pair } = parseTrackForm(req.body);
      // Without JavaScript, the captcha's refresh button comes here: a new image, the input kept.
      if (req.body?.refresh) return renderForm(req, res, values, {});
      if (!captchaSolved(req, deps.config.captcha)) errors.captcha = FIELD_ERRORS.captcha;
      if (Object.keys(errors).length > 0 || !pair) {
        res.status(422);
        return renderForm(req, res, values, errors);
      }
      const { trackingCode, nationalCode } = pair;
      const found = await findTrackedCase(deps.db, trackingCode, nationalCode);
      if (!found) {
        // An unknown code and a wrong pair look the same, so codes cannot be probed.
        res.status(404);
        return renderForm(req, res, values, {}, true);
      }
      // The pair is proven: the answer, rating and objection forms may act on this case for a while.
      const others = (req.session.trackedCases ?? []).filter((c) => c.trackingCode !== trackingCode);
      req.session.trackedCases = [...others, { trackingCode, nationalCode }].slice(-MAX_TRACKED);
      await renderResult(req, res, found);
    },
  );

  /** The result again, for a case this session has proven (after an answer, a rating, an objection). */
  router.get('/track/:trackingCode', async (req, res) => {
    const found = await provenCase(req);
    if (!found) return res.redirect(303, '/track');
    await renderResult(req, res, found, { notice: takeFlash(req, 'track') });
  });

  /** The citizen's answer to the expert's question: text and files, the workflow's `supplement`. */
  router.post(
    '/track/:trackingCode/supplement',
    actionLimit,
    upload,
    csrf.csrfSynchronisedProtection,
    requireProof,
    async (req, res) => {
      const found = res.locals.trackedCase as TrackedCase;
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const supplement = await parseSupplement(req.body, files);
      const values = { supplement: supplement.text };
      if ('errors' in supplement) {
        res.status(422);
        return renderResult(req, res, found, { errors: supplement.errors, values });
      }
      await act(req, res, found, {
        text: { kind: 'supplement', body: supplement.text, attachments: supplement.attachments },
        update: (handle, messageId) => handle.executeUpdate(supplementUpdate, { args: [{ messageId }] }),
        done: PAGE_MESSAGES.supplementSent,
        values,
      });
    },
  );

  router.post(
    '/track/:trackingCode/rate',
    actionLimit,
    csrf.csrfSynchronisedProtection,
    requireProof,
    async (req, res) => {
      const found = res.locals.trackedCase as TrackedCase;
      const score = parseScore(req.body);
      if (score === null) {
        res.status(422);
        return renderResult(req, res, found, { errors: { score: FIELD_ERRORS.score } });
      }
      await act(req, res, found, {
        update: (handle) => handle.executeUpdate(rateUpdate, { args: [{ score }] }),
        done: PAGE_MESSAGES.ratingSent,
      });
    },
  );

  router.post(
    '/track/:trackingCode/object',
    actionLimit,
    csrf.csrfSynchronisedProtection,
    requireProof,
    async (req, res) => {
      const found = res.locals.trackedCase as TrackedCase;
      const { text, error } = parseCitizenText(req.body, FIELD_ERRORS.objection);
      const values = { objection: text };
      if (error) {
        res.status(422);
        return renderResult(req, res, found, { errors: { objection: error }, values });
      }
      await act(req, res, found, {
        text: { kind: 'objection', body: text, attachments: [] },
        update: (handle, messageId) => handle.executeUpdate(objectUpdate, { args: [{ messageId }] }),
        done: PAGE_MESSAGES.objectionSent,
        values,
      });
    },
  );

  /** The case of the URL, if this session proved its pair; never the tracking code alone. */
  async function provenCase(req: Request): Promise<TrackedCase | null> {
    const trackingCode = parseTrackingCode(String(req.params.trackingCode ?? ''));
    const proof = req.session.trackedCases?.find((c) => c.trackingCode === trackingCode);
    if (!trackingCode || !proof) return null;
    return findTrackedCase(deps.db, proof.trackingCode, proof.nationalCode);
  }

  /**
   * Sends one citizen action to the case's workflow (web/actions.ts): what the citizen wrote is
   * stored first; if the workflow refuses, it is removed and the page says why.
   */
  async function act(
    req: Request,
    res: Response,
    found: TrackedCase,
    action: {
      text?: { kind: 'supplement' | 'objection'; body: string; attachments: NewAttachment[] };
      update: CaseAction['update'];
      done: string;
      values?: Record<string, string>;
    },
  ) {
    const { trackingCode } = found;
    const { text } = action;
    const outcome = await takeCaseAction(deps, req.log, {
      trackingCode,
      storeText:
        text &&
        ((id) =>
          insertCitizenMessage(
            deps.db,
            { id, trackingCode, kind: text.kind, body: text.body },
            text.attachments,
          )),
      update: action.update,
    });
    await answerCaseAction(req, res, outcome, {
      redirect: `/track/${trackingCode}`,
      flash: { page: 'track', message: action.done },
      again: (reason) =>
        renderResult(req, res, found, {
          actionError: PAGE_MESSAGES.citizenActionRejected + reason,
          values: action.values,
        }),
    });
  }

  return router;
}

async function renderForm(
  req: Request,
  res: Response,
  values: { nationalCode: string; trackingCode: string },
  errors: FormErrors,
  notFound = false,
) {
  res.render('track/form', {
    ...trackFormPage(values, errors, notFound),
    csrfToken: await csrfTokenSaved(req),
    captchaUrl: `/captcha.svg?${Date.now()}`,
  });
}

async function renderResult(req: Request, res: Response, found: TrackedCase, extra: TrackResultExtra = {}) {
  res.render('track/result', { ...trackResultPage(found, extra), csrfToken: await csrfTokenSaved(req) });
}
