// The files panel and the flash kept in IndexedDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, setEditor, typeLine, waitForTerminal, waitReady, assertNoProblems, screenshot,
} from './helpers.mjs';

const listed = (page) => page.$$eval('#file-list li', (items) => items.map((i) => i.dataset.path));

/** Waits for the flash to be saved (IndexedDB) `count` more times than `before`. */
async function flashSaved(page, before) {
  await page.waitForFunction((n) => window.esprit.flashSaves > n, before, { timeout: 10_000 });
}

test('files made in the panel and by Python survive a reload; rename and delete work', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await openPage(context);

    await page.fill('#file-name', 'lib/notes.py');
    await page.click('#file-new');
    await page.waitForFunction(() => window.esprit.openPath() === '/lib/notes.py');
    await setEditor(page, 'NOTE = "kept"\n');
    // Python sees the panel's file, and the panel sees Python's.
    await page.waitForTimeout(600);
    await typeLine(page, 'f = open("data.txt", "w"); n = f.write("from python"); f.close(); print(n)');
    await waitForTerminal(page, /^11\n>>> $/m);
    // /lib is on sys.path, as on the board.
    await typeLine(page, 'from notes import NOTE; print(NOTE)');
    await waitForTerminal(page, /^kept\n>>> $/m);
    await page.waitForFunction(() => document.querySelector('#file-list li[data-path="/data.txt"]'));
    const saves = await page.evaluate(() => window.esprit.flashSaves);
    await flashSaved(page, saves - 1);
    await page.waitForTimeout(800);

    await page.reload();
    await waitReady(page);
    await page.waitForFunction(() => document.querySelectorAll('#file-list li').length >= 3);
    assert.deepEqual(await listed(page), ['/data.txt', '/lib', '/lib/notes.py']);
    assert.equal(await page.evaluate(() => window.esprit.openPath()), '/lib/notes.py');
    assert.equal(await page.evaluate(() => window.esprit.editorText()), 'NOTE = "kept"\n');

    // Rename and delete the open file.
    await page.fill('#file-name', 'lib/kept.py');
    await page.click('#file-rename');
    await page.waitForFunction(() => document.querySelector('#file-list li[data-path="/lib/kept.py"]'));
    await page.click('#file-list li[data-path="/data.txt"]');
    await page.waitForFunction(() => window.esprit.openPath() === '/data.txt');
    assert.equal(await page.evaluate(() => window.esprit.editorText()), 'from python');
    await page.click('#file-delete');
    await page.waitForFunction(() => !document.querySelector('#file-list li[data-path="/data.txt"]'));
    await screenshot(page, 'files');

    // A hostile file name is shown as text.
    await page.fill('#file-name', '<img src=x onerror=alert(1)>.py');
    await page.click('#file-new');
    await page.waitForFunction(() => window.esprit.openPath() === '/<img src=x onerror=alert(1)>.py');
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(await listed(page), ['/<img src=x onerror=alert(1)>.py', '/lib', '/lib/kept.py']);

    // Erase flash empties the board.
    await page.click('#factory');
    await page.waitForFunction(() => document.querySelectorAll('#file-list li').length === 0);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
