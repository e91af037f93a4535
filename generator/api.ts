/**
 * The programmatic API. Every CLI command is a thin shell over one of these functions: the
 * command turns its flags into options, calls the function, and prints the result; build tools
 * and tests call the functions directly and get the same answers and the same errors. Each
 * function resolves its settings the same way (defaults, then the config file, then the
 * options), and nothing here writes unless asked to ({@link writeGenerated}, {@link generateAndWrite}).
 *
 * Problems in the spec are diagnostics in the result; a bad option, a missing folder or an
 * unreadable file is a thrown {@link UsageError} (the CLI's exit code 2).
 *
 * The heavy stages (the markdown parser, ts-morph) are imported on first use, so that an
 * up-to-date `check` — the common case in a build — costs only hashing.
 */
import { existsSync } from 'node:fs';
import { didYouMean } from './common/did-you-mean.js';
import { formatDiagnosticsText, type Diagnostic } from './diagnostics.js';
import type { GeneratedFile } from './emit/plan.js';
import { UsageError } from './errors.js';
import { type Fingerprint, fingerprint } from './fingerprint.js';
import type { LoadResult } from './load.js';
import type { SpecModel, VersionModel } from './model/types.js';
import type { SpecDiff } from './diff/spec-diff.js';
import { shippedSpecDir } from './package-root.js';
import type { ReviewReport } from './review/report.js';
import type { SuggestResult } from './review/suggest.js';
import type { DecodeResult } from './runtime/decoder.js';
import type { DecodeOptions, EncodeOptions } from './runtime/options.js';
import type { CspTables } from './runtime/tables.js';
import type { CspElement } from './runtime/tree.js';
import { assignmentsFile, resolveSettings, type Settings, type SettingsInput } from './settings.js';
import { compareOutputs, hasDrift, writeOutputs, type Drift } from './write/output-folder.js';
import { upToDateOutputs } from './write/up-to-date.js';

export interface RunOptions extends SettingsInput {
  /**
   * The working directory: config discovery and relative paths start here, and messages name
   * files relative to it. Default: `process.cwd()` (the one place the API reads it).
   */
  readonly cwd?: string;
}

function settingsOf(options: RunOptions): Settings {
  return resolveSettings(options, options.cwd ?? process.cwd());
}

