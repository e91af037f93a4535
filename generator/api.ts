/**
 * The programmatic API. The CLI is a thin shell over these functions; build tools and tests
 * call them directly. Nothing here writes unless asked to ({@link writeGenerated}).
 *
 * The heavy stages (the markdown parser, ts-morph) are imported on first use, so that an
 * up-to-date `check` — the common case in a build — costs only hashing.
 */
import type { Diagnostic } from './diagnostics.js';
import { UsageError } from './errors.js';
import type { GeneratedFile } from './emit/plan.js';
import { fingerprint } from './fingerprint.js';
import type { LoadResult } from './load.js';
import type { SpecModel } from './model/types.js';
import { resolveSettings, type Settings, type SettingsInput } from './settings.js';
import { compareOutputs, hasDrift, writeOutputs, type Drift } from './write/output-folder.js';
import { upToDateOutputs } from './write/up-to-date.js';

export interface RunOptions extends SettingsInput {
  /** The working directory config discovery and relative paths start from (default: `process.cwd()`). */
  readonly cwd?: string;
}

export interface GenerateResult {
  /** False when the spec has errors; `files` is then empty. */
  readonly ok: boolean;
  /** Every output, path relative to `settings.outDir`; nothing has been written. */
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: Settings;
  readonly model: SpecModel;
}

export async function loadWithSettings(settings: Settings): Promise<LoadResult> {
  const { loadSpec } = await import('./load.js');
  return loadSpec({ specDir: settings.specDir, ...(settings.assignmentsPath ? { assignmentsPath: settings.assignmentsPath } : {}) });
}

/** Reads the spec and renders every output in memory. */
export async function generate(options: RunOptions = {}): Promise<GenerateResult> {
  const settings = resolveSettings(options, options.cwd ?? process.cwd());
  return render(settings);
}

async function render(settings: Settings): Promise<GenerateResult> {
  const fp = fingerprint(settings);
  const load = await loadWithSettings(settings);
  const diagnostics = load.diagnostics;
  // A version asked for that the spec does not define is a usage error; when the spec has errors,
  // those come first (the version may be missing because of them).
  const missing = settings.versions?.filter((v) => !load.model.versions.some((m) => m.version === v)) ?? [];
  if (missing.length > 0 && !load.hasErrors) {
    throw new UsageError(
      `Version${missing.length > 1 ? 's' : ''} ${missing.join(', ')} asked for, but the spec defines ${load.model.versions.map((v) => v.version).join(', ') || 'none'}.`,
    );
  }
  const ok = !load.hasErrors && missing.length === 0;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const files = ok ? (await import('./emit/plan.js')).planOutputs(load.model, settings, fp, warnings) : [];
  return { ok, files, diagnostics, settings, model: load.model };
}

/** Brings the output folder in line with a {@link generate} result, all or nothing. */
export function writeGenerated(result: GenerateResult): Drift {
  if (!result.ok) throw new Error('writeGenerated: the spec has errors; nothing to write');
  return writeOutputs(result.settings.outDir, result.files);
}

export interface GenerateAndWriteResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: Settings;
  /** What was written and removed; undefined when the spec has errors (nothing written). */
  readonly drift: Drift | undefined;
}

/**
 * `generate` followed by writing, as the CLI does. When the outputs are already up to date
 * (same fingerprint, untouched files), nothing is parsed, rendered or written.
 */
export async function generateAndWrite(options: RunOptions = {}): Promise<GenerateAndWriteResult> {
  const settings = resolveSettings(options, options.cwd ?? process.cwd());
  const current = upToDateOutputs(settings.outDir, fingerprint(settings));
  if (current) return { ok: true, diagnostics: [], settings, drift: { stale: [], missing: [], orphans: [], unchanged: current } };
  const result = await render(settings);
  return { ok: result.ok, diagnostics: result.diagnostics, settings, drift: result.ok ? writeGenerated(result) : undefined };
}

export interface CheckResult {
  /** True when the spec is valid and the output folder is exactly what `generate` would write. */
  readonly ok: boolean;
  readonly drift: Drift | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: Settings;
}

/** Compares the output folder with what {@link generate} would write. */
export async function check(options: RunOptions = {}): Promise<CheckResult> {
  const settings = resolveSettings(options, options.cwd ?? process.cwd());
  const current = upToDateOutputs(settings.outDir, fingerprint(settings));
  if (current) return { ok: true, drift: { stale: [], missing: [], orphans: [], unchanged: current }, diagnostics: [], settings };
  const result = await render(settings);
  if (!result.ok) return { ok: false, drift: undefined, diagnostics: result.diagnostics, settings };
  const drift = compareOutputs(settings.outDir, result.files);
  return { ok: !hasDrift(drift), drift, diagnostics: result.diagnostics, settings };
}

export interface ReviewOptions extends RunOptions {
  /** Only this change request (its front-matter id). */
  readonly changeRequest?: string;
}

/**
 * The review of the spec's change requests (what `imps-tokengen review` prints): placeholders and
 * their assignments, explicit rows against the base, errata, occupancy grids, and every diagnostic.
 */
export async function review(options: ReviewOptions = {}): Promise<import('./review/report.js').ReviewReport> {
  const settings = resolveSettings(options, options.cwd ?? process.cwd());
  const { buildReview } = await import('./review/report.js');
  return buildReview(await loadWithSettings(settings), options.changeRequest);
}

/** Tokens for unassigned placeholders, and errata for wrong stated tokens, with the YAML to paste. */
export async function suggest(
  options: ReviewOptions = {},
): Promise<import('./review/suggest.js').SuggestResult & { readonly yaml: string }> {
  const settings = resolveSettings(options, options.cwd ?? process.cwd());
  const { suggestAssignments, renderSuggestionYaml } = await import('./review/suggest.js');
  const result = suggestAssignments(await loadWithSettings(settings), options.changeRequest);
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { DEFAULT_ASSIGNMENTS_FILE } = await import('./defaults.js');
  return {
    ...result,
    yaml: renderSuggestionYaml(result, existsSync(settings.assignmentsPath ?? join(settings.specDir, DEFAULT_ASSIGNMENTS_FILE))),
  };
}
