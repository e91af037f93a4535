/**
 * The CLI's own surface, in process: help for the tool and for every command (exit 0, whatever
 * else the command line lacks), the version, and the usage errors of the command line itself
 * (exit 2, one line on stderr that says how to fix it). What the commands do is tested through
 * the API; that the CLI prints exactly that, in api-cli.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { COMMAND_NAMES } from '../../generator/cli/main.js';
import { runMain } from '../support/cli.js';

describe('help', () => {
  test('lists every command with its one-line summary', async () => {
    const r = await runMain(['--help']);
    expect(r.status).toBe(0);
    for (const name of COMMAND_NAMES) expect(r.stdout).toMatch(new RegExp(`\\n  ${name} +[A-Z]`));
  });

  test.each(COMMAND_NAMES)('%s --help: usage and options on stdout, exit 0', async (name) => {
    const r = await runMain([name, '--help']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^Usage: imps-tokengen ${name} \\[options\\]`));
    expect(r.stdout).toContain('  -h, --help');
  });

  test('the commands that read the spec take --config, --spec and --assignments', async () => {
    for (const name of COMMAND_NAMES.filter((n) => n !== 'diff')) {
      const { stdout } = await runMain([name, '--help']);
      for (const flag of ['--config <file>', '--spec <dir>', '--assignments <file>']) expect(stdout, `${name} ${flag}`).toContain(flag);
    }
  });
});

test.each([
  [['--version'], 0, /^imps-tokengen \d+\.\d+\.\d+\n$/, ''],
  [[], 2, /^imps-tokengen: the OMA IMPS/, ''],
  [['generat'], 2, /^$/, 'imps-tokengen: Unknown command `generat` (did you mean `generate`?). Run `imps-tokengen --help` for the list.\n'],
  [
    ['validate', '--spce', 'x'],
    2,
    /^$/,
    'imps-tokengen: Unknown option `--spce` for `validate` (did you mean `--spec`?). See `imps-tokengen validate --help`.\n',
  ],
  [['review', '--format', 'yaml'], 2, /^$/, 'imps-tokengen: `--format yaml` is not one of md, json.\n'],
  [['diff', 'spec'], 2, /^$/, 'imps-tokengen: `diff` takes 2 arguments (<old> <new>), got 1.\n'],
  [['encode', 'a.xml', 'b.xml'], 2, /^$/, 'imps-tokengen: `encode` takes 0 to 1 argument ([file]), got 2.\n'],
  [['check', '--out'], 2, /^$/, "imps-tokengen: Option '--out <value>' argument missing. See `imps-tokengen check --help`.\n"],
])('%j: exit %i', async (args, status, stdout, stderr) => {
  const r = await runMain(args);
  expect(r.status).toBe(status);
  expect(r.stdout).toMatch(stdout);
  expect(r.stderr).toBe(stderr);
});
