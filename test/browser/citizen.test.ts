import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig, type Config } from '../../config';
import type { Db } from '../../db';
import { ACTION_REJECTIONS } from '../../domain/desk/copy';
import { FIELD_ERRORS, PAGE_MESSAGES } from '../../domain/shared/copy';
import { replyUpdate, requestInfoUpdate } from '../../workflows/desk/messages';
import { startWeb, type RunningWeb } from '../../web/server';
import { startWorker, type RunningWorker } from '../../worker/main';
import {
  checkPage,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshotsAtBothWidths,
  sidewaysOverflow,
} from '../support/browser';
import { PNG, toPersian, type Citizen } from '../support/citizen';
import { createTestDb } from '../support/db';
import { addStaff, newCitizen } from '../support/generators';
import { eventually } from '../support/http';
import { quietRuntime, workflowBundle } from '../support/temporal';

/**
 * The citizen's side in a real browser (Debian's chromium driven by playwright-core): the submit
 * form with and without JavaScript, the receipt as printed, tracking, reading the expert's answer,
 * answering a question, rating and objecting. The screenshots in docs/screenshots come from here.
 */
// A browser, a worker and the web on two cores beside the other suites: give each step room.
jest.setTimeout(300_000);

let testDb: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let config: Config;
let worker: RunningWorker;
let web: RunningWeb;
let browser: Browser;
let connection: Connection;
let temporal: Client;
let expertId: number;
const expertName = 'مریم سلطانی';

beforeAll(async () => {
  quietRuntime();
  testDb = await createTestDb();
  db = testDb.db;
  config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `browser-${randomUUID()}`,
    CAPTCHA: 'off',
    LOG_LEVEL: 'warn',
  });
  expertId = await addStaff(db, 'expert', 'tehran');
  await db('staff').where({ id: expertId }).update({ full_name: expertName });
  worker = await startWorker(config, db, {
    workflowBundle: await workflowBundle(),
    relayIntervalMs: 200,
    relayGraceMs: 500,
  });
  web = await startWeb(config, db, { embedded: true, host: '127.0.0.1' });
  connection = await Connection.connect({ address: config.temporal.address! });
  temporal = new Client({ connection, namespace: config.temporal.namespace });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await connection?.close();
  await web?.close();
  await worker?.shutdown();
  await testDb?.drop();
});

/**
 * A page as a citizen's browser opens it; it records every request that leaves the site, every
 * error the page reports (a CSP violation among them) and every missing file, so each test can say
 * there were none.
 */
async function citizenPage(options: { javaScriptEnabled?: boolean } = {}) {
  const context: BrowserContext = await browser.newContext({
    viewport: DESKTOP,
    locale: 'fa-IR',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  const outside: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(web.url) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  // Scripts blocked by the CSP, script errors, and any missing file the page asked for.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() === 404) problems.push(`404 ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return {
    page,
    close: () => context.close(),
    /** No request left the site and nothing went wrong, but for the answers `expected` names. */
    expectClean(expected: string[] = []) {
      expect(outside).toEqual([]);
      expect(problems.filter((p) => !expected.includes(p))).toEqual([]);
    },
  };
}

/** Clicks what sends a form (or follows a link) and waits for the page that answers. */
async function go(page: Page, role: 'button' | 'link', name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole(role, { name, exact: true }).click()]);
}

/** Waits until the input `id` holds a value `ok` accepts (the page's script fills it). */
function valueOf(page: Page, id: string, ok: (value: string) => boolean) {
  return eventually(() => page.inputValue(`#${id}`), ok, 10_000);
}

async function fillIdentity(page: Page, citizen: Citizen) {
  await page.getByLabel('تاریخ تولد').fill(toPersian(citizen.birthDate));
  await page.getByLabel('کد ملی').fill(toPersian(citizen.nationalCode));
}

