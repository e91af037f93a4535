/** Temporary project folders for tests that run the generator on a copy of a spec. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './paths.js';

const made: string[] = [];

/** Removes the folders made so far; run after each test file (setup.ts). */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function tempDir(prefix = 'imps-tokengen-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A temporary project holding a copy of `specFrom` (relative to the repo) as `spec/`. */
export function tempProject(specFrom = 'spec'): string {
  const d = tempDir();
  cpSync(join(ROOT, specFrom), join(d, 'spec'), { recursive: true });
  return d;
}

/** Every file below `dir` with its bytes, keyed by `/`-separated relative path. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (abs: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(abs, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const rel of readTree(dir).keys()) out.set(rel, statSync(join(dir, rel)).mtimeMs);
  return out;
}
