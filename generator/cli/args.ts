/**
 * Command-line parsing from one declarative table per command: the same table produces the
 * help text and the validation, so they cannot drift apart. Built on `util.parseArgs` (strict).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { didYouMean } from '../common/did-you-mean.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Allowed values of a string option. */
  readonly choices?: readonly string[];
  readonly short?: string;
  /** Shown in the help text. */
  readonly valueName?: string;
  readonly default?: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments, e.g. `[file]`. */
  readonly positionals: readonly { readonly name: string; readonly description: string; readonly optional: boolean }[];
  readonly options: Readonly<Record<string, OptionSpec>>;
}

type ParsedOptions = Record<string, string | boolean | undefined>;

export interface ParsedCommandLine {
  readonly options: ParsedOptions;
  readonly positionals: readonly string[];
  /** The arguments as given after the command name. */
  readonly raw: readonly string[];
}

export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedCommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const names = Object.keys(spec.options).map((n) => `--${n}`);
      throw new UsageError(
        `Unknown option \`${unknown}\` for \`${spec.name}\`${didYouMean(unknown, names)}. See \`imps-tokengen ${spec.name} --help\`.`,
      );
    }
    throw new UsageError(`${message.replace(/\. To specify a positional.*$/s, '')}. See \`imps-tokengen ${spec.name} --help\`.`);
  }
  const values = parsed.values as ParsedOptions;
  // `--help` shows the help whatever else the command line lacks (`diff --help` has no trees).
  if (values.help === true) return { options: values, positionals: parsed.positionals, raw: argv };
  for (const [name, o] of Object.entries(spec.options)) {
    const v = values[name];
    if (typeof v === 'string' && o.choices && !o.choices.includes(v)) {
      throw new UsageError(`\`--${name} ${v}\` is not one of ${o.choices.join(', ')}${didYouMean(v, o.choices)}.`);
    }
    if (v === undefined && o.default !== undefined) values[name] = o.default;
  }
  const max = spec.positionals.length;
  const min = spec.positionals.filter((p) => !p.optional).length;
  if (parsed.positionals.length > max || parsed.positionals.length < min) {
    const usage = spec.positionals.map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`)).join(' ');
    throw new UsageError(
      `\`${spec.name}\` takes ${min === max ? max : `${min} to ${max}`} argument${max === 1 ? '' : 's'}${usage ? ` (${usage})` : ''}, got ${parsed.positionals.length}.`,
    );
  }
  return { options: values, positionals: parsed.positionals, raw: argv };
}

export function commandHelp(spec: CommandSpec): string {
  const usage = spec.positionals.map((p) => (p.optional ? ` [${p.name}]` : ` <${p.name}>`)).join('');
  const lines = [`Usage: imps-tokengen ${spec.name} [options]${usage}`, '', spec.summary, ''];
  if (spec.positionals.length > 0) {
    lines.push('Arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(26)} ${p.description}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, o] of Object.entries(spec.options)) {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.valueName ?? (o.choices ? o.choices.join('|') : 'value')}>` : ''}`;
    lines.push(`  ${flag.padEnd(26)} ${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}`);
  }
  return lines.join('\n') + '\n';
}
