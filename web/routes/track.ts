import { Router, type Request, type Response } from 'express';
import { findTrackedCase } from '../../db/queries/cases';
import { toPersianDigits } from '../../domain/digits';
import { formatJalaliDateTime } from '../../domain/jalali';
import { EVENT_LABELS, FIELD_ERRORS, STATUS_LABELS } from '../../domain/messages';
import { parseNationalCode } from '../../domain/nationalCode';
import { parseTrackingCode } from '../../domain/trackingCode';
import { captchaSolved } from '../middleware/captcha';
import { csrf, limit } from '../middleware/security';
import type { WebDeps } from '../deps';
import type { FormErrors } from '../forms/requestForm';

export function trackRoutes(deps: WebDeps): Router {
  const router = Router();

  router.get('/track', (req, res) => renderForm(req, res, { nationalCode: '', trackingCode: '' }, {}));

  router.post(
    '/track',
    limit({ windowMinutes: 10, max: 60 }),
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const values = {
        nationalCode: String(req.body?.nationalCode ?? '').trim(),
        trackingCode: String(req.body?.trackingCode ?? '').trim(),
      };
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
        return renderForm(req, res, values, errors);
      }

      const found = await findTrackedCase(deps.db, trackingCode, nationalCode);
      if (!found) {
        // An unknown code and a wrong pair look the same, so codes cannot be probed.
        res.status(404);
        return renderForm(req, res, values, {}, true);
      }
      res.render('track/result', {
        title: 'نتیجه استعلام',
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
        timeline: found.timeline.map((e) => ({
          at: formatJalaliDateTime(e.at),
          text: EVENT_LABELS[e.kind] ?? e.kind,
        })),
      });
    },
  );

  return router;
}

function renderForm(
  req: Request,
  res: Response,
  values: { nationalCode: string; trackingCode: string },
  errors: FormErrors,
  notFound = false,
) {
  res.render('track/form', {
    title: 'پیگیری درخواست',
    values,
    errors,
    notFound,
    csrfToken: csrf.generateToken(req),
    captchaUrl: `/captcha.svg?${Date.now()}`,
  });
}
