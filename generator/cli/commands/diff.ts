/** `diff <old> <new>`: token changes between two spec trees (folders or git revisions). */
import { diff } from '../../api.js';
import { countChanges, renderDiffMarkdown } from '../../diff/spec-diff.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { HELP, specOptions, SPEC_OPTIONS } from '../options.js';

export const spec: CommandSpec = {
  name: 'diff',
  summary:
    'Compare the resolved token tables of two spec trees — folders, or git revisions such as HEAD~1 (the spec folder as it was then) — ' +
    'and list tokens added, removed, renamed and renumbered per version and code page. Exits 0 when identical, 1 when different, ' +
    '2 when a tree cannot be read or does not validate.',
  positionals: [
    { name: 'old', description: 'a spec folder, or a git revision (`rev` or `rev:path`)', optional: false },
    { name: 'new', description: 'a spec folder, or a git revision', optional: false },
  ],
  options: {
    format: { type: 'string', choices: ['md', 'json'], description: 'output format', default: 'md' },
    config: SPEC_OPTIONS.config,
    spec: {
      type: 'string',
      valueName: 'dir',
      description: "the spec folder a bare git revision refers to (default: spec, or the config file's `spec`)",
    },
    help: HELP,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const [from, to] = cl.positionals as [string, string];
  const d = await diff({ ...specOptions(cl, io), from, to });
  io.writeOut(cl.options.format === 'json' ? JSON.stringify(d, null, 2) + '\n' : renderDiffMarkdown(d));
  return d.versions.some((v) => v.scopes.some((s) => countChanges(s) > 0)) ? EXIT.findings : EXIT.ok;
}
