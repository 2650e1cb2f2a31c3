import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from './searchAttributes';

const { IndexedValueType } = temporal.api.enums.v1;
const GRPC_UNIMPLEMENTED = 12;

/**
 * The case search attributes (workflows/shared/searchAttributes.ts) that the namespace lacks or has with
 * another type. Without them every workflow start is refused: cases would stay `received` for
 * ever while the web acknowledges submissions.
 */
export async function missingSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<string[]> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace }).catch((err) => {
    // The time-skipping test server cannot list them (every real server can): nothing to check.
    if ((err as { code?: number }).code === GRPC_UNIMPLEMENTED) return undefined;
    throw err;
  });
  if (!listed) return [];
  const { customAttributes } = listed;
  return CASE_SEARCH_ATTRIBUTES.filter(
    (key) => customAttributes?.[key.name] !== IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
  ).map((key) => key.name);
}

export function missingSearchAttributesMessage(namespace: string, missing: string[]): string {
  const wanted = CASE_SEARCH_ATTRIBUTES.filter((key) => missing.includes(key.name))
    .map((key) => `${key.name}=${key.type}`)
    .join(', ');
  return (
    `the Temporal namespace "${namespace}" lacks the case search attributes ${wanted}: register them ` +
    `(temporal operator search-attribute create --namespace ${namespace} --name NAME --type TYPE, as ` +
    `docker-compose.yml's temporal-namespace does) before starting workers`
  );
}

/**
 * An error with the causes it wraps, outermost first: the client's `Failed to start Workflow` says
 * nothing by itself, its cause (`14 UNAVAILABLE: … Connection refused`) says why.
 */
export function errorWithCauses(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && e !== null && parts.length < 5; e = (e as Error).cause)
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  return parts.join(' ← ');
}
