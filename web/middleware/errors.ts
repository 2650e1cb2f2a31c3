import { PAGE_MESSAGES } from '../../domain/shared/copy';
import { csrf } from './security';

/** What the error page answers: the status, its Persian message, and when to come back. */
export interface ErrorAnswer {
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

/** Long enough for a database restart; a browser or proxy may retry after it. */
const RETRY_AFTER_SECONDS = 30;

/** Socket errors, and SQLSTATEs of PostgreSQL shutting down, starting up or out of connections. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/**
 * The database (or another service a page needs) cannot be reached: not the visitor's mistake and
 * not a bug, but a wait. knex's pool names its timeout; pg names a dropped connection only by
 * message; Node reports a refused connection to each of a host's addresses as one AggregateError.
 */
function unreachable(err: unknown): boolean {
  // Duck-typed: errors from Node's own sockets need not share this module's Error (a test VM's).
  if (typeof err !== 'object' || err === null) return false;
  const { name, code, message, errors } = err as Record<string, unknown>;
  if (name === 'KnexTimeoutError') return true;
  // SQLSTATE class 08: connection exceptions.
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect/.test(message)
  )
    return true;
  return Array.isArray(errors) && errors.some(unreachable);
}

function statusOf(err: unknown): number | undefined {
  const { status, statusCode } = (err ?? {}) as { status?: unknown; statusCode?: unknown };
  const n = Number(status ?? statusCode);
  return Number.isInteger(n) && n >= 400 && n < 600 ? n : undefined;
}

/**
 * The answer for an error a route or middleware passed on. A client's mistake (a body too large or
 * malformed for the parsers, an undecodable URL, a stale CSRF token) keeps its 4xx; an unreachable
 * database is a 503 with Retry-After; anything else is a 500. Never the error's own text.
 */
export function errorAnswer(err: unknown): ErrorAnswer {
  if (err === csrf.invalidCsrfTokenError) return { status: 403, message: PAGE_MESSAGES.csrf };
  if (unreachable(err))
    return { status: 503, message: PAGE_MESSAGES.serviceUnavailable, retryAfterSeconds: RETRY_AFTER_SECONDS };
  const status = statusOf(err) ?? 500;
  if (status >= 500) return { status: 500, message: PAGE_MESSAGES.serverError };
  const message =
    status === 404
      ? PAGE_MESSAGES.notFound
      : status === 413
        ? PAGE_MESSAGES.formTooLarge
        : PAGE_MESSAGES.badRequest;
  return { status, message };
}