async function fillRest(page: Page, citizen: Citizen) {
  await page.getByLabel('ایمیل').fill('citizen@example.ir');
  await page.getByLabel('تلفن همراه').fill(citizen.mobile);
  await page.getByLabel('تلفن ثابت').fill('22334455');
  await page.getByLabel('متن درخواست').fill('در فرم رزرو و ثبت نام در کاروان امکان ثبت نهایی وجود ندارد.');
  await page.getByLabel('عنوان پیوست ۱').fill('تصویر مدرک');
  await page
    .getByLabel('انتخاب فایل ۱')
    .setInputFiles({ name: 'madrak.png', mimeType: 'image/png', buffer: PNG });
}

const caseRow = (trackingCode: string) => db('cases').where({ tracking_code: trackingCode }).first();

/** The assigned expert answers through the case's workflow, as the staff page does. */
async function staffUpdate(trackingCode: string, kind: 'reply' | 'info-request', body: string) {
  const kase = await eventually(
    () => caseRow(trackingCode),
    (row) => row?.status === 'routed' && row.assigned_to === expertId,
  );
  const messageId = randomUUID();
  await db('case_messages').insert({
    id: messageId,
    case_id: kase.id,
    kind,
    author_staff_id: expertId,
    body,
  });
  const update = kind === 'reply' ? replyUpdate : requestInfoUpdate;
  await temporal.workflow
    .getHandle(trackingCode)
    .executeUpdate(update, { args: [{ actor: { staffId: expertId, role: 'expert' }, messageId }] });
}

async function track(page: Page, citizen: Citizen, trackingCode: string) {
  await page.goto(`${web.url}/track`);
  await page.getByLabel('کد ملی').fill(citizen.nationalCode);
  await page.getByLabel('کد پیگیری').fill(toPersian(trackingCode));
  await page.getByLabel('کد فوق').fill('۱۲۳۴');
  await go(page, 'button', 'پیگیری درخواست');
  await page.waitForSelector('#case-status');
}

