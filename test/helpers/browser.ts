import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (.ci/run installs it); no browser download. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the browser tests save their screenshots (gitignored). */
export const SHOTS_DIR = path.join(__dirname, '../../test-output');

/**
 * Headless Chromium with a fresh profile in a temporary directory, and none of its own
 * traffic (no background networking, component updates, sync or QUIC): the only requests
 * are the page's, to 127.0.0.1.
 */
export async function launchChromium(
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PageProblems {
  /** Console errors, uncaught exceptions, failed requests and error answers the test did not expect. */
  list: string[];
  /** An error answer the next step causes on purpose (a wrong password, the 404 page): `METHOD path status`. */
  expect(answer: string): void;
}

/** Records every console error, page error, failed request and 4xx/5xx answer of a page. */
export function watchPage(page: Page): PageProblems {
  const expected = new Set<string>();
  const list: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium's own line for an error answer: judged by the response handler below
    if (/^Failed to load resource: the server responded with a status of \d+/.test(msg.text())) return;
    list.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => list.push(`page error: ${error.message}`));
  page.on('requestfailed', (req) =>
    list.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`),
  );
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const answer = `${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`;
    if (expected.has(answer)) expected.delete(answer);
    else list.push(`error answer: ${answer}`);
  });
  return { list, expect: (answer) => void expected.add(answer) };
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core run in the page; the serious and critical violations. The script is evaluated
 * through the DevTools protocol, so the console's CSP (no inline script) stays on.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // a string, not a function: it runs in the page, where `axe` and `document` are (this file compiles without the DOM lib)
  const violations = (await page.evaluate(
    `axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** A full-page screenshot in test-output/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}
