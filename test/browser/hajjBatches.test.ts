import type { Browser, Page } from 'playwright-core';
import { HAJJ_BATCH_MESSAGES as B } from '../../domain/hajj/copy';
import { DESKTOP, launchBrowser, screenshotsAtBothWidths } from '../support/browser';
import { addCaravan, addDeposits, depositLines } from '../support/hajj';
import { createStaffAccount, startTestSystem, type TestSystem } from '../support/system';

/**
 * The caravan's batch pages in a real browser: headquarters' deposit import and visa results, the
 * agent's flight minutes (printable) and trip services, at 1280 and 390 px, each passing axe.
 */

let system: TestSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startTestSystem();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

async function login(role: 'agent' | 'admin', province: string | null, landing: string) {
  const account = await createStaffAccount(system.db, role, province);
  const page = await browser.newPage({ viewport: DESKTOP, locale: 'fa-IR' });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${system.baseUrl}/staff/login`);
  await page.getByLabel('نام کاربری').fill(account.username);
  await page.getByLabel('رمز عبور').fill(account.password);
  await Promise.all([page.waitForURL(`**${landing}`), page.getByRole('button', { name: 'ورود' }).click()]);
  return { page, id: account.id, problems };
}

/** A journey's projection at a stage, as its workflow would have written it. */
async function pilgrimAt(caravanId: number, stage: string): Promise<string> {
  const [deposit] = await addDeposits(system.db, 1);
  await system.db('hajj_journeys').insert({ deposit_number: deposit, stage, caravan_id: caravanId });
  return deposit;
}

/** Reloads a page that refreshes itself until its work is done. */
async function untilDone(page: Page, selector: string, done: string) {
  for (let i = 0; i < 60; i++) {
    if ((await page.textContent(selector, { timeout: 5000 }))?.includes(done)) return;
    await page.waitForTimeout(500);
    await page.reload();
  }
  throw new Error(`${selector} never showed ${done}`);
}

it('the agent records the flight minutes with an absentee, prints them, and enters the trip services', async () => {
  const { page, id, problems } = await login('agent', 'tehran', '/staff/hajj');
  const caravanId = await addCaravan(system.db, { agentStaffId: id, name: 'کاروان نور', capacity: 40 });
  const [present, absent] = [await pilgrimAt(caravanId, 'dispatch'), await pilgrimAt(caravanId, 'dispatch')];

  await page.goto(`${system.baseUrl}/staff/hajj/caravans/${caravanId}`);
  await Promise.all([page.waitForURL('**/dispatch'), page.click('a[href$="/dispatch"]')]);
  await page.fill('#flight-number', 'IR712');
  await page.fill('#flight-date', '2027-05-01');
  await page.fill('#airport', 'فرودگاه امام خمینی');
  await page.fill('#minutes-number', '1406-17');
  expect(await page.isChecked(`input[name="present:${present}"]`)).toBe(true);
  await page.uncheck(`input[name="present:${absent}"]`);
  await screenshotsAtBothWidths(page, 'hajj-dispatch-form');
  await Promise.all([
    page.waitForURL('**/staff/hajj/batches/*', { timeout: 10_000 }),
    page.click('#dispatch-form button[type=submit]'),
  ]);
  await untilDone(page, '#batch-status', B.batchStatus.done);
  expect(await page.textContent('#absentees')).toBe('۱');
  expect(await page.textContent('#flight-number')).toBe('IR712');
  expect(await page.textContent('#batch-items')).toContain(B.absent);
  await screenshotsAtBothWidths(page, 'hajj-dispatch-minutes');
  // Printed: the minutes alone, without the site's header or the buttons.
  await page.emulateMedia({ media: 'print' });
  expect(await page.isVisible('.site-header')).toBe(false);
  expect(await page.isVisible('#print-receipt')).toBe(false);
  expect(await page.isVisible('.signatures')).toBe(true);
  await page.emulateMedia({ media: 'screen' });

  await page.goto(`${system.baseUrl}/staff/hajj/caravans/${caravanId}/services`);
  await page.fill('[name="catering:what"]', 'سه وعده غذای گرم');
  await page.fill('[name="catering:place"]', 'هتل، طبقه همکف');
  await page.fill('[name="tashriq:what"]', 'اتوبوس منا به عرفات');
  await page.fill('[name="tashriq:contact"]', '۰۹۱۲۱۲۳۴۵۶۷');
  await Promise.all([
    page.waitForURL('**/services?saved=1'),
    page.click('#services-form button[type=submit]'),
  ]);
  expect(await page.textContent('[role=status]')).toBe(B.servicesSaved);
  await screenshotsAtBothWidths(page, 'hajj-trip-services');
  expect(problems).toEqual([]);
});

it('headquarters imports the bank file and enters a caravan’s visa results in one form', async () => {
  const { page, problems } = await login('admin', null, '/staff/inbox');
  await page.goto(`${system.baseUrl}/staff/hajj`);
  await page.setInputFiles('#deposit-file', {
    name: 'deposits.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([...depositLines(3), 'bad,row'].join('\n')),
  });
  await Promise.all([
    page.waitForURL('**/staff/hajj/imports/*'),
    page.click('form[action="/staff/hajj/import"] button'),
  ]);
  await untilDone(page, '#import-status', B.importStatus.done);
  expect(await page.textContent('#import-inserted')).toBe('۳');
  expect(await page.textContent('#import-rejections')).toContain('ردیف ۴');
  await screenshotsAtBothWidths(page, 'hajj-import');

  const caravanId = await addCaravan(system.db, { name: 'کاروان زمزم', capacity: 40 });
  const [issued, refused] = [await pilgrimAt(caravanId, 'visa'), await pilgrimAt(caravanId, 'visa')];
  await page.goto(`${system.baseUrl}/staff/hajj/caravans/${caravanId}/visa`);
  await page.check(`input[name="visa:${issued}"][value=issued]`);
  await page.check(`input[name="ticket:${issued}"]`);
  await page.check(`input[name="visa:${refused}"][value=refused]`);
  await screenshotsAtBothWidths(page, 'hajj-visa-batch');
  await Promise.all([
    page.waitForURL('**/staff/hajj/batches/*'),
    page.click('#visa-form button[type=submit]'),
  ]);
  await untilDone(page, '#batch-status', B.batchStatus.done);
  expect(await page.textContent('#batch-items')).toContain(B.visaResults.refused);
  await screenshotsAtBothWidths(page, 'hajj-visa-progress');
  expect(problems).toEqual([]);
});
