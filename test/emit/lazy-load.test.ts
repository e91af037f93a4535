/**
 * ts-morph (the whole TypeScript compiler, the biggest part of a cold start) is loaded only when
 * a TypeScript output is rendered: not by an up-to-date `check`, not for docs alone. The first
 * TypeScript render of a process loads it on a worker thread (emit/worker.ts), later ones on the
 * calling thread; both give the same outputs. Module loading is per process and the worker is
 * compiled JavaScript, so this runs the built API in a fresh process: the build of the current
 * sources (support/bin.ts), never a dist/ that may be stale.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { generate, generateAndWrite } from '../../generator/api.js';
import { builtGenerator } from '../support/bin.js';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const SCRIPT = `
import { createRequire } from 'node:module';
const { check, generate } = await import(process.argv[1]);
const options = JSON.parse(process.argv[2]);
// ts-morph is CommonJS: once loaded on this thread, it is in this thread's require cache.
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/ts-morph/'));
const upToDate = (await check(options)).ok;
const afterCheck = loaded();
const docs = (await generate({ ...options, outputs: ['docs'] })).ok;
const afterDocs = loaded();
const first = await generate({ ...options, outputs: ['enums', 'codec'] });
const afterFirst = loaded();
const second = await generate({ ...options, outputs: ['enums', 'codec'] });
console.log(JSON.stringify({ upToDate, afterCheck, docs, afterDocs, afterFirst, afterSecond: loaded(), first: first.files, second: second.files }));
`;

test('ts-morph: never for an up-to-date check or docs alone; on a worker for the first TypeScript render, here for the next', async () => {
  const options = { cwd: ROOT, spec: 'test/fixtures/mini-spec', out: tempDir('imps-tokengen-lazy-') };
  expect((await generateAndWrite(options)).ok).toBe(true);
  const expected = (await generate({ ...options, outputs: ['enums', 'codec'] })).files;
  const api = pathToFileURL(join(builtGenerator(), 'api.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, api, JSON.stringify(options)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ upToDate: true, afterCheck: false, docs: true, afterDocs: false, afterFirst: false, afterSecond: true });
  // The same files from the worker and from this thread (the model crossed threads intact).
  expect(out.first).toEqual(expected);
  expect(out.second).toEqual(expected);
});
