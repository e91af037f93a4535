/** `validate`: read the spec and the assignment file and report every problem; nothing is written. */
import { resolve } from 'node:path';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { loadSpec } from '../../load.js';
import { EXIT, type CliIo } from '../io.js';
import { DIAGNOSTICS_FORMAT, printDiagnostics, SPEC_OPTIONS } from './common.js';

export const spec: CommandSpec = {
  name: 'validate',
  summary:
    'Check the spec and the assignment file: parse every document, compose every version, resolve every XX, and report all problems with file:line:col. ' +
    'Exits 1 if there is an error.',
  positionals: [],
  options: { format: DIAGNOSTICS_FORMAT, ...SPEC_OPTIONS },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const o = cl.options;
  const result = loadSpec({
    specDir: resolve(io.cwd, o.spec as string),
    ...(o.assignments ? { assignmentsPath: resolve(io.cwd, o.assignments as string) } : {}),
  });
  printDiagnostics(io, result.diagnostics, o.format as string);
  if (o.format === 'text' && result.diagnostics.length === 0) {
    io.writeErr(`spec OK: ${result.model.versions.map((v) => v.version).join(', ')}\n`);
  }
  return result.hasErrors ? EXIT.findings : EXIT.ok;
}
