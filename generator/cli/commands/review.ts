/** `review`: each change request's placeholders, explicit rows, errata and occupancy, for reviewers. */
import { resolve } from 'node:path';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { UsageError } from '../../errors.js';
import { loadSpec } from '../../load.js';
import { buildReview, changeRequestIds } from '../../review/report.js';
import { renderReviewMarkdown } from '../../review/render-markdown.js';
import { didYouMean } from '../../common/did-you-mean.js';
import { EXIT, type CliIo } from '../io.js';
import { diagnosticsJson, SPEC_OPTIONS } from './common.js';

export const spec: CommandSpec = {
  name: 'review',
  summary:
    'Review change requests: every XX placeholder with its assigned token and status, every explicit row checked against the base, the errata applied, ' +
    'and an occupancy grid of each code page and value-token block the request touches. Markdown (default) or JSON on stdout. Exits 1 while any error remains.',
  positionals: [],
  options: {
    cr: { type: 'string', valueName: 'id', description: 'only this change request (its front-matter id)' },
    format: { type: 'string', choices: ['md', 'json'], description: 'output format', default: 'md' },
    ...SPEC_OPTIONS,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const o = cl.options;
  const load = loadSpec({
    specDir: resolve(io.cwd, o.spec as string),
    ...(o.assignments ? { assignmentsPath: resolve(io.cwd, o.assignments as string) } : {}),
  });
  const only = o.cr as string | undefined;
  if (only !== undefined && !changeRequestIds(load).includes(only)) {
    const ids = changeRequestIds(load);
    throw new UsageError(
      `No change request \`${only}\`${didYouMean(only, ids)}. The change requests are: ${ids.map((i) => `\`${i}\``).join(', ') || 'none'}.`,
    );
  }
  const report = buildReview(load, only);
  if (o.format === 'json') {
    const { diagnostics, ...rest } = report;
    io.writeOut(JSON.stringify({ ...rest, ...diagnosticsJson(diagnostics) }, null, 2) + '\n');
  } else io.writeOut(renderReviewMarkdown(report));
  return report.errors > 0 ? EXIT.findings : EXIT.ok;
}
