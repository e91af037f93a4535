/**
 * The fast path of `check` and `generate`: the outputs are up to date when MANIFEST.json
 * records this run's fingerprint (same generator, settings and input bytes), the previous run
 * had no warnings to show, every output still has the hash recorded for it, and no orphan lies
 * around. Only hashing happens here: no markdown parser, no ts-morph.
 */
import { join } from 'node:path';
import { sha256, type Fingerprint } from '../fingerprint.js';
import { emitManifest, MANIFEST_FILE, readManifest } from './manifest.js';
import { assertOutputFolder, findOrphans, readBytesIfFile, readIfFile, type OutputFolder } from './output-folder.js';

/** The outputs (paths relative to the output folder) when up to date, else undefined. */
export function upToDateOutputs(out: OutputFolder, fp: Fingerprint): string[] | undefined {
  assertOutputFolder(out);
  const text = readIfFile(join(out.dir, MANIFEST_FILE), out.cwd);
  const manifest = readManifest(text);
  if (!manifest || manifest.fingerprint !== fp.value || manifest.warnings !== 0) return undefined;
  // The manifest itself must be exactly as generate writes it (hand edits are drift too).
  if (emitManifest(manifest, manifest.specFolder) !== text) return undefined;
  for (const [path, hash] of Object.entries(manifest.files)) {
    // Hashed as bytes: the same hash as of the text generate wrote (UTF-8), without decoding
    // the 0.8 MB of outputs into strings only to encode them again for the hash.
    const content = readBytesIfFile(join(out.dir, ...path.split('/')), out.cwd);
    if (content === undefined || sha256(content) !== hash) return undefined;
  }
  const outputs = [...Object.keys(manifest.files), MANIFEST_FILE];
  if (findOrphans(out, new Set(outputs)).length > 0) return undefined;
  return outputs;
}
