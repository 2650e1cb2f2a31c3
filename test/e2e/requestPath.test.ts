import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import pino from 'pino';
import { loadConfig, type Config } from '../../config';
import { ACTION_REJECTIONS } from '../../domain/desk/copy';
import type { Db } from '../../db';
import { startWeb, type RunningWeb } from '../../web/server';
import { startWorker, type RunningWorker } from '../../worker/main';
import { createTestDb } from '../support/db';
import { newCitizen } from '../support/generators';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { freePort } from '../support/ports';
import { quietRuntime, workflowBundle } from '../support/temporal';

/**
 * One request on the real path: the web on a real PostgreSQL, the case workflow on a real Temporal
 * dev server with a real worker, driven over HTTP as a citizen and an expert would.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let config: Config;
let worker: RunningWorker;
let web: RunningWeb;
const password = 'expert-password-' + randomUUID();
const expert = { username: `expert-${randomUUID().slice(0, 8)}`, fullName: 'مریم سلطانی' };

// A 1×1 PNG: real image bytes, so the content check accepts it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  quietRuntime();
  testDb = await createTestDb();
  db = testDb.db;
  config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `e2e-${randomUUID()}`,
    CAPTCHA: 'off',
    LOG_LEVEL: 'warn',
  });
  await db('staff').insert({
    username: expert.username,
    password_hash: await argon2.hash(password),
    full_name: expert.fullName,
    role: 'expert',
    province: 'tehran',
  });
  worker = await startWorker(config, db, {
    workflowBundle: await workflowBundle(),
    relayIntervalMs: 200,
    relayGraceMs: 500,
  });
  web = await startWeb(config, db, { embedded: true, host: '127.0.0.1' });
});

afterAll(async () => {
  await web?.close();
  await worker?.shutdown();
  await testDb?.drop();
});

function requestForm(
  page: string,
  citizen: ReturnType<typeof newCitizen>,
  overrides: Record<string, string> = {},
) {
  const form = new FormData();
  const fields: Record<string, string> = {
    _csrf: hiddenValue(page, '_csrf'),
    idempotencyKey: hiddenValue(page, 'idempotencyKey'),
    birthDate: citizen.birthDate.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]),
    nationalCode: citizen.nationalCode,
    province: 'tehran',
    email: 'citizen@example.ir',
    mobile: citizen.mobile,
    areaCode: '021',
    phone: '22334455',
    subject: 'hajj-tamattu',
    subSubject: 'caravan-booking',
    text: 'در فرم رزرو و ثبت نام در کاروان امکان ثبت نهایی وجود ندارد.',
    captcha: '',
    ...overrides,
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('attachmentTitles', 'تصویر مدرک');
  form.append('attachments', new Blob([PNG], { type: 'image/png' }), 'receipt.png');
  return form;
}

const trackingCodeOf = (html: string) => /id="tracking-code"[^>]*data-code="(\d{10})"/.exec(html)?.[1];

describe('a request end to end', () => {
  it('submit → workflow routes it → the expert replies → the citizen is notified and reads the answer', async () => {
    const citizen = newCitizen();
    const browser = new WebClient(web.url);

    const form = await browser.get('/requests/new');
    expect(form.status).toBe(200);
    const submitted = await browser.post('/requests', requestForm(form.html, citizen));
    expect(submitted.status).toBe(201);
    const trackingCode = trackingCodeOf(submitted.html)!;
    expect(trackingCode).toMatch(/^\d{10}$/);

    const stored = await db('cases').where({ tracking_code: trackingCode }).first();
    expect(stored).toMatchObject({
      national_code: citizen.nationalCode,
      citizen_name: citizen.fullName,
      province: 'tehran',
    });
    const files = await db('case_attachments').where({ case_id: stored.id }).select('filename', 'content');
    expect(files).toHaveLength(1);
    expect(Buffer.compare(files[0].content, PNG)).toBe(0);

    const staffId = (await db('staff').where({ username: expert.username }).first('id')).id;
    const routed = await eventually(
      () => db('cases').where({ tracking_code: trackingCode }).first('status', 'assigned_to', 'due_at'),
      (row) => row.status === 'routed',
    );
    expect(routed.assigned_to).toBe(staffId);
    expect(routed.due_at).not.toBeNull();

    // The expert, from the staff pages.
    const staff = new WebClient(web.url);
    const login = await staff.get('/staff/login');
    const loggedIn = await staff.post('/staff/login', {
      _csrf: hiddenValue(login.html, '_csrf'),
      username: expert.username,
      password,
    });
    expect(loggedIn.status).toBe(303);
    expect((await staff.get('/staff/inbox')).html).toContain(`/staff/cases/${trackingCode}`);
    const casePage = await staff.get(`/staff/cases/${trackingCode}`);
    expect(casePage.status).toBe(200);
    expect(casePage.html).toContain(citizen.fullName);
    const replied = await staff.post(`/staff/cases/${trackingCode}/reply`, {
      _csrf: hiddenValue(casePage.html, '_csrf'),
      text: 'ثبت نهایی از فردا در دفتر کاروان ممکن است.',
    });
    expect(replied.status).toBe(303);

    // A second reply is refused by the workflow, and the page says why.
    const again = await staff.post(`/staff/cases/${trackingCode}/reply`, {
      _csrf: hiddenValue(casePage.html, '_csrf'),
      text: 'پاسخ دوم',
    });
    expect(again.status).toBe(409);
    expect(again.html).toContain(ACTION_REJECTIONS.caseNotOpen);

    await eventually(
      () =>
        db('notifications')
          .where({ tracking_code: trackingCode, channel: 'sms' })
          .whereLike('dedupe_key', '%:answered:%')
          .first('recipient'),
      (row) => row?.recipient === citizen.mobile,
    );

    // The citizen tracks it: read from the projection, in Persian.
    const trackPage = await browser.get('/track');
    const result = await browser.post('/track', {
      _csrf: hiddenValue(trackPage.html, '_csrf'),
      nationalCode: citizen.nationalCode,
      trackingCode,
      captcha: '',
    });
    expect(result.status).toBe(200);
    expect(result.html).toContain(expert.fullName);
    expect(result.html).toContain('بررسی شده');
    expect(result.html).toContain('ثبت نهایی از فردا در دفتر کاروان ممکن است.');
    expect(result.html).toContain(trackingCode.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
    expect(result.html).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} ساعت [۰-۹]{2}:[۰-۹]{2} (ق\.ظ|ب\.ظ)/);
  });

  it('answers a wrong pair and an unknown code alike, and finds nothing', async () => {
    const browser = new WebClient(web.url);
    const someone = await db('cases').first('tracking_code');
    const other = newCitizen();
    const ask = async (trackingCode: string) => {
      const page = await browser.get('/track');
      return browser.post('/track', {
        _csrf: hiddenValue(page.html, '_csrf'),
        nationalCode: other.nationalCode,
        trackingCode,
        captcha: '',
      });
    };
    const wrongPair = await ask(someone.tracking_code);
    const unknown = await ask('1234567897');
    expect(wrongPair.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongPair.html).toContain('درخواستی با این مشخصات یافت نشد.');
    // The same page but for what was typed, the form's token and the captcha's cache-buster.
    const normalize = (html: string) => html.replace(/value="[^"]*"/g, '').replace(/captcha\.svg\?\d+/g, '');
    expect(normalize(unknown.html)).toBe(normalize(wrongPair.html));
  });

  it('stores nothing for bad input and explains each problem in Persian, keeping what was typed', async () => {
    const browser = new WebClient(web.url);
    const before = await db('cases').count({ n: '*' }).first();
    const page = await browser.get('/requests/new');
    const response = await browser.post(
      '/requests',
      requestForm(page.html, newCitizen(), {
        nationalCode: '1234567890',
        mobile: '12345',
        text: 'متن نگه داشته شود',
      }),
    );
    expect(response.status).toBe(422);
    expect(response.html).toContain('کد ملی معتبر نیست.');
    expect(response.html).toContain('شماره تلفن همراه باید ۱۱ رقم و با ۰۹ آغاز شود.');
    expect(response.html).toContain('متن نگه داشته شود');
    expect(response.html).not.toMatch(/at \w+ \(|Error:/);
    expect(await db('cases').count({ n: '*' }).first()).toEqual(before);
  });

  it('refuses a birth date that the registry does not know for the national code', async () => {
    const browser = new WebClient(web.url);
    const citizen = newCitizen();
    const [y, m, d] = citizen.birthDate.split('/');
    const page = await browser.get('/requests/new');
    const response = await browser.post(
      '/requests',
      requestForm(page.html, citizen, { birthDate: `${Number(y) - 1}/${m}/${d}` }),
    );
    expect(response.status).toBe(422);
    expect(response.html).toContain('تاریخ تولد و کد ملی با اطلاعات ثبت احوال مطابقت ندارد.');
    expect(await db('cases').where({ national_code: citizen.nationalCode }).first()).toBeUndefined();
  });

  it('creates one case for a double submit of the same form', async () => {
    const browser = new WebClient(web.url);
    const citizen = newCitizen();
    const page = await browser.get('/requests/new');
    const [first, second] = await Promise.all([
      browser.post('/requests', requestForm(page.html, citizen)),
      browser.post('/requests', requestForm(page.html, citizen)),
    ]);
    expect(trackingCodeOf(first.html)).toBeDefined();
    expect(trackingCodeOf(second.html)).toBe(trackingCodeOf(first.html));
    expect(
      await db('cases').where({ national_code: citizen.nationalCode }).count({ n: '*' }).first(),
    ).toEqual({ n: '1' });
  });

  it('rejects a form without its CSRF token', async () => {
    const browser = new WebClient(web.url);
    const response = await browser.post('/track', { nationalCode: '0499370899', trackingCode: '1234567897' });
    expect(response.status).toBe(403);
  });

  it('keeps a request submitted while the engine is unreachable, and the relay starts it later', async () => {
    const deadPort = await freePort();
    const logged: { level: number; msg: string; trackingCode?: string; error?: string }[] = [];
    const offline = await startWeb(
      { ...config, temporal: { ...config.temporal, address: `127.0.0.1:${deadPort}` } },
      db,
      {
        embedded: true,
        host: '127.0.0.1',
        log: pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) }),
      },
    );
    try {
      const browser = new WebClient(offline.url);
      const page = await browser.get('/requests/new');
      const submitted = await browser.post('/requests', requestForm(page.html, newCitizen()));
      expect(submitted.status).toBe(201);
      const trackingCode = trackingCodeOf(submitted.html)!;
      // The citizen had the code at once; the web's start, in the background, failed.
      const outbox = await eventually(
        () => db('workflow_outbox').where({ tracking_code: trackingCode }).first(),
        (row) => row.attempts >= 1,
      );
      expect(outbox.attempts).toBe(1);
      // Why, not only that: the client's error and the gRPC status it wraps.
      expect(outbox.last_error).toMatch(/^ServiceError: Failed to start Workflow ← Error: \d+ [A-Z_]+: ./);
      expect(logged).toContainEqual(
        expect.objectContaining({ level: 40, trackingCode, error: outbox.last_error }),
      );
      expect((await browser.get('/readyz')).status).toBe(503);

      // The worker's relay, connected to the engine, starts it.
      await eventually(
        () => db('cases').where({ tracking_code: trackingCode }).first('status'),
        (row) => row.status === 'routed',
      );
      expect(
        (await db('workflow_outbox').where({ tracking_code: trackingCode }).first()).started_at,
      ).not.toBeNull();
    } finally {
      await offline.close();
    }
  });

  it('survives a worker stopped mid-case: the reply waits for the next worker, and nothing is written twice', async () => {
    const citizen = newCitizen();
    const browser = new WebClient(web.url);
    const page = await browser.get('/requests/new');
    const trackingCode = trackingCodeOf(
      (await browser.post('/requests', requestForm(page.html, citizen))).html,
    )!;
    await eventually(
      () => db('cases').where({ tracking_code: trackingCode }).first('status'),
      (row) => row.status === 'routed',
    );

    await worker.shutdown();
    const staff = new WebClient(web.url);
    const login = await staff.get('/staff/login');
    await staff.post('/staff/login', {
      _csrf: hiddenValue(login.html, '_csrf'),
      username: expert.username,
      password,
    });
    const casePage = await staff.get(`/staff/cases/${trackingCode}`);
    // With no worker running, the reply is accepted by the engine and waits for one.
    const replying = staff.post(`/staff/cases/${trackingCode}/reply`, {
      _csrf: hiddenValue(casePage.html, '_csrf'),
      text: 'پاسخ پس از راه‌اندازی دوباره',
    });
    await new Promise((r) => setTimeout(r, 1000));
    worker = await startWorker(config, db, {
      workflowBundle: await workflowBundle(),
      relayIntervalMs: 200,
      relayGraceMs: 500,
    });
    expect((await replying).status).toBe(303);

    await eventually(
      () => db('cases').where({ tracking_code: trackingCode }).first('status'),
      (row) => row.status === 'answered',
    );
    const kase = await db('cases').where({ tracking_code: trackingCode }).first('id');
    const kinds = await db('case_events').where({ case_id: kase.id }).orderBy('seq').pluck('kind');
    expect(kinds).toEqual(['received', 'identity-verified', 'routed', 'answered']);
    // The citizen hears of it once: the receipt and the answer, one SMS each.
    const sms = await eventually(
      () => db('notifications').where({ tracking_code: trackingCode, channel: 'sms' }).pluck('dedupe_key'),
      (keys) => keys.length >= 2,
    );
    expect(sms.sort()).toEqual([expect.stringMatching(/:answered:\d+:sms$/), `${trackingCode}:received:sms`]);
  });

  it('reports health, readiness and metrics', async () => {
    const browser = new WebClient(web.url);
    expect((await browser.get('/healthz')).status).toBe(200);
    const ready = await browser.get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.html)).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });
    expect((await browser.get('/metrics')).html).toContain('http_request_duration_seconds');
  });
});
