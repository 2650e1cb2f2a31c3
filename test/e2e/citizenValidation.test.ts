import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../config';
import type { Db } from '../../db';
import { FIELD_ERRORS, PAGE_MESSAGES, SELF_SERVICE_COPY } from '../../domain/shared/copy';
import { RegistryUnavailableError } from '../../activities/integrations/registry/civilRegistry';
import { startWeb, type RunningWeb } from '../../web/server';
import { EXE, PNG, requestFields, requestForm, type Citizen } from '../support/citizen';
import { createTestDb } from '../support/db';
import { newCitizen } from '../support/generators';
import { hiddenValue, WebClient } from '../support/http';

/**
 * Every way a citizen's input can be wrong, and every abuse limit, over HTTP against the real web
 * and database: each gets its Persian message, and nothing at all is stored.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let config: Config;
let web: RunningWeb;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
  config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `validation-${randomUUID()}`,
    CAPTCHA: 'off',
    LOG_LEVEL: 'silent',
  });
  web = await startWeb(config, db, { embedded: true, host: '127.0.0.1' });
});

afterAll(async () => {
  await web?.close();
  await testDb?.drop();
});

/** Rows a submission would leave behind, anywhere. */
async function storedRows() {
  const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())!.n);
  return {
    cases: await count('cases'),
    attachments: await count('case_attachments'),
    outbox: await count('workflow_outbox'),
    messages: await count('case_messages'),
  };
}

/** Submits the form as a citizen would (a fresh page, its tokens), with what the case changes. */
async function submit(
  citizen: Citizen,
  overrides: Record<string, string> = {},
  files: { name: string; content: Buffer; type?: string }[] = [],
  client = new WebClient(web.url),
) {
  const page = await client.get('/requests/new');
  return client.post('/requests', requestForm(page.html, citizen, overrides, files));
}

const noStackTrace = (html: string) => expect(html).not.toMatch(/at \w+ \(|Error:|node_modules/);

describe('the submit form refuses bad input and stores nothing', () => {
  const cases: [string, (c: Citizen) => Parameters<typeof submit>, string][] = [
    [
      'a national code failing its checksum',
      (c) => [c, { nationalCode: '0012345678' }],
      FIELD_ERRORS.nationalCode,
    ],
    ['a national code of nine digits', (c) => [c, { nationalCode: '123456789' }], FIELD_ERRORS.nationalCode],
    [
      'a birth date the registry does not have for the code',
      (c) => [c, { birthDate: c.birthDate.replace(/^\d{4}/, (y) => String(Number(y) - 2)) }],
      FIELD_ERRORS.identityMismatch,
    ],
    ['a birth date that is no date', (c) => [c, { birthDate: '۱۳۶۵/۱۴/۴۰' }], FIELD_ERRORS.birthDate],
    ['a mobile number that is not one', (c) => [c, { mobile: '0212345678' }], FIELD_ERRORS.mobile],
    ['an email without a domain', (c) => [c, { email: 'citizen@' }], FIELD_ERRORS.email],
    ['a landline without an area code', (c) => [c, { areaCode: '' }], FIELD_ERRORS.areaCode],
    ['a province not on the list', (c) => [c, { province: 'atlantis' }], FIELD_ERRORS.province],
    [
      'a sub-subject of another subject',
      (c) => [c, { subSubject: 'no-such-topic' }],
      FIELD_ERRORS.subSubject,
    ],
    ['a text over the limit', (c) => [c, { text: 'ا'.repeat(2001) }], FIELD_ERRORS.textTooLong('۲۰۰۰')],
    [
      'a file over 300 KB',
      (c) => [c, {}, [{ name: 'big.png', content: Buffer.concat([PNG, Buffer.alloc(300 * 1024)]) }]],
      FIELD_ERRORS.attachmentSize,
    ],
    [
      'an .exe renamed .pdf',
      (c) => [c, {}, [{ name: 'document.pdf', content: EXE, type: 'application/pdf' }]],
      FIELD_ERRORS.attachmentType,
    ],
    [
      'a real image with a forbidden extension',
      (c) => [c, {}, [{ name: 'script.html', content: PNG }]],
      FIELD_ERRORS.attachmentType,
    ],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const before = await storedRows();
    const response = await submit(...make(newCitizen()));
    expect(response.status).toBe(422);
    expect(response.html).toContain(message);
    expect(response.html).toContain(FIELD_ERRORS.form);
    noStackTrace(response.html);
    expect(await storedRows()).toEqual(before);
  });

  it('marks every missing required field, and keeps what was typed', async () => {
    const before = await storedRows();
    const client = new WebClient(web.url);
    const page = await client.get('/requests/new');
    const empty = Object.fromEntries(
      ['birthDate', 'nationalCode', 'province', 'mobile', 'subject', 'subSubject', 'text'].map((k) => [
        k,
        '',
      ]),
    );
    const fields = requestFields(page.html, newCitizen(), { ...empty, email: 'kept@example.ir' });
    const response = await client.post('/requests', fields);
    expect(response.status).toBe(422);
    for (const id of ['birthDate', 'nationalCode', 'province', 'mobile', 'subject', 'text']) {
      expect(response.html).toMatch(new RegExp(`id="${id}-error"[^>]*>${FIELD_ERRORS.required}<`));
    }
    expect(response.html).toContain('value="kept@example.ir"');
    expect(await storedRows()).toEqual(before);
  });

  it('refuses a file far over the limit outright, with the same message', async () => {
    const before = await storedRows();
    const response = await submit(newCitizen(), {}, [
      {
        name: 'huge.pdf',
        content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1024 * 1024)]),
      },
    ]);
    expect(response.status).toBe(413);
    expect(response.html).toContain(FIELD_ERRORS.attachmentSize);
    noStackTrace(response.html);
    expect(await storedRows()).toEqual(before);
  });

  it('refuses a form without its CSRF token (the form comes back, with a fresh token: test/e2e/selfService.test.ts)', async () => {
    const before = await storedRows();
    const client = new WebClient(web.url);
    const page = await client.get('/requests/new');
    const fields = requestFields(page.html, newCitizen());
    delete fields._csrf;
    const response = await client.post('/requests', fields);
    expect(response.status).toBe(403);
    expect(response.html).toContain(SELF_SERVICE_COPY.sessionRenewed);
    expect(await storedRows()).toEqual(before);
  });

  it('fills name and area code through the server for a browser without JavaScript, storing nothing', async () => {
    const before = await storedRows();
    const citizen = newCitizen();
    const client = new WebClient(web.url);
    const page = await client.get('/requests/new');
    const response = await client.post(
      '/requests',
      requestFields(page.html, citizen, { lookup: '1', province: 'isfahan', areaCode: '' }),
    );
    expect(response.status).toBe(200);
    expect(response.html).toMatch(new RegExp(`id="fullName"[^>]*value="${citizen.fullName}"`));
    expect(response.html).toMatch(/id="areaCode"[^>]*value="۰۳۱"/);
    expect(await storedRows()).toEqual(before);
  });
});

