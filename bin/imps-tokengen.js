#!/usr/bin/env node
// The `imps-tokengen` command: runs the built CLI (dist/cli/cli.js, the bundle `npm run build` makes). It is a separate file so
// that npm can link the command before dist/ exists, as in a workspace or a fresh clone, which are
// built after npm has linked their commands (`npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/cli.js', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write(`imps-tokengen is not built yet: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`);
  process.exitCode = 2;
}
