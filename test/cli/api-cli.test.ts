/**
 * Every command is settings → API → print: for each command, table-driven, the CLI (in process)
 * prints exactly what the API returns, with the exit code its result calls for — and an API call
 * that throws a UsageError is the CLI's exit 2 with the same message. The project keeps its spec
 * in `myspec/`, named only by its config file, so every row also shows that the config file
 * applies to every command that reads the spec.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  check,
  diff,
  formatDiagnosticsText,
  generate,
  loadCodec,
  review,
  suggest,
  tables,
  UsageError,
  validate,
} from '../../generator/index.js';
import { renderDiffMarkdown } from '../../generator/diff/spec-diff.js';
import { versionJson, versionTsv } from '../../generator/model/serialize.js';
import { renderReviewMarkdown } from '../../generator/review/render-markdown.js';
import { toXml } from '../../generator/runtime/xml-writer.js';
import { encodeXml } from '../../generator/xml.js';
import { COMMAND_NAMES } from '../../generator/cli/main.js';
import { ROOT, runMain } from '../support/cli.js';
import { readTree, tempDir } from '../support/tmp.js';

/** What the CLI should print and return. */
interface Expected {
  readonly status: number;
  readonly stdout: string | Uint8Array;
  readonly stderr: string;
}

interface Row {
  readonly name: string;
  readonly args: readonly string[];
  readonly input?: string | Uint8Array;
  /** The API call with the same settings (`cwd` is the project). */
  readonly api: (cwd: string) => Promise<unknown>;
  /** What the CLI prints for that result. */
  readonly print: (result: never) => Expected;
  /** Run in the project whose spec has an error (an assignment removed). */
  readonly broken?: boolean;
}

const diagText = (diagnostics: Parameters<typeof formatDiagnosticsText>[0]) =>
  diagnostics.length ? formatDiagnosticsText(diagnostics) : '';
const MINI_MESSAGE = '<Mini-Message><Count>300</Count><When>20011019T095031</When></Mini-Message>';

const ROWS: Row[] = [
  {
    name: 'validate',
    args: ['validate'],
    api: (cwd) => validate({ cwd }),
    print: (r: Awaited<ReturnType<typeof validate>>) => ({
      status: r.ok ? 0 : 1,
      stdout: '',
      stderr: r.diagnostics.length ? formatDiagnosticsText(r.diagnostics) : `spec OK: ${r.versions.join(', ')}\n`,
    }),
  },
  {
    name: 'validate, spec with an error',
    broken: true,
    args: ['validate'],
    api: (cwd) => validate({ cwd }),
    print: (r: Awaited<ReturnType<typeof validate>>) => ({
      status: r.ok ? 0 : 1,
      stdout: '',
      stderr: formatDiagnosticsText(r.diagnostics),
    }),
  },
  {
    name: 'tables (tsv, every version)',
    args: ['tables'],
    api: (cwd) => tables({ cwd }),
    print: (r: Awaited<ReturnType<typeof tables>>) => ({
      status: 0,
      stdout: r.versions.map((v) => `# version ${v.version}\n${versionTsv(v)}`).join('\n'),
      stderr: '',
    }),
  },
  {
    name: 'tables --version 1.1 --format json',
    args: ['tables', '--version', '1.1', '--format', 'json'],
    api: (cwd) => tables({ cwd, version: '1.1' }),
    print: (r: Awaited<ReturnType<typeof tables>>) => ({
      status: 0,
      stdout: JSON.stringify(versionJson(r.versions[0]!), null, 2) + '\n',
      stderr: '',
    }),
  },
  {
    name: 'tables --version 1.1 --base-only, spec with an error in the change request',
    broken: true,
    args: ['tables', '--version', '1.1', '--base-only'],
    api: (cwd) => tables({ cwd, version: '1.1', baseOnly: true }),
    print: (r: Awaited<ReturnType<typeof tables>>) => ({
      status: r.ok ? 0 : 1,
      stdout: versionTsv(r.versions[0]!),
      stderr: diagText(r.diagnostics),
    }),
  },
  {
    name: 'tables --version 9.9 (no such version)',
    args: ['tables', '--version', '9.9'],
    api: (cwd) => tables({ cwd, version: '9.9' }),
    print: () => ({ status: 0, stdout: '', stderr: '' }),
  },
  {
    name: 'review',
    args: ['review'],
    api: (cwd) => review({ cwd }),
    print: (r: Awaited<ReturnType<typeof review>>) => ({ status: r.errors ? 1 : 0, stdout: renderReviewMarkdown(r), stderr: '' }),
  },
  {
    name: 'review --cr cr-widgets, spec with an error',
    broken: true,
    args: ['review', '--cr', 'cr-widgets'],
    api: (cwd) => review({ cwd, changeRequest: 'cr-widgets' }),
    print: (r: Awaited<ReturnType<typeof review>>) => ({ status: r.errors ? 1 : 0, stdout: renderReviewMarkdown(r), stderr: '' }),
  },
  {
    name: 'review --cr cr-widget (no such change request)',
    args: ['review', '--cr', 'cr-widget'],
    api: (cwd) => review({ cwd, changeRequest: 'cr-widget' }),
    print: () => ({ status: 0, stdout: '', stderr: '' }),
  },
  {
    name: 'suggest: nothing to suggest',
    args: ['suggest'],
    api: (cwd) => suggest({ cwd }),
    print: (r: Awaited<ReturnType<typeof suggest>>) => {
      expect(r.yaml).toContain('# Nothing to suggest');
      return { status: 0, stdout: r.yaml, stderr: '' };
    },
  },
  {
    name: 'suggest, spec with an unassigned placeholder',
    broken: true,
    args: ['suggest'],
    api: (cwd) => suggest({ cwd }),
    print: (r: Awaited<ReturnType<typeof suggest>>) => ({ status: 0, stdout: r.yaml, stderr: '' }),
  },
  {
    name: 'suggest --cr nope',
    args: ['suggest', '--cr', 'nope'],
    api: (cwd) => suggest({ cwd, changeRequest: 'nope' }),
    print: () => ({ status: 0, stdout: '', stderr: '' }),
  },
  {
    name: 'diff: the spec against itself',
    args: ['diff', 'myspec', 'myspec'],
    api: (cwd) => diff({ cwd, from: 'myspec', to: 'myspec' }),
    print: (r: Awaited<ReturnType<typeof diff>>) => ({ status: 0, stdout: renderDiffMarkdown(r), stderr: '' }),
  },
  {
    name: 'diff with a tree that does not validate',
    args: ['diff', 'myspec', 'broken/myspec'],
    api: (cwd) => diff({ cwd, from: 'myspec', to: 'broken/myspec' }),
    print: () => ({ status: 0, stdout: '', stderr: '' }),
  },
  {
    name: 'check (nothing generated yet)',
    args: ['check'],
    api: (cwd) => check({ cwd }),
    print: (r: Awaited<ReturnType<typeof check>>) => {
      const d = r.drift!;
      const lines = d.missing.map((f) => `missing: out/${f}`);
      return {
        status: 1,
        stdout: '',
        stderr: `${lines.join('\n')}\nout/ is out of date (${lines.length} files). Run: imps-tokengen generate\n`,
      };
    },
  },
  {
    name: 'check --versions 2.0 (not in the spec)',
    args: ['check', '--versions', '2.0'],
    api: (cwd) => check({ cwd, versions: ['2.0'] }),
    print: () => ({ status: 0, stdout: '', stderr: '' }),
  },
  {
    name: 'encode --version 1.1',
    args: ['encode', '--version', '1.1'],
    input: MINI_MESSAGE,
    api: async (cwd) => encodeXml(MINI_MESSAGE, (await loadCodec({ cwd })).registry, { version: '1.1' }).bytes,
    print: (bytes: Uint8Array) => ({ status: 0, stdout: bytes, stderr: '' }),
  },
  {
    name: 'decode',
    args: ['decode'],
    input: new Uint8Array([0x03, 0x7b, 0x6a, 0x00, 0x45, 0x48, 0xc3, 0x02, 0x01, 0x2c, 0x01, 0x01]),
    api: async (cwd) =>
      (await loadCodec({ cwd })).decode(new Uint8Array([0x03, 0x7b, 0x6a, 0x00, 0x45, 0x48, 0xc3, 0x02, 0x01, 0x2c, 0x01, 0x01])),
    print: (r: { doc: Parameters<typeof toXml>[0] }) => ({ status: 0, stdout: toXml(r.doc, { indent: '  ' }), stderr: '' }),
  },
  {
    name: 'encode, spec with an error',
    broken: true,
    args: ['encode'],
    input: MINI_MESSAGE,
    api: (cwd) => loadCodec({ cwd }),
    print: (r: Awaited<ReturnType<typeof loadCodec>>) => ({ status: 1, stdout: '', stderr: formatDiagnosticsText(r.diagnostics) }),
  },
];

