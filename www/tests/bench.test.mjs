// The playground's benchmark: the wasm's size (raw and gzip) and the time from navigation to
// a ready REPL prompt. Reported on the test's output and in ESPRIT_SCREENSHOTS/bench.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, URL_BASE, assertNoProblems } from './helpers.mjs';

test('benchmark: wasm size and time to a ready REPL', async (t) => {
  const wasm = new Uint8Array(await (await fetch(new URL('esprit_web_bg.wasm', URL_BASE))).arrayBuffer());
  const gzip = gzipSync(wasm, { level: 9 }).length;
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const started = Date.now();
    const page = await openPage(context);
    const coldMs = Date.now() - started;
    // Again, with the browser's caches (and the service worker) warm.
    const again = Date.now();
    await page.reload();
    await page.waitForFunction(() => window.esprit?.ready === true && />>> $/m.test(window.esprit.terminalText()));
    const warmMs = Date.now() - again;
    const result = { wasmBytes: wasm.length, wasmGzipBytes: gzip, readyColdMs: coldMs, readyWarmMs: warmMs };
    t.diagnostic(JSON.stringify(result));
    console.log(`benchmark: wasm ${(wasm.length / 1024).toFixed(0)} KiB (${(gzip / 1024).toFixed(0)} KiB gzip), ready REPL in ${coldMs} ms cold, ${warmMs} ms warm`);
    if (process.env.ESPRIT_SCREENSHOTS) {
      writeFileSync(join(process.env.ESPRIT_SCREENSHOTS, 'bench.json'), JSON.stringify(result, null, 2));
    }
    // Generous bounds: they catch a wasm that balloons or a page that stops starting.
    assert.ok(gzip < 3 * 1024 * 1024, `the wasm is ${gzip} bytes gzipped`);
    assert.ok(coldMs < 20_000, `the REPL took ${coldMs} ms to be ready`);
    assertNoProblems(page);
  } finally {
    await browser.close();
  }
});
