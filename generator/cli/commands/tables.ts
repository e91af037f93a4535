/** `tables`: the resolved token tables of one version, as JSON or TSV. */
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { UsageError } from '../../errors.js';
import { loadSpec } from '../../load.js';
import { versionJson, versionTsv } from '../../model/serialize.js';
import { EXIT, type CliIo } from '../io.js';
import { printDiagnostics, SPEC_OPTIONS } from './common.js';
import { resolve } from 'node:path';

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
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const o = cl.options;
  const result = loadSpec({
    specDir: resolve(io.cwd, o.spec as string),
    ...(o.assignments ? { assignmentsPath: resolve(io.cwd, o.assignments as string) } : {}),
    baseOnly: o['base-only'] === true,
  });
  printDiagnostics(io, result.diagnostics, 'text');
  const wanted = o.version as string | undefined;
  const versions = wanted === undefined ? result.model.versions : result.model.versions.filter((v) => v.version === wanted);
  if (wanted !== undefined && versions.length === 0) {
    const known = result.model.versions.map((v) => v.version).join(', ');
    if (!result.hasErrors) throw new UsageError(`No version ${wanted} in the spec (versions: ${known || 'none'}).`);
    return EXIT.findings;
  }
  if (o.format === 'json') {
    const json = versions.map(versionJson);
    io.writeOut(JSON.stringify(wanted === undefined ? json : json[0], null, 2) + '\n');
  } else {
    io.writeOut(versions.map((v) => (wanted === undefined ? `# version ${v.version}\n` : '') + versionTsv(v)).join('\n'));
  }
  return result.hasErrors ? EXIT.findings : EXIT.ok;
}
