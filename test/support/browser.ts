import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../config/paths';

/** Debian's chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');
export const DESKTOP = { width: 1280, height: 900 };
/** A common phone's width (390 CSS px). */
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`browser tests need chromium at ${CHROMIUM} (apt-get install chromium)`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A full-page screenshot under docs/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Saves the page at desktop and phone width as `<name>-desktop.png` and `<name>-390.png`; at each
 * width axe finds no violation of any impact, and nothing may stick out sideways at 390 px (the
 * page scrolls down, never across).
 */
export async function screenshotsAtBothWidths(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // One heading names every page.
    expect({ page: name, h1: await page.locator('h1:visible').count() }).toEqual({ page: name, h1: 1 });
    expect({ page: name, size, violations: await axeViolations(page) }).toEqual({
      page: name,
      size,
      violations: [],
    });
    await screenshot(page, `${name}-${size}`);
  }
  await page.setViewportSize(DESKTOP);
}

/** How far the page sticks out sideways, in CSS px (0 or less: it scrolls down only). */
export const sidewaysOverflow = (page: Page): Promise<number> =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

/** Whether an element is inside the viewport's width (not pushed off-screen sideways). */
export async function withinViewportWidth(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox({ timeout: 5000 });
  const width = page.viewportSize()!.width;
  return box !== null && box.x >= 0 && box.x + box.width <= width && box.width > 0;
}

const AXE_SOURCE = fs.readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

/** Rejects after `ms` with `what`: a check that never answers fails the test instead of hanging it. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * axe-core's violations of any impact on the page as it is now, as `rule: target…` lines (empty
 * when there are none). axe's source is evaluated through the devtools protocol, which the page's
 * strict CSP does not govern (a script tag would be refused), and every call has its own timeout.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await within(10_000, 'axe injection', page.evaluate(AXE_SOURCE));
  const violations = await within(
    30_000,
    'axe.run',
    page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } })
        .axe;
      const results = await axe.run((globalThis as unknown as { document: unknown }).document, {
        resultTypes: ['violations'],
      });
      return results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    }),
  );
  return violations;
}

interface AxeResults {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

/** The page passes axe with no violation of any impact. */
export async function checkPage(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}