async function load(settings: Settings, extra: { readonly specDir?: string; readonly baseOnly?: boolean } = {}): Promise<LoadResult> {
  const { loadSpec } = await import('./load.js');
  return loadSpec({
    specDir: extra.specDir ?? settings.specDir,
    ...(settings.assignmentsPath !== undefined && extra.specDir === undefined ? { assignmentsPath: settings.assignmentsPath } : {}),
    ...(extra.baseOnly ? { baseOnly: true } : {}),
    cwd: settings.cwd,
  });
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

/** Reads the spec and renders every output in memory. */
export async function generate(options: RunOptions = {}): Promise<GenerateResult> {
  return render(settingsOf(options));
}

/**
 * The versions the settings ask for (all by default), oldest first; undefined when the spec has
 * errors. A version asked for that the spec does not define is a usage error, unless the spec has
 * errors: those come first (the version may be missing because of them).
 */
function wantedVersions(settings: Settings, loaded: LoadResult): VersionModel[] | undefined {
  const defined = loaded.model.versions.map((v) => v.version);
  const missing = settings.versions?.filter((v) => !defined.includes(v)) ?? [];
  if (loaded.hasErrors) return undefined;
  if (missing.length > 0) {
    throw new UsageError(
      `Version${missing.length > 1 ? 's' : ''} ${missing.join(', ')} asked for, but the spec defines ${defined.join(', ') || 'none'}.`,
    );
  }
  return loaded.model.versions.filter((v) => !settings.versions || settings.versions.includes(v.version));
}

/** Loads and renders every output; `fp` is the fingerprint recorded in MANIFEST.json (hashed once per run). */
async function render(settings: Settings, fp: Fingerprint = fingerprint(settings)): Promise<GenerateResult> {
  // The TypeScript outputs' compiler loads on a second thread while this one reads the spec (emit/worker.ts).
  const { startTypeScriptWorker } = await import('./emit/worker.js');
  const worker = startTypeScriptWorker(settings);
  let loaded: LoadResult;
  let versions: VersionModel[] | undefined;
  try {
    loaded = await load(settings);
    versions = wantedVersions(settings, loaded);
  } finally {
    if (!versions) worker?.cancel();
  }
  const diagnostics = loaded.diagnostics;
  if (!versions) return { ok: false, files: [], diagnostics, settings, model: loaded.model };
  const [{ joinPlans }, { planDocs }, { withManifest }] = await Promise.all([
    import('./emit/plan.js'),
    import('./emit/plan-docs.js'),
    import('./write/manifest.js'),
  ]);
  const model = loaded.model;
  // Sent before the docs are rendered here, so that the two are printed side by side.
  const typescript = worker?.render(model).catch(() => undefined);
  const docs = planDocs(model, settings);
  const ts = (await typescript) ?? (await import('./emit/plan-typescript.js')).planTypeScript(model, settings);
  const files = withManifest(joinPlans(ts, docs), {
    settings,
    fingerprint: fp,
    versions: versions.map((v) => v.version),
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  });
  return { ok: true, files, diagnostics, settings, model: loaded.model };
}

/** Brings the output folder in line with a {@link generate} result, all or nothing. */
export function writeGenerated(result: GenerateResult): Drift {
  if (!result.ok) throw new Error('writeGenerated: the spec has errors; nothing to write');
  return writeOutputs({ dir: result.settings.outDir, cwd: result.settings.cwd }, result.files);
}

/** The output folder's drift when MANIFEST.json shows it up to date for `fp` (nothing changed), else undefined. */
function upToDate(settings: Settings, fp: Fingerprint): Drift | undefined {
  const unchanged = upToDateOutputs({ dir: settings.outDir, cwd: settings.cwd }, fp);
  return unchanged && { stale: [], missing: [], orphans: [], unchanged };
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
  const settings = settingsOf(options);
  const fp = fingerprint(settings);
  const current = upToDate(settings, fp);
  if (current) return { ok: true, diagnostics: [], settings, drift: current };
  const result = await render(settings, fp);
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
  const settings = settingsOf(options);
  const fp = fingerprint(settings);
  const current = upToDate(settings, fp);
  if (current) return { ok: true, drift: current, diagnostics: [], settings };
  const result = await render(settings, fp);
  if (!result.ok) return { ok: false, drift: undefined, diagnostics: result.diagnostics, settings };
  const drift = compareOutputs({ dir: settings.outDir, cwd: settings.cwd }, result.files);
  return { ok: !hasDrift(drift), drift, diagnostics: result.diagnostics, settings };
}

export interface ValidateResult {
  /** False when the spec or the assignment file has an error. */
  readonly ok: boolean;
  /** The versions the spec defines. */
  readonly versions: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: Settings;
}

/** Parses and composes the spec, resolves every placeholder, and reports every problem. */
export async function validate(options: RunOptions = {}): Promise<ValidateResult> {
  const settings = settingsOf(options);
  const loaded = await load(settings);
  return { ok: !loaded.hasErrors, versions: loaded.model.versions.map((v) => v.version), diagnostics: loaded.diagnostics, settings };
}

export interface TablesOptions extends RunOptions {
  /** Only this version (default: every version). */
  readonly version?: string;
  /** Each version's base document alone, before its change requests (no assignment file is read). */
  readonly baseOnly?: boolean;
}

export interface TablesResult {
  /** False when the spec has errors (the tables are then what could be composed). */
  readonly ok: boolean;
  /** The resolved versions asked for, oldest first. */
  readonly versions: readonly VersionModel[];
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: Settings;
}

/** The resolved token tables: every code page, attribute start token and value token, with its origin. */
export async function tables(options: TablesOptions = {}): Promise<TablesResult> {
  const settings = settingsOf(options);
  const loaded = await load(settings, { baseOnly: options.baseOnly === true });
  const wanted = options.version;
  const versions = wanted === undefined ? loaded.model.versions : loaded.model.versions.filter((v) => v.version === wanted);
  if (wanted !== undefined && versions.length === 0 && !loaded.hasErrors) {
    const known = loaded.model.versions.map((v) => v.version);
    throw new UsageError(`No version ${wanted} in the spec (versions: ${known.join(', ') || 'none'}).`);
  }
  return { ok: !loaded.hasErrors, versions, diagnostics: loaded.diagnostics, settings };
}

export interface ReviewOptions extends RunOptions {
  /** Only this change request (its front-matter id); an id the spec does not have is a {@link UsageError}. */
  readonly changeRequest?: string;
}

/** Loads the spec and checks that `only`, if given, names one of its change requests. */
async function loadForChangeRequest(settings: Settings, only: string | undefined): Promise<LoadResult> {
  const loaded = await load(settings);
  if (only !== undefined) {
    const { changeRequestIds } = await import('./review/report.js');
    const ids = changeRequestIds(loaded);
    if (!ids.includes(only)) {
      throw new UsageError(
        `No change request \`${only}\`${didYouMean(only, ids)}. The change requests are: ${ids.map((i) => `\`${i}\``).join(', ') || 'none'}.`,
      );
    }
  }
  return loaded;
}

/**
 * The review of the spec's change requests (what `imps-tokengen review` prints): placeholders and
 * their assignments, explicit rows against the base, errata, occupancy grids, and every diagnostic.
 */
export async function review(options: ReviewOptions = {}): Promise<ReviewReport> {
  const settings = settingsOf(options);
  const loaded = await loadForChangeRequest(settings, options.changeRequest);
  const { buildReview } = await import('./review/report.js');
  return buildReview(loaded, options.changeRequest);
}

export interface SuggestOutput extends SuggestResult {
  /** The suggestions as assignment-file YAML, ready to paste (what `imps-tokengen suggest` prints). */
  readonly yaml: string;
}

/** Tokens for unassigned placeholders, and errata for wrong stated tokens, with the YAML to paste. */
export async function suggest(options: ReviewOptions = {}): Promise<SuggestOutput> {
  const settings = settingsOf(options);
  const loaded = await loadForChangeRequest(settings, options.changeRequest);
  const { suggestAssignments, renderSuggestionYaml } = await import('./review/suggest.js');
  const result = suggestAssignments(loaded, options.changeRequest);
  return { ...result, yaml: renderSuggestionYaml(result, existsSync(assignmentsFile(settings))) };
}

export interface DiffOptions extends RunOptions {
  /** The old spec tree: a folder, or a git revision (`HEAD~1`, or `rev:path` for another folder). */
  readonly from: string;
  /** The new spec tree, likewise. A bare revision means the spec folder (settings) as it was then. */
  readonly to: string;
}

/**
 * The token changes between two spec trees, version by version and code page by code page. Each
 * tree is read with its own assignment file; a tree that cannot be read or does not validate is
 * a {@link UsageError} (its tables cannot be compared).
 */
export async function diff(options: DiffOptions): Promise<SpecDiff> {
  const settings = settingsOf(options);
  const [{ diffSpecs }, { openSpecTree }] = await Promise.all([import('./diff/spec-diff.js'), import('./diff/spec-tree.js')]);
  const trees = [openSpecTree(options.from, settings.cwd, settings.specDir)];
  try {
    trees.push(openSpecTree(options.to, settings.cwd, settings.specDir));
    const models: SpecModel[] = [];
    for (const t of trees) {
      const r = await load(settings, { specDir: t.dir });
      if (r.hasErrors) {
        throw new UsageError(
          `\`${t.label}\` does not validate, so its tables cannot be compared:\n${formatDiagnosticsText(r.diagnostics)}`,
        );
      }
      models.push(r.model);
    }
    return diffSpecs(options.from, models[0]!, options.to, models[1]!);
  } finally {
    for (const t of trees) t.dispose();
  }
}

