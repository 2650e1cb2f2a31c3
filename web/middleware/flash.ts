import type { Request } from 'express';
import type {} from 'express-session';
import { saveSession } from './security';

declare module 'express-session' {
  interface SessionData {
    /** One-time messages for the next page, by the page they are for. */
    flash?: Partial<Record<FlashPage, string>>;
  }
}

export type FlashPage = 'hajjCaravans' | 'escalations' | 'track';

/**
 * Leaves a message for the page an action redirects to. It travels in the session, never in the
 * URL: a link someone else made must not be able to put words on our pages.
 */
export async function setFlash(req: Request, page: FlashPage, message: string): Promise<void> {
  req.session.flash = { ...req.session.flash, [page]: message };
  // Stored before the redirect goes out, so the next page finds it.
  await saveSession(req);
}

/** The page's message, shown once. */
export function takeFlash(req: Request, page: FlashPage): string | undefined {
  const message = req.session.flash?.[page];
  if (message !== undefined) delete req.session.flash![page];
  return message;
}