describe('the registry look-up for the form script', () => {
  async function lookUp(client: WebClient, nationalCode: string, birthDate: string) {
    const page = await client.get('/requests/new');
    const response = await client.post('/requests/identity', {
      _csrf: hiddenValue(page.html, '_csrf'),
      nationalCode,
      birthDate,
    });
    return { status: response.status, body: JSON.parse(response.html) as Record<string, string> };
  }

  it('answers a matching pair with the name and gender only', async () => {
    const citizen = newCitizen();
    const { status, body } = await lookUp(new WebClient(web.url), citizen.nationalCode, citizen.birthDate);
    expect(status).toBe(200);
    expect(body).toEqual({ fullName: citizen.fullName, gender: citizen.gender === 'male' ? 'مرد' : 'زن' });
  });

  it('answers a wrong birth date and a malformed code with the same message', async () => {
    const citizen = newCitizen();
    const client = new WebClient(web.url);
    const wrongDate = await lookUp(client, citizen.nationalCode, '1300/01/01');
    const badCode = await lookUp(client, '1234567890', citizen.birthDate);
    expect(wrongDate).toEqual({ status: 404, body: { error: FIELD_ERRORS.identityMismatch } });
    expect(badCode).toEqual(wrongDate);
  });

  it('needs the page’s CSRF token', async () => {
    const citizen = newCitizen();
    const response = await new WebClient(web.url).post('/requests/identity', {
      nationalCode: citizen.nationalCode,
      birthDate: citizen.birthDate,
    });
    expect(response.status).toBe(403);
  });
});

describe('with the registry down', () => {
  let offline: RunningWeb;
  beforeAll(async () => {
    const registry = {
      lookup: async () => {
        throw new RegistryUnavailableError('down');
      },
    };
    offline = await startWeb(config, db, { embedded: true, host: '127.0.0.1', registry });
  });
  afterAll(() => offline?.close());

  it('tells the form script that the registry is away, rather than that the pair is wrong', async () => {
    const client = new WebClient(offline.url);
    const page = await client.get('/requests/new');
    const citizen = newCitizen();
    const response = await client.post('/requests/identity', {
      _csrf: hiddenValue(page.html, '_csrf'),
      nationalCode: citizen.nationalCode,
      birthDate: citizen.birthDate,
    });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.html)).toEqual({ error: FIELD_ERRORS.identityUnavailable });
  });
});

