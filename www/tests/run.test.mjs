// The editor: Run executes the buffer as main.py; an error puts the cursor on its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, setEditor, waitForTerminal, terminalText, assertNoProblems, screenshot,
} from './helpers.mjs';

test('Run prints, errors jump to their line, and nothing is treated as HTML', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());

    await setEditor(page, 'print("ran", 6 * 7)\nprint("<img src=x onerror=alert(1)>")\n');
    await page.click('#run');
    await waitForTerminal(page, /^ran 42\n<img src=x onerror=alert\(1\)>\n/m);
    assert.equal(await page.locator('img').count(), 0);

    // A runtime error inside a function: the innermost frame in main.py.
    await setEditor(page, 'def f(x):\n    return 1 // x\n\nprint("before")\nf(0)\n');
    await page.click('#run');
    await waitForTerminal(page, /ZeroDivisionError/);
    await page.waitForFunction(() => window.esprit.editorLine() === 2);
    assert.match(await page.textContent('#status'), /line 2: ZeroDivisionError/);
    assert.equal(await page.locator('.cm-error-line').count(), 1);

    // A syntax error.
    await setEditor(page, 'x = 1\ny = 2\nif x == :\n    pass\n');
    await page.click('#run');
    await waitForTerminal(page, /SyntaxError/);
    await page.waitForFunction(() => window.esprit.editorLine() === 3);
    await screenshot(page, 'syntax-error');
    assert.match(await terminalText(page), /File "main.py", line 3/);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
