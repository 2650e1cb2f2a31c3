import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import createClient from 'openapi-fetch';
import { apiKeyHash } from '../../db/queries/desk/apiKeys';
import { OPEN311_MESSAGES } from '../../domain/desk/copy';
import { FIELD_ERRORS, PAGE_MESSAGES } from '../../domain/shared/copy';
import openapi from '../../web/open311/openapi.json';
import { EXE, PNG, type Citizen } from '../support/citizen';
import { newCitizen } from '../support/generators';
import { eventually, hiddenValue } from '../support/http';
import { expectMatchesOpenApi } from '../support/openapi';
import type { paths } from '../support/open311Schema';
import {
  routedCase,
  staffLogin,
  staffPost,
  startTestSystem,
  type StaffLogin,
  type TestSystem,
} from '../support/system';

/**
 * The Open311 API against the real web, worker, PostgreSQL and Temporal: create (JSON, form and
 * multipart), read with the national code, list per integrator, and every refusal, each answer
 * checked against the OpenAPI document, each refusal storing nothing.
 */
let system: TestSystem;
let admin: StaffLogin;
let key: string;

beforeAll(async () => {
  system = await startTestSystem();
  admin = await staffLogin(system, 'admin', null);
  key = await issueKey('پرتال سازمان');
});

afterAll(async () => {
  await system?.close();
});

/** Issues a key on the admin page, as an admin would; the page shows it once. */
async function issueKey(integrator: string, requestsPerMinute = 600): Promise<string> {
  const page = await admin.client.get('/staff/admin/api-keys');
  const issued = await admin.client.post('/staff/admin/api-keys', {
    _csrf: hiddenValue(page.html, '_csrf'),
    integrator,
    requestsPerMinute: String(requestsPerMinute),
  });
  expect(issued.status).toBe(201);
  return /data-key="([^"]+)"/.exec(issued.html)![1];
}

interface CallOptions {
  key?: string | null;
  nationalCode?: string;
  json?: unknown;
  raw?: { body: string | Buffer; type: string };
  form?: Record<string, string>;
  multipart?: FormData;
}

/** One API call; every answer is checked against the OpenAPI document. */
async function call(method: 'GET' | 'POST', apiPath: string, options: CallOptions = {}) {
  const headers: Record<string, string> = {};
  const usedKey = options.key === undefined ? key : options.key;
  if (usedKey) headers['x-api-key'] = usedKey;
  if (options.nationalCode !== undefined) headers['x-national-code'] = options.nationalCode;
  let body: RequestInit['body'];
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = typeof options.raw.body === 'string' ? options.raw.body : new Uint8Array(options.raw.body);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.multipart) body = options.multipart;
  const response = await fetch(`${system.baseUrl}/open311/v2${apiPath}`, { method, headers, body });
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  const parsed: unknown = contentType?.includes('json') ? JSON.parse(text) : text;
  expectMatchesOpenApi(method, apiPath, { status: response.status, contentType, body: parsed });
  return { status: response.status, body: parsed as any, text, headers: response.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function requestBody(citizen: Citizen, overrides: Record<string, unknown> = {}) {
  return {
    service_code: 'hajj-tamattu.caravan-booking',
    description: 'در فرم رزرو و ثبت نام در کاروان امکان ثبت نهایی وجود ندارد.',
    phone: citizen.mobile,
    email: 'citizen@example.ir',
    attribute: { national_code: citizen.nationalCode, birth_date: citizen.birthDate, province: 'tehran' },
    ...overrides,
  };
}

/** The same request as flat Open311 form fields. */
function flatFields(citizen: Citizen, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    service_code: 'umrah.visa-dispatch',
    description: 'برای ثبت نام عمره مفرده راهنمایی می‌خواهم.',
    phone: citizen.mobile,
    'attribute[national_code]': citizen.nationalCode,
    'attribute[birth_date]': citizen.birthDate,
    'attribute[province]': 'isfahan',
    'attribute[area_code]': '031',
    'attribute[landline]': '32223344',
    ...overrides,
  };
}

