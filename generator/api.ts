/**
 * The programmatic API. The CLI is a thin shell over these functions; build tools and tests
 * call them directly. Nothing here writes unless asked to ({@link writeGenerated}).
 */
import type { Diagnostic } from './diagnostics.js';
import type { GeneratedFile } from './emit/plan.js';
import { planOutputs } from './emit/plan.js';
import { loadSpec, type LoadResult } from './load.js';
import type { SpecModel } from './model/types.js';
import { resolveSettings, type Settings, type SettingsInput } from './settings.js';
import { compareOutputs, hasDrift, writeOutputs, type Drift } from './write/output-folder.js';

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

export function loadWithSettings(settings: Settings): LoadResult {
  return loadSpec({ specDir: settings.specDir, ...(settings.assignmentsPath ? { assignmentsPath: settings.assignmentsPath } : {}) });
}

/** Reads the spec and renders every output in memory. */
export function generate(options: RunOptions = {}): GenerateResult {
  const settings = resolveSettings(options, options.cwd ?? process.cwd());
  const load = loadWithSettings(settings);
  const missing = settings.versions?.filter((v) => !load.model.versions.some((m) => m.version === v)) ?? [];
  const diagnostics = [...load.diagnostics];
  if (missing.length > 0 && !load.hasErrors) {
    diagnostics.push({
      severity: 'error',
      ruleId: 'unknown-version',
      message: `Version${missing.length > 1 ? 's' : ''} ${missing.join(', ')} asked for, but the spec defines ${load.model.versions.map((v) => v.version).join(', ') || 'none'}.`,
    });
  }
  const ok = !load.hasErrors && missing.length === 0;
  return { ok, files: ok ? planOutputs(load, settings) : [], diagnostics, settings, model: load.model };
}

/** Brings the output folder in line with a {@link generate} result, all or nothing. */
export function writeGenerated(result: GenerateResult): Drift {
  if (!result.ok) throw new Error('writeGenerated: the spec has errors; nothing to write');
  return writeOutputs(result.settings.outDir, result.files);
}

export interface CheckResult {
  /** True when the spec is valid and the output folder is exactly what `generate` would write. */
  readonly ok: boolean;
  readonly drift: Drift | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: Settings;
}

/** Compares the output folder with what {@link generate} would write. */
export function check(options: RunOptions = {}): CheckResult {
  const result = generate(options);
  if (!result.ok) return { ok: false, drift: undefined, diagnostics: result.diagnostics, settings: result.settings };
  const drift = compareOutputs(result.settings.outDir, result.files);
  return { ok: !hasDrift(drift), drift, diagnostics: result.diagnostics, settings: result.settings };
}
