import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { addBusinessDays, isBusinessDay, tehranDateKey } from '../../domain/shared/businessCalendar';
import { formatJalaliDate, formatJalaliDateTime, gregorianToJalali } from '../../domain/shared/jalali';
import { loadCalendarSettings } from '../../db/queries/shared/calendar';
import {
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
  screenshotsAtBothWidths,
  sidewaysOverflow,
  withinViewportWidth,
} from '../support/browser';
import { submitCase } from '../support/generators';
import { eventually } from '../support/http';
import { createStaffAccount, routedCase, startTestSystem, type TestSystem } from '../support/system';
import { createTimeSkippingEnv } from '../support/temporal';

/**
 * The staff side in a real browser, on a time-skipping Temporal server so a missed deadline takes
 * a moment: an expert answers from the inbox, a supervisor hands over an escalated case, and an
 * admin's new holiday moves a live case's deadline.
 */
let env: TestWorkflowEnvironment;
let system: TestSystem;
let browser: Browser;
const accounts = {} as Record<
  'expert' | 'expert2' | 'supervisor' | 'admin',
  Awaited<ReturnType<typeof createStaffAccount>>
>;
const started: string[] = [];

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  system = await startTestSystem({ TEMPORAL_ADDRESS: env.address });
  accounts.expert = await createStaffAccount(system.db, 'expert', 'tehran', ['province'], 'مریم سلطانی');
  accounts.expert2 = await createStaffAccount(system.db, 'expert', 'tehran', ['province'], 'رضا احمدی');
  accounts.supervisor = await createStaffAccount(
    system.db,
    'supervisor',
    'tehran',
    ['province'],
    'علی رضایی',
  );
  accounts.admin = await createStaffAccount(system.db, 'admin', null, ['province'], 'مدیر سامانه');
  // Cases go to the first expert: the second has a full desk.
  await system.db('staff').where({ id: accounts.expert2.id }).update({ active: false });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await Promise.all(
    started.map((code) =>
      env.client.workflow
        .getHandle(code)
        .terminate('test over')
        .catch(() => undefined),
    ),
  );
  await browser?.close();
  await system?.close();
  await env?.teardown();
});

async function newCase(): Promise<string> {
  const code = await submitCase(system.db);
  started.push(code);
  await routedCase(system.db, code);
  return code;
}

