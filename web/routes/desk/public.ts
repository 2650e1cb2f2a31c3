import type {} from 'express-session';
import { Router, type Request, type Response } from 'express';
import { readSettings } from '../../../db/queries/shared/settings';
import type { Reference } from '../../../db/queries/shared/reference';
import { toPersianDigits } from '../../../domain/shared/digits';
import { formatJalaliDateTime, parseJalaliDate } from '../../../domain/shared/jalali';
import { FIELD_ERRORS, PAGE_MESSAGES, SELF_SERVICE_COPY } from '../../../domain/shared/copy';
import { parseNationalCode } from '../../../domain/shared/nationalCode';
import { requestValues, type FormErrors, type RequestValues } from '../../forms/desk/requestForm';
import { checkIdentity } from '../../identity';
import { captchaImage, captchaSolved } from '../../middleware/captcha';
import { csrf, csrfOrReshow, csrfTokenSaved, limit } from '../../middleware/security';
import { warnBeforeSessionEnds } from '../../middleware/sessionTimer';
import { receiptExtras, trackingQr } from '../../presenters/receipt';
import { accepted, checkSubmission, requestUpload, storeSubmission } from './submission';
import { cachedReference, type WebDeps } from '../../deps';
import { idempotencyKeyOf, requestFormView } from '../../presenters/desk/requestForm';

declare module 'express-session' {
  interface SessionData {
    /** What this visitor submitted lately, so the receipt can be shown (and printed) again. */
    receipts?: Receipt[];
  }
}

interface Receipt {
  trackingCode: string;
  createdAt: string;
  provinceName: string;
  subjectName: string;
  subSubjectName: string;
  citizenName: string;
  /** As the seed's card prints it: `******1234`. */
  nationalCodeMasked: string;
  /** When the answer is due, in business days and as a Jalali date. */
  answerDue: string;
}
const MAX_RECEIPTS = 5;

export function publicRoutes(deps: WebDeps): Router {
  const router = Router();
  const reference = cachedReference(deps.db);
  const upload = requestUpload(async (req, res, values, errors, formError) =>
    renderForm(req, res, await reference(), values, errors, formError, req.body.idempotencyKey),
  );

  /** The receipt with its QR code of the tracking page and the copy button's messages. */
  const receiptView = async (receipt: Receipt) => ({
    ...receipt,
    qr: await trackingQr(deps.config.publicUrl, receipt.trackingCode),
    qrLabel: SELF_SERVICE_COPY.qrLabel,
    copyMessages: SELF_SERVICE_COPY.client,
  });

  router.get('/', async (_req, res) => {
    const settings = await readSettings(deps.db);
    res.render('home', {
      title: 'میز خدمت الکترونیک حج و زیارت',
      notice: settings.notice,
      about: settings.about,
      confidentiality: settings.confidentiality,
      portalUrl: settings.portalUrl,
      newsPortalUrl: settings.newsPortalUrl,
    });
  });

  router.get('/captcha.svg', captchaImage);

  router.get('/requests/new', async (req, res) => {
    await renderForm(req, res, await reference(), requestValues({}), {});
  });

  /**
   * The form's script asks here for the name and gender once birth date and national code are
   * typed. Only a matching pair gets an answer; anything else gets the same message, so the look-up
   * tells nothing about a national code on its own.
   */
  router.post(
    '/requests/identity',
    limit(deps.db, { name: 'identity', windowMinutes: 10, max: 30, json: true }),
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const nationalCode = parseNationalCode(String(req.body?.nationalCode ?? ''));
      const birthDate = parseJalaliDate(String(req.body?.birthDate ?? ''));
      const check =
        nationalCode && birthDate ? await checkIdentity(deps.registry, nationalCode, birthDate) : null;
      if (check?.status === 'match') res.json({ fullName: check.fullName, gender: check.gender });
      else if (check?.status === 'unavailable')
        res.status(503).json({ error: FIELD_ERRORS.identityUnavailable });
      else res.status(404).json({ error: FIELD_ERRORS.identityMismatch });
    },
  );

  /** The receipt again, printable without JavaScript; only for a case this session submitted. */
  router.get('/requests/receipt/:trackingCode', async (req, res) => {
    const receipt = req.session.receipts?.find((r) => r.trackingCode === req.params.trackingCode);
    if (!receipt) {
      res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
      return;
    }
    res.render('requests/success', {
      title: 'رسید درخواست',
      ...(await receiptView(receipt)),
      printView: true,
    });
  });

  router.post(
    '/requests',
    limit(deps.db, { name: 'submit', windowMinutes: 10, max: 30 }),
    upload,
    // A session that ran out while the citizen wrote: the form again with what was typed (and the
    // name, from the registry again), a fresh token and captcha.
    csrfOrReshow(async (req, res) => {
      const ref = await reference();
      const { values } = await checkSubmission(deps, req.body ?? {}, [], ref);
      if (!values.areaCode) values.areaCode = toPersianDigits(ref.province(values.province)?.areaCode ?? '');
      await renderForm(req, res, ref, values, {}, undefined, String(req.body?.idempotencyKey ?? ''));
    }),
    async (req, res) => {
      const ref = await reference();
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const checked = await checkSubmission(deps, req.body ?? {}, files, ref);
      const { values, errors } = checked;

      // The no-JavaScript buttons: fill the name, refresh the sub-subjects and the area code, or show
      // a new captcha, without submitting.
      if (req.body?.lookup || req.body?.refresh) {
        if (!values.areaCode)
          values.areaCode = toPersianDigits(ref.province(values.province)?.areaCode ?? '');
        const shown: FormErrors = errors.identity ? { identity: errors.identity } : {};
        await renderForm(req, res, ref, values, shown, undefined, String(req.body.idempotencyKey ?? ''));
        return;
      }

      if (!captchaSolved(req, deps.config.captcha)) errors.captcha = FIELD_ERRORS.captcha;
      const submission = accepted(checked);
      if (!submission) {
        res.status(422);
        await renderForm(
          req,
          res,
          ref,
          values,
          errors,
          FIELD_ERRORS.form,
          String(req.body?.idempotencyKey ?? ''),
        );
        return;
      }

      const stored = await storeSubmission(deps, submission, {
        idempotencyKey: idempotencyKeyOf(req.body.idempotencyKey),
      });
      const { parsed } = submission;
      const subject = ref.subject(parsed.subject)!;
      const receipt: Receipt = {
        trackingCode: stored.trackingCode,
        createdAt: formatJalaliDateTime(stored.createdAt),
        provinceName: ref.province(parsed.province)!.name,
        subjectName: subject.name,
        subSubjectName: subject.children.find((c) => c.slug === parsed.subSubject)!.name,
        citizenName: values.fullName,
        ...(await receiptExtras(deps.db, {
          nationalCode: parsed.nationalCode,
          createdAt: stored.createdAt,
          slaBusinessDays: subject.slaBusinessDays,
        })),
      };
      const others = (req.session.receipts ?? []).filter((r) => r.trackingCode !== receipt.trackingCode);
      req.session.receipts = [...others, receipt].slice(-MAX_RECEIPTS);
      res.status(201).render('requests/success', { title: 'ثبت درخواست', ...(await receiptView(receipt)) });
    },
  );

  return router;
}

async function renderForm(
  req: Request,
  res: Response,
  ref: Reference,
  values: RequestValues,
  errors: FormErrors,
  formError?: string,
  idempotencyKey?: string,
) {
  warnBeforeSessionEnds(res);
  res.render(
    'requests/new',
    requestFormView(ref, values, errors, { csrfToken: await csrfTokenSaved(req), formError, idempotencyKey }),
  );
}
