/**
 * `loadCodec` (and so `encode`/`decode`) keeps the tables it built on disk, named by the run's
 * fingerprint: a later process reads them instead of parsing the spec, and any edit of the spec
 * makes it build (and cache) them again. Each step imports the API afresh (`vi.resetModules`), as
 * a new process would, so that the in-memory codec of the previous step is not what is found.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { tempDir, tempProject } from '../support/tmp.js';

async function freshLoadCodec(cwd: string) {
  vi.resetModules();
  const { loadCodec } = await import('../../generator/api.js');
  return loadCodec({ cwd });
}

/** The element names of code page 0x01 of version 1.0 of the mini spec. */
const page1 = (codec: Awaited<ReturnType<typeof freshLoadCodec>>) =>
  codec.registry.find((t) => t.version === '1.0')!.tagPages[1]!.filter((n) => n !== null);

describe('the codec cache', () => {
  let cache: string;
  const saved = process.env.IMPS_TOKENGEN_CACHE;
  beforeEach(() => {
    cache = tempDir('imps-tokengen-cache-');
    process.env.IMPS_TOKENGEN_CACHE = cache;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.IMPS_TOKENGEN_CACHE;
    else process.env.IMPS_TOKENGEN_CACHE = saved;
  });
  const files = () => readdirSync(cache).filter((f) => f.endsWith('.json'));

  test('is read by the next process, and not after the spec changes', async () => {
    const project = tempProject('test/fixtures/mini-spec');
    const first = await freshLoadCodec(project);
    expect(first.ok).toBe(true);
    expect(page1(first)).toEqual(['delete', 'Party']);
    expect(files()).toHaveLength(1);

    // What the next process finds is what is in the cache file (here edited, to tell them apart).
    const file = join(cache, files()[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Party"', '"FromTheCache"'));
    expect(page1(await freshLoadCodec(project))).toEqual(['delete', 'FromTheCache']);

    // An edit of the spec is another fingerprint: the tables are built from the spec again.
    const doc = join(project, 'spec/mini-1.0.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('| Party | 3f |', '| Partie | 3f |'));
    const edited = await freshLoadCodec(project);
    expect(page1(edited)).toEqual(['delete', 'Partie']);
    expect(files()).toHaveLength(2);

    // So is an edit of the assignment file.
    const assignments = join(project, 'spec/assignments.yaml');
    writeFileSync(assignments, readFileSync(assignments, 'utf8').replace('BLUE: 0x84', 'BLUE: 0x85'));
    const reassigned = await freshLoadCodec(project);
    expect(reassigned.registry.find((t) => t.version === '1.1')!.valueTokens.get('BLUE')).toBe(0x85);
    expect(files()).toHaveLength(3);
  });

  test('holds only specs without errors, and is off with IMPS_TOKENGEN_CACHE=off', async () => {
    const project = tempProject('test/fixtures/mini-spec');
    const doc = join(project, 'spec/mini-1.0.md');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('| Party | 3f |', '| Party | 3g |'));
    const broken = await freshLoadCodec(project);
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics.map((d) => d.ruleId)).toContain('invalid-token');
    expect(files()).toEqual([]);

    writeFileSync(doc, readFileSync(doc, 'utf8').replace('| Party | 3g |', '| Party | 3f |'));
    process.env.IMPS_TOKENGEN_CACHE = 'off';
    expect((await freshLoadCodec(project)).ok).toBe(true);
    expect(files()).toEqual([]);
  });
});
