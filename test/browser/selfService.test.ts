import { Client, Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';
import { importDeposits } from '../../db/queries/hajj/deposits';
import { openRound } from '../../db/queries/hajj/rounds';
import { saveGuide } from '../../db/queries/shared/selfService';
import { HAJJ_JOURNEY_PAGE, HAJJ_STEP_LABELS } from '../../domain/hajj/copy';
import { SELF_SERVICE_COPY as C } from '../../domain/shared/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { startRoundWorkflow } from '../../workflows/hajj/client';
import { requestFields, trackingCodeOf } from '../support/citizen';
import { newCitizen } from '../support/generators';
import { depositLines, terminateJourneys } from '../support/hajj';
import { eventually } from '../support/http';
import { DESKTOP, launchBrowser, screenshotsAtBothWidths } from '../support/browser';
import { routedCase, staffLogin, staffPost, startTestSystem, type TestSystem } from '../support/system';

/**
 * Issue 18's self-service pages in a real browser at 1280 and 390 px, each state checked by axe
 * (no violations of any impact): help, the guides' download, recovery of a lost code, the copy
 * button, the labelled star rating and the pilgrim's step indicator. Screenshots go to
 * docs/screenshots as `<name>-desktop.png` and `<name>-390.png` (test/support/browser.ts, which
 * also checks the page's one h1).
 */
const STEP_TIMEOUT = 15_000;

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

async function newPage(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fa-IR', acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
  return { context, page, problems };
}

it('help page, guides download and lost-code recovery', async () => {
  await saveGuide(system.db, {
    id: (await system.db('guides').orderBy('position').first('id')).id,
    title: 'پیش ثبت نام و ودیعه گذاری (حج - عمره - عتبات عالیات)',
    file: { filename: 'guide.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
    staffId: (await staffLogin(system, 'admin', null)).id,
  });
  const { context, page, problems } = await newPage();

  await page.goto(`${system.baseUrl}/help`);
  await page.click('#faq details:first-child summary');
  expect(await page.isVisible('#faq details:first-child p')).toBe(true);
  await screenshotsAtBothWidths(page, 'help');

  await page.goto(`${system.baseUrl}/guides`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#guides a.guide-link')]);
  expect(download.suggestedFilename()).toBe('پیش ثبت نام و ودیعه گذاری (حج - عمره - عتبات عالیات).pdf');
  await screenshotsAtBothWidths(page, 'guides');

  await page.goto(`${system.baseUrl}/track/recover`);
  await screenshotsAtBothWidths(page, 'track-recover');
  const citizen = newCitizen();
  await page.fill('#nationalCode', citizen.nationalCode);
  await page.fill('#mobile', citizen.mobile);
  await Promise.all([page.waitForSelector('#recover-sent'), page.click('#recover-submit')]);
  expect(await page.textContent('#recover-sent')).toBe(C.recoverSent);
  await screenshotsAtBothWidths(page, 'track-recover-sent');
  expect(problems).toEqual([]);
  await context.close();
});

it('the receipt copies the tracking code in one tap; the result card labels the stars and shows the conversation', async () => {
  const { context, page, problems } = await newPage();
  // Submitted in this browser's session (its cookies), so the receipt is its own.
  const citizen = newCitizen();
  const form = await context.request.get(`${system.baseUrl}/requests/new`);
  const submitted = await context.request.post(`${system.baseUrl}/requests`, {
    multipart: requestFields(await form.text(), citizen),
  });
  const code = trackingCodeOf(await submitted.text())!;
  expect(code).toBeDefined();

  await page.goto(`${system.baseUrl}/requests/receipt/${code}`);
  await page.waitForSelector('#copy-code:not([hidden])');
  await page.click('#copy-code');
  await page.locator('#copy-status', { hasText: C.client.copied }).waitFor();
  expect(await page.textContent('#copy-status')).toBe(C.client.copied);
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(code);
  expect(await page.textContent('#answer-due')).toContain('روز کاری');
  await screenshotsAtBothWidths(page, 'request-receipt');

  // The expert answers; the citizen tracks the case and rates it.
  await routedCase(system.db, code);
  const expert = await staffLogin(system, 'expert', 'tehran');
  const casePath = `/staff/cases/${code}`;
  expect((await staffPost(expert.client, casePath, `${casePath}/claim`, {})).status).toBe(303);
  const reply = 'ثبت نهایی از فردا در دفتر کاروان ممکن است.';
  expect((await staffPost(expert.client, casePath, `${casePath}/reply`, { text: reply })).status).toBe(303);
  await eventually(
    () => system.db('cases').where({ tracking_code: code }).first('status'),
    (c) => c?.status === 'answered',
  );
  await page.goto(`${system.baseUrl}/track`);
  await page.fill('#nationalCode', citizen.nationalCode);
  await page.fill('#trackingCode', code);
  await Promise.all([page.waitForSelector('#rating'), page.click('#track-submit')]);
  const group = page.getByRole('group', { name: /چقدر راضی هستید/ });
  for (const [n, word] of C.scoreWords.entries()) {
    const radio = group.getByRole('radio', { name: C.scoreLabel(toPersianDigits(n + 1), word), exact: true });
    expect(await radio.getAttribute('value')).toBe(String(n + 1));
  }
  expect(await page.textContent('#objection-due')).toMatch(/۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2}/);
  expect(await page.textContent('#conversation')).toContain(reply);
  await group.getByRole('radio', { name: C.scoreLabel('۵', C.scoreWords[4]), exact: true }).check();
  await screenshotsAtBothWidths(page, 'track-result-rating');
  expect(problems).toEqual([]);
  await context.close();
});

it('the pilgrim page shows the name, the step indicator with the current step, and the last round', async () => {
  const lines = depositLines(3, new Date('2003-01-01T00:00:00Z'));
  await importDeposits(system.db, lines, {
    filename: 's.csv',
    staffId: null,
    confirm: registryCheck(new SimulatedRegistry()),
    hashKey: system.config.nationalCodeHashKey,
  });
  const round = await openRound(system.db, { idempotencyKey: 'self-service', size: 2, staffId: null });
  await startRoundWorkflow(temporal, system.config.temporal.taskQueue, {
    roundId: round.roundId,
    replacement: false,
  });
  const [calledCode, calledDeposit] = lines[0].split(',');
  const [queuedCode, queuedDeposit] = lines[2].split(',');
  await eventually(
    () => system.db('hajj_journeys').where({ deposit_number: calledDeposit }).first('stage'),
    (j) => j?.stage === 'booking',
  );
  const { context, page, problems } = await newPage();
  const lookUp = async (nationalCode: string, depositNumber: string) => {
    await page.goto(`${system.baseUrl}/hajj`);
    await page.fill('#nationalCode', nationalCode);
    await page.fill('#depositNumber', depositNumber);
    await Promise.all([page.waitForURL('**/hajj/journey'), page.click('button[type=submit]')]);
  };

  await lookUp(calledCode, calledDeposit);
  expect(await page.textContent('#pilgrim-name')).toBe(
    (await new SimulatedRegistry().lookup(calledCode))!.firstName +
      ' ' +
      (await new SimulatedRegistry().lookup(calledCode))!.lastName,
  );
  const current = page.locator('#journey-steps li[aria-current="step"]');
  expect(await current.count()).toBe(1);
  expect(await current.textContent()).toContain(HAJJ_STEP_LABELS.booking);
  expect(await current.textContent()).toContain(HAJJ_JOURNEY_PAGE.stepCurrent);
  await screenshotsAtBothWidths(page, 'hajj-journey-steps');

  // Still queued: how far the last round reached.
  await context.clearCookies();
  await lookUp(queuedCode, queuedDeposit);
  expect(await page.textContent('#last-round')).toContain('تا نوبت ۲');
  await screenshotsAtBothWidths(page, 'hajj-journey-queued');
  expect(problems).toEqual([]);
  await context.close();
});

it('a long form warns before the session ends and renews it', async () => {
  const { context, page, problems } = await newPage();
  // The page's clock, run forward: the session's minutes pass in an instant. The page counts 29 of
  // the 30 (the store moves a session's expiry at most once a minute), so it warns at 24.
  await page.clock.install();
  await page.goto(`${system.baseUrl}/requests/new`);
  expect(await page.isVisible('#session-timer')).toBe(false);
  await page.clock.fastForward('24:00');
  await page.waitForSelector('#session-timer:not([hidden]) #session-renew');
  expect(await page.textContent('#session-timer')).toContain(C.client.sessionExpiring.replace('{m}', '۵'));
  await page.clock.resume();
  await screenshotsAtBothWidths(page, 'request-session-warning');
  await page.click('#session-renew');
  await page.locator('#session-timer', { hasText: C.client.sessionRenewDone }).waitFor();
  expect(problems).toEqual([]);
  await context.close();
});
