// The Labs panel: a link opens a lab with its instructions, starter and board; Check on the
// starter shows the failing checks with their explanations; the reference solution passes every
// check, and the lab is then marked done (kept in localStorage across a reload).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL_BASE, launch, openPage, waitReady, setEditor, assertNoProblems, screenshot } from './helpers.mjs';

const labs = join(import.meta.dirname, '..', 'labs');

async function checkAndWait(page) {
  await page.click('#lab-check');
  await page.waitForFunction(() => /checks pass/.test(document.querySelector('#lab-summary')?.textContent ?? ''), null, {
    timeout: 60_000,
  });
  return page.evaluate(() => ({
    summary: document.querySelector('#lab-summary').textContent,
    passed: document.querySelectorAll('#lab-results li.pass').length,
    failed: [...document.querySelectorAll('#lab-results li.fail')].map((li) => li.textContent),
  }));
}

test('a lab opens from a link, its starter fails Check, its solution passes', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await openPage(context, `${URL_BASE}?lab=blink`);

    // The instructions beside the editor, and the starter in it.
    assert.equal(await page.isVisible('#labs-panel'), true);
    assert.match(await page.textContent('#lab-instructions'), /make an LED blink/);
    await page.waitForFunction(() => window.esprit.editorText().includes('TODO: make the LED blink'));
    assert.match(await page.textContent('#lab-select'), /Blink/);

    const starter = await checkAndWait(page);
    assert.match(starter.summary, /2 of 4 checks pass/);
    assert.ok(
      starter.failed.some((t) => t.includes('expected led1 (GPIO2) to toggle with a period of 1000 ms')),
      starter.failed.join('\n'),
    );
    await screenshot(page, 'lab-starter-checked');

    // Hints come one at a time.
    await page.click('#lab-hint');
    assert.equal(await page.locator('#lab-hints li').count(), 1);

    await setEditor(page, readFileSync(join(labs, 'blink', 'solution.py'), 'utf8'));
    const solved = await checkAndWait(page);
    assert.match(solved.summary, /All 4 checks pass/);
    assert.deepEqual(solved.failed, []);
    assert.equal(solved.passed, 4);
    await screenshot(page, 'lab-solution-checked');

    // Progress survives a reload: the lab is ticked in the list.
    await page.reload();
    await waitReady(page);
    await page.waitForFunction(() => /✓ 1\. Blink/.test(document.querySelector('#lab-select')?.textContent ?? ''));
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});

test('the Labs button lists every lab; a console-only lab and a Wokwi-scenario lab check', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());
    await page.click('#labs-toggle');
    await page.waitForFunction(() => document.querySelectorAll('#lab-select option').length >= 12);
    await page.selectOption('#lab-select', 'hello-serial');
    await page.waitForFunction(() => /Hello, serial/.test(document.querySelector('#lab-instructions').textContent));
    await page.click('#lab-load');
    await page.waitForFunction(() => window.esprit.editorText().includes('1. Print "Hello, world!"'));
    const starter = await checkAndWait(page);
    assert.ok(starter.failed.some((t) => t.includes('but the program printed nothing')), starter.failed.join('\n'));
    await setEditor(page, readFileSync(join(labs, 'hello-serial', 'solution.py'), 'utf8'));
    const solved = await checkAndWait(page);
    assert.deepEqual(solved.failed, []);

    // A lab driven by a Wokwi scenario.yaml: its steps press the button after "Go!".
    await page.selectOption('#lab-select', 'reaction-game');
    await page.waitForFunction(() => /Reaction-time game/.test(document.querySelector('#lab-instructions').textContent));
    await setEditor(page, readFileSync(join(labs, 'reaction-game', 'solution.py'), 'utf8'));
    const game = await checkAndWait(page);
    assert.deepEqual(game.failed, []);
    assert.match(await page.textContent('#lab-results'), /The scenario's 8 steps run to the end/);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
