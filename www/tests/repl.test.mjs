// The console: typing at the REPL reads what the board answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, typeLine, waitForTerminal, assertNoProblems, screenshot } from './helpers.mjs';

test('the REPL answers 1+1 with 2, and the page makes no error or foreign request', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());
    const banner = await waitForTerminal(page, /MicroPython .* on .*ESP32/);
    assert.match(banner, /Type "help\(\)" for more information/);
    await typeLine(page, '1+1');
    await waitForTerminal(page, /^>>> 1\+1\n2\n>>> $/m);
    await typeLine(page, 'for i in range(3):');
    await typeLine(page, 'print(i * 10)');
    // As on the board: two Enters end the auto-indented block, a third runs it.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Enter');
    await waitForTerminal(page, /^0\n10\n20\n>>> $/m);
    await screenshot(page, 'repl');
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
