/** `generate`: write every output for every version, all or nothing; with `--watch`, again on every change. */
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { generateAndWrite, type GenerateAndWriteResult } from '../../api.js';
import { UsageError } from '../../errors.js';
import { EXIT, type CliIo } from '../io.js';
import { printDiagnostics } from './common.js';
import { RUN_OPTIONS, runOptions } from '../options.js';
import { displayPath } from '../../common/paths.js';

export const spec: CommandSpec = {
  name: 'generate',
  summary:
    'Generate the token enums, the WBXML codec and the docs into the output folder. Nothing is written if the spec has an error (exit 1); ' +
    'otherwise only changed files are written and outputs that no longer belong are removed.',
  positionals: [],
  options: {
    ...RUN_OPTIONS,
    watch: {
      type: 'boolean',
      description: 'keep running: generate again whenever the spec folder, the assignment file or the config file changes (Ctrl-C stops)',
    },
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const format = cl.options.format as string;
  if (cl.options.watch === true) return watch(cl, io, format);
  return report(await generateAndWrite(runOptions(cl, io)), io, format);
}

function report(result: GenerateAndWriteResult, io: CliIo, format: string): number {
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

/** Runs until SIGINT or SIGTERM; each run is reported as a single `generate` would report it. */
async function watch(cl: ParsedCommandLine, io: CliIo, format: string): Promise<number> {
  const { watchGenerate } = await import('../../watch/watch.js');
  const w = watchGenerate(runOptions(cl, io), (r) => {
    if (r.kind === 'generated') report(r.result, io, format);
    else if (r.error instanceof UsageError) io.writeErr(`imps-tokengen: ${r.error.message}\n`);
    else io.writeErr(`imps-tokengen: internal error, please report it:\n${(r.error as Error).stack ?? String(r.error)}\n`);
    if (format === 'text') io.writeErr('watching for changes (Ctrl-C stops)\n');
  });
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await w.close();
  return EXIT.ok;
}
