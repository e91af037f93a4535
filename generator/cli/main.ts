/**
 * The command line: argv → command → exit code. Each command is a thin shell over the library;
 * this file only dispatches and turns failures into exit codes:
 * 0 ok, 1 findings (spec errors, drift, differences), 2 usage or IO, 3 internal error.
 *
 * Commands are imported when run, so that a quick command (an up-to-date `check`) does not
 * pay for loading the markdown parser or ts-morph.
 */
import { commandHelp, parseCommandLine, type CommandSpec, type ParsedCommandLine } from './args.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../common/did-you-mean.js';
import { packageVersion } from '../package-root.js';
import { EXIT, type CliIo } from './io.js';

interface Command {
  readonly spec: CommandSpec;
  run(cl: ParsedCommandLine, io: CliIo): Promise<number>;
}

/** In the order `--help` lists them. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  generate: () => import('./commands/generate.js'),
  check: () => import('./commands/check.js'),
  validate: () => import('./commands/validate.js'),
  tables: () => import('./commands/tables.js'),
  review: () => import('./commands/review.js'),
  suggest: () => import('./commands/suggest.js'),
  diff: () => import('./commands/diff.js'),
  encode: () => import('./commands/encode.js'),
  decode: () => import('./commands/decode.js'),
};

export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

async function mainHelp(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const lines = [
    'imps-tokengen: the OMA IMPS (Wireless Village) CSP WBXML token tables, from the spec markdown to typed',
    'enums, a WBXML codec and docs.',
    '',
    'Usage: imps-tokengen <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.spec.name.padEnd(10)} ${c.spec.summary.split(/(?<=\.) /)[0]}`),
    '',
    'Run `imps-tokengen <command> --help` for the options of a command.',
  ];
  return lines.join('\n') + '\n';
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.writeOut(await mainHelp());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.writeOut(`imps-tokengen ${packageVersion()}\n`);
      return EXIT.ok;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) {
      throw new UsageError(
        `Unknown command \`${name}\`${didYouMean(name, Object.keys(COMMANDS))}. Run \`imps-tokengen --help\` for the list.`,
      );
    }
    const command = await load();
    const cl = parseCommandLine(command.spec, rest);
    if (cl.options.help === true) {
      io.writeOut(commandHelp(command.spec));
      return EXIT.ok;
    }
    return await command.run(cl, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.writeErr(`imps-tokengen: ${e.message}\n`);
      return EXIT.usage;
    }
    io.writeErr(`imps-tokengen: internal error, please report it with the command that caused it:\n${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
