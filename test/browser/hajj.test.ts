import { Client, Connection } from '@temporalio/client';
import type { Browser, BrowserContext } from 'playwright-core';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { addMonths, journeyWorkflowId, type JourneyActor } from '../../domain/hajj/journey';
import { HAJJ_CONFIRM_MESSAGES, HAJJ_PAGE_MESSAGES, HAJJ_STAGE_LABELS } from '../../domain/hajj/copy';
import { journeyViewQuery, stepUpdate } from '../../workflows/hajj/messages';
import {
  checkPage,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshotsAtBothWidths,
  sidewaysOverflow,
  withinViewportWidth,
} from '../support/browser';
import { addCaravan, depositLines, terminateJourneys } from '../support/hajj';
import { importDeposits } from '../../db/queries/hajj/deposits';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';
import { eventually } from '../support/http';
import { createStaffAccount, startTestSystem, type TestSystem } from '../support/system';
import { toPersianDigits } from '../../domain/shared/digits';

/**
 * The pilgrim's pages in a real browser (Debian's chromium through playwright-core): queue look-up,
 * the journey page, online booking among the province's caravans and the cancellation receipt.
 * The journey screenshots in docs/screenshots come from here.
 */

let system: TestSystem;
let browser: Browser;
let connection: Connection;
let temporal: Client;

beforeAll(async () => {
  system = await startTestSystem();
  connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
  temporal = new Client({ connection });
  browser = await launchBrowser();
});

afterAll(async () => {
  if (system) await terminateJourneys(system.db, temporal);
  await browser?.close();
  await connection?.close();
  await system?.close();
});

/** A staff member's page, logged in through the login form. */
async function staffPage(context: BrowserContext, account: { username: string; password: string }) {
  const page = await context.newPage();
  await page.goto(`${system.baseUrl}/staff/login`);
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL('**/staff/**', { timeout: 15_000 }), page.click('button[type=submit]')]);
  return page;
}

