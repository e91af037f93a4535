/**
 * `generated/MANIFEST.json`: the one generated file that names the generator version. It holds
 * the run's fingerprint (see fingerprint.ts), the SHA-256 of every input and of every output,
 * and the number of warnings the run had. The output hashes let `check` and `generate` see
 * that the outputs are untouched without rendering them, and let `generate` remove an output
 * that no longer belongs even if someone deleted its banner. JSON has no comments, so the
 * banner is the first key.
 */
import { compareStrings } from '../diagnostics.js';
import type { InputFile } from '../fingerprint.js';
import { bannerText } from './banner.js';

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
