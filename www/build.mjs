// Bundles the page into one folder that any static host can serve:
//   node build.mjs --pkg DIR --out DIR
// --pkg is wasm-bindgen's output for the `web` crate (esprit_web.js + esprit_web_bg.wasm).
// The Content-Security-Policy in csp.txt goes into index.html (the static server also sends
// it as a header, which the worker needs).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const { values } = parseArgs({ options: { pkg: { type: 'string' }, out: { type: 'string' } } });
if (!values.pkg || !values.out) {
  console.error('usage: node build.mjs --pkg WASM_BINDGEN_OUT --out DIST');
  process.exit(2);
}
const pkg = resolve(values.pkg);
const out = resolve(values.out);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
  alias: { 'esprit-web': join(pkg, 'esprit_web.js') },
};
await build({
  ...common,
  entryPoints: {
    main: join(here, 'src/main.js'),
    worker: join(here, 'src/worker.js'),
    'labs-worker': join(here, 'src/labs-worker.js'),
  },
  outdir: out,
  loader: { '.woff2': 'file' },
});
copyFileSync(join(pkg, 'esprit_web_bg.wasm'), join(out, 'esprit_web_bg.wasm'));
const csp = readFileSync(join(here, 'csp.txt'), 'utf8').trim();
writeFileSync(
  join(out, 'index.html'),
  readFileSync(join(here, 'index.html'), 'utf8').replace('CSP_PLACEHOLDER', csp),
);

// The examples (examples/ID/main.py + diagram.json, listed in examples/index.json) as one
// file the page loads from its own origin.
const examplesDir = join(here, 'examples');
const { examples } = JSON.parse(readFileSync(join(examplesDir, 'index.json'), 'utf8'));
writeFileSync(
  join(out, 'examples.json'),
  JSON.stringify(
    examples.map(({ id, title }) => ({
      id,
      title,
      code: readFileSync(join(examplesDir, id, 'main.py'), 'utf8'),
      diagram: JSON.stringify(JSON.parse(readFileSync(join(examplesDir, id, 'diagram.json'), 'utf8')), null, 2),
    })),
  ),
);

// The service worker caches what was just built, under a name that changes with it.
const assets = readdirSync(out).filter((f) => !f.endsWith('.map'));
const hash = createHash('sha256');
for (const file of assets.sort()) hash.update(file).update(readFileSync(join(out, file)));
await build({
  ...common,
  entryPoints: { sw: join(here, 'src/sw.js') },
  outdir: out,
  define: {
    ASSETS: JSON.stringify(['./', ...assets]),
    VERSION: JSON.stringify(hash.digest('hex').slice(0, 16)),
  },
});
// The labs the Labs panel opens (not cached for offline use; reference solutions stay out).
cpSync(join(here, 'labs'), join(out, 'labs'), { recursive: true, filter: (src) => !src.endsWith('solution.py') });
console.log(`built ${out}`);
