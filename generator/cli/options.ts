/**
 * The flags the commands share, and how flags become the API's options: every command that reads
 * the spec takes `--config`, `--spec` and `--assignments` and resolves them (with the config file)
 * through the same settings as `generate`.
 */
import type { RunOptions } from '../api.js';
import type { OptionSpec, ParsedCommandLine } from './args.js';
import type { CliIo } from './io.js';

export const HELP = { type: 'boolean', short: 'h', description: 'show this help' } as const satisfies OptionSpec;

/** Where the spec is: the options of every command that reads it. */
export const SPEC_OPTIONS = {
  config: {
    type: 'string',
    valueName: 'file',
    description: 'config file (default: imps-tokengen.config.json or .yaml in the working directory)',
  },
  spec: { type: 'string', valueName: 'dir', description: "the spec folder (default: spec, or the config file's `spec`)" },
  assignments: { type: 'string', valueName: 'file', description: 'the assignment file (default: <spec>/assignments.yaml)' },
} as const satisfies Record<string, OptionSpec>;

export const DIAGNOSTICS_FORMAT = {
  type: 'string',
  choices: ['text', 'json', 'github'],
  description: 'how to print diagnostics',
  default: 'text',
} as const satisfies OptionSpec;

/** The options of `generate` and `check`. */
export const RUN_OPTIONS = {
  ...SPEC_OPTIONS,
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
  help: HELP,
} as const satisfies Record<string, OptionSpec>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const list = (v: unknown) =>
  str(v)
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The {@link SPEC_OPTIONS} given on a command line, as API options. */
export function specOptions(cl: ParsedCommandLine, io: CliIo): RunOptions {
  const o = cl.options;
  return {
    cwd: io.cwd,
    ...(str(o.config) !== undefined ? { config: str(o.config)! } : {}),
    ...(str(o.spec) !== undefined ? { spec: str(o.spec)! } : {}),
    ...(str(o.assignments) !== undefined ? { assignments: str(o.assignments)! } : {}),
  };
}

/** The {@link RUN_OPTIONS} given on a command line, as API options. */
export function runOptions(cl: ParsedCommandLine, io: CliIo): RunOptions {
  const o = cl.options;
  return {
    ...specOptions(cl, io),
    ...(str(o.out) !== undefined ? { out: str(o.out)! } : {}),
    ...(list(o.versions) !== undefined ? { versions: list(o.versions)! } : {}),
    ...(list(o.outputs) !== undefined ? { outputs: list(o.outputs)! } : {}),
    ...(str(o['identifier-style']) !== undefined ? { identifierStyle: str(o['identifier-style'])! } : {}),
    ...(str(o['enum-style']) !== undefined ? { enumStyle: str(o['enum-style'])! } : {}),
    ...(str(o['import-extension']) !== undefined ? { importExtension: str(o['import-extension'])! } : {}),
  };
}
