import type {} from 'express-session';
import type { Request, RequestHandler } from 'express';
import svgCaptcha from 'svg-captcha';
import { toLatinDigits } from '../../domain/shared/digits';

declare module 'express-session' {
  interface SessionData {
    captcha?: string;
    staffId?: number;
  }
}

/** Serves a fresh captcha image and keeps its answer in the visitor's session. */
export const captchaImage: RequestHandler = (req, res) => {
  const captcha = svgCaptcha.create({ size: 4, charPreset: '0123456789', noise: 2, color: false });
  req.session.captcha = captcha.text;
  res.type('image/svg+xml').set('Cache-Control', 'no-store').send(captcha.data);
};

/** Whether the answer matches the image shown; each image answers once. Always true when disabled. */
export function captchaSolved(req: Request, enabled: boolean): boolean {
  if (!enabled) return true;
  const expected = req.session.captcha;
  delete req.session.captcha;
  const given = toLatinDigits(String((req.body as Record<string, unknown>)?.captcha ?? '')).trim();
  return expected !== undefined && given === expected;
}
