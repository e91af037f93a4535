/** Printing what the commands share: diagnostics as text, JSON or GitHub annotations. */
import { formatDiagnosticsGithub, formatDiagnosticsText, summarize, type Diagnostic } from '../../diagnostics.js';
import { placeJson } from '../../model/serialize.js';
import type { CliIo } from '../io.js';

export function diagnosticsJson(items: readonly Diagnostic[]) {
  return {
    diagnostics: items.map((d) => ({
      severity: d.severity,
      ruleId: d.ruleId,
      message: d.message,
      ...(d.at ? { at: { ...placeJson(d.at), endLine: d.at.endLine, endColumn: d.at.endColumn } } : {}),
      ...(d.related ? { related: d.related.map((r) => ({ message: r.message, at: placeJson(r.at) })) } : {}),
    })),
    summary: summarize(items),
    errors: items.filter((d) => d.severity === 'error').length,
    warnings: items.filter((d) => d.severity === 'warning').length,
  };
}

/**
 * Prints diagnostics to stderr in text; `json` and `github` go to stdout for tools. Nothing is
 * printed for a clean run in text mode, so a successful build step stays quiet.
 */
export function printDiagnostics(io: CliIo, items: readonly Diagnostic[], format: string): void {
  if (format === 'json') io.writeOut(JSON.stringify(diagnosticsJson(items), null, 2) + '\n');
  else if (format === 'github') io.writeOut(formatDiagnosticsGithub(items));
  else if (items.length > 0) io.writeErr(formatDiagnosticsText(items));
}
