import { ApplicationFailure } from '@temporalio/activity';
import { BadReference } from '../../db/errors';
import { PERMANENT_FAILURE } from '../../workflows/shared/messages';

/**
 * Whether a database error says the request itself is wrong: SQLSTATE class 22 (data exception) or
 * 23 (integrity constraint violation), or a row that does not exist. Anything else (a lost
 * connection, a server shutting down, a timeout) may pass, and is retried without limit.
 */
export function isPermanentDatabaseError(err: unknown): boolean {
  if (err instanceof BadReference) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * What the failure says, without the statement: knex puts the query and its values in the message,
 * and workflow histories carry no personal data.
 */
function describe(err: unknown): string {
  if (err instanceof BadReference) return err.message;
  const { code, table, constraint } = err as { code: string; table?: string; constraint?: string };
  return [`SQLSTATE ${code}`, table && `table ${table}`, constraint && `constraint ${constraint}`]
    .filter(Boolean)
    .join(', ');
}

/**
 * The same activities, with permanent database errors turned into non-retryable failures:
 * without it, a step that violates a constraint is retried for ever and its workflow never moves.
 */
export function failPermanentErrorsAtOnce<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          if (!isPermanentDatabaseError(err)) throw err;
          throw ApplicationFailure.create({
            type: PERMANENT_FAILURE,
            message: `${name}: ${describe(err)}`,
            nonRetryable: true,
          });
        }
      },
    ]),
  ) as T;
}
