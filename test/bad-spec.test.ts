/**
 * The bad-input corpus (test/fixtures/bad-spec/<case>/): each case starts from a copy of the
 * mini spec with freshly generated outputs, breaks one thing (case.json: text replacements,
 * files written, deleted, turned into folders or symlink loops, invalid bytes, text appended —
 * `append: [{ file, text, times? }]` appends `text` `times` times, for inputs too large or too
 * deeply nested to write out), runs the CLI in process with `args`, and must give exactly the
 * expected exit code and message (expected.txt), print nothing on stdout — and leave generated/
 * byte for byte as it was. `UPDATE=1` rewrites expected.txt (review the diff before committing it).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateAndWrite } from '../generator/api.js';
import { ROOT, runMain } from './support/cli.js';
import { expectFile } from './support/expect-file.js';
import { readTree, tempDir } from './support/tmp.js';

interface Case {
  readonly args: string[];
  readonly replace?: { file: string; find: string; with: string }[];
  readonly write?: Record<string, string>;
  readonly delete?: string[];
  readonly mkdir?: string[];
  readonly symlink?: Record<string, string>;
  readonly bytes?: Record<string, 'append-ff'>;
  readonly append?: { file: string; text: string; times?: number }[];
  /** Start without generated outputs (for cases about the output folder itself). */
  readonly emptyOutput?: boolean;
}

const CORPUS = join(ROOT, 'test/fixtures/bad-spec');
const cases = readdirSync(CORPUS).sort();

function treeHash(dir: string): string {
  const h = createHash('sha256');
  if (existsSync(dir)) for (const [path, bytes] of readTree(dir)) h.update(`${path}\0`).update(bytes);
  return h.digest('hex');
}

function apply(project: string, c: Case): void {
  for (const r of c.replace ?? []) {
    const p = join(project, r.file);
    const text = readFileSync(p, 'utf8');
    if (!text.includes(r.find)) throw new Error(`case fixture is stale: ${r.file} does not contain ${JSON.stringify(r.find)}`);
    writeFileSync(p, text.replace(r.find, r.with));
  }
  for (const [file, text] of Object.entries(c.write ?? {})) writeFileSync(join(project, file), text);
  for (const file of c.delete ?? []) rmSync(join(project, file));
  for (const dir of c.mkdir ?? []) mkdirSync(join(project, dir), { recursive: true });
  for (const [link, target] of Object.entries(c.symlink ?? {})) symlinkSync(target, join(project, link));
  for (const a of c.append ?? []) appendFileSync(join(project, a.file), a.text.repeat(a.times ?? 1));
  for (const [file] of Object.entries(c.bytes ?? {}))
    appendFileSync(join(project, file), Buffer.from([0x0a, 0x62, 0x61, 0x64, 0x20, 0xff, 0xfe, 0x0a]));
}

describe('bad spec corpus', () => {
  /** The mini spec with its outputs generated once; each case starts from a copy of it. */
  let template: string;
  beforeAll(async () => {
    template = tempDir('imps-tokengen-bad-');
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(template, 'spec'), { recursive: true });
    expect((await generateAndWrite({ cwd: template })).ok).toBe(true);
  });

  test('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  test.each(cases)('%s', async (name) => {
    const c = JSON.parse(readFileSync(join(CORPUS, name, 'case.json'), 'utf8')) as Case;
    const project = tempDir('imps-tokengen-bad-');
    cpSync(join(template, 'spec'), join(project, 'spec'), { recursive: true });
    if (!c.emptyOutput) cpSync(join(template, 'generated'), join(project, 'generated'), { recursive: true });
    apply(project, c);
    // Taken after the case's edits, some of which are in the output folder (or make it a symlink).
    const before = treeHash(join(project, 'generated'));
    const r = await runMain(c.args, { cwd: project });
    expectFile(`exit ${r.status}\n${r.stderr}`, join(CORPUS, name, 'expected.txt'));
    expect([1, 2]).toContain(r.status);
    expect(r.stdout).toBe('');
    expect(treeHash(join(project, 'generated'))).toBe(before);
  });
});
