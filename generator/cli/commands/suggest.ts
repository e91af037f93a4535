/** `suggest`: tokens for unassigned placeholders (and errata for wrong stated tokens), as YAML to paste. */
import { suggest } from '../../api.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { HELP, specOptions, SPEC_OPTIONS } from '../options.js';

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
    help: HELP,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const cr = cl.options.cr as string | undefined;
  const result = await suggest({ ...specOptions(cl, io), ...(cr !== undefined ? { changeRequest: cr } : {}) });
  io.writeOut(result.yaml);
  return EXIT.ok;
}
