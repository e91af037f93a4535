/**
 * `generated/MANIFEST.json`: the output folder's record of the last run, and the one generated
 * file that names the generator version. It holds the run's fingerprint (see fingerprint.ts), the
 * SHA-256 of every input and of every output, and the number of warnings the run had. The output
 * hashes let `check` and `generate` see that the outputs are untouched without rendering them,
 * and let `generate` remove an output that no longer belongs even if someone deleted its banner.
 * JSON has no comments, so the banner is the first key.
 *
 * It is written here, in the write stage, because it describes the whole set of outputs the emit
 * stage planned; the emitters know nothing of it.
 */
import { bannerText } from '../common/banner.js';
import { displayPath } from '../common/paths.js';
import { compareStrings } from '../diagnostics.js';
import type { GeneratedFile } from '../emit/plan.js';
import { sha256, type Fingerprint, type InputFile } from '../fingerprint.js';
import type { Settings } from '../settings.js';

export const MANIFEST_FILE = 'MANIFEST.json';

export interface Manifest {
  readonly generatorVersion: string;
  readonly fingerprint: string;
  readonly inputs: readonly InputFile[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly warnings: number;
  /** Output path (relative to the output folder) → SHA-256 of its content. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * The planned outputs plus MANIFEST.json, in path order.
 * @param versions the versions the outputs are for
 * @param warnings how many warnings the spec had (recorded: a run with warnings always re-checks fully, to show them)
 */
export function withManifest(
  files: readonly GeneratedFile[],
  run: { readonly settings: Settings; readonly fingerprint: Fingerprint; readonly versions: readonly string[]; readonly warnings: number },
): GeneratedFile[] {
  const { settings, fingerprint: fp } = run;
  const manifest = emitManifest(
    {
      generatorVersion: fp.generatorVersion,
      fingerprint: fp.value,
      inputs: fp.inputs,
      options: {
        versions: run.versions,
        outputs: settings.outputs,
        identifierStyle: settings.identifierStyle,
        enumStyle: settings.enumStyle,
        importExtension: settings.importExtension,
      },
      warnings: run.warnings,
      files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])),
    },
    `${displayPath(settings.specDir, settings.root)}/`,
  );
  return [...files, { path: MANIFEST_FILE, content: manifest }].sort((a, b) => compareStrings(a.path, b.path));
}

export function emitManifest(m: Manifest, specFolder: string): string {
  const files: Record<string, string> = {};
  for (const path of Object.keys(m.files).sort(compareStrings)) files[path] = m.files[path]!;
  const json = {
    '//': bannerText([specFolder]),
    generator: 'imps-tokengen',
    generatorVersion: m.generatorVersion,
    fingerprint: m.fingerprint,
    inputs: [...m.inputs].sort((a, b) => compareStrings(a.path, b.path)),
    options: m.options,
    warnings: m.warnings,
    files,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/** An existing manifest, or undefined if it is missing or not one of ours. */
export function readManifest(text: string | undefined): (Manifest & { readonly specFolder: string }) | undefined {
  if (text === undefined) return undefined;
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const banner = typeof j['//'] === 'string' ? /from (.*)\. DO NOT EDIT\.$/.exec(j['//'])?.[1] : undefined;
    if (j.generator !== 'imps-tokengen' || banner === undefined || typeof j.files !== 'object' || j.files === null) return undefined;
    const files = Object.fromEntries(Object.entries(j.files).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return {
      specFolder: banner,
      generatorVersion: String(j.generatorVersion),
      fingerprint: String(j.fingerprint),
      inputs: Array.isArray(j.inputs) ? (j.inputs as InputFile[]).map((i) => ({ path: String(i.path), sha256: String(i.sha256) })) : [],
      options: (j.options ?? {}) as Record<string, unknown>,
      warnings: typeof j.warnings === 'number' ? j.warnings : -1,
      files,
    };
  } catch {
    return undefined;
  }
}
