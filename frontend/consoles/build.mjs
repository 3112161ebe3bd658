// Bundles the console elements into one ES module + its CSS:
//   node consoles/build.mjs OUTDIR   (Maven passes host's target/classes/META-INF/resources/consoles)
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node consoles/build.mjs OUTDIR');
  process.exit(2);
}

await build({
  entryPoints: { 'hangar-consoles': fileURLToPath(new URL('index.js', import.meta.url)) },
  outdir,
  bundle: true,
  format: 'esm',
  // Chromium/Firefox of the last years; noVNC uses top-level await.
  target: ['es2022'],
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});

// Compressed copies beside each file, as Vaadin's own bundle has: Vaadin's static file server sends
// the .br or .gz a browser accepts (about a quarter of the bytes) instead of compressing per request.
for (const name of ['hangar-consoles.js', 'hangar-consoles.css']) {
  const file = join(outdir, name);
  const bytes = readFileSync(file);
  writeFileSync(file + '.gz', gzipSync(bytes, { level: 9 }));
  writeFileSync(file + '.br', brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
