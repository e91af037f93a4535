/** The options of `generate` and `check`, and how they become {@link RunOptions}. */
import type { OptionSpec, ParsedCommandLine } from '../args.js';
import type { RunOptions } from '../../api.js';
import type { CliIo } from '../io.js';
import { DIAGNOSTICS_FORMAT } from './common.js';

export const RUN_OPTIONS = {
  config: {
    type: 'string',
    valueName: 'file',
    description: 'config file (default: imps-tokengen.config.json or .yaml in the working directory)',
  },
  spec: { type: 'string', valueName: 'dir', description: "the spec folder (default: spec, or the config file's `spec`)" },
  assignments: { type: 'string', valueName: 'file', description: 'the assignment file (default: <spec>/assignments.yaml)' },
  out: { type: 'string', valueName: 'dir', description: 'the output folder (default: generated)' },
  versions: { type: 'string', valueName: 'x.y,…', description: 'versions to emit, comma-separated (default: all)' },
  outputs: { type: 'string', valueName: 'enums,codec,docs', description: 'outputs to emit, comma-separated (default: all)' },
  'identifier-style': {
    type: 'string',
    choices: ['pascal', 'preserve'],
    description: 'how spec names become identifiers (default: pascal)',
  },
  'enum-style': {
    type: 'string',
    choices: ['enum', 'const'],
    description: 'token tables as TypeScript enums, or as erasable `as const` objects (default: enum)',
  },
  'import-extension': {
    type: 'string',
    choices: ['js', 'ts'],
    description: 'extension of relative imports in the generated modules: .js, or .ts for Node type stripping (default: js)',
  },
  format: DIAGNOSTICS_FORMAT,
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} as const satisfies Record<string, OptionSpec>;

export function runOptions(cl: ParsedCommandLine, io: CliIo): RunOptions {
  const o = cl.options;
  const list = (v: unknown) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const opts: { -readonly [K in keyof RunOptions]: RunOptions[K] } = { cwd: io.cwd };
  if (str(o.config) !== undefined) opts.config = str(o.config)!;
  if (str(o.spec) !== undefined) opts.spec = str(o.spec)!;
  if (str(o.assignments) !== undefined) opts.assignments = str(o.assignments)!;
  if (str(o.out) !== undefined) opts.out = str(o.out)!;
  if (list(o.versions) !== undefined) opts.versions = list(o.versions)!;
  if (list(o.outputs) !== undefined) opts.outputs = list(o.outputs)!;
  if (str(o['identifier-style']) !== undefined) opts.identifierStyle = str(o['identifier-style'])!;
  if (str(o['enum-style']) !== undefined) opts.enumStyle = str(o['enum-style'])!;
  if (str(o['import-extension']) !== undefined) opts.importExtension = str(o['import-extension'])!;
  return opts;
}

/** The command line that regenerates with the same settings, for `check`'s advice. */
export function regenerateCommand(argv: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--format' || a.startsWith('--format=')) {
      if (a === '--format') i++;
      continue;
    }
    kept.push(/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  }
  return ['imps-tokengen', 'generate', ...kept].join(' ');
}
