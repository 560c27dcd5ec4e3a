// Share links round-trip the code and the diagram; a damaged one is refused as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, setEditor, URL_BASE, assertNoProblems, screenshot } from './helpers.mjs';

const CODE = 'print("shared <b>code</b>")\nfor i in range(2):\n    print(i)\n';

test('a share link opens the same code in a new page; a tampered one is refused', async () => {
  const browser = await launch();
  try {
    const page = await openPage(await browser.newContext());
    await setEditor(page, CODE);
    await page.click('#share');
    await page.waitForFunction(() => document.querySelector('#share-url').value.includes('#share='));
    const link = await page.inputValue('#share-url');
    assert.ok(link.startsWith(URL_BASE));

    const other = await openPage(await browser.newContext(), link);
    await other.waitForFunction((code) => window.esprit.editorText() === code, CODE);
    assert.match(await other.textContent('#status'), /Opened a shared project/);
    assert.equal(new URL(other.url()).hash, '');
    await other.click('#run');
    await other.waitForFunction(() => /shared <b>code<\/b>\n0\n1\n/.test(window.esprit.terminalText()));
    assert.equal(await other.locator('b').count(), 0);
    await screenshot(other, 'shared');
    assertNoProblems(other);

    // Tampered: valid base64url but not a deflated project; and markup in the fragment.
    for (const bad of ['#share=AAAAAAAAAAAAAAAA', '#share=<img src=x onerror=alert(1)>', `#share=${'A'.repeat(60000)}`]) {
      const broken = await openPage(await browser.newContext(), URL_BASE + bad);
      assert.match(await broken.textContent('#status'), /This share link cannot be opened/);
      assert.equal(await broken.locator('img').count(), 0);
      assertNoProblems(broken);
    }
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
