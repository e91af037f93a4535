/**
 * `generated/MANIFEST.json`: the one generated file that names the generator version, with the
 * SHA-256 of every input and the list of outputs (which lets `generate` remove an output that no
 * longer belongs even if someone deleted its banner). JSON has no comments, so the banner is the
 * first key.
 */
import { createHash } from 'node:crypto';
import { compareStrings } from '../diagnostics.js';
import { bannerText } from './banner.js';

export const MANIFEST_FILE = 'MANIFEST.json';

export interface ManifestInput {
  readonly path: string;
  readonly sha256: string;
}

export interface Manifest {
  readonly generatorVersion: string;
  readonly inputs: readonly ManifestInput[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly files: readonly string[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function emitManifest(m: Manifest, specFolder: string): string {
  const json = {
    '//': bannerText([specFolder]),
    generator: 'imps-tokengen',
    generatorVersion: m.generatorVersion,
    inputs: [...m.inputs].sort((a, b) => compareStrings(a.path, b.path)),
    options: m.options,
    files: [...m.files].sort(compareStrings),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/** The output list of an existing manifest, or nothing if it is missing or unreadable. */
export function manifestFiles(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}
