// Bundles the console elements into one ES module + its CSS (and noVNC's chunk beside them):
//   node consoles/build.mjs OUTDIR   (Maven passes host's target/classes/META-INF/resources/consoles)
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node consoles/build.mjs OUTDIR');
  process.exit(2);
}

// Only this build's files: no chunk of an earlier one stays behind.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'hangar-consoles': fileURLToPath(new URL('index.js', import.meta.url)) },
  outdir,
  bundle: true,
  format: 'esm',
  // noVNC goes into a chunk of its own (vnc-console.js imports it dynamically).
  splitting: true,
  chunkNames: 'hangar-consoles-[name]-[hash]',
  // Chromium/Firefox of the last years; noVNC uses top-level await.
  target: ['es2022'],
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});

// Compressed copies beside each file, as Vaadin's own bundle has: Vaadin's static file server sends
// the .br or .gz a browser accepts (about a quarter of the bytes) instead of compressing per request.
for (const name of readdirSync(outdir).filter(n => /\.(js|css)$/.test(n))) {
  const file = join(outdir, name);
  const bytes = readFileSync(file);
  writeFileSync(file + '.gz', gzipSync(bytes, { level: 9 }));
  writeFileSync(file + '.br', brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
