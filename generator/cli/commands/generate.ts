/** `generate`: write every output for every version, all or nothing. */
import { generateAndWrite } from '../../api.js';
import { displayPath } from '../../common/paths.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { RUN_OPTIONS, runOptions } from '../options.js';
import { printDiagnostics } from './common.js';

export const spec: CommandSpec = {
  name: 'generate',
  summary:
    'Generate the token enums, the WBXML codec and the docs into the output folder. Nothing is written if the spec has an error (exit 1); ' +
    'otherwise only changed files are written and outputs that no longer belong are removed.',
  positionals: [],
  options: RUN_OPTIONS,
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const result = await generateAndWrite(runOptions(cl, io));
  const format = cl.options.format as string;
  printDiagnostics(io, result.diagnostics, format);
  const out = displayPath(result.settings.outDir, io.cwd);
  if (!result.drift) {
    if (format === 'text') io.writeErr(`nothing written to ${out}/\n`);
    return EXIT.findings;
  }
  const d = result.drift;
  if (format === 'text')
    io.writeErr(`${out}/: ${d.stale.length + d.missing.length} written, ${d.orphans.length} removed, ${d.unchanged.length} unchanged\n`);
  return EXIT.ok;
}
