/** `diff <old> <new>`: token changes between two spec trees (folders or git revisions). */
import { resolve } from 'node:path';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { UsageError } from '../../errors.js';
import { loadSpec } from '../../load.js';
import { countChanges, diffSpecs, renderDiffMarkdown } from '../../diff/spec-diff.js';
import { openSpecTree } from '../../diff/spec-tree.js';
import { formatDiagnosticsText } from '../../diagnostics.js';
import { EXIT, type CliIo } from '../io.js';

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
    spec: { type: 'string', valueName: 'dir', description: 'the spec folder whose path a bare git revision refers to', default: 'spec' },
    format: { type: 'string', choices: ['md', 'json'], description: 'output format', default: 'md' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const specDir = resolve(io.cwd, cl.options.spec as string);
  const [oldArg, newArg] = cl.positionals as [string, string];
  const trees = [openSpecTree(oldArg, io.cwd, specDir)];
  try {
    trees.push(openSpecTree(newArg, io.cwd, specDir));
    // A tree's own assignment file resolves its placeholders.
    const models = trees.map((t) => {
      const r = loadSpec({ specDir: t.dir });
      if (r.hasErrors) {
        throw new UsageError(
          `\`${t.label}\` does not validate, so its tables cannot be compared:\n${formatDiagnosticsText(r.diagnostics)}`,
        );
      }
      return r.model;
    });
    const d = diffSpecs(oldArg, models[0]!, newArg, models[1]!);
    if (cl.options.format === 'json') io.writeOut(JSON.stringify(d, null, 2) + '\n');
    else io.writeOut(renderDiffMarkdown(d));
    return d.versions.some((v) => v.scopes.some((s) => countChanges(s) > 0)) ? EXIT.findings : EXIT.ok;
  } finally {
    for (const t of trees) t.dispose();
  }
}
