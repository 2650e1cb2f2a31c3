import { Client, Connection } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { importDeposits } from '../../db/queries/hajj/deposits';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { HAJJ_REGISTRATION_MESSAGES } from '../../domain/hajj/copy';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';
import { DESKTOP, launchBrowser, screenshotsAtBothWidths } from '../support/browser';
import {
  addCaravan,
  callUpOne,
  depositLines,
  payByBank,
  registerPapers,
  terminateJourneys,
  typedJalali,
} from '../support/hajj';
import { eventually, hiddenValue, WebClient } from '../support/http';
import {
  createStaffAccount,
  staffLogin,
  staffPost,
  startTestSystem,
  type TestSystem,
} from '../support/system';
import { addMonths } from '../../domain/hajj/journey';

/**
 * The final registration's pages in a real browser (Debian's chromium): the agent's pilgrim page
 * with the identity form and documents, the printable slip and the pilgrim card, and the pilgrim's
 * journey page with what is missing, at 1280 and 390 px (one heading, no axe violations, nothing
 * sticks out sideways).
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

const stage = async (depositNumber: string) =>
  (await system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'))?.stage;

it('the agent’s registration pages and the pilgrim’s view of what is missing, slip and card', async () => {
  const hq = await staffLogin(system, 'admin', null);
  const account = await createStaffAccount(system.db, 'agent' as StaffRole, 'tehran');
  // The same agent in the browser and, for the steps not shown here, through the pages' requests.
  const agent = { client: new WebClient(system.baseUrl) };
  await agent.client.post('/staff/login', {
    _csrf: hiddenValue((await agent.client.get('/staff/login')).html, '_csrf'),
    username: account.username,
    password: account.password,
  });
  const lines = depositLines(1, new Date('2000-06-01T00:00:00Z'));
  await importDeposits(system.db, lines, {
    filename: 'b.csv',
    staffId: null,
    confirm: registryCheck(new SimulatedRegistry()),
    hashKey: system.config.nationalCodeHashKey,
  });
  const [nationalCode, depositNumber] = lines[0].split(',');
  const caravanId = await addCaravan(system.db, {
    agentStaffId: account.id,
    name: 'کاروان مروه',
    managerPhone: '02188776655',
  });
  await callUpOne(system.db, temporal, system.config.temporal.hajjTaskQueue, depositNumber);
  await staffPost(agent.client, '/staff/hajj', '/staff/hajj/office-booking', {
    nationalCode,
    depositNumber,
    caravanId: String(caravanId),
  });
  const flight = (
    await system
      .db('hajj_caravans')
      .where({ id: caravanId })
      .first(system.db.raw(`to_char(flight_date, 'YYYY-MM-DD') as d`))
  ).d as string;

  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fa-IR' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${system.baseUrl}/staff/login`);
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await Promise.all([
    page.waitForURL('**/staff/hajj', { timeout: 15_000 }),
    page.click('button[type=submit]'),
  ]);

  // The identity form: a passport too short for the flight is refused in Persian, then accepted.
  await page.goto(`${system.baseUrl}/staff/hajj/pilgrims/${depositNumber}`);
  await page.fill('#birthCertificateNumber', '۲۴۵');
  await page.fill('#passportNumber', 'B87654321');
  await page.fill('#passportIssuedOn', typedJalali(addMonths(flight, -12)));
  await page.fill('#passportExpiresOn', typedJalali(addMonths(flight, 3)));
  await Promise.all([page.waitForLoadState('load'), page.click('#identity-form button[type=submit]')]);
  expect(await page.textContent('#passportExpiresOn-error')).toContain('۶ ماه');
  await page.fill('#passportExpiresOn', typedJalali(addMonths(flight, 30)));
  await Promise.all([page.waitForLoadState('load'), page.click('#identity-form button[type=submit]')]);
  expect(await page.textContent('.alert-success')).toContain(HAJJ_REGISTRATION_MESSAGES.identitySaved);
  expect(await page.isDisabled('#finalize')).toBe(true);
  await screenshotsAtBothWidths(page, 'hajj-registration-agent');

  // The pilgrim's page lists what is still missing.
  const pilgrim = await context.browser()!.newContext({ viewport: DESKTOP, locale: 'fa-IR' });
  const mine = await pilgrim.newPage();
  const lookUp = async () => {
    await mine.goto(`${system.baseUrl}/hajj`);
    await mine.fill('#nationalCode', nationalCode);
    await mine.fill('#depositNumber', depositNumber);
    await Promise.all([mine.waitForURL('**/hajj/journey'), mine.click('button[type=submit]')]);
  };
  await lookUp();
  expect(await mine.textContent('#missing-documents')).toContain('عکس زائر');
  await screenshotsAtBothWidths(mine, 'hajj-registration-pilgrim');

  // The rest through the pages' requests; the slip and the card printed from the browser.
  await registerPapers(agent.client, depositNumber, flight);
  await payByBank(system.db, hq.client, depositNumber);
  await eventually(
    () => stage(depositNumber),
    (s) => s === 'medical',
  );
  const today = typedJalali(new Date().toISOString().slice(0, 10));
  const pilgrimPage = `/staff/hajj/pilgrims/${depositNumber}`;
  await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/registration/medical`, {
    medical: 'fit',
    examinedOn: today,
  });
  await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/registration/insurance`, {
    insurer: 'بیمه ایران',
    policyNumber: 'HJ-55',
  });
  const schedule = `/staff/hajj/caravans/${caravanId}/training`;
  await staffPost(agent.client, schedule, schedule, {
    heldOn: today,
    startsAt: '17:00',
    place: 'حسینیه',
    topic: 'اعمال حج تمتع',
  });
  const classId = (await system.db('hajj_training_classes').where({ caravan_id: caravanId }).first('id')).id;
  await staffPost(agent.client, `${schedule}/${classId}`, `${schedule}/${classId}`, {
    present: depositNumber,
  });
  await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/registration/training`, {});
  await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/registration/card`, {});
  await eventually(
    () => stage(depositNumber),
    (s) => s === 'visa-request',
  );

  await page.goto(`${system.baseUrl}${schedule}`);
  expect(await page.textContent('#training-classes')).toContain('اعمال حج تمتع');
  await screenshotsAtBothWidths(page, 'hajj-training');
  await page.goto(`${system.baseUrl}/staff/hajj/pilgrims/${depositNumber}/card`);
  expect(await page.isVisible('#card-qr svg')).toBe(true);
  expect(await page.evaluate('document.querySelector("#card-photo").naturalWidth')).toBe(1);
  await screenshotsAtBothWidths(page, 'hajj-card');
  await page.emulateMedia({ media: 'print' });
  expect(await page.isVisible('.no-print')).toBe(false);
  expect(await page.isVisible('#card-qr svg')).toBe(true);
  await page.emulateMedia({ media: 'screen' });

  await lookUp();
  expect(await mine.textContent('#documents-complete')).toBeTruthy();
  await Promise.all([mine.waitForURL('**/hajj/slip'), mine.click('#my-slip-link')]);
  expect(await mine.textContent('#slip-amount')).toBe('۱٬۲۵۰٬۰۰۰٬۰۰۰');
  await screenshotsAtBothWidths(mine, 'hajj-slip');
  await mine.goto(`${system.baseUrl}/hajj/journey`);
  await Promise.all([mine.waitForURL('**/hajj/card'), mine.click('#my-card-link')]);
  expect(await mine.textContent('#card-manager-phone')).toBe('۰۲۱۸۸۷۷۶۶۵۵');
  expect(problems).toEqual([]);
  await pilgrim.close();
  await context.close();
});
