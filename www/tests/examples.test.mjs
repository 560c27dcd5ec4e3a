// The examples list: each example brings its code and its board, and runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitForTerminal, assertNoProblems, screenshot, URL_BASE } from './helpers.mjs';

test('the examples load with their diagrams and run', async () => {
  const examples = await (await fetch(new URL('examples.json', URL_BASE))).json();
  assert.ok(examples.length >= 9);
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());
    await page.selectOption('#examples', 'blink');
    await page.waitForFunction(() => window.esprit.editorText().includes('led = Pin(2, Pin.OUT)'));
    const led = 'wokwi-led[data-part="led1"]';
    await page.waitForSelector(`#board ${led}`);
    await page.waitForFunction((s) => document.querySelector(s).value === true, led);
    await page.waitForFunction((s) => document.querySelector(s).value === false, led);
    // The logic analyzer shows GPIO2 over time.
    await page.click('#logic-toggle');
    await page.waitForFunction(() => document.querySelector('#logic-canvas').dataset.signals?.includes('GPIO2'));
    await page.fill('#logic-pins', '2');
    await page.waitForFunction(() => document.querySelector('#logic-canvas').dataset.signals === 'GPIO2');
    await screenshot(page, 'logic-analyzer');

    await page.selectOption('#examples', 'dht22');
    await waitForTerminal(page, /temperature 24\.0 C, humidity 40\.0 %/);
    await page.waitForFunction(() => {
      const image = document.querySelector('wokwi-ssd1306[data-part="oled1"]')?.imageData;
      return image && image.data.some((v, i) => i % 4 === 0 && v > 0);
    });
    // The sensor's slider changes what it measures.
    await page.locator('input[data-part="dht1"][data-property="humidity"]').fill('55');
    await waitForTerminal(page, /humidity 55\.0 %/);
    await screenshot(page, 'example-dht22');

    // The board picker rewires the same diagram on another board.
    await page.selectOption('#board-type', 'board-esp32-c3-devkitm-1');
    await page.waitForSelector('#board [data-part="esp"].board-unknown');
    assert.equal(await page.inputValue('#board-type'), 'board-esp32-c3-devkitm-1');
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