async function login(account: { username: string; password: string }): Promise<Page> {
  const page = await browser.newPage({ viewport: DESKTOP, locale: 'fa-IR' });
  await page.goto(`${system.baseUrl}/staff/login`);
  await page.getByLabel('نام کاربری').fill(account.username);
  await page.getByLabel('رمز عبور').fill(account.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await page.waitForURL('**/staff/inbox');
  return page;
}

const fa = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

it('an expert logs in, finds the case in the inbox, starts from a canned reply and answers', async () => {
  const code = await newCase();
  await system.db('canned_replies').insert({
    subject: 'hajj-tamattu',
    title: 'راهنمای ثبت نهایی',
    body: 'برای ثبت نهایی به دفتر کاروان مراجعه فرمایید.',
  });
  const page = await login(accounts.expert);
  await screenshotsAtBothWidths(page, 'staff-inbox');
  // At 390 px each case is a card: its deadline is on screen, and the page does not scroll sideways.
  await page.setViewportSize(PHONE);
  const due = `#inbox-table tr:has(a:text-is("${fa(code)}")) td.due`;
  expect(await withinViewportWidth(page, due)).toBe(true);
  expect(await page.textContent(due)).not.toBe('');
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await page.setViewportSize(DESKTOP);
  await page.getByRole('link', { name: fa(code) }).click();
  await page.waitForURL(`**/staff/cases/${code}`);
  await page.getByRole('link', { name: 'راهنمای ثبت نهایی' }).click();
  await page
    .getByLabel('متن پاسخ')
    .fill((await page.getByLabel('متن پاسخ').inputValue()) + ' کارشناس استان تهران.');
  await screenshot(page, 'staff-case');
  await page.getByRole('button', { name: 'ثبت پاسخ' }).click();
  await page.waitForURL(`**/staff/cases/${code}?done=1`);
  await expect(page.locator('#case-status').textContent()).resolves.toBe('بررسی شده');
  await expect(page.locator('.timeline').textContent()).resolves.toContain(
    'برای ثبت نهایی به دفتر کاروان مراجعه فرمایید. کارشناس استان تهران.',
  );
  await page.close();
});

it('a supervisor sees a case escalated past its deadline and hands it to another expert', async () => {
  const code = await newCase();
  const { due_at: dueAt } = await system.db('cases').where({ tracking_code: code }).first('due_at');
  await system.db('staff').where({ id: accounts.expert2.id }).update({ active: true });
  await env.sleep(dueAt.getTime() - (await env.currentTimeMs()) + 60_000);
  await eventually(
    () => system.db('cases').where({ tracking_code: code }).first('escalation_level'),
    (c) => c.escalation_level === 1,
  );
  const page = await login(accounts.supervisor);
  await page.getByRole('link', { name: 'ارجاع‌ها' }).first().click();
  await page.waitForURL('**/staff/escalations');
  await screenshotsAtBothWidths(page, 'staff-escalations');
  await page.getByLabel(`انتخاب ${fa(code)}`).check();
  await page.getByLabel('واگذاری موارد انتخاب شده به').selectOption({ label: 'رضا احمدی — تهران' });
  await page.getByRole('button', { name: 'واگذاری' }).click();
  await expect(page.locator('#bulk-result').textContent()).resolves.toContain(`${fa('1')} درخواست واگذار شد`);
  await page.goto(`${system.baseUrl}/staff/cases/${code}`);
  await expect(page.locator('#case-assignee').textContent()).resolves.toBe('رضا احمدی');
  await page.goto(`${system.baseUrl}/staff/dashboard`);
  await screenshotsAtBothWidths(page, 'staff-dashboard');
  await page.close();
});

it("an admin adds a holiday before a live case's deadline, and the deadline moves a business day on", async () => {
  const code = await newCase();
  const { due_at: dueAt } = await system.db('cases').where({ tracking_code: code }).first('due_at');
  const calendar = await loadCalendarSettings(system.db, dueAt);
  let day = new Date(dueAt.getTime() - 86_400_000);
  while (!isBusinessDay(day, calendar)) day = new Date(day.getTime() - 86_400_000);
  const [y, m, d] = tehranDateKey(day).split('-').map(Number);
  const jalaliDay = formatJalaliDate(gregorianToJalali(y, m, d));

  const page = await login(accounts.admin);
  await page.goto(`${system.baseUrl}/staff/cases/${code}`);
  await expect(page.locator('#case-due').textContent()).resolves.toContain(formatJalaliDateTime(dueAt));
  await page.getByRole('link', { name: 'مدیریت' }).click();
  await page.getByRole('link', { name: 'تقویم تعطیلات' }).click();
  await page.getByLabel('تاریخ', { exact: true }).fill(jalaliDay);
  await page.getByLabel('عنوان').fill('تعطیلی اعلام شده');
  await page.getByRole('button', { name: 'افزودن' }).click();
  await expect(page.locator('#saved').textContent()).resolves.toBe('تغییرات ذخیره شد.');
  await expect(page.locator('#holidays-table').textContent()).resolves.toContain('تعطیلی اعلام شده');
  await screenshot(page, 'admin-holidays');

  const expected = addBusinessDays(dueAt, 1, await loadCalendarSettings(system.db, dueAt));
  await eventually(
    () => system.db('cases').where({ tracking_code: code }).first('due_at'),
    (c) => c.due_at.getTime() === expected.getTime(),
  );
  await page.goto(`${system.baseUrl}/staff/cases/${code}`);
  await expect(page.locator('#case-due').textContent()).resolves.toContain(formatJalaliDateTime(expected));
  const logged = await system
    .db('audit_log')
    .where({ action: 'holiday-add', actor_staff_id: accounts.admin.id });
  expect(logged).toHaveLength(1);
  await page.close();
});
