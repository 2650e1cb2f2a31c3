import { Client, Connection } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { DESKTOP, launchBrowser, screenshotsAtBothWidths } from '../support/browser';
import {
  addCaravan,
  addDeposits,
  callUpOne,
  depositLines,
  importLines,
  terminateJourneys,
} from '../support/hajj';
import { hiddenValue, WebClient } from '../support/http';
import { createStaffAccount, staffPost, startTestSystem, type TestSystem } from '../support/system';

/**
 * The Umrah mofradeh's pages in a real browser (Debian's chromium): the pilgrim's journey page of an
 * Umrah pilgrim booked into an Umrah caravan, and the agent's staff page filtered to the Umrah's
 * caravans, at 1280 and 390 px (one heading, no axe violations, nothing sticks out sideways); the
 * kind is named in Persian, never by its slug.
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

it('the Umrah pilgrim’s journey page and the agent’s Umrah caravans', async () => {
  const account = await createStaffAccount(system.db, 'agent' as StaffRole, 'tehran');
  const agent = new WebClient(system.baseUrl);
  await agent.post('/staff/login', {
    _csrf: hiddenValue((await agent.get('/staff/login')).html, '_csrf'),
    username: account.username,
    password: account.password,
  });
  await addDeposits(system.db, 1, new Date('1995-01-01T00:00:00Z'));
  const lines = depositLines(1, new Date('2003-03-01T00:00:00Z'));
  await importLines(system.db, lines, 'umrah');
  const [nationalCode, depositNumber] = lines[0].split(',');
  const umrahCaravan = await addCaravan(system.db, {
    agentStaffId: account.id,
    name: 'کاروان عمره مروه',
    kind: 'umrah',
  });
  await addCaravan(system.db, { agentStaffId: account.id, name: 'کاروان حج صفا' });
  await callUpOne(system.db, temporal, system.config.temporal.hajjTaskQueue, depositNumber, 'umrah');
  const booked = await staffPost(agent, '/staff/hajj', '/staff/hajj/office-booking', {
    nationalCode,
    depositNumber,
    caravanId: String(umrahCaravan),
  });
  expect(booked.location).toBe(`/staff/hajj/pilgrims/${depositNumber}`);
  const services = `/staff/hajj/caravans/${umrahCaravan}/services`;
  await staffPost(agent, services, services, {
    'catering:what': 'غذای گرم در هتل',
    'inter-city:what': 'اتوبوس مکه به مدینه',
  });

  const problems: string[] = [];
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fa-IR' });
  const mine = await context.newPage();
  mine.on('pageerror', (e) => problems.push(e.message));
  mine.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  await mine.goto(`${system.baseUrl}/hajj`);
  await mine.fill('#nationalCode', nationalCode);
  await mine.fill('#depositNumber', depositNumber);
  await Promise.all([mine.waitForURL('**/hajj/journey'), mine.click('button[type=submit]')]);
  expect(await mine.textContent('h1')).toContain('عمره مفرده');
  expect(await mine.textContent('#journey-kind')).toBe('عمره مفرده');
  const text = await mine.locator('body').innerText();
  expect(text).toContain('اتوبوس مکه به مدینه');
  expect(text).not.toContain('تشریق');
  expect(text).not.toMatch(/umrah|hajj-tamattu/);
  await screenshotsAtBothWidths(mine, 'hajj-umrah-pilgrim');

  const staff = await browser.newContext({ viewport: DESKTOP, locale: 'fa-IR' });
  const page = await staff.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${system.baseUrl}/staff/login`);
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await Promise.all([
    page.waitForURL('**/staff/hajj', { timeout: 15_000 }),
    page.click('button[type=submit]'),
  ]);
  await page.selectOption('#kind-filter-select', 'umrah');
  await Promise.all([
    page.waitForURL('**/staff/hajj?kind=umrah'),
    page.click('#kind-filter button[type=submit]'),
  ]);
  const caravans = await page.locator('#hajj-caravans').innerText();
  expect(caravans).toContain('کاروان عمره مروه');
  expect(caravans).toContain('عمره مفرده');
  expect(caravans).not.toContain('کاروان حج صفا');
  expect(await page.locator('body').innerText()).not.toMatch(/umrah|hajj-tamattu/);
  await screenshotsAtBothWidths(page, 'hajj-umrah-agent');
  await page.goto(`${system.baseUrl}/staff/hajj/pilgrims/${depositNumber}`);
  expect(await page.textContent('#pilgrim-kind')).toBe('عمره مفرده');
  await screenshotsAtBothWidths(page, 'hajj-umrah-agent-pilgrim');
  expect(problems).toEqual([]);
  await context.close();
  await staff.close();
});
