/**
 * `generate --watch` as an editor uses it on a project of their own: the mini spec in a fresh
 * folder, with the assignment file outside the spec folder and a config file. In process through
 * `watchGenerate`; one test runs the CLI for the flag itself and Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { watchGenerate, type Watch, type WatchRun } from '../../generator/watch/watch.js';
import { builtCli } from '../support/bin.js';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

function project(): string {
  const dir = tempDir('imps-tokengen-watch-');
  cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(dir, 'spec'), { recursive: true });
  renameSync(join(dir, 'spec/assignments.yaml'), join(dir, 'assignments.yaml'));
  writeFileSync(join(dir, 'imps-tokengen.config.json'), JSON.stringify({ assignments: 'assignments.yaml', outputs: ['enums'] }));
  return dir;
}

/** Starts a watch; `next()` is the next run (each run is delivered once, in order). */
function start(cwd: string): { watch: Watch; next: () => Promise<WatchRun> } {
  const runs: WatchRun[] = [];
  const waiting: ((r: WatchRun) => void)[] = [];
  const watch = watchGenerate({ cwd, debounceMs: 60 }, (r) => {
    const w = waiting.shift();
    if (w) w(r);
    else runs.push(r);
  });
  const next = () => {
    const r = runs.shift();
    if (r) return Promise.resolve(r);
    return new Promise<WatchRun>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no run within 20 s')), 20_000);
      waiting.push((x) => {
        clearTimeout(t);
        resolve(x);
      });
    });
  };
  watches.push(watch);
  return { watch, next };
}

const watches: Watch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.close();
});

const generated = (r: WatchRun) => {
  if (r.kind !== 'generated') throw new Error(`expected a run, got ${String(r.error)}`);
  return r.result;
};
const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

describe('watchGenerate', () => {
  test('regenerates on a spec edit, keeps the last good output through a spec error, follows assignment and config edits', async () => {
    const dir = project();
    const tokens = join(dir, 'generated/csp-1.1/tokens.ts');
    const { next } = start(dir);

    const first = generated(await next());
    expect(first.ok).toBe(true);
    expect(readFileSync(tokens, 'utf8')).toContain('  When = 0x09,');

    edit(join(dir, 'spec/mini-1.0-for-1.1.md'), '| When | 09 |', '| When | 0C |');
    expect(generated(await next()).ok).toBe(true);
    const good = readFileSync(tokens, 'utf8');
    expect(good).toMatch(/^ {2}When = 0x0C$/m);

    // A slip: the run reports it at its place and writes nothing.
    edit(join(dir, 'spec/mini-1.0-for-1.1.md'), '| Party | 3f |', '| Party | 3z |');
    const broken = generated(await next());
    expect(broken.ok).toBe(false);
    expect(broken.drift).toBeUndefined();
    expect(broken.diagnostics.map((d) => `${basename(d.at?.file ?? '')}:${d.at?.line} ${d.ruleId}`)).toEqual([
      'mini-1.0-for-1.1.md:27 invalid-token',
    ]);
    expect(readFileSync(tokens, 'utf8')).toBe(good);

    edit(join(dir, 'spec/mini-1.0-for-1.1.md'), '| Party | 3z |', '| Party | 3f |');
    edit(join(dir, 'spec/mini-1.0-for-1.1.md'), '| When | 0C |', '| When | 09 |');
    expect(generated(await next()).ok).toBe(true);
    expect(readFileSync(tokens, 'utf8')).toContain('  When = 0x09,');

    // The assignment file lives outside the spec folder.
    edit(join(dir, 'assignments.yaml'), 'Widget: 0x0A', 'Widget: 0x0C');
    expect(generated(await next()).ok).toBe(true);
    expect(readFileSync(tokens, 'utf8')).toMatch(/^ {2}Widget = 0x0C$/m);

    // The config file: another enum style.
    writeFileSync(
      join(dir, 'imps-tokengen.config.json'),
      JSON.stringify({ assignments: 'assignments.yaml', outputs: ['enums'], enumStyle: 'const' }),
    );
    expect(generated(await next()).ok).toBe(true);
    expect(readFileSync(tokens, 'utf8')).toContain('export const CommonTag = {');
  });

  test('a burst of saves gives one run; a broken config is reported and the watch goes on', async () => {
    const dir = project();
    const { next } = start(dir);
    expect(generated(await next()).ok).toBe(true);

    const file = join(dir, 'spec/mini-1.0-for-1.1.md');
    const text = readFileSync(file, 'utf8');
    for (let i = 0; i < 5; i++) writeFileSync(file, text.replace('| Count | 08 |', `| Count | 08 |${' '.repeat(i)}`));
    expect(generated(await next()).ok).toBe(true);
    const config = join(dir, 'imps-tokengen.config.json');
    writeFileSync(config, '{"enumStile": "const"}');
    const bad = await next();
    expect(bad.kind).toBe('error');
    expect(String((bad as { error: unknown }).error)).toContain('did you mean `enumStyle`');
    // Nothing ran in between: the burst gave exactly one run.
    writeFileSync(config, JSON.stringify({ assignments: 'assignments.yaml', outputs: ['enums'] }));
    expect(generated(await next()).ok).toBe(true);
  });
});

test('the CLI: `generate --watch` reports each run and stops on Ctrl-C with exit code 0', async () => {
  const dir = project();
  const child = spawn(process.execPath, [builtCli(), 'generate', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no run within 30 s:\n${stderr}`)), 30_000);
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (stderr.includes('watching for changes')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(stderr).toMatch(/^generated\/: \d+ written, 0 removed, 0 unchanged\nwatching for changes \(Ctrl-C stops\)\n$/);
  expect(code).toBe(0);
});
