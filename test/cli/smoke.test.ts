/**
 * The real executable, for what only a process shows: it starts (compiled as `npm run build`
 * compiles it, without generated/), exit codes and output through real streams, stdin, and a
 * reader that closes the pipe early. Everything else about the commands is tested in process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateAndWrite } from '../../generator/api.js';
import { builtCli } from '../support/bin.js';
import { ROOT, runCli } from '../support/cli.js';
import { tempProject } from '../support/tmp.js';

describe('the imps-tokengen executable', () => {
  beforeAll(() => void builtCli(), 240_000);

  test('the build compiles the generator alone: a broken generated/ cannot stop it', () => {
    const out = dirname(dirname(builtCli()));
    expect(existsSync(join(out, 'generator/cli.js'))).toBe(true);
    expect(existsSync(join(out, 'cli/cli.js'))).toBe(true);
    expect(existsSync(join(out, 'generated'))).toBe(false);
  });

  test('--version: exit 0, on stdout', () => {
    const version = runCli(['--version']);
    expect(version).toMatchObject({ status: 0, stderr: '' });
    const { version: expected } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`imps-tokengen ${expected}\n`);
  });

  test('a usage error: exit 2, the message on stderr, nothing on stdout', () => {
    expect(runCli(['generat'])).toEqual(
      expect.objectContaining({
        status: 2,
        stdout: '',
        stderr: 'imps-tokengen: Unknown command `generat` (did you mean `generate`?). Run `imps-tokengen --help` for the list.\n',
      }),
    );
  });

  // `generate` itself runs in a real process in test/emit/generate.test.ts (determinism across
  // locales); here the outputs are generated in process, so that no second process loads ts-morph.
  test('check (exit 0) and a spec error (exit 1) in a project folder', async () => {
    const p = tempProject('test/fixtures/mini-spec');
    expect((await generateAndWrite({ cwd: p })).ok).toBe(true);
    const written = readdirSync(join(p, 'generated'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    expect(runCli(['check'], { cwd: p })).toMatchObject({ status: 0, stdout: '', stderr: `generated/ is up to date (${written} files)\n` });
    const a = join(p, 'spec/assignments.yaml');
    writeFileSync(a, readFileSync(a, 'utf8').replace('Widget: 0x0A', 'Widget: 0x08'));
    const v = runCli(['validate'], { cwd: p });
    expect(v.status).toBe(1);
    expect(v.stderr).toMatch(/\[duplicate-token\]\n(.*\n)*1 error, 0 warnings\n$/);
  });

  test('encode from stdin to stdout, decode it back', () => {
    const spec = ['--spec', 'test/fixtures/mini-spec'];
    const enc = runCli(['encode', ...spec, '--version', '1.1'], { input: '<Mini-Message><Count>300</Count></Mini-Message>' });
    expect(enc.status, enc.stderr).toBe(0);
    expect([...enc.stdoutBytes]).toEqual([0x03, 0x7b, 0x6a, 0x00, 0x45, 0x48, 0xc3, 0x02, 0x01, 0x2c, 0x01, 0x01]);
    const dec = runCli(['decode', ...spec, '--compact'], { input: enc.stdoutBytes });
    expect(dec).toMatchObject({ status: 0, stderr: '' });
    expect(dec.stdout).toBe('<?xml version="1.0" encoding="UTF-8"?><Mini-Message><Count>300</Count></Mini-Message>\n');
  });

  test('a reader that closes the pipe before the output is written (| true) is not an error', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${builtCli()}" tables --spec test/fixtures/mini-spec --format json | true; echo "exit \${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('exit 0\n');
  });
});