async function storedRows() {
  const count = async (table: string) => Number((await system.db(table).count({ n: '*' }).first())!.n);
  return {
    cases: await count('cases'),
    attachments: await count('case_attachments'),
    outbox: await count('workflow_outbox'),
  };
}

/** A refusal: its status, Open311's error body with the Persian description, and nothing stored. */
async function expectRefused(
  status: number,
  description: string,
  send: () => ReturnType<typeof call>,
): Promise<void> {
  const before = await storedRows();
  const answer = await send();
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual(
    expect.arrayContaining([{ code: status, description: expect.stringContaining(description) }]),
  );
  expect(answer.text).not.toMatch(/at \w+ \(|Error:|node_modules/);
  expect(await storedRows()).toEqual(before);
}

describe('services', () => {
  test('lists every sub-subject as a service, in JSON and XML, with the form’s fields as attributes', async () => {
    const list = await call('GET', '/services.json', { key: null });
    expect(list.status).toBe(200);
    const subjects = await system.db('sub_subjects').count({ n: '*' }).first();
    expect(list.body).toHaveLength(Number(subjects!.n));
    expect(list.body).toContainEqual(
      expect.objectContaining({ service_code: 'hajj-tamattu.caravan-booking', group: 'حج تمتع' }),
    );

    const xml = await call('GET', '/services.xml', { key: null });
    expect(xml.headers.get('content-type')).toMatch(/application\/xml/);
    expect(xml.text).toContain('<service><service_code>hajj-tamattu.caravan-booking</service_code>');

    const definition = await call('GET', '/services/hajj-tamattu.caravan-booking.json', { key: null });
    expect(definition.status).toBe(200);
    const codes = definition.body.attributes.map((a: { code: string }) => a.code);
    expect(codes).toEqual(['national_code', 'birth_date', 'province', 'area_code', 'landline']);
    const province = definition.body.attributes.find((a: { code: string }) => a.code === 'province');
    expect(province.values).toContainEqual({ key: 'tehran', name: 'تهران' });
    const definitionXml = await call('GET', '/services/hajj-tamattu.caravan-booking.xml', { key: null });
    expect(definitionXml.text).toContain('<attribute><variable>true</variable><code>national_code</code>');

    await expectRefused(404, OPEN311_MESSAGES.serviceCode, () =>
      call('GET', '/services/hajj-tamattu.no-such.json', { key: null }),
    );
  });

  test('serves the OpenAPI document kept in the repo', async () => {
    const served = await call('GET', '/openapi.json', { key: null });
    expect(served.body).toEqual(openapi);
  });
});

describe('creating a request', () => {
  test('JSON: stored as the form stores it (registry name, outbox), its workflow routes it', async () => {
    const citizen = newCitizen();
    const created = await call('POST', '/requests.json', { json: requestBody(citizen) });
    expect(created.status).toBe(201);
    const [{ service_request_id: code }] = created.body;
    const row = await system.db('cases').where({ tracking_code: code }).first();
    expect(row).toMatchObject({
      national_code: citizen.nationalCode,
      citizen_name: citizen.fullName,
      province: 'tehran',
      subject: 'hajj-tamattu',
      sub_subject: 'caravan-booking',
      mobile: citizen.mobile,
    });
    const keyRow = await system
      .db('api_keys')
      .where({ key_hash: apiKeyHash(key) })
      .first('id');
    expect(row.api_key_id).toBe(keyRow.id);
    expect(await routedCase(system.db, code)).toMatchObject({ status: 'routed' });
  });

  test('urlencoded with flat attribute[…] fields, Persian digits accepted as on the form', async () => {
    const citizen = newCitizen();
    const persian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    const created = await call('POST', '/requests.json', {
      form: flatFields(citizen, { 'attribute[birth_date]': persian(citizen.birthDate) }),
    });
    expect(created.status).toBe(201);
    const row = await system.db('cases').where({ tracking_code: created.body[0].service_request_id }).first();
    expect(row).toMatchObject({ province: 'isfahan', subject: 'umrah', area_code: '031', phone: '32223344' });
  });

  test('multipart with a file: the file is stored with the case', async () => {
    const citizen = newCitizen();
    const form = new FormData();
    for (const [k, v] of Object.entries(flatFields(citizen))) form.append(k, v);
    form.append('media', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'رسید.png');
    const created = await call('POST', '/requests.json', { multipart: form });
    expect(created.status).toBe(201);
    const row = await system
      .db('cases')
      .where({ tracking_code: created.body[0].service_request_id })
      .first('id');
    const files = await system
      .db('case_attachments')
      .where({ case_id: row.id })
      .select('filename', 'content');
    expect(files).toHaveLength(1);
    expect(files[0].filename).toBe('رسید.png');
    expect(Buffer.compare(files[0].content, PNG)).toBe(0);
  });
});

describe('reading a request', () => {
  test('with its national code: the status, then the public answer; a wrong pair and an unknown code answer alike', async () => {
    // The province's expert is there before the case is routed, so it is assigned to them.
    const expert = await staffLogin(system, 'expert', 'tehran');
    const citizen = newCitizen();
    const created = await call('POST', '/requests.json', { json: requestBody(citizen) });
    const code: string = created.body[0].service_request_id;

    const read = await call('GET', `/requests/${code}.json`, { nationalCode: citizen.nationalCode });
    expect(read.status).toBe(200);
    expect(read.body[0]).toMatchObject({
      service_request_id: code,
      status: 'open',
      status_notes: null,
      service_code: 'hajj-tamattu.caravan-booking',
    });

    const other = newCitizen();
    const wrongPair = await call('GET', `/requests/${code}.json`, { nationalCode: other.nationalCode });
    const unknown = await call(
      'GET',
      `/requests/${code === '1234567890' ? '1234567891' : '1234567890'}.json`,
      {
        nationalCode: citizen.nationalCode,
      },
    );
    expect(wrongPair.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongPair.text).toBe(unknown.text);
    expect(wrongPair.body[0].description).toBe(PAGE_MESSAGES.trackNotFound);

    await expectRefused(400, OPEN311_MESSAGES.nationalCodeRequired, () =>
      call('GET', `/requests/${code}.json`),
    );
    await expectRefused(400, FIELD_ERRORS.nationalCode, () =>
      call('GET', `/requests/${code}.json`, { nationalCode: '0012345678' }),
    );

    // The expert answers on the staff pages; the API then shows the answer.
    await routedCase(system.db, code);
    const answer = 'ثبت نهایی از فردا در دفتر کاروان ممکن است.';
    const replied = await staffPost(expert.client, `/staff/cases/${code}`, `/staff/cases/${code}/reply`, {
      text: answer,
    });
    expect(replied.status).toBe(303);
    const answered = await eventually(
      () => call('GET', `/requests/${code}.json`, { nationalCode: citizen.nationalCode }),
      (r) => r.body[0].status_notes !== null,
    );
    expect(answered.body[0]).toMatchObject({
      status: 'closed',
      desk_status: 'answered',
      status_notes: answer,
    });
  });
});

describe('listing requests', () => {
  test('an integrator sees only the requests it created, filtered by status and date', async () => {
    const otherKey = await issueKey('اپلیکیشن همراه');
    const mine = await call('POST', '/requests.json', { json: requestBody(newCitizen()) });
    const theirs = await call('POST', '/requests.json', { key: otherKey, json: requestBody(newCitizen()) });
    const mineCode = mine.body[0].service_request_id;
    const theirCode = theirs.body[0].service_request_id;

    const myList = await call('GET', '/requests.json');
    const myCodes = myList.body.map((r: { service_request_id: string }) => r.service_request_id);
    expect(myCodes).toContain(mineCode);
    expect(myCodes).not.toContain(theirCode);
    const mineCount = await system
      .db('cases as c')
      .join('api_keys as k', 'k.id', 'c.api_key_id')
      .where('k.integrator', 'پرتال سازمان')
      .count({ n: '*' })
      .first();
    expect(myList.body).toHaveLength(Number(mineCount!.n));
    expect(myList.body[0]).not.toHaveProperty('status_notes');

    const theirList = await call('GET', '/requests.json', { key: otherKey });
    expect(theirList.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([
      theirCode,
    ]);

    // A second key of the same integrator lists the same requests.
    const secondKey = await issueKey('اپلیکیشن همراه');
    expect((await call('GET', '/requests.json', { key: secondKey })).body).toHaveLength(1);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await call('GET', `/requests.json?start_date=${encodeURIComponent(future)}`)).body).toEqual([]);
    const open = await call('GET', '/requests.json?status=open', { key: otherKey });
    expect(open.body).toHaveLength(1);
    await expectRefused(400, OPEN311_MESSAGES.listFilter, () => call('GET', '/requests.json?status=pending'));
    await expectRefused(400, OPEN311_MESSAGES.listFilter, () =>
      call('GET', '/requests.json?start_date=yesterday'),
    );
  });
});