export interface CodecResult {
  /** False when the spec has errors; `registry` is then empty. */
  readonly ok: boolean;
  /** The tables of every version (or of the settings' `versions`), oldest first. */
  readonly registry: readonly CspTables[];
  /** Encodes with the tables of `options.version`, else of the version whose namespace the root's xmlns is. */
  encode(doc: CspElement, options?: EncodeOptions & { readonly version?: string }): Uint8Array;
  /** Decodes a document of any of the versions, picked by its public id (or, failing that, the root namespace). */
  decode(bytes: Uint8Array, options?: DecodeOptions): DecodeResult;
  /**
   * The spec folder the tables come from: the settings' spec folder or, when none was named and
   * `spec/` does not exist, the CSP 1.1–1.3 spec shipped in the imps-tokengen package.
   */
  readonly specDir: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: Settings;
}

/**
 * The WBXML codec of the spec, built in process: the hand-written engine (`generator/runtime/`,
 * the source `generated/runtime/` is copied from) with the same tables `generate` prints into
 * `generated/csp-1.x/tables.ts`. `encode`/`decode` in the CLI use it, so they honour
 * `--spec`/`--config` like every command.
 */
export async function loadCodec(options: RunOptions = {}): Promise<CodecResult> {
  const settings = settingsOf(options);
  const fallback = !settings.specNamed && !existsSync(settings.specDir);
  const specDir = fallback ? shippedSpecDir() : settings.specDir;
  // The same inputs, generator and working directory give the same codec: build it once per
  // process, and keep its tables on disk for the next process (codec-cache.ts).
  const print = fingerprint(fallback ? { ...settings, specDir, assignmentsPath: undefined } : settings).value;
  const key = `${settings.cwd}\0${print}`;
  let built = codecs.get(key);
  if (!built) {
    built = await buildCodec(settings, fallback ? specDir : undefined, print);
    codecs.set(key, built);
    // A long-running process that edits its spec keeps only the latest few.
    for (const old of codecs.keys()) if (codecs.size > MAX_CODECS) codecs.delete(old);
  }
  const { registry } = built;
  const runtime = await import('./runtime/index.js');
  return {
    ok: built.ok,
    registry,
    encode: (doc, o) => runtime.encode(doc, runtime.tablesFor(doc, registry, o?.version), o),
    decode: (bytes, o) => runtime.decode(bytes, registry, o),
    specDir,
    diagnostics: built.diagnostics,
    settings,
  };
}