it('queue look-up → booking → journey page → cancellation receipt', async () => {
  const agent = await createStaffAccount(system.db, 'agent' as StaffRole, 'tehran');
  const actor: JourneyActor = { staffId: agent.id, role: 'agent', province: 'tehran' };
  const lines = depositLines(3, new Date('2004-01-01T00:00:00Z'));
  await importDeposits(system.db, lines, {
    filename: 'b.csv',
    staffId: null,
    confirm: registryCheck(new SimulatedRegistry()),
    hashKey: system.config.nationalCodeHashKey,
  });
  await addCaravan(system.db, { agentStaffId: agent.id, name: 'کاروان نور', capacity: 45 });
  await addCaravan(system.db, { name: 'کاروان زمزم', capacity: 30 });
  const [nationalCode, depositNumber] = lines[1].split(',');

  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fa-IR' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  const lookUp = async () => {
    await page.goto(`${system.baseUrl}/hajj`);
    await page.fill('#nationalCode', nationalCode);
    await page.fill('#depositNumber', depositNumber);
    await Promise.all([page.waitForURL('**/hajj/journey'), page.click('button[type=submit]')]);
  };

  // In the queue: the place in line.
  await page.goto(`${system.baseUrl}/hajj`);
  expect(await page.textContent('#deposits-status')).toContain(HAJJ_PAGE_MESSAGES.depositsPaused);
  await lookUp();
  expect(await page.textContent('#queue-position')).toBe('۲');
  await screenshotsAtBothWidths(page, 'hajj-queue');

  // Headquarters opens a round from its page, typing the size in Persian digits: first how many are
  // called and texted, then the round, with its own message.
  const staffContext = await browser.newContext({ viewport: DESKTOP, locale: 'fa-IR' });
  const hq = await staffPage(staffContext, await createStaffAccount(system.db, 'admin', null));
  await hq.goto(`${system.baseUrl}/staff/hajj`);
  await hq.fill('#round-size', '۳');
  await Promise.all([
    hq.waitForURL('**/staff/hajj/rounds/confirm?**', { timeout: 15_000 }),
    hq.click('#round-preview-submit'),
  ]);
  expect(await hq.textContent('#round-called')).toBe('۳');
  expect(await hq.textContent('#round-texted')).toBe('۳');
  await screenshotsAtBothWidths(hq, 'hajj-round-confirm');
  await Promise.all([hq.waitForURL('**/staff/hajj/rounds', { timeout: 15_000 }), hq.click('#confirm-round')]);
  const roundId = (await system.db('hajj_rounds').first('id')).id;
  expect(await hq.textContent('[role=status]')).toBe(
    HAJJ_CONFIRM_MESSAGES.roundOpened(toPersianDigits(roundId), '۳', '۳'),
  );
  await screenshotsAtBothWidths(hq, 'hajj-staff');

  // Called in the round: the journey waits for a booking.
  const journey = temporal.workflow.getHandle(journeyWorkflowId(depositNumber));
  await eventually(
    () => journey.query(journeyViewQuery).catch(() => null),
    (v) => v?.stage === 'booking',
  );
  await eventually(
    () => system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'),
    (j) => j?.stage === 'booking',
  );
  // The look-up page's notice board announces the round.
  await page.goto(`${system.baseUrl}/hajj`);
  expect(await page.textContent('#notices-title')).toBe(HAJJ_PAGE_MESSAGES.noticesTitle);
  await screenshotsAtBothWidths(page, 'hajj-lookup');
  await page.goto(`${system.baseUrl}/hajj/journey`);
  expect(await page.textContent('#journey-stage')).toBe(HAJJ_STAGE_LABELS.booking);

  // Online booking among the province's caravans.
  await Promise.all([page.waitForURL('**/hajj/caravans'), page.click('#book-caravan')]);
  await page.selectOption('#province', 'tehran');
  await Promise.all([
    page.waitForURL('**/hajj/caravans?**'),
    page.click('form[role=search] button[type=submit]'),
  ]);
  expect(await page.textContent('#caravans')).toContain('کاروان نور');
  // The checkbox is drawn at its own size beside its label, not stretched across the form.
  const checkbox = (await page.locator('input[name=all]').boundingBox())!;
  const label = (await page.locator('label.check', { has: page.locator('input[name=all]') }).boundingBox())!;
  expect(checkbox.width).toBeLessThan(32);
  expect(label.height).toBeLessThan(checkbox.height * 3);
  await screenshotsAtBothWidths(page, 'hajj-caravans');
  // At 390 px the list is a stack of cards: the price and «رزرو» are on screen and the page does not
  // scroll sideways.
  await page.setViewportSize(PHONE);
  const row = page.locator('#caravans tr', { hasText: 'کاروان نور' });
  const book = row.locator('a.book');
  expect(await withinViewportWidth(page, '#caravans tr:has-text("کاروان نور") a.book')).toBe(true);
  expect(await withinViewportWidth(page, '#caravans tr:has-text("کاروان نور") td.price')).toBe(true);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await Promise.all([page.waitForURL('**/hajj/book?**', { timeout: 15_000 }), book.click()]);
  // The confirmation: the caravan, its dates and price, the deposit paid and what is left to pay.
  expect(await page.textContent('#confirm-caravan')).toContain('کاروان نور');
  expect(await page.textContent('#confirm-price')).toBe('۱٬۵۰۰٬۰۰۰٬۰۰۰');
  expect(await page.textContent('#confirm-deposit')).toBe('۲۵۰٬۰۰۰٬۰۰۰');
  expect(await page.textContent('#confirm-due')).toBe('۱٬۲۵۰٬۰۰۰٬۰۰۰');
  expect(await withinViewportWidth(page, '#confirm-book')).toBe(true);
  await screenshotsAtBothWidths(page, 'hajj-book-confirm');
  await Promise.all([
    page.waitForURL('**/hajj/journey?notice=booked', { timeout: 15_000 }),
    page.click('#confirm-book'),
  ]);
  expect(await page.textContent('#caravan-name')).toContain('کاروان نور');
  expect(await page.textContent('[role=status]')).toBe(HAJJ_PAGE_MESSAGES.booked);

  // At the caravan office: documents and payment; the journey page lists the steps with their dates.
  const flight = (await journey.query(journeyViewQuery)).caravan!.flightDate;
  await journey.executeUpdate(stepUpdate, {
    args: [
      {
        actor,
        step: 'documents',
        nationalCard: true,
        birthCertificate: true,
        passportExpiry: addMonths(flight, 8),
      },
    ],
  });
  const hqAccount = await createStaffAccount(system.db, 'admin', null);
  await journey.executeUpdate(stepUpdate, {
    args: [
      {
        actor: { staffId: hqAccount.id, role: 'admin', province: null },
        step: 'payment',
        paidRials: '1250000000',
      },
    ],
  });
  await eventually(
    () => system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'),
    (j) => j?.stage === 'medical',
  );
  await page.goto(`${system.baseUrl}/hajj/journey`);
  expect(await page.textContent('#journey-stage')).toBe(HAJJ_STAGE_LABELS.medical);
  await screenshotsAtBothWidths(page, 'hajj-journey');

  // The agent records the cancellation after seeing what stays blocked and what is refunded, then
  // sees the receipt; the pilgrim prints it for the bank.
  await staffContext.close();
  const officeContext = await browser.newContext({ viewport: DESKTOP, locale: 'fa-IR' });
  const office = await staffPage(officeContext, agent);
  await office.goto(`${system.baseUrl}/staff/hajj/pilgrims/${depositNumber}`);
  await Promise.all([office.waitForURL('**/cancel', { timeout: 15_000 }), office.click('#cancel-journey')]);
  expect(await office.textContent('#preview-paid')).toBe('۱٬۵۰۰٬۰۰۰٬۰۰۰');
  expect(await office.textContent('#preview-blocked')).toBe('۲۵۰٬۰۰۰٬۰۰۰');
  expect(await office.textContent('#preview-refund')).toBe('۱٬۲۵۰٬۰۰۰٬۰۰۰');
  await screenshotsAtBothWidths(office, 'hajj-cancel-confirm');
  await Promise.all([
    office.waitForResponse((r) => r.url().endsWith('/cancel') && r.request().method() === 'POST', {
      timeout: 30_000,
    }),
    office.click('#confirm-cancel'),
  ]);
  await office.waitForSelector('#receipt-number', { timeout: 15_000 });
  expect(await office.textContent('[role=status]')).toBe(
    HAJJ_CONFIRM_MESSAGES.cancelDone(toPersianDigits(`HR${depositNumber}`)),
  );
  await screenshotsAtBothWidths(office, 'hajj-cancelled');
  await officeContext.close();
  await eventually(
    () => system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'),
    (j) => j?.stage === 'cancelled',
  );
  await lookUp();
  await Promise.all([page.waitForURL('**/hajj/receipt'), page.click('#cancellation-receipt')]);
  expect(await page.textContent('#refund')).toBe('۱٬۲۵۰٬۰۰۰٬۰۰۰');
  expect(await page.textContent('#blocked')).toBe('۲۵۰٬۰۰۰٬۰۰۰');
  await screenshotsAtBothWidths(page, 'hajj-receipt');
  await page.emulateMedia({ media: 'print' });
  expect(await page.isVisible('#print-receipt')).toBe(false);
  expect(await page.locator('h1:visible').textContent()).toContain('سازمان حج و زیارت');
  await checkPage(page);
  expect(problems).toEqual([]);
  await context.close();
});
