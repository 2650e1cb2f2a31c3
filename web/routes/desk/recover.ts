import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { trackingCodesByContact } from '../../../db/queries/desk/cases';
import { recordNotification } from '../../../db/queries/shared/notifications';
import { parseMobile } from '../../../domain/shared/contact';
import { CLIENT_MESSAGES, FIELD_ERRORS, SELF_SERVICE_COPY } from '../../../domain/shared/copy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { nationalCodeHash, parseNationalCode } from '../../../domain/shared/nationalCode';
import type { FormErrors } from '../../forms/desk/requestForm';
import { captchaSolved } from '../../middleware/captcha';
import { csrfOrReshow, csrfTokenSaved, limit } from '../../middleware/security';
import type { WebDeps } from '../../deps';

type Values = { nationalCode: string; mobile: string };

/**
 * A lost tracking code, recovered by SMS to the mobile number of the request: national code and
 * mobile (with the captcha); if cases with that national code (its keyed hash) and mobile exist,
 * their codes are texted to that number: the row recorded here is delivered by the worker's
 * notification relay (worker/relay.ts), so the request does nothing more whether or not they exist.
 * The answer is the same page either way, and attempts are limited per address and per national code.
 */
export function recoverRoutes(deps: WebDeps): Router {
  const router = Router();
  const limited = (req: Request, res: Response) =>
    renderForm(req, res, values(req), {}, SELF_SERVICE_COPY.recoverLimited);
  const hashOf = (code: string) => nationalCodeHash(code, deps.config.nationalCodeHashKey);

  router.get('/track/recover', (req, res) => renderForm(req, res, { nationalCode: '', mobile: '' }, {}));

  router.post(
    '/track/recover',
    limit(deps.db, { name: 'recover-ip', windowMinutes: 60, max: 20, refuse: limited }),
    csrfOrReshow((req, res) => renderForm(req, res, values(req), {})),
    // Per national code as well, so one citizen's number is not texted over and over from many addresses.
    limit(deps.db, {
      name: 'recover-code',
      windowMinutes: 60,
      max: 3,
      key: (req) => {
        const typed = values(req).nationalCode;
        return hashOf(parseNationalCode(typed) ?? typed);
      },
      refuse: limited,
    }),
    async (req, res) => {
      const typed = values(req);
      // Without JavaScript, the captcha's refresh button comes here: a new image, the input kept.
      if (req.body?.refresh) return renderForm(req, res, typed, {});
      const errors: FormErrors = {};
      const nationalCode = parseNationalCode(typed.nationalCode);
      const mobile = parseMobile(typed.mobile);
      if (!nationalCode)
        errors.nationalCode = typed.nationalCode ? FIELD_ERRORS.nationalCode : FIELD_ERRORS.required;
      if (!mobile) errors.mobile = typed.mobile ? FIELD_ERRORS.mobile : FIELD_ERRORS.required;
      if (!captchaSolved(req, deps.config.captcha)) errors.captcha = FIELD_ERRORS.captcha;
      if (Object.keys(errors).length > 0 || !nationalCode || !mobile) {
        res.status(422);
        return renderForm(req, res, typed, errors);
      }
      const codes = await trackingCodesByContact(deps.db, hashOf(nationalCode), mobile);
      if (codes.length > 0) {
        await recordNotification(deps.db, {
          dedupeKey: `recover:${randomUUID()}:sms`,
          channel: 'sms',
          recipient: mobile,
          subject: SELF_SERVICE_COPY.recoverySubject,
          body: SELF_SERVICE_COPY.recoverySms(codes.map((c) => toPersianDigits(c)).join('، ')),
          trackingCode: codes[0],
          deliverBy: 'relay',
        });
      }
      // The same page either way: whether the pair exists is never shown.
      res.render('track/recoverSent', { title: 'بازیابی کد پیگیری', message: SELF_SERVICE_COPY.recoverSent });
    },
  );

  return router;
}

function values(req: Request): Values {
  return {
    nationalCode: String(req.body?.nationalCode ?? '')
      .trim()
      .slice(0, 20),
    mobile: String(req.body?.mobile ?? '')
      .trim()
      .slice(0, 20),
  };
}

async function renderForm(
  req: Request,
  res: Response,
  values: Values,
  errors: FormErrors,
  limitError?: string,
) {
  res.render('track/recover', {
    title: 'بازیابی کد پیگیری',
    values,
    errors,
    limitError,
    csrfToken: await csrfTokenSaved(req),
    captchaUrl: `/captcha.svg?${Date.now()}`,
    clientMessages: CLIENT_MESSAGES,
  });
}