describe('a citizen with JavaScript', () => {
  it('submits with a file, sees the name arrive, prints the receipt, then tracks, reads the answer, rates and objects', async () => {
    const citizen = newCitizen();
    const { page, close, expectClean } = await citizenPage();

    await page.goto(web.url);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('fa');
    // The page's code runs in the browser; it is given as text, since this file is compiled for Node.
    const fontLoaded = await page.evaluate<boolean>(`document.fonts.load('16px Vazirmatn', 'میز خدمت')
      .then(() => [...document.fonts].some((f) => f.family === 'Vazirmatn' && f.status === 'loaded'))`);
    expect(fontLoaded).toBe(true);
    expect(await page.textContent('body')).toContain('تابلو اعلانات');
    // From the keyboard: the first Tab offers to skip to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('پرش به محتوا');
    expect(await page.isVisible('.skip-link')).toBe(true);
    await page.keyboard.press('Escape');
    await page.evaluate('document.activeElement.blur()');
    await screenshotsAtBothWidths(page, 'home');

    await go(page, 'link', 'ارسال درخواست');
    await page.waitForSelector('#request-form');
    // The name comes from the registry once both fields are typed; it cannot be typed.
    expect(await page.getByLabel('نام و نام خانوادگی').getAttribute('readonly')).not.toBeNull();
    await fillIdentity(page, citizen);
    await valueOf(page, 'fullName', (v) => v === citizen.fullName);
    expect(await page.getByLabel('جنسیت').inputValue()).toBe(citizen.gender === 'male' ? 'مرد' : 'زن');

    // The province fills its area code; the main subject its sub-subjects.
    await page.getByLabel('استان').selectOption('isfahan');
    expect(await page.getByLabel('پیش شماره').inputValue()).toBe('۰۳۱');
    await page.getByLabel('استان').selectOption('tehran');
    expect(await page.getByLabel('پیش شماره').inputValue()).toBe('۰۲۱');
    expect(await page.getByLabel('موضوع فرعی').isDisabled()).toBe(true);
    await page.getByLabel('موضوع اصلی').selectOption('hajj-tamattu');
    await page.getByLabel('موضوع فرعی').selectOption('caravan-booking');

    await fillRest(page, citizen);
    const text = await page.getByLabel('متن درخواست').inputValue();
    expect(await page.textContent('#text-limit')).toBe(`${toPersian(String(text.length))} از ۲۰۰۰ نویسه`);

    const captchaBefore = await page.getAttribute('#captcha-image', 'src');
    await page.getByRole('button', { name: 'کد جدید' }).click();
    await eventually(
      () => page.getAttribute('#captcha-image', 'src'),
      (src) => src !== captchaBefore,
      10_000,
    );
    expect(await page.getByLabel('نام و نام خانوادگی').inputValue()).toBe(citizen.fullName);
    await page.getByLabel('کد فوق').fill('۱۲۳۴');
    await screenshotsAtBothWidths(page, 'form');

    await go(page, 'button', 'ثبت درخواست');
    await page.waitForSelector('#tracking-code');
    expect(await page.textContent('.alert-success')).toContain('درخواست شما با موفقیت ثبت گردید.');
    const trackingCode = (await page.getAttribute('#tracking-code', 'data-code'))!;
    expect(trackingCode).toMatch(/^\d{10}$/);
    expect(await page.textContent('#tracking-code')).toBe(toPersian(trackingCode));
    const stored = await caseRow(trackingCode);
    expect(stored).toMatchObject({ citizen_name: citizen.fullName, province: 'tehran', area_code: '021' });
    const files = await db('case_attachments').where({ case_id: stored.id }).select('filename', 'content');
    expect(files.map((f) => f.filename)).toEqual(['madrak.png']);
    await screenshotsAtBothWidths(page, 'success');

    // چاپ رسید asks the browser to print this page.
    await page.evaluate('window.printed = 0; window.print = () => window.printed++');
    await page.getByRole('link', { name: 'چاپ رسید' }).click();
    expect(await page.evaluate('window.printed')).toBe(1);
    expect(page.url()).not.toContain('/receipt/');

    // Printed: the receipt alone, on one page, with what it must say.
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.site-header')).toBe(false);
    expect(await page.isVisible('#print-receipt')).toBe(false);
    expect(await page.isVisible('.receipt-heading')).toBe(true);
    const receipt = await page.textContent('.receipt');
    for (const part of [toPersian(trackingCode), citizen.fullName, 'تهران', 'حج تمتع']) {
      expect(receipt).toContain(part);
    }
    expect(receipt).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} ساعت [۰-۹]{2}:[۰-۹]{2} (ق\.ظ|ب\.ظ)/);
    const pdf = (await page.pdf({ format: 'A5' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    await screenshotsAtBothWidths(page, 'receipt');
    await page.emulateMedia({ media: 'screen' });

    // An expert answers; the citizen tracks the case and reads the answer.
    await staffUpdate(trackingCode, 'reply', 'ثبت نهایی از فردا در دفتر کاروان ممکن است.');
    await track(page, citizen, trackingCode);
    expect(await page.textContent('#case-status')).toBe('بررسی شده');
    expect(await page.textContent('#expert-name')).toBe(expertName);
    expect(await page.textContent('#expert-reply')).toBe('ثبت نهایی از فردا در دفتر کاروان ممکن است.');
    expect(await page.textContent('.result-card')).toContain(toPersian(citizen.nationalCode));
    await screenshotsAtBothWidths(page, 'track-result');

    // A rating, then one objection: each a workflow update, each shown on the page.
    await page.getByLabel('۴', { exact: true }).check();
    await go(page, 'button', 'ثبت امتیاز');
    expect(await page.textContent('#track-notice')).toBe(PAGE_MESSAGES.ratingSent);
    expect(await page.isVisible('#rate-form')).toBe(false);
    expect(await page.textContent('#timeline')).toContain('متقاضی به پاسخ امتیاز داد');

    await go(page, 'button', 'ثبت اعتراض');
    expect(await page.textContent('#objection-error')).toBe(FIELD_ERRORS.objection);
    await page.getByLabel('دلیل اعتراض').fill('دفتر کاروان ثبت نهایی را نمی‌پذیرد.');
    await go(page, 'button', 'ثبت اعتراض');
    expect(await page.textContent('#track-notice')).toBe(PAGE_MESSAGES.objectionSent);
    expect(await page.isVisible('#object-form')).toBe(false);
    // The objection reopens the case to the province's supervisor.
    await eventually(
      () => caseRow(trackingCode),
      (row) => row.status === 'routed' && row.escalation_level >= 1,
    );
    const objection = await db('case_messages').where({ case_id: stored.id, kind: 'objection' }).first();
    expect(objection.published_at).not.toBeNull();

    expectClean();
    await close();
  });

  it('answers the expert’s question with text and a file; a stale form is refused with the workflow’s reason', async () => {
    const citizen = newCitizen();
    const { page, close, expectClean } = await citizenPage();
    await page.goto(`${web.url}/requests/new`);
    // This time the birth date comes from the picker's three lists.
    const [year, month, day] = citizen.birthDate.split('/').map(Number);
    await page.getByLabel('کد ملی').fill(citizen.nationalCode);
    await page.getByRole('group', { name: 'انتخاب از تقویم' }).getByLabel('سال').selectOption(String(year));
    await page.getByRole('group', { name: 'انتخاب از تقویم' }).getByLabel('ماه').selectOption(String(month));
    await page.getByRole('group', { name: 'انتخاب از تقویم' }).getByLabel('روز').selectOption(String(day));
    expect(await page.getByLabel('تاریخ تولد').inputValue()).toBe(toPersian(citizen.birthDate));
    await valueOf(page, 'fullName', (v) => v === citizen.fullName);
    await page.getByLabel('استان').selectOption('tehran');
    await page.getByLabel('موضوع اصلی').selectOption('hajj-tamattu');
    await page.getByLabel('موضوع فرعی').selectOption('caravan-booking');
    await fillRest(page, citizen);
    await go(page, 'button', 'ثبت درخواست');
    const trackingCode = (await page.getAttribute('#tracking-code', 'data-code'))!;

    await staffUpdate(trackingCode, 'info-request', 'لطفاً تصویر فیش واریزی را ارسال کنید.');
    await track(page, citizen, trackingCode);
    expect(await page.textContent('#case-status')).toBe('در انتظار تکمیل اطلاعات توسط متقاضی');
    expect(await page.textContent('#expert-question')).toBe('لطفاً تصویر فیش واریزی را ارسال کنید.');
    // No rating or objection before an answer.
    expect(await page.isVisible('#rate-form')).toBe(false);
    expect(await page.isVisible('#object-form')).toBe(false);

    // A second tab keeps the form open, to send it again after the case has moved on.
    const stale = await page.context().newPage();
    await stale.goto(`${web.url}/track/${trackingCode}`);

    await page.getByLabel('متن پاسخ').fill('تصویر فیش پیوست شد.');
    await page
      .getByLabel('انتخاب فایل ۱')
      .setInputFiles({ name: 'fish.png', mimeType: 'image/png', buffer: PNG });
    await go(page, 'button', 'ارسال پاسخ');
    expect(await page.textContent('#track-notice')).toBe(PAGE_MESSAGES.supplementSent);
    expect(await page.textContent('#case-status')).toBe('در حال بررسی');
    expect(await page.textContent('#timeline')).toContain('متقاضی اطلاعات تکمیلی را ارسال کرد');
    const kase = await caseRow(trackingCode);
    const supplement = await db('case_messages').where({ case_id: kase.id, kind: 'supplement' }).first();
    expect(supplement).toMatchObject({ body: 'تصویر فیش پیوست شد.' });
    expect(supplement.published_at).not.toBeNull();
    expect(await db('case_attachments').where({ message_id: supplement.id }).pluck('filename')).toEqual([
      'fish.png',
    ]);

    await stale.getByLabel('متن پاسخ').fill('دوباره');
    await go(stale, 'button', 'ارسال پاسخ');
    expect(await stale.textContent('#action-error')).toBe(
      PAGE_MESSAGES.citizenActionRejected + ACTION_REJECTIONS.noInfoRequested,
    );
    // The refused answer is not kept.
    expect(
      await db('case_messages').where({ case_id: kase.id, kind: 'supplement' }).count({ n: '*' }),
    ).toEqual([{ n: '1' }]);

    expectClean();
    await close();
  });
  it('cannot send the form while the registry does not know the birth date for the national code', async () => {
    const citizen = newCitizen();
    const { page, close, expectClean } = await citizenPage();
    const before = await db('cases').count({ n: '*' }).first();
    await page.goto(`${web.url}/requests/new`);
    const [year, month, day] = citizen.birthDate.split('/');
    await page.getByLabel('تاریخ تولد').fill(toPersian(`${Number(year) - 1}/${month}/${day}`));
    await page.getByLabel('کد ملی').fill(citizen.nationalCode);
    await eventually(
      () => page.textContent('#identity-status'),
      (text) => text === FIELD_ERRORS.identityMismatch,
      10_000,
    );
    expect(await page.getAttribute('#fullName', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#identity-status', 'aria-live')).toBe('polite');
    await page.getByRole('button', { name: 'ثبت درخواست' }).click();
    expect(page.url()).toBe(`${web.url}/requests/new`);
    expect(await page.evaluate('document.activeElement.id')).toBe('birthDate');

    // The right date brings the name, and the form may go.
    await page.getByLabel('تاریخ تولد').fill(toPersian(citizen.birthDate));
    await valueOf(page, 'fullName', (v) => v === citizen.fullName);
    expect(await page.textContent('#identity-status')).toBe('');
    expect(await db('cases').count({ n: '*' }).first()).toEqual(before);
    // The registry's "no match" is the look-up's 404.
    expectClean([`404 ${web.url}/requests/identity`]);
    await close();
  });
  it('a form with errors comes back with a summary that takes focus and links to its fields; a sent form is busy', async () => {
    const { page, close, expectClean } = await citizenPage();
    // The home page's notice points to the services list where it is on every width.
    await page.goto(`${web.url}/`);
    expect(await page.textContent('body')).not.toContain('سمت راست');

    await page.goto(`${web.url}/requests/new`);
    await page.waitForSelector('#request-form');
    await Promise.all([
      page.waitForResponse((r) => r.url() === `${web.url}/requests` && r.status() === 422, {
        timeout: 15_000,
      }),
      page.getByRole('button', { name: 'ثبت درخواست' }).click(),
    ]);
    await page.waitForSelector('#error-summary', { timeout: 10_000 });
    expect(await page.evaluate('document.activeElement.id')).toBe('error-summary');
    const birthDateLink = page.locator('#error-summary a[href="#birthDate"]');
    expect(await birthDateLink.textContent()).toContain('تاریخ تولد');
    await birthDateLink.click();
    expect(await page.evaluate('document.activeElement.id')).toBe('birthDate');
    await page.setViewportSize(PHONE);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await checkPage(page);
    await page.setViewportSize(DESKTOP);

    // The sent form's button says it is busy, and a second submit is held back. (A listener on
    // window, after the page's own, keeps the test on this page.)
    const busy = await page.evaluate(`(() => {
      window.addEventListener('submit', (e) => e.preventDefault());
      const form = document.getElementById('request-form');
      const button = document.getElementById('submit-request');
      form.requestSubmit(button);
      let second = null;
      form.addEventListener('submit', (e) => { second = e; });
      form.requestSubmit(button);
      return { busy: button.getAttribute('aria-busy'), secondHeld: second !== null && second.defaultPrevented };
    })()`);
    expect(busy).toEqual({ busy: 'true', secondHeld: true });
    expectClean();
    await close();
  });
});

describe('a citizen without JavaScript', () => {
  it('fills the name and sub-subjects through the server, submits with a file, and tracks the case', async () => {
    const citizen = newCitizen();
    const { page, close, expectClean } = await citizenPage({ javaScriptEnabled: false });
    await page.goto(`${web.url}/requests/new`);
    await fillIdentity(page, citizen);
    await go(page, 'button', 'استعلام از ثبت احوال');
    expect(await page.getByLabel('نام و نام خانوادگی').inputValue()).toBe(citizen.fullName);

    await page.getByLabel('استان').selectOption('tehran');
    await page.getByLabel('موضوع اصلی').selectOption('hajj-tamattu');
    await go(page, 'button', 'به‌روزرسانی موضوع فرعی و پیش شماره');
    expect(await page.getByLabel('پیش شماره').inputValue()).toBe('۰۲۱');
    await page.getByLabel('موضوع فرعی').selectOption('caravan-booking');

    // A new captcha keeps what was typed.
    await go(page, 'button', 'کد جدید');
    expect(await page.getByLabel('نام و نام خانوادگی').inputValue()).toBe(citizen.fullName);
    expect(await page.getByLabel('موضوع فرعی').inputValue()).toBe('caravan-booking');

    await fillRest(page, citizen);
    await page.getByLabel('کد فوق').fill('1234');
    await go(page, 'button', 'ثبت درخواست');
    const trackingCode = (await page.getAttribute('#tracking-code', 'data-code'))!;
    expect(trackingCode).toMatch(/^\d{10}$/);
    const stored = await caseRow(trackingCode);
    expect(stored).toMatchObject({ citizen_name: citizen.fullName, sub_subject: 'caravan-booking' });
    expect(await db('case_attachments').where({ case_id: stored.id }).pluck('filename')).toEqual([
      'madrak.png',
    ]);

    // Without a script, چاپ رسید opens the receipt on its own page.
    await go(page, 'link', 'چاپ رسید');
    expect(page.url()).toContain(`/requests/receipt/${trackingCode}`);
    expect(await page.textContent('#tracking-code')).toBe(toPersian(trackingCode));

    await staffUpdate(trackingCode, 'reply', 'پاسخ برای مرورگر بدون اسکریپت.');
    await track(page, citizen, trackingCode);
    expect(await page.textContent('#case-status')).toBe('بررسی شده');
    expect(await page.textContent('#expert-reply')).toBe('پاسخ برای مرورگر بدون اسکریپت.');
    await page.getByLabel('۵', { exact: true }).check();
    await go(page, 'button', 'ثبت امتیاز');
    expect(await page.textContent('#track-notice')).toBe(PAGE_MESSAGES.ratingSent);

    expectClean();
    await close();
  });

  it('shows the form again with each problem beside its field and the input kept', async () => {
    const citizen = newCitizen();
    const { page, close } = await citizenPage({ javaScriptEnabled: false });
    const before = await db('cases').count({ n: '*' }).first();
    await page.goto(`${web.url}/requests/new`);
    await page.getByLabel('تاریخ تولد').fill(toPersian(citizen.birthDate));
    await page.getByLabel('کد ملی').fill('0012345678');
    await page.getByLabel('متن درخواست').fill('متن نگه داشته شود');
    await go(page, 'button', 'ثبت درخواست');
    expect(await page.textContent('#nationalCode-error')).toBe(FIELD_ERRORS.nationalCode);
    expect(await page.getAttribute('#nationalCode', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#nationalCode', 'aria-describedby')).toBe('nationalCode-error');
    expect(await page.textContent('#province-error')).toBe(FIELD_ERRORS.required);
    expect(await page.getByLabel('متن درخواست').inputValue()).toBe('متن نگه داشته شود');
    expect(await db('cases').count({ n: '*' }).first()).toEqual(before);
    await close();
  });
});
