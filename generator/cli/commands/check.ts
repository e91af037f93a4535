/** `check`: does the output folder hold exactly what `generate` would write? */
import { check } from '../../api.js';
import { displayPath } from '../../common/paths.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { RUN_OPTIONS, runOptions } from '../options.js';
import { printDiagnostics } from './common.js';

export const spec: CommandSpec = {
  name: 'check',
  summary:
    'Check that the output folder is up to date: list every stale, missing and orphaned file and the command that fixes them (exit 1), ' +
    'or say it is up to date (exit 0). Writes nothing.',
  positionals: [],
  options: RUN_OPTIONS,
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const argv = cl.raw;
  const result = await check(runOptions(cl, io));
  const format = cl.options.format as string;
  const out = displayPath(result.settings.outDir, io.cwd);
  if (format === 'json') {
    io.writeOut(
      JSON.stringify(
        {
          upToDate: result.ok,
          ...(result.drift ? { stale: result.drift.stale, missing: result.drift.missing, orphans: result.drift.orphans } : {}),
          diagnostics: result.diagnostics,
        },
        null,
        2,
      ) + '\n',
    );
    return result.ok ? EXIT.ok : EXIT.findings;
  }
  printDiagnostics(io, result.diagnostics, format);
  if (!result.drift) return EXIT.findings;
  const d = result.drift;
  const lines = [
    ...d.stale.map((f) => `stale:   ${out}/${f}`),
    ...d.missing.map((f) => `missing: ${out}/${f}`),
    ...d.orphans.map((f) => `orphan:  ${out}/${f}`),
  ];
  if (lines.length === 0) {
    io.writeErr(`${out}/ is up to date (${d.unchanged.length} files)\n`);
    return EXIT.ok;
  }
  if (format === 'github') {
    for (const l of lines)
      io.writeOut(`::error file=${l.replace(/^\w+:\s+/, '')}::${l.split(':')[0]} generated file; run ${regenerateCommand(argv)}\n`);
  }
  io.writeErr(
    `${lines.join('\n')}\n${out}/ is out of date (${lines.length} ${lines.length === 1 ? 'file' : 'files'}). Run: ${regenerateCommand(argv)}\n`,
  );
  return EXIT.findings;
}

/** The command line that regenerates with the same settings, for the advice above. */
function regenerateCommand(argv: readonly string[]): string {
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