describe('refusals: each a 4xx in Open311’s format, nothing stored', () => {
  const citizen = newCitizen();
  test.each<[string, number, string, () => CallOptions]>([
    ['no key', 401, OPEN311_MESSAGES.noKey, () => ({ key: null, json: requestBody(citizen) })],
    [
      'an unknown key',
      403,
      OPEN311_MESSAGES.badKey,
      () => ({ key: 'miz_not-a-key', json: requestBody(citizen) }),
    ],
    [
      'a service code that is none',
      400,
      OPEN311_MESSAGES.serviceCode,
      () => ({ json: requestBody(citizen, { service_code: 'hajj-tamattu' }) }),
    ],
    [
      'an unknown sub-subject',
      400,
      FIELD_ERRORS.subSubject,
      () => ({ json: requestBody(citizen, { service_code: 'hajj-tamattu.no-such' }) }),
    ],
    [
      'a national code failing its checksum',
      400,
      FIELD_ERRORS.nationalCode,
      () => ({
        json: requestBody(citizen, {
          attribute: { ...requestBody(citizen).attribute, national_code: '0012345678' },
        }),
      }),
    ],
    [
      'a birth date the registry does not have for the code',
      400,
      FIELD_ERRORS.identityMismatch,
      () => ({
        json: requestBody(citizen, {
          attribute: {
            ...requestBody(citizen).attribute,
            birth_date: citizen.birthDate.replace(/^\d{4}/, (y) => String(Number(y) - 2)),
          },
        }),
      }),
    ],
    [
      'an unknown province',
      400,
      FIELD_ERRORS.province,
      () => ({
        json: requestBody(citizen, {
          attribute: { ...requestBody(citizen).attribute, province: 'atlantis' },
        }),
      }),
    ],
    [
      'a text too long',
      400,
      FIELD_ERRORS.textTooLong('۲۰۰۰'),
      () => ({ json: requestBody(citizen, { description: 'ا'.repeat(2001) }) }),
    ],
    ['no text', 400, FIELD_ERRORS.required, () => ({ json: requestBody(citizen, { description: '  ' }) })],
    [
      'a mobile that is not one',
      400,
      FIELD_ERRORS.mobile,
      () => ({ json: requestBody(citizen, { phone: '0212345678' }) }),
    ],
    [
      'a number where text belongs',
      400,
      OPEN311_MESSAGES.notText,
      () => ({ json: requestBody(citizen, { phone: 9123456789 }) }),
    ],
    [
      'a file by URL',
      400,
      OPEN311_MESSAGES.mediaUrl,
      () => ({ json: requestBody(citizen, { media_url: 'https://127.0.0.1/a.png' }) }),
    ],
    ['a JSON array', 400, OPEN311_MESSAGES.badBody, () => ({ json: [requestBody(citizen)] })],
    [
      'malformed JSON',
      400,
      OPEN311_MESSAGES.badBody,
      () => ({ raw: { body: '{"service_code": ', type: 'application/json' } }),
    ],
    [
      'a body of another type',
      415,
      OPEN311_MESSAGES.unsupportedType,
      () => ({ raw: { body: 'hello', type: 'text/plain' } }),
    ],
    [
      'a body too large',
      413,
      PAGE_MESSAGES.formTooLarge,
      () => ({ json: requestBody(citizen, { description: 'ا'.repeat(70_000) }) }),
    ],
    [
      'a program renamed .pdf',
      400,
      FIELD_ERRORS.attachmentType,
      () => {
        const form = new FormData();
        for (const [k, v] of Object.entries(flatFields(citizen))) form.append(k, v);
        form.append('media', new Blob([new Uint8Array(EXE)]), 'letter.pdf');
        return { multipart: form };
      },
    ],
    [
      'too many files',
      413,
      FIELD_ERRORS.attachmentCount,
      () => {
        const form = new FormData();
        for (const [k, v] of Object.entries(flatFields(citizen))) form.append(k, v);
        for (let i = 0; i < 4; i++) form.append('media', new Blob([new Uint8Array(PNG)]), `p${i}.png`);
        return { multipart: form };
      },
    ],
  ])('%s', async (_name, status, description, options) => {
    await expectRefused(status, description, () => call('POST', '/requests.json', options()));
  });

  test('a revoked key: refused at once, the issue and the revocation audited, the key stored only as a hash', async () => {
    const revocable = await issueKey('سامانه ملی شکایات');
    expect((await call('GET', '/requests.json', { key: revocable })).status).toBe(200);
    const row = await system
      .db('api_keys')
      .where({ key_hash: apiKeyHash(revocable) })
      .first();
    expect(JSON.stringify(row)).not.toContain(revocable);
    // The key is shown once: the list shows its first characters only.
    const page = await admin.client.get('/staff/admin/api-keys');
    expect(page.html).not.toContain(revocable);
    expect(page.html).toContain(row.key_prefix);

    const revoked = await staffPost(
      admin.client,
      '/staff/admin/api-keys',
      `/staff/admin/api-keys/${row.id}/revoke`,
      {},
    );
    expect(revoked.status).toBe(303);
    await expectRefused(403, OPEN311_MESSAGES.badKey, () =>
      call('POST', '/requests.json', { key: revocable, json: requestBody(newCitizen()) }),
    );
    await expectRefused(403, OPEN311_MESSAGES.badKey, () =>
      call('GET', '/requests.json', { key: revocable }),
    );
    const audited = await system
      .db('audit_log')
      .where({ target: String(row.id) })
      .whereIn('action', ['api-key-issue', 'api-key-revoke'])
      .pluck('action');
    expect(audited.sort()).toEqual(['api-key-issue', 'api-key-revoke']);
  });

  test('rate-limited per key: the limit of one key leaves another key alone', async () => {
    const limited = await issueKey('پایگاه استانی', 3);
    for (let i = 0; i < 3; i++)
      expect((await call('GET', '/requests.json', { key: limited })).status).toBe(200);
    await expectRefused(429, PAGE_MESSAGES.rateLimited, () =>
      call('POST', '/requests.json', { key: limited, json: requestBody(newCitizen()) }),
    );
    expect((await call('GET', '/requests.json')).status).toBe(200);
  });
});

