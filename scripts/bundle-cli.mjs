// Bundles the `imps-tokengen` command into a few files (dist/cli/): `npm run build` runs it after
// tsc. Why: Node 20 loads ES modules one by one, and a cold `generate` otherwise loads about 240 of
// them (the markdown stack alone about 230: 0.15-0.2 s of a 1.6 s run; issue 11, README "Measured
// figures"). The bundle is split at the CLI's dynamic imports, so an up-to-date `check`, which
// only hashes, loads the small entry chunk and not the parser or the renderers.
// ts-morph stays outside: its compiler is 9 MB of CommonJS that emit/compiler-cache.ts loads
// itself, with a V8 code cache, and only when a TypeScript output is rendered. The library API
// (dist/generator/index.js) is tsc's output, unbundled.
// The bundle carries the hash of the code it was bundled from (fingerprint.ts, buildCodeHash), so
// an up-to-date `check` does not hash the generator's sources again on every run; it is taken from
// tsc's output next to the bundle (`<outdir>/../generator/`), built from the same sources just before.
// Usage: node scripts/bundle-cli.mjs [--outdir <folder>]   (default dist/cli)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : `${root}dist/cli`;

const { buildCodeHash } = await import(pathToFileURL(join(outdir, '..', 'generator', 'fingerprint.js')).href);

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // The worker that prints the TypeScript outputs (emit/worker.ts) is found next to the module
  // that starts it: `./worker-entry.js`, in the bundle as in tsc's output.
  entryPoints: { cli: 'generator/cli.ts', 'worker-entry': 'generator/emit/worker-entry.ts' },
  outdir,
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ts-morph'],
  define: { IMPS_TOKENGEN_CODE_SHA256: JSON.stringify(buildCodeHash()) },
  // CommonJS dependencies (handlebars) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