describe('the tracking form', () => {
  it('explains a bad national code and a bad tracking code', async () => {
    const client = new WebClient(web.url);
    const page = await client.get('/track');
    const response = await client.post('/track', {
      _csrf: hiddenValue(page.html, '_csrf'),
      nationalCode: '0012345678',
      trackingCode: '12',
      captcha: '',
    });
    expect(response.status).toBe(422);
    expect(response.html).toContain(FIELD_ERRORS.nationalCode);
    expect(response.html).toContain(FIELD_ERRORS.trackingCode);
  });

  it('shows a new captcha without JavaScript, keeping what was typed', async () => {
    const client = new WebClient(web.url);
    const page = await client.get('/track');
    const response = await client.post('/track', {
      _csrf: hiddenValue(page.html, '_csrf'),
      nationalCode: '0012345678',
      trackingCode: '1234567897',
      captcha: '',
      refresh: 'captcha',
    });
    expect(response.status).toBe(200);
    expect(response.html).toContain('value="0012345678"');
    expect(response.html).toContain('value="1234567897"');
    expect(response.html).not.toContain(FIELD_ERRORS.nationalCode);
  });

  it('does not act on a case for a visitor who has not tracked it', async () => {
    const client = new WebClient(web.url);
    const page = await client.get('/track');
    const before = await storedRows();
    const response = await client.post('/track/1234567897/rate', {
      _csrf: hiddenValue(page.html, '_csrf'),
      score: '5',
    });
    expect(response.status).toBe(403);
    expect(response.html).toContain(PAGE_MESSAGES.trackFirst);
    expect((await client.get('/track/1234567897')).status).toBe(303);
    expect(await storedRows()).toEqual(before);
  });
});

describe('with the captcha on', () => {
  let guarded: RunningWeb;
  beforeAll(async () => {
    guarded = await startWeb({ ...config, captcha: true }, db, { embedded: true, host: '127.0.0.1' });
  });
  afterAll(() => guarded?.close());

  it('refuses a wrong captcha on submit and on track, storing nothing', async () => {
    const before = await storedRows();
    const client = new WebClient(guarded.url);
    const page = await client.get('/requests/new');
    expect((await client.get('/captcha.svg')).html).toContain('<svg');
    const submitted = await client.post(
      '/requests',
      requestForm(page.html, newCitizen(), { captcha: '00000' }, [{ name: 'a.png', content: PNG }]),
    );
    expect(submitted.status).toBe(422);
    expect(submitted.html).toContain(FIELD_ERRORS.captcha);

    const trackPage = await client.get('/track');
    await client.get('/captcha.svg');
    const tracked = await client.post('/track', {
      _csrf: hiddenValue(trackPage.html, '_csrf'),
      nationalCode: newCitizen().nationalCode,
      trackingCode: '1234567897',
      captcha: '00000',
    });
    expect(tracked.status).toBe(422);
    expect(tracked.html).toContain(FIELD_ERRORS.captcha);
    expect(await storedRows()).toEqual(before);
  });

  it('refuses an answer with no captcha shown at all', async () => {
    const client = new WebClient(guarded.url);
    const page = await client.get('/requests/new');
    const response = await client.post(
      '/requests',
      requestForm(page.html, newCitizen(), { captcha: '1234' }),
    );
    expect(response.status).toBe(422);
    expect(response.html).toContain(FIELD_ERRORS.captcha);
  });
});

describe('abuse limits', () => {
  // The counters are in the database, shared by every web on it: each test starts them at zero and
  // leaves none for the others.
  beforeEach(() => db('rate_limit_hits').del());
  afterEach(() => db('rate_limit_hits').del());

  it('stops too many submissions with a Persian message, storing nothing', async () => {
    const client = new WebClient(web.url);
    const page = await client.get('/requests/new');
    const bad = requestFields(page.html, newCitizen(), { nationalCode: '0012345678' });
    for (let i = 0; i < 30; i++) expect((await client.post('/requests', bad)).status).toBe(422);
    const before = await storedRows();
    const response = await client.post('/requests', requestFields(page.html, newCitizen()));
    expect(response.status).toBe(429);
    expect(response.html).toContain(PAGE_MESSAGES.rateLimited);
    expect(await storedRows()).toEqual(before);
  });

  it('stops too many tracking attempts', async () => {
    const client = new WebClient(web.url);
    const page = await client.get('/track');
    const attempt = () =>
      client.post('/track', {
        _csrf: hiddenValue(page.html, '_csrf'),
        nationalCode: '0012345678',
        trackingCode: '1234567897',
        captcha: '',
      });
    for (let i = 0; i < 60; i++) expect((await attempt()).status).toBe(422);
    const response = await attempt();
    expect(response.status).toBe(429);
    expect(response.html).toContain(PAGE_MESSAGES.rateLimited);
  });

  it('stops too many registry look-ups, in JSON for the script', async () => {
    const client = new WebClient(web.url);
    const page = await client.get('/requests/new');
    const citizen = newCitizen();
    const ask = () =>
      client.post('/requests/identity', {
        _csrf: hiddenValue(page.html, '_csrf'),
        nationalCode: citizen.nationalCode,
        birthDate: '1300/01/01',
      });
    for (let i = 0; i < 30; i++) expect((await ask()).status).toBe(404);
    const response = await ask();
    expect(response.status).toBe(429);
    expect(JSON.parse(response.html)).toEqual({ error: PAGE_MESSAGES.rateLimited });
  });
});
