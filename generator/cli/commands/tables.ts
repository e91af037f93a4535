/** `tables`: the resolved token tables of one version, as JSON or TSV. */
import { tables } from '../../api.js';
import { versionJson, versionTsv } from '../../model/serialize.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { HELP, specOptions, SPEC_OPTIONS } from '../options.js';
import { printDiagnostics } from './common.js';

export const spec: CommandSpec = {
  name: 'tables',
  summary:
    'Print the resolved token tables of a version (every code page, attribute start token and value token, with the place each was stated). ' +
    'Exits 1 if the spec has errors.',
  positionals: [],
  options: {
    version: { type: 'string', valueName: 'x.y', description: 'the version to print (default: every version)' },
    'base-only': { type: 'boolean', description: "the version's base document alone, before its change requests" },
    format: { type: 'string', choices: ['json', 'tsv'], description: 'output format', default: 'tsv' },
    ...SPEC_OPTIONS,
    help: HELP,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const wanted = cl.options.version as string | undefined;
  const result = await tables({
    ...specOptions(cl, io),
    ...(wanted !== undefined ? { version: wanted } : {}),
    baseOnly: cl.options['base-only'] === true,
  });
  printDiagnostics(io, result.diagnostics, 'text');
  // The version may be missing because of the spec's errors (without errors, `tables` throws).
  if (wanted !== undefined && result.versions.length === 0) return EXIT.findings;
  if (cl.options.format === 'json') {
    const json = result.versions.map(versionJson);
    io.writeOut(JSON.stringify(wanted === undefined ? json : json[0], null, 2) + '\n');
  } else {
    io.writeOut(result.versions.map((v) => (wanted === undefined ? `# version ${v.version}\n` : '') + versionTsv(v)).join('\n'));
  }
  return result.ok ? EXIT.ok : EXIT.findings;
}
