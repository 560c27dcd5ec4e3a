// Import and export of a Wokwi-style project (main.py + diagram.json), and working offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import {
  launch, openPage, setEditor, typeLine, waitForTerminal, waitReady, assertNoProblems, screenshot,
} from './helpers.mjs';

const DIAGRAM = JSON.stringify({
  version: 1,
  author: 'test',
  editor: 'wokwi',
  parts: [
    { type: 'wokwi-esp32-devkit-v1', id: 'esp', top: 0, left: 0, attrs: {} },
    { type: 'wokwi-led', id: 'led1', top: -40, left: 150, attrs: { color: 'red' } },
  ],
  connections: [['esp:D2', 'led1:A', 'green', []]],
});

test('a project folder imports, and exports as main.py + diagram.json', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext({ acceptDownloads: true }));
    await page.setInputFiles('#import-files', [
      { name: 'main.py', mimeType: 'text/x-python', buffer: Buffer.from('print("imported")\n') },
      { name: 'helper.py', mimeType: 'text/x-python', buffer: Buffer.from('X = 5\n') },
      { name: 'diagram.json', mimeType: 'application/json', buffer: Buffer.from(DIAGRAM) },
    ]);
    await page.waitForFunction(() => window.esprit.editorText() === 'print("imported")\n');
    await page.waitForFunction(() => document.querySelector('#file-list li[data-path="/helper.py"]'));
    // The board is drawn from the diagram: the parts, and the wire between their pins.
    await page.waitForSelector('#board wokwi-led[data-part="led1"][color="red"]');
    await page.waitForSelector('#board wokwi-esp32-devkit-v1[data-part="esp"]');
    await page.waitForSelector('#board polyline[data-from="esp:D2"][data-to="led1:A"]');
    await screenshot(page, 'board');

    await setEditor(page, 'import helper\nprint("sum", helper.X + 1)\n');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    assert.equal(download.suggestedFilename(), 'esprit-project.zip');
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    assert.deepEqual(Object.keys(files).sort(), ['diagram.json', 'main.py']);
    assert.equal(strFromU8(files['main.py']), 'import helper\nprint("sum", helper.X + 1)\n');
    assert.deepEqual(JSON.parse(strFromU8(files['diagram.json'])), JSON.parse(DIAGRAM));

    // A broken diagram is refused with a message, and nothing changes.
    await page.setInputFiles('#import-files', [
      { name: 'diagram.json', mimeType: 'application/json', buffer: Buffer.from('{"parts": [') },
    ]);
    await page.waitForFunction(() => /Import failed/.test(document.querySelector('#status').textContent));
    assert.equal(await page.locator('#board wokwi-led').count(), 1);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});

test('once loaded, the page works offline', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await openPage(context);
    // The service worker has cached the page and controls it.
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    await typeLine(page, '7*6');
    await waitForTerminal(page, /^>>> 7\*6\n42\n>>> $/m);
    await context.setOffline(false);
    // Requests that failed while offline are expected; anything else is not.
    page.problems = page.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p));
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
