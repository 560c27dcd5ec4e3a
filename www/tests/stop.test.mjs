// Stop: a busy loop does not freeze the page, and Stop always gets the REPL back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, setEditor, typeLine, waitForTerminal, assertNoProblems,
} from './helpers.mjs';

test('Stop interrupts while True: pass, and the REPL works after', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());
    await setEditor(page, 'print("spinning")\nwhile True:\n    pass\n');
    await page.click('#run');
    await waitForTerminal(page, /spinning/);
    await page.waitForFunction(() => document.body.dataset.boardState === 'busy');
    // The page stays responsive: the main thread answers at once while the board spins.
    const started = Date.now();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 10)));
    assert.ok(Date.now() - started < 1000, 'the page froze');
    await page.click('#stop');
    await waitForTerminal(page, /KeyboardInterrupt/);
    await typeLine(page, '2+3');
    await waitForTerminal(page, /^>>> 2\+3\n5\n>>> $/m);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});

test('Stop resets a program that swallows KeyboardInterrupt', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());
    await setEditor(
      page,
      'print("stubborn")\nwhile True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        print("ignored")\n',
    );
    await page.click('#run');
    await waitForTerminal(page, /stubborn/);
    await page.click('#stop');
    await waitForTerminal(page, /ignored/);
    await waitForTerminal(page, /the board was reset/);
    await page.waitForFunction(() => document.body.dataset.boardState === 'idle');
    await typeLine(page, '6*7');
    await waitForTerminal(page, /^>>> 6\*7\n42\n>>> $/m);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});

test('Stop replaces a board stuck inside one long call, and the files survive', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());
    await typeLine(page, 'f = open("kept.txt", "w"); f.write("still here"); f.close()');
    await page.waitForFunction(() => window.esprit.flashSaves > 0);
    // sum() over a huge range is one bytecode: the VM cannot stop between bytecodes.
    await setEditor(page, 'print("long call")\nprint(sum(range(10 ** 15)))\n');
    await page.click('#run');
    // Its output waits in the stuck worker: give the call time to start.
    await waitForTerminal(page, /running the editor/);
    await page.waitForTimeout(500);
    await page.click('#stop');
    // Either the call gives way to Ctrl-C (should the VM learn to interrupt it) or the worker
    // is replaced; both must end at a working REPL with the files kept.
    await waitForTerminal(page, /KeyboardInterrupt|the board did not stop; the board was restarted from its saved flash/);
    await typeLine(page, 'print(open("kept.txt").read())');
    await waitForTerminal(page, /^still here\n>>> $/m);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
