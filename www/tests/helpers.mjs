// Shared by the browser tests: Debian's Chromium through playwright-core, the page served by
// `cargo xtask test` (ESPRIT_URL), and checks every test makes on the way out: no page
// errors, no console errors, no request to another origin, no dialog.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { join } from 'node:path';

export const URL_BASE = process.env.ESPRIT_URL ?? 'http://127.0.0.1:8000/';
const CHROMIUM = process.env.ESPRIT_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.ESPRIT_SCREENSHOTS;

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A page with its problems recorded: `problems` lists every error, foreign request or dialog. */
export async function openPage(context, url = URL_BASE) {
  const page = await context.newPage();
  page.problems = [];
  const origin = new URL(URL_BASE).origin;
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    page.problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin !== origin && u.protocol !== 'blob:' && u.protocol !== 'data:') {
      page.problems.push(`request to another origin: ${r.url()}`);
    }
  });
  await page.goto(url);
  await waitReady(page);
  return page;
}

export async function waitReady(page) {
  await page.waitForFunction(() => window.esprit?.ready === true, null, { timeout: 30_000 });
  await waitForTerminal(page, />>> $/m);
}

export function assertNoProblems(page) {
  assert.deepEqual(page.problems, []);
}

export const terminalText = (page) => page.evaluate(() => window.esprit.terminalText());

/** Waits until the console's text matches `pattern`; returns the text. */
export async function waitForTerminal(page, pattern, timeout = 15_000) {
  const end = Date.now() + timeout;
  let text = '';
  while (Date.now() < end) {
    text = await terminalText(page);
    if (pattern.test(text)) return text;
    await page.waitForTimeout(50);
  }
  assert.fail(`the console never showed ${pattern}; it shows:\n${text}`);
}

/** Types a line at the REPL. */
export async function typeLine(page, line) {
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Replaces the editor's text as a user pasting it would (select all, then a paste event:
 *  typed text would be auto-indented, and inserted text gets non-breaking spaces). */
export async function setEditor(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.locator('.cm-content').evaluate((element, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

export async function screenshot(page, name) {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
