import type { Browser, Page } from 'playwright-core';
import { outboxOnly } from '../../activities/integrations/notifications';
import { staffNotifier } from '../../activities/shared/staffNotices';
import { STAFF_NOTICE_COPY } from '../../domain/shared/copy';
import { DESKTOP, launchBrowser, screenshotsAtBothWidths } from '../support/browser';
import { submitCase } from '../support/generators';
import { eventually } from '../support/http';
import { createStaffAccount, routedCase, startTestSystem, type TestSystem } from '../support/system';

/**
 * The staff's notices in a real browser: a case routed to an expert reaches their notices page,
 * the menu counts what is unread on every page, and reading one (then all) clears the count.
 */
let system: TestSystem;
let browser: Browser;
let expert: Awaited<ReturnType<typeof createStaffAccount>>;

beforeAll(async () => {
  system = await startTestSystem();
  expert = await createStaffAccount(system.db, 'expert', 'tehran', ['province'], 'مریم سلطانی');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

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
const unread = (page: Page) =>
  page
    .locator('#unread-count')
    .count()
    .then((n) => (n ? page.locator('#unread-count').textContent() : null));

it('an expert sees the new case in the menu’s count, opens the notices, reads one, then all', async () => {
  const code = await submitCase(system.db);
  await routedCase(system.db, code);
  await eventually(
    () => system.db('notifications').where({ staff_id: expert.id, channel: 'inbox' }).count(),
    ([{ count }]) => count === '1',
  );
  await staffNotifier({ db: system.db, sms: outboxOnly, email: outboxOnly, publicUrl: system.baseUrl })(
    [expert.id],
    {
      key: 'browser:reminder',
      kind: 'deadline',
      subject: 'یادآوری مهلت پاسخ',
      body: 'مهلت یک درخواست نزدیک است.',
    },
  );

  const page = await login(expert);
  expect(await unread(page)).toBe(fa('2'));
  await page.getByRole('link', { name: /اعلان‌ها/ }).click();
  await page.waitForURL('**/staff/notices');
  expect(await page.locator('#notices li.unread').count()).toBe(2);
  // Newest first: the reminder written after the assignment.
  await expect(page.locator('#notices li').first().textContent()).resolves.toContain(
    'مهلت یک درخواست نزدیک است.',
  );
  await expect(page.locator('#notices li').nth(1).textContent()).resolves.toContain(fa(code));
  await screenshotsAtBothWidths(page, 'staff-notices');

  await page.locator('#notices li').nth(1).getByRole('button', { name: STAFF_NOTICE_COPY.markRead }).click();
  await page.waitForURL('**/staff/notices?read=1');
  expect(await unread(page)).toBe(fa('1'));
  expect(await page.locator('#notices li.unread').count()).toBe(1);
  await page.locator('#notices li').nth(1).getByRole('link', { name: STAFF_NOTICE_COPY.openCase }).click();
  await page.waitForURL(`**/staff/cases/${code}`);
  expect(await unread(page)).toBe(fa('1'));

  await page.goto(`${system.baseUrl}/staff/notices`);
  await page.getByRole('button', { name: STAFF_NOTICE_COPY.markAllRead }).click();
  await page.waitForURL('**/staff/notices?read=all');
  expect(await unread(page)).toBeNull();
  expect(await page.locator('#notices li.unread').count()).toBe(0);

  await page.getByRole('link', { name: STAFF_NOTICE_COPY.settingsTitle }).click();
  await page.waitForURL('**/staff/notices/settings');
  expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(1);
  await page.close();
});
