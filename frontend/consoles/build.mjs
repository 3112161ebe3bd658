// Bundles the console elements into one ES module + its CSS:
//   node consoles/build.mjs OUTDIR   (Maven passes host's target/classes/META-INF/resources/consoles)
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

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
