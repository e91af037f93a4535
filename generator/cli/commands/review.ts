/** `review`: each change request's placeholders, explicit rows, errata and occupancy, for reviewers. */
import { review } from '../../api.js';
import { renderReviewMarkdown } from '../../review/render-markdown.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { HELP, specOptions, SPEC_OPTIONS } from '../options.js';
import { diagnosticsJson } from './common.js';

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
    help: HELP,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const cr = cl.options.cr as string | undefined;
  const report = await review({ ...specOptions(cl, io), ...(cr !== undefined ? { changeRequest: cr } : {}) });
  if (cl.options.format === 'json') {
    const { diagnostics, ...rest } = report;
    io.writeOut(JSON.stringify({ ...rest, ...diagnosticsJson(diagnostics) }, null, 2) + '\n');
  } else io.writeOut(renderReviewMarkdown(report));
  return report.errors > 0 ? EXIT.findings : EXIT.ok;
}
