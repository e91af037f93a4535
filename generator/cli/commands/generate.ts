/** `generate`: write every output for every version, all or nothing. */
import { relative } from 'node:path';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { generate, writeGenerated } from '../../api.js';
import { displayPath } from '../../parse/spec-folder.js';
import { EXIT, type CliIo } from '../io.js';
import { printDiagnostics } from './common.js';
import { RUN_OPTIONS, runOptions } from './run-options.js';

export const spec: CommandSpec = {
  name: 'generate',
  summary:
    'Generate the token enums, the WBXML codec and the docs into the output folder. Nothing is written if the spec has an error (exit 1); ' +
    'otherwise only changed files are written and outputs that no longer belong are removed.',
  positionals: [],
  options: RUN_OPTIONS,
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const result = generate(runOptions(cl, io));
  printDiagnostics(io, result.diagnostics, cl.options.format as string);
  if (!result.ok) {
    if (cl.options.format === 'text') io.writeErr(`nothing written to ${displayPath(result.settings.outDir, io.cwd)}/\n`);
    return EXIT.findings;
  }
  const d = writeGenerated(result);
  const out = displayPath(result.settings.outDir, io.cwd) || relative(io.cwd, result.settings.outDir);
  if (cl.options.format === 'text') {
    io.writeErr(
      `${out}/: ${d.stale.length + d.missing.length} written, ${d.orphans.length} removed, ${d.unchanged.length} unchanged\n`,
    );
  }
  return EXIT.ok;
}
