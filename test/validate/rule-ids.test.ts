/**
 * Code and docs agree on the rule ids: every rule the spec stages raise (parse, compose, validate,
 * load) is documented in spec/README.md ("What is an error"), and every documented rule is raised
 * somewhere in the generator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../support/cli.js';

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Rule ids in calls `.error('id', …)` / `.warning('id', …)`, `RULE = 'id'` and `check('id', …)`. */
function raised(files: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\.(?:error|warning)\(\s*'([a-z0-9-]+)'|\bRULE = '([a-z0-9-]+)'|\bcheck\(\s*'([a-z0-9-]+)'/g)) {
      ids.add((m[1] ?? m[2] ?? m[3])!);
    }
  }
  return ids;
}

function documented(): Set<string> {
  const readme = readFileSync(join(ROOT, 'spec/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What is an error'));
  const ids = new Set<string>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    for (const m of row.split('|')[1]!.matchAll(/`([a-z0-9-]+)`/g)) ids.add(m[1]!);
  }
  return ids;
}

test('every rule the spec stages raise is documented in spec/README.md', () => {
  const stages = [...['parse', 'compose', 'validate'].flatMap((d) => sources(`generator/${d}`)), join(ROOT, 'generator/load.ts')];
  const ids = raised(stages);
  expect(ids.size).toBeGreaterThan(50);
  expect([...ids].filter((id) => !documented().has(id)).sort()).toEqual([]);
});

test('every documented rule is raised by the generator', () => {
  const ids = raised(sources('generator'));
  expect([...documented()].filter((id) => !ids.has(id)).sort()).toEqual([]);
});
