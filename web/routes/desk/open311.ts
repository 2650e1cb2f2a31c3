import { MAX_ATTACHMENT_BYTES } from '../../../domain/desk/policy';
import express, { Router, type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { findLiveApiKey, integratorCases } from '../../../db/queries/desk/apiKeys';
import { findTrackedCase } from '../../../db/queries/desk/cases';
import type { Reference } from '../../../db/queries/shared/reference';
import { OPEN_STATUSES, type CaseStatus, CASE_STATUSES } from '../../../domain/desk/caseStatus';
import { toPersianDigits } from '../../../domain/shared/digits';
import { OPEN311_MESSAGES as M, STATUS_LABELS } from '../../../domain/desk/copy';
import { FIELD_ERRORS, PAGE_MESSAGES, UPLOAD_ERRORS } from '../../../domain/shared/copy';
import { parseNationalCode } from '../../../domain/shared/nationalCode';
import { parseTrackingCode } from '../../../domain/desk/trackingCode';
import { ATTACHMENT_ROWS, UPLOAD_ATTACHMENT_ERRORS } from '../../forms/shared/attachments';
import { TEXT_MAX_LENGTH } from '../../forms/desk/requestForm';
import { errorAnswer } from '../../middleware/errors';
import { limit } from '../../middleware/security';
import { uploadForm } from '../../middleware/upload';
import { accepted, checkSubmission, storeSubmission } from './submission';
import { cachedReference, type WebDeps } from '../../deps';
import openapi from '../../open311/openapi.json';

/** Open311's error body: a list of {code, description}. */
type Open311Error = { code: number; description: string };

function refuse(res: Response, status: number, descriptions: string | string[], xml = false) {
  const errors: Open311Error[] = [descriptions].flat().map((description) => ({ code: status, description }));
  res.status(status);
  if (xml) res.type('application/xml').send(toXml('errors', errors));
  else res.json(errors);
}

const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
};
const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** Open311's XML: an element per key, a list's items named in the singular. */
function toXml(name: string, value: unknown): string {
  const element = (tag: string, v: unknown): string => {
    if (v === null || v === undefined) return `<${tag}/>`;
    if (Array.isArray(v))
      return `<${tag}>${v.map((item) => element(ITEM_NAMES[tag] ?? 'item', item)).join('')}</${tag}>`;
    if (typeof v === 'object')
      return `<${tag}>${Object.entries(v)
        .map(([k, child]) => element(k, child))
        .join('')}</${tag}>`;
    return `<${tag}>${escapeXml(String(v))}</${tag}>`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(name, value)}`;
}

/** Service codes join a subject and one of its sub-subjects; slugs never hold a dot. */
const serviceCode = (subject: string, subSubject: string) => `${subject}.${subSubject}`;

function services(ref: Reference) {
  return ref.subjects.flatMap((s) =>
    s.children.map((c) => ({
      service_code: serviceCode(s.slug, c.slug),
      service_name: c.name,
      description: `${s.name} — ${c.name}`,
      metadata: true,
      type: 'batch',
      keywords: '',
      group: s.name,
    })),
  );
}

function serviceDefinition(ref: Reference, code: string) {
  const a = M.attributes;
  const text = (order: number, code: string, description: string, required: boolean) => ({
    variable: true,
    code,
    datatype: 'string',
    required,
    datatype_description: description,
    order,
    description,
  });
  return {
    service_code: code,
    attributes: [
      text(1, 'national_code', a.nationalCode, true),
      text(2, 'birth_date', a.birthDate, true),
      {
        ...text(3, 'province', a.province, true),
        datatype: 'singlevaluelist',
        values: ref.provinces.map((p) => ({ key: p.slug, name: p.name })),
      },
      text(4, 'area_code', a.areaCode, false),
      text(5, 'landline', a.landline, false),
    ],
  };
}

/** Where each of the form's fields is in an Open311 request (its name in error descriptions). */
const API_FIELDS = {
  nationalCode: 'attribute[national_code]',
  birthDate: 'attribute[birth_date]',
  province: 'attribute[province]',
  areaCode: 'attribute[area_code]',
  phone: 'attribute[landline]',
  mobile: 'phone',
  email: 'email',
  text: 'description',
} as const;
const ERROR_FIELDS: Record<string, string> = {
  ...API_FIELDS,
  identity: API_FIELDS.birthDate,
  subject: 'service_code',
  subSubject: 'service_code',
  attachments: 'media',
};

/** A request's field, flat (`attribute[x]` in a form) or nested (`attribute: {x}` in JSON). */
function apiValue(body: Record<string, unknown>, name: string): unknown {
  const match = /^attribute\[(\w+)\]$/.exec(name);
  const nested = body.attribute;
  if (
    match &&
    nested &&
    typeof nested === 'object' &&
    !Array.isArray(nested) &&
    Object.hasOwn(nested, match[1])
  )
    return (nested as Record<string, unknown>)[match[1]];
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

/**
 * Reads an Open311 request body as the form's fields, with the errors only the API can make
 * (a value that is not text, a service code that is none, a file by URL).
 */
function formFields(body: Record<string, unknown>) {
  const errors: string[] = [];
  const fields: Record<string, string> = {};
  for (const [formName, apiName] of Object.entries(API_FIELDS)) {
    const v = apiValue(body, apiName);
    if (typeof v === 'string') fields[formName] = v;
    else if (v !== undefined && v !== null) errors.push(`${M.notText} (${apiName})`);
  }
  const code = body.service_code;
  if (code !== undefined && typeof code !== 'string') errors.push(`${M.notText} (service_code)`);
  const [subject, subSubject, ...rest] = typeof code === 'string' ? code.trim().split('.') : [];
  if (typeof code === 'string' && code.trim() && (!subSubject || rest.length > 0))
    errors.push(`${M.serviceCode} (service_code)`);
  else {
    fields.subject = subject ?? '';
    fields.subSubject = subSubject ?? '';
  }
  if (body.media_url !== undefined) errors.push(`${M.mediaUrl} (media_url)`);
  return { fields, errors };
}

interface Integrator {
  id: number;
  integrator: string;
  requestsPerMinute: number;
}
const integratorOf = (res: Response) => res.locals.integrator as Integrator;

const statusOfCase = (status: CaseStatus) => (OPEN_STATUSES.includes(status) ? 'open' : 'closed');

/**
 * The Open311 GeoReport v2 API for integrators (provincial sites, the portal, the mobile app, the
 * national complaint systems). A request is created through the very checks and storage of the
 * form; reading one needs its national code as the track page does. The API key and the national
 * code travel in headers, never in the URL, which logs and proxies keep.
 */
export function open311Routes(deps: WebDeps): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  router.get('/services.json', async (_req, res) => {
    res.json(services(await reference()));
  });
  router.get('/services.xml', async (_req, res) => {
    res.type('application/xml').send(toXml('services', services(await reference())));
  });
  router.get('/services/:file', async (req, res) => {
    const [, code, format] = /^(.+)\.(json|xml)$/.exec(String(req.params.file)) ?? [];
    const ref = await reference();
    const [subject, subSubject] = (code ?? '').split('.');
    const known = ref.subject(subject)?.children.some((c) => c.slug === subSubject);
    if (!format || !known) return refuse(res, 404, M.serviceCode, format === 'xml');
    const definition = serviceDefinition(ref, code);
    if (format === 'xml') res.type('application/xml').send(toXml('service_definition', definition));
    else res.json(definition);
  });

  /** The integrator's live key, from its header; then its own rate limit. */
  const authenticate: RequestHandler = async (req, res, next) => {
    const key = req.get('x-api-key')?.trim();
    if (!key) return refuse(res, 401, M.noKey);
    const found = await findLiveApiKey(deps.db, key);
    if (!found) return refuse(res, 403, M.badKey);
    res.locals.integrator = found;
    next();
  };
  const keyLimit = limit(deps.db, {
    name: 'open311-key',
    windowMinutes: 1,
    max: (_req, res) => integratorOf(res).requestsPerMinute,
    key: (_req, res) => `api-key:${integratorOf(res).id}`,
    refuse: (_req, res) => refuse(res, 429, PAGE_MESSAGES.rateLimited),
  });
  const integratorOnly = [authenticate, keyLimit];

  const bodyTypes = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
  const readBody: RequestHandler = (req, res, next) => {
    if (!req.is(bodyTypes)) return refuse(res, 415, M.unsupportedType);
    next();
  };
  const upload = uploadForm({
    field: 'media',
    maxCount: ATTACHMENT_ROWS,
    limits: { fileSize: 4 * MAX_ATTACHMENT_BYTES, files: ATTACHMENT_ROWS, fields: 40, fieldSize: 20_000 },
    onProblem: async (_req, res, problem) => {
      const message =
        problem.kind === 'fieldSize' && problem.field === 'description'
          ? FIELD_ERRORS.textTooLong(toPersianDigits(TEXT_MAX_LENGTH))
          : problem.kind === 'fileSize' || problem.kind === 'fileCount'
            ? UPLOAD_ATTACHMENT_ERRORS[problem.kind]
            : UPLOAD_ERRORS[problem.kind];
      refuse(res, res.statusCode, message);
    },
  });

  router.post(
    '/requests.json',
    ...integratorOnly,
    readBody,
    express.json({ limit: '64kb' }),
    express.urlencoded({ extended: false, limit: '64kb' }),
    upload,
    async (req, res) => {
      const body: unknown = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse(res, 400, M.badBody);
      const { fields, errors: apiErrors } = formFields(body as Record<string, unknown>);
      if (apiErrors.length > 0) return refuse(res, 400, apiErrors);
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const checked = await checkSubmission(deps, fields, files, await reference());
      const submission = accepted(checked);
      if (!submission) {
        const described = Object.entries(checked.errors).map(
          ([field, message]) => `${message} (${ERROR_FIELDS[field] ?? field})`,
        );
        return refuse(res, 400, [...new Set(described)]);
      }
      const stored = await storeSubmission(deps, submission, { apiKeyId: integratorOf(res).id });
      res.status(201).json([
        {
          service_request_id: stored.trackingCode,
          service_notice: submission.identity.status === 'unavailable' ? M.receivedIdentityLater : M.received,
          account_id: null,
        },
      ]);
    },
  );

  router.get('/requests.json', ...integratorOnly, async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const one = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
    const bad = Object.values(query).some((v) => typeof v !== 'string');
    const status = one('status')?.split(',');
    const date = (name: string) => {
      const v = one(name);
      if (v === undefined) return undefined;
      const d = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ? new Date(v) : new Date(NaN);
      return d;
    };
    const [from, to] = [date('start_date'), date('end_date')];
    if (
      bad ||
      status?.some((s) => s !== 'open' && s !== 'closed') ||
      (from && Number.isNaN(from.getTime())) ||
      (to && Number.isNaN(to.getTime()))
    )
      return refuse(res, 400, M.listFilter);
    const wanted = status && CASE_STATUSES.filter((s) => status.includes(statusOfCase(s)));
    const [ref, rows] = await Promise.all([
      reference(),
      integratorCases(deps.db, integratorOf(res).integrator, { status: wanted, from, to, limit: 1000 }),
    ]);
    res.json(
      rows.map((c) => ({
        service_request_id: c.trackingCode,
        status: statusOfCase(c.status),
        service_code: serviceCode(c.subject, c.subSubject),
        service_name: serviceName(ref, c.subject, c.subSubject),
        requested_datetime: c.createdAt.toISOString(),
        updated_datetime: c.updatedAt.toISOString(),
        desk_status: c.status,
        desk_status_label: STATUS_LABELS[c.status],
      })),
    );
  });

  router.get('/requests/:file', ...integratorOnly, async (req, res) => {
    const given = req.get('x-national-code')?.trim();
    if (!given) return refuse(res, 400, M.nationalCodeRequired);
    const nationalCode = parseNationalCode(given);
    if (!nationalCode) return refuse(res, 400, `${FIELD_ERRORS.nationalCode} (X-National-Code)`);
    const [, id] = /^(.+)\.json$/.exec(String(req.params.file)) ?? [];
    const trackingCode = parseTrackingCode(id ?? '');
    const found = trackingCode ? await findTrackedCase(deps.db, trackingCode, nationalCode) : null;
    // An unknown code and a wrong pair answer alike, so codes cannot be probed.
    if (!found) return refuse(res, 404, PAGE_MESSAGES.trackNotFound);
    const ref = await reference();
    const last = found.timeline.at(-1)?.at ?? found.createdAt;
    res.json([
      {
        service_request_id: found.trackingCode,
        status: statusOfCase(found.status),
        status_notes: found.reply,
        service_code: serviceCode(found.subject, found.subSubject),
        service_name: serviceName(ref, found.subject, found.subSubject),
        requested_datetime: found.createdAt.toISOString(),
        updated_datetime: new Date(last).toISOString(),
        desk_status: found.status,
        desk_status_label: STATUS_LABELS[found.status],
      },
    ]);
  });

  router.use((_req, res) => refuse(res, 404, M.unknownEndpoint));
  const answerError: ErrorRequestHandler = (err, req, res, _next) => {
    const { status, message, retryAfterSeconds } = errorAnswer(err);
    if (status >= 500) req.log.error({ err }, 'api request failed');
    if (retryAfterSeconds) res.set('Retry-After', String(retryAfterSeconds));
    const bodyProblem = (err as { type?: string }).type === 'entity.parse.failed';
    refuse(res, status, bodyProblem ? M.badBody : message);
  };
  router.use(answerError);
  return router;
}

function serviceName(ref: Reference, subject: string, subSubject: string): string {
  return ref.subject(subject)?.children.find((c) => c.slug === subSubject)?.name ?? subSubject;
}