const MAX_CODECS = 4;
interface BuiltCodec {
  readonly ok: boolean;
  readonly registry: readonly CspTables[];
  readonly diagnostics: readonly Diagnostic[];
}
const codecs = new Map<string, BuiltCodec>();

/** The codec's tables: from the disk cache if this fingerprint was built before, else from the spec (then cached). */
async function buildCodec(settings: Settings, fallbackSpecDir: string | undefined, print: string): Promise<BuiltCodec> {
  const [{ buildTables }, { codecCacheDir, readCodecCache, writeCodecCache }] = await Promise.all([
    import('./runtime/build-tables.js'),
    import('./codec-cache.js'),
  ]);
  const cacheDir = codecCacheDir(settings.root);
  const cached = readCodecCache(cacheDir, print, settings.cwd);
  if (cached) return { ok: true, registry: cached.rows.map(buildTables), diagnostics: cached.diagnostics };
  const [loaded, { codecTableRows }] = await Promise.all([
    load(settings, fallbackSpecDir ? { specDir: fallbackSpecDir } : {}),
    import('./emit/codec-rows.js'),
  ]);
  const rows = (wantedVersions(settings, loaded) ?? []).map(codecTableRows);
  if (!loaded.hasErrors) writeCodecCache(cacheDir, print, settings.cwd, { rows, diagnostics: loaded.diagnostics });
  return { ok: !loaded.hasErrors, registry: rows.map(buildTables), diagnostics: loaded.diagnostics };
}