describe('API and CLI agree', () => {
  let project: string;
  beforeAll(() => {
    project = tempDir('imps-tokengen-agree-');
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(project, 'myspec'), { recursive: true });
    writeFileSync(join(project, 'imps-tokengen.config.yaml'), 'spec: myspec\nout: out\n');
    // The same project with an error: a placeholder without assignment (in its own folder).
    cpSync(join(project, 'myspec'), join(project, 'broken/myspec'), { recursive: true });
    writeFileSync(join(project, 'broken/imps-tokengen.config.yaml'), 'spec: myspec\nout: out\n');
    const a = join(project, 'broken/myspec/assignments.yaml');
    writeFileSync(a, readFileSync(a, 'utf8').replace('      Widget: 0x0A\n', ''));
  });

  test.each(ROWS)('$name', async (row) => {
    const cwd = row.broken ? join(project, 'broken') : project;
    const cli = await runMain(row.args, { cwd, ...(row.input !== undefined ? { input: row.input } : {}) });
    let expected: Expected;
    try {
      expected = row.print((await row.api(cwd)) as never);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      expected = { status: 2, stdout: '', stderr: `imps-tokengen: ${e.message}\n` };
    }
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: expected.status, stderr: expected.stderr });
    if (typeof expected.stdout === 'string') expect(cli.stdout).toBe(expected.stdout);
    else expect(new Uint8Array(cli.stdoutBytes)).toEqual(expected.stdout);
  });

  test('the rows cover every command (generate below)', () => {
    const covered = new Set([...ROWS.map((r) => r.args[0]), 'generate']);
    expect(COMMAND_NAMES.filter((c) => !covered.has(c))).toEqual([]);
  });

  test('generate: the CLI writes exactly the files the API renders', async () => {
    const dir = tempDir('imps-tokengen-agree-');
    cpSync(join(project, 'myspec'), join(dir, 'myspec'), { recursive: true });
    cpSync(join(project, 'imps-tokengen.config.yaml'), join(dir, 'imps-tokengen.config.yaml'));
    const api = await generate({ cwd: dir });
    const cli = await runMain(['generate'], { cwd: dir });
    expect(cli).toMatchObject({ status: 0, stdout: '', stderr: `out/: ${api.files.length} written, 0 removed, 0 unchanged\n` });
    expect(new Map([...readTree(join(dir, 'out'))].map(([p, b]) => [p, b.toString('utf8')]))).toEqual(
      new Map(api.files.map((f) => [f.path, f.content])),
    );
    rmSync(join(dir, 'out'), { recursive: true });
  });
});
