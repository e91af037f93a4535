/** `validate`: read the spec and the assignment file and report every problem; nothing is written. */
import { validate } from '../../api.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { DIAGNOSTICS_FORMAT, HELP, specOptions, SPEC_OPTIONS } from '../options.js';
import { printDiagnostics } from './common.js';

export const spec: CommandSpec = {
  name: 'validate',
  summary:
    'Check the spec and the assignment file: parse every document, compose every version, resolve every XX, and report all problems with file:line:col. ' +
    'Exits 1 if there is an error.',
  positionals: [],
  options: { format: DIAGNOSTICS_FORMAT, ...SPEC_OPTIONS, help: HELP },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const result = await validate(specOptions(cl, io));
  const format = cl.options.format as string;
  printDiagnostics(io, result.diagnostics, format);
  if (format === 'text' && result.diagnostics.length === 0) io.writeErr(`spec OK: ${result.versions.join(', ')}\n`);
  return result.ok ? EXIT.ok : EXIT.findings;
}
