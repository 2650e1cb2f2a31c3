import { isScore, MAX_ATTACHMENT_BYTES } from '../../../domain/desk/policy';
import { randomUUID } from 'node:crypto';
import { sendUpdate } from '../../updates';
import type {} from 'express-session';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import {
  discardRefusedMessage,
  findTrackedCase,
  insertCitizenMessage,
  type NewAttachment,
  type TrackedCase,
} from '../../../db/queries/desk/cases';
import { toLatinDigits, toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { EVENT_LABELS, STATUS_LABELS } from '../../../domain/desk/copy';
import {
  CLIENT_MESSAGES,
  FIELD_ERRORS,
  PAGE_MESSAGES,
  SELF_SERVICE_COPY,
  UPLOAD_ERRORS,
} from '../../../domain/shared/copy';
import { parseNationalCode } from '../../../domain/shared/nationalCode';
import { parseTrackingCode } from '../../../domain/desk/trackingCode';
import { objectUpdate, rateUpdate, supplementUpdate } from '../../../workflows/desk/messages';
import { ATTACHMENT_ROWS, checkAttachments, UPLOAD_ATTACHMENT_ERRORS } from '../../forms/shared/attachments';
import { captchaSolved } from '../../middleware/captcha';
import { csrfOrReshow, csrfTokenSaved, limit, saveSession } from '../../middleware/security';
import { warnBeforeSessionEnds } from '../../middleware/sessionTimer';
import { conversationForPage, scoreOptions, trackDeadlines } from '../../presenters/track';
import { uploadForm } from '../../middleware/upload';
import type { WebDeps } from '../../deps';
import type { FormErrors } from '../../forms/desk/requestForm';

declare module 'express-session' {
  interface SessionData {
    /** Cases this visitor proved with the pair (national code, tracking code), newest last. */
    trackedCases?: { trackingCode: string; nationalCode: string }[];
    /** A one-time message for the next result page. */
    trackNotice?: string;
  }
}

/** How many proven cases a session remembers. */
const MAX_TRACKED = 5;
export const CITIZEN_TEXT_MAX_LENGTH = 2000;

export function trackRoutes(deps: WebDeps): Router {
  const router = Router();
  const upload = uploadForm({
    field: 'attachments',
    maxCount: ATTACHMENT_ROWS,
    limits: { fileSize: 4 * MAX_ATTACHMENT_BYTES, files: ATTACHMENT_ROWS, fields: 20, fieldSize: 20_000 },
    onProblem: async (req, res, problem) => {
      const text = problem.kind === 'fieldSize' && problem.field === 'text';
      const message = text
        ? FIELD_ERRORS.citizenTextTooLong(toPersianDigits(CITIZEN_TEXT_MAX_LENGTH))
        : problem.kind === 'fileSize' || problem.kind === 'fileCount'
          ? UPLOAD_ATTACHMENT_ERRORS[problem.kind]
          : UPLOAD_ERRORS[problem.kind];
      const found = await provenCase(req);
      if (!found) return res.render('error', { title: 'خطا', status: res.statusCode, message });
      await renderResult(deps.db, req, res, found, {
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

  // The receipt's QR code opens the form with its tracking code filled in.
  router.get('/track', (req, res) => {
    const code = parseTrackingCode(String(req.query.code ?? ''));
    return renderForm(req, res, { nationalCode: '', trackingCode: code ?? '' }, {});
  });

  router.post(
    '/track',
    limit(deps.db, { name: 'track', windowMinutes: 10, max: 60 }),
    csrfOrReshow((req, res) => renderForm(req, res, trackValues(req), {}, false, pendingDraft(req))),
    async (req, res) => {
      const values = trackValues(req);
      const pending = pendingDraft(req);
      // Without JavaScript, the captcha's refresh button comes here: a new image, the input kept.
      if (req.body?.refresh) return renderForm(req, res, values, {}, false, pending);
      const errors: FormErrors = {};
      const nationalCode = parseNationalCode(values.nationalCode);
      const trackingCode = parseTrackingCode(values.trackingCode);
      if (!nationalCode)
        errors.nationalCode = values.nationalCode ? FIELD_ERRORS.nationalCode : FIELD_ERRORS.required;
      if (!trackingCode)
        errors.trackingCode = values.trackingCode ? FIELD_ERRORS.trackingCode : FIELD_ERRORS.required;
      if (!captchaSolved(req, deps.config.captcha)) errors.captcha = FIELD_ERRORS.captcha;
      if (Object.keys(errors).length > 0 || !nationalCode || !trackingCode) {
        res.status(422);
        return renderForm(req, res, values, errors, false, pending);
      }

      const found = await findTrackedCase(deps.db, trackingCode, nationalCode);
      if (!found) {
        // An unknown code and a wrong pair look the same, so codes cannot be probed.
        res.status(404);
        return renderForm(req, res, values, {}, true, pending);
      }
      // The pair is proven: the answer, rating and objection forms may act on this case for a while.
      const others = (req.session.trackedCases ?? []).filter((c) => c.trackingCode !== trackingCode);
      req.session.trackedCases = [...others, { trackingCode, nationalCode }].slice(-MAX_TRACKED);
      // What the citizen wrote before the session ran out goes back into its form.
      await renderResult(deps.db, req, res, found, pending && { values: { [pending.kind]: pending.text } });
    },
  );

  /** The result again, for a case this session has proven (after an answer, a rating, an objection). */
  router.get('/track/:trackingCode', async (req, res) => {
    const found = await provenCase(req);
    if (!found) return res.redirect(303, '/track');
    const notice = req.session.trackNotice;
    delete req.session.trackNotice;
    await renderResult(deps.db, req, res, found, { notice });
  });

  /** The citizen's answer to the expert's question: text and files, the workflow's `supplement`. */
  router.post(
    '/track/:trackingCode/supplement',
    actionLimit,
    upload,
    csrfOrReshow(reshowAction('supplement')),
    requireProof,
    async (req, res) => {
      const found = res.locals.trackedCase as TrackedCase;
      const text = String(req.body?.text ?? '').trim();
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const errors: FormErrors = {};
      if (!text) errors.supplement = FIELD_ERRORS.supplement;
      else if (text.length > CITIZEN_TEXT_MAX_LENGTH)
        errors.supplement = FIELD_ERRORS.citizenTextTooLong(toPersianDigits(CITIZEN_TEXT_MAX_LENGTH));
      const titles = ([] as unknown[])
        .concat(req.body?.attachmentTitles ?? [])
        .map((t) => (typeof t === 'string' ? t : ''));
      const checked = await checkAttachments(files, titles);
      if ('problem' in checked) {
        errors.supplementAttachments = {
          size: FIELD_ERRORS.attachmentSize,
          type: FIELD_ERRORS.attachmentType,
          count: FIELD_ERRORS.attachmentCount,
        }[checked.problem];
      }
      if (Object.keys(errors).length > 0 || 'problem' in checked) {
        res.status(422);
        return renderResult(deps.db, req, res, found, { errors, values: { supplement: text } });
      }
      await act(req, res, found, {
        message: { kind: 'supplement', body: text, attachments: checked.attachments },
        run: (handle, messageId) => handle.executeUpdate(supplementUpdate, { args: [{ messageId }] }),
        done: PAGE_MESSAGES.supplementSent,
        values: { supplement: text },
      });
    },
  );

  router.post(
    '/track/:trackingCode/rate',
    actionLimit,
    csrfOrReshow(reshowAction()),
    requireProof,
    async (req, res) => {
      const found = res.locals.trackedCase as TrackedCase;
      const score = Number(toLatinDigits(String(req.body?.score ?? '')));
      if (!isScore(score)) {
        res.status(422);
        return renderResult(deps.db, req, res, found, { errors: { score: FIELD_ERRORS.score } });
      }
      await act(req, res, found, {
        run: (handle) => handle.executeUpdate(rateUpdate, { args: [{ score }] }),
        done: PAGE_MESSAGES.ratingSent,
      });
    },
  );

  router.post(
    '/track/:trackingCode/object',
    actionLimit,
    csrfOrReshow(reshowAction('objection')),
    requireProof,
    async (req, res) => {
      const found = res.locals.trackedCase as TrackedCase;
      const text = String(req.body?.text ?? '').trim();
      const error = !text
        ? FIELD_ERRORS.objection
        : text.length > CITIZEN_TEXT_MAX_LENGTH
          ? FIELD_ERRORS.citizenTextTooLong(toPersianDigits(CITIZEN_TEXT_MAX_LENGTH))
          : undefined;
      if (error) {
        res.status(422);
        return renderResult(deps.db, req, res, found, {
          errors: { objection: error },
          values: { objection: text },
        });
      }
      await act(req, res, found, {
        message: { kind: 'objection', body: text, attachments: [] },
        run: (handle, messageId) => handle.executeUpdate(objectUpdate, { args: [{ messageId }] }),
        done: PAGE_MESSAGES.objectionSent,
        values: { objection: text },
      });
    },
  );

  /**
   * An action sent after its session (or token) had gone: the case's page again with the text, if
   * the session still holds the proof; else the track form, with the tracking code and the text
   * kept in it until the pair is proven again.
   */
  function reshowAction(kind?: PendingDraft['kind']) {
    return async (req: Request, res: Response) => {
      const text = typeof req.body?.text === 'string' ? req.body.text.trim() : '';
      const found = await provenCase(req);
      if (found) return renderResult(deps.db, req, res, found, { values: kind ? { [kind]: text } : {} });
      res.locals.sessionNote = SELF_SERVICE_COPY.trackAgain;
      const trackingCode = parseTrackingCode(String(req.params.trackingCode ?? '')) ?? '';
      return renderForm(
        req,
        res,
        { nationalCode: '', trackingCode },
        {},
        false,
        kind && text ? { kind, text: text.slice(0, CITIZEN_TEXT_MAX_LENGTH) } : undefined,
      );
    };
  }

  /** The case of the URL, if this session proved its pair; never the tracking code alone. */
  async function provenCase(req: Request): Promise<TrackedCase | null> {
    const trackingCode = parseTrackingCode(String(req.params.trackingCode ?? ''));
    const proof = req.session.trackedCases?.find((c) => c.trackingCode === trackingCode);
    if (!trackingCode || !proof) return null;
    return findTrackedCase(deps.db, proof.trackingCode, proof.nationalCode);
  }

  type CaseHandle = ReturnType<typeof deps.temporal.workflow.getHandle>;

  /**
   * Sends one citizen action to the case's workflow. What the citizen wrote is stored first (the
   * update carries only its id); if the workflow refuses, it is removed and the page says why.
   */
  async function act(
    req: Request,
    res: Response,
    found: TrackedCase,
    action: {
      message?: { kind: 'supplement' | 'objection'; body: string; attachments: NewAttachment[] };
      run: (handle: CaseHandle, messageId: string) => Promise<unknown>;
      done: string;
      values?: Record<string, string>;
    },
  ) {
    const messageId = randomUUID();
    if (action.message) {
      await insertCitizenMessage(
        deps.db,
        {
          id: messageId,
          trackingCode: found.trackingCode,
          kind: action.message.kind,
          body: action.message.body,
        },
        action.message.attachments,
      );
    }
    const outcome = await sendUpdate(req.log, { trackingCode: found.trackingCode }, () =>
      action.run(deps.temporal.workflow.getHandle(found.trackingCode), messageId),
    );
    if (!outcome.ok) {
      if (outcome.refused && action.message) await discardRefusedMessage(deps.db, messageId);
      res.status(outcome.refused ? 409 : 503);
      return renderResult(deps.db, req, res, found, {
        actionError: PAGE_MESSAGES.citizenActionRejected + outcome.reason,
        values: action.values,
      });
    }
    req.session.trackNotice = action.done;
    await saveSession(req);
    res.redirect(303, `/track/${found.trackingCode}`);
  }

  return router;
}

/** A citizen's text waiting for the pair to be proven again (its session ran out as it was sent). */
interface PendingDraft {
  kind: 'supplement' | 'objection';
  text: string;
}

function pendingDraft(req: Request): PendingDraft | undefined {
  const kind = req.body?.pendingKind;
  const text = typeof req.body?.pendingText === 'string' ? req.body.pendingText.trim() : '';
  return (kind === 'supplement' || kind === 'objection') && text
    ? { kind, text: text.slice(0, CITIZEN_TEXT_MAX_LENGTH) }
    : undefined;
}

function trackValues(req: Request) {
  return {
    nationalCode: String(req.body?.nationalCode ?? '').trim(),
    trackingCode: String(req.body?.trackingCode ?? '').trim(),
  };
}

async function renderForm(
  req: Request,
  res: Response,
  values: { nationalCode: string; trackingCode: string },
  errors: FormErrors,
  notFound = false,
  pending?: PendingDraft,
) {
  res.render('track/form', {
    title: 'پیگیری درخواست',
    values,
    errors,
    notFound,
    pending,
    csrfToken: await csrfTokenSaved(req),
    captchaUrl: `/captcha.svg?${Date.now()}`,
    clientMessages: CLIENT_MESSAGES,
  });
}

async function renderResult(
  db: WebDeps['db'],
  req: Request,
  res: Response,
  found: TrackedCase,
  extra: {
    notice?: string;
    actionError?: string;
    errors?: FormErrors;
    values?: Record<string, string>;
  } = {},
) {
  const answered = found.status === 'answered';
  const awaitingInfo = found.status === 'info-requested';
  const mayRate = answered && !found.rated;
  const mayObject = answered && !found.objected;
  // An error for a form the page no longer shows (the case moved on) goes to the top of the page.
  const errors = extra.errors ?? {};
  const formShown: Record<string, boolean> = {
    supplement: awaitingInfo,
    supplementAttachments: awaitingInfo,
    score: mayRate,
    objection: mayObject,
  };
  const orphaned = Object.entries(errors)
    .filter(([field]) => !formShown[field])
    .map(([, message]) => message);
  warnBeforeSessionEnds(res);
  const deadlines = await trackDeadlines(db, found);
  res.render('track/result', {
    title: 'نتیجه استعلام',
    deadlines,
    conversation: conversationForPage(found),
    result: {
      citizenName: found.citizenName ?? '',
      expertName: found.expertName ?? '',
      statusLabel: STATUS_LABELS[found.status],
      createdAt: formatJalaliDateTime(found.createdAt),
      answeredAt: found.answeredAt ? formatJalaliDateTime(found.answeredAt) : '',
      nationalCode: toPersianDigits(found.nationalCode),
      trackingCode: toPersianDigits(found.trackingCode),
      reply: found.reply ?? '',
    },
    trackingCode: found.trackingCode,
    timeline: found.timeline.map((e) => ({
      at: formatJalaliDateTime(e.at),
      text: EVENT_LABELS[e.kind] ?? e.kind,
    })),
    question: found.status === 'info-requested' ? (found.question ?? '') : undefined,
    awaitingInfo,
    mayRate,
    mayObject,
    scores: scoreOptions(),
    copyMessages: SELF_SERVICE_COPY.client,
    attachmentRows: Array.from({ length: ATTACHMENT_ROWS }, (_, i) => i + 1),
    maxFileKb: MAX_ATTACHMENT_BYTES / 1024,
    textMaxLength: CITIZEN_TEXT_MAX_LENGTH,
    textMaxLengthFa: toPersianDigits(CITIZEN_TEXT_MAX_LENGTH),
    csrfToken: await csrfTokenSaved(req),
    clientMessages: CLIENT_MESSAGES,
    notice: extra.notice,
    actionError: extra.actionError ?? (orphaned.length > 0 ? orphaned.join(' ') : undefined),
    errors,
    values: extra.values ?? {},
  });
}
