/** `suggest`: tokens for unassigned placeholders (and errata for wrong stated tokens), as YAML to paste. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { DEFAULT_ASSIGNMENTS_FILE } from '../../defaults.js';
import { UsageError } from '../../errors.js';
import { loadSpec } from '../../load.js';
import { changeRequestIds } from '../../review/report.js';
import { renderSuggestionYaml, suggestAssignments } from '../../review/suggest.js';
import { didYouMean } from '../../common/did-you-mean.js';
import { EXIT, type CliIo } from '../io.js';
import { SPEC_OPTIONS } from './common.js';

export const spec: CommandSpec = {
  name: 'suggest',
  summary:
    'Propose tokens for the XX placeholders that have no assignment: the lowest token no version of the spec uses in that code page (0x05-0x3F) ' +
    'or value space (from 0x00), in row order, never one already taken. For a row stating a base name with another token, propose an erratum. ' +
    'Prints assignment-file YAML to paste; exits 0.',
  positionals: [],
  options: {
    cr: { type: 'string', valueName: 'id', description: 'only this change request (its front-matter id)' },
    ...SPEC_OPTIONS,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const o = cl.options;
  const specDir = resolve(io.cwd, o.spec as string);
  const assignmentsPath = o.assignments ? resolve(io.cwd, o.assignments as string) : undefined;
  const load = loadSpec({ specDir, ...(assignmentsPath ? { assignmentsPath } : {}) });
  const only = o.cr as string | undefined;
  if (only !== undefined && !changeRequestIds(load).includes(only)) {
    const ids = changeRequestIds(load);
    throw new UsageError(
      `No change request \`${only}\`${didYouMean(only, ids)}. The change requests are: ${ids.map((i) => `\`${i}\``).join(', ') || 'none'}.`,
    );
  }
  const result = suggestAssignments(load, only);
  io.writeOut(renderSuggestionYaml(result, existsSync(assignmentsPath ?? join(specDir, DEFAULT_ASSIGNMENTS_FILE))));
  return EXIT.ok;
}
