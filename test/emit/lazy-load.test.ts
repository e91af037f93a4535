/**
 * ts-morph (the whole TypeScript compiler, the biggest part of a cold start) is loaded only when
 * a TypeScript output is rendered: not by an up-to-date `check`, not for docs alone. Module
 * loading is per process, so this runs the built API in a fresh one: the build of the current
 * sources (support/bin.ts), never a dist/ that may be stale.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { generateAndWrite } from '../../generator/api.js';
import { builtCli } from '../support/bin.js';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const SCRIPT = `
import { createRequire } from 'node:module';
const { check, generate } = await import(process.argv[1]);
const options = JSON.parse(process.argv[2]);
// ts-morph is CommonJS: once loaded, it is in the one require cache of the process.
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/ts-morph/'));
const upToDate = (await check(options)).ok;
const afterCheck = loaded();
const docs = (await generate({ ...options, outputs: ['docs'] })).ok;
const afterDocs = loaded();
const enums = (await generate({ ...options, outputs: ['enums'] })).ok;
console.log(JSON.stringify({ upToDate, afterCheck, docs, afterDocs, enums, afterEnums: loaded() }));
`;

test('an up-to-date check and docs alone never load ts-morph; the first TypeScript output does', async () => {
  const options = { cwd: ROOT, spec: 'test/fixtures/mini-spec', out: tempDir('imps-tokengen-lazy-') };
  expect((await generateAndWrite(options)).ok).toBe(true);
  const api = pathToFileURL(join(dirname(builtCli()), 'api.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, api, JSON.stringify(options)], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ upToDate: true, afterCheck: false, docs: true, afterDocs: false, enums: true, afterEnums: true });
});