describe('fuzzing the request body', () => {
  /** Ways to break a valid body, each certain to make it invalid. */
  const breakers: fc.Arbitrary<(body: Record<string, unknown>) => void>[] = [
    fc.constantFrom('service_code', 'description', 'phone').map((field) => (b) => delete b[field]),
    fc
      .constantFrom('national_code', 'birth_date', 'province')
      .map((field) => (b) => delete (b.attribute as Record<string, unknown>)[field]),
    fc
      .constantFrom('service_code', 'description', 'phone', 'email')
      .chain((field) =>
        fc
          .oneof(
            fc.integer(),
            fc.boolean(),
            fc.array(fc.string(), { maxLength: 2 }),
            fc.object({ maxDepth: 1 }),
          )
          .map((value) => (b: Record<string, unknown>) => void (b[field] = value)),
      ),
    fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => !/^\s*[a-z0-9-]+\.[a-z0-9-]+\s*$/.test(s) || !s.includes('.'))
      .map((code) => (b) => void (b.service_code = code)),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((s) => !/^[0-9۰-۹]{10}$/.test(s.trim()))
      .map((code) => (b) => void ((b.attribute as Record<string, unknown>).national_code = code)),
    fc.integer({ min: 2001, max: 5000 }).map((n) => (b) => void (b.description = 'ب'.repeat(n))),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((s) => !s.includes('@') || !s.includes('.'))
      .map((email) => (b) => void (b.email = email)),
    fc.webUrl().map((url) => (b) => void (b.media_url = url)),
  ];

  test('every broken body gets a 4xx in Open311’s format and stores nothing', async () => {
    const citizen = newCitizen();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(...breakers), { minLength: 1, maxLength: 3 }), async (breaks) => {
        const body: Record<string, unknown> = structuredClone(requestBody(citizen));
        for (const b of breaks) b(body);
        const before = await storedRows();
        const answer = await call('POST', '/requests.json', { json: body });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(await storedRows()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  test('any body at all: never a 5xx, and a case is stored exactly when the answer is 201', async () => {
    const citizen = newCitizen();
    const anyValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.constant(null),
      fc.object({ maxDepth: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'service_code',
            'description',
            'phone',
            'email',
            'attribute',
            'lat',
            'first_name',
            '__proto__',
          ),
          anyValue,
          { maxKeys: 4 },
        ),
        async (overrides) => {
          const body = { ...requestBody(citizen), ...overrides };
          const before = await storedRows();
          const answer = await call('POST', '/requests.json', { json: body });
          expect(answer.status).toBeLessThan(500);
          const after = await storedRows();
          expect(after.cases - before.cases).toBe(answer.status === 201 ? 1 : 0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('a client generated from the OpenAPI document', () => {
  test('is current with the document', () => {
    const committed = path.join(__dirname, '..', 'support', 'open311Schema.ts');
    const fresh = execFileSync(
      process.execPath,
      [
        path.join(__dirname, '..', '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
        path.join(__dirname, '..', '..', 'web', 'open311', 'openapi.json'),
      ],
      { encoding: 'utf8' },
    );
    expect(fresh).toBe(fs.readFileSync(committed, 'utf8'));
  });

  test('creates, lists and reads a request end to end', async () => {
    const client = createClient<paths>({
      baseUrl: `${system.baseUrl}/open311/v2`,
      headers: { 'x-api-key': key },
    });
    const citizen = newCitizen();
    const services = await client.GET('/services.json');
    const service = services.data!.find((s) => s.group === 'عمره مفرده')!;
    const created = await client.POST('/requests.json', {
      body: {
        service_code: service.service_code,
        description: 'درخواست از اپلیکیشن همراه',
        phone: citizen.mobile,
        attribute: {
          national_code: citizen.nationalCode,
          birth_date: citizen.birthDate,
          province: 'isfahan',
        },
      },
    });
    expect(created.response.status).toBe(201);
    const code = created.data![0].service_request_id;
    const listed = await client.GET('/requests.json', { params: { query: { status: 'open' } } });
    expect(listed.data!.map((r) => r.service_request_id)).toContain(code);
    const read = await client.GET('/requests/{service_request_id}.json', {
      params: { path: { service_request_id: code }, header: { 'X-National-Code': citizen.nationalCode } },
    });
    expect(read.data![0]).toMatchObject({ service_request_id: code, service_code: service.service_code });
    const refused = await client.GET('/requests/{service_request_id}.json', {
      params: {
        path: { service_request_id: code },
        header: { 'X-National-Code': newCitizen().nationalCode },
      },
    });
    expect(refused.response.status).toBe(404);
    expect(refused.error![0].description).toBe(PAGE_MESSAGES.trackNotFound);
  });
});
