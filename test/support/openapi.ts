import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import openapi from '../../web/open311/openapi.json';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(openapi, 'openapi');

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The document's path template a concrete API path falls under, e.g. /requests/{service_request_id}.json. */
function templateOf(path: string): string {
  const templates = Object.keys(openapi.paths);
  const found = templates.find((t) =>
    new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  if (!found) throw new Error(`no path in the OpenAPI document for ${path}`);
  return found;
}

/** How many responses were checked, so a test can tell it checked some. */
export let validatedResponses = 0;

/**
 * Checks one API response against the OpenAPI document: the path and method must be there, the
 * status must be one it lists for them, and a JSON body must fit that status's schema.
 */
export function expectMatchesOpenApi(
  method: string,
  url: string,
  response: { status: number; contentType: string | null; body: unknown },
): void {
  const path = new URL(url, 'http://x').pathname.replace(/^\/open311\/v2/, '');
  const template = templateOf(path);
  const operation = (openapi.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
    template
  ][method.toLowerCase()];
  if (!operation) throw new Error(`the OpenAPI document has no ${method} ${template}`);
  if (!operation.responses[String(response.status)])
    throw new Error(
      `${method} ${template} answered ${response.status}, which the OpenAPI document does not list`,
    );
  const type = response.contentType?.split(';')[0].trim();
  if (type !== 'application/json') {
    validatedResponses++;
    return;
  }
  let ref = pointer('paths', template, method.toLowerCase(), 'responses', String(response.status));
  const described = operation.responses[String(response.status)] as { $ref?: string };
  if (described.$ref) ref = described.$ref.slice(2);
  const validate = ajv.getSchema(`openapi#/${ref}/content/application~1json/schema`);
  if (!validate) throw new Error(`no JSON schema for ${method} ${template} ${response.status}`);
  if (!validate(response.body))
    throw new Error(
      `${method} ${path} ${response.status} does not fit the OpenAPI document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 500)}`,
    );
  validatedResponses++;
}
