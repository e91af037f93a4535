/**
 * What `encode` and `decode` share: the codec of the spec, a file or stdin in, a file or stdout
 * out, and how a `WbxmlError` is reported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CodecResult } from '../../api.js';
import { didYouMean } from '../../common/did-you-mean.js';
import { ioReason, UsageError } from '../../errors.js';
import { WbxmlError } from '../../runtime/errors.js';
import type { OptionSpec } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { SPEC_OPTIONS } from '../options.js';
import { printDiagnostics } from './common.js';

/** Where the tables come from; without a spec folder, the spec shipped with imps-tokengen. */
export const CODEC_SPEC_OPTIONS = {
  ...SPEC_OPTIONS,
  spec: {
    type: 'string',
    valueName: 'dir',
    description:
      "the spec folder the tables come from (default: spec, or the config file's `spec`; if neither exists, the CSP 1.1-1.3 spec shipped with imps-tokengen)",
  },
} as const satisfies Record<string, OptionSpec>;

/**
 * The codec, once the spec is known to be valid and `--version` to name one of its versions;
 * undefined (the spec's errors printed) when the spec has errors.
 */
export async function openCodec(io: CliIo, codec: CodecResult, version: string | undefined): Promise<CodecResult | undefined> {
  if (!codec.ok) {
    printDiagnostics(io, codec.diagnostics, 'text');
    return undefined;
  }
  const versions = codec.registry.map((t) => t.version);
  if (version !== undefined && !versions.includes(version)) {
    throw new UsageError(`\`--version ${version}\` is not one of ${versions.join(', ')}${didYouMean(version, versions)}.`);
  }
  return codec;
}

/** The bytes of `file`, or of stdin when it is absent or `-`. */
export async function readInput(io: CliIo, file: string | undefined): Promise<{ bytes: Uint8Array; label: string }> {
  if (file === undefined || file === '-') return { bytes: await io.readStdin(), label: '<stdin>' };
  try {
    return { bytes: new Uint8Array(readFileSync(resolve(io.cwd, file))), label: file };
  } catch (e) {
    throw new UsageError(`Cannot read \`${file}\`: ${ioReason(e)}.`);
  }
}

/** Writes to `file`, or to stdout when it is absent or `-`. */
export function writeOutput(io: CliIo, file: string | undefined, data: string | Uint8Array): void {
  if (file === undefined || file === '-') {
    io.writeOut(data);
    return;
  }
  try {
    writeFileSync(resolve(io.cwd, file), data);
  } catch (e) {
    throw new UsageError(`Cannot write \`${file}\`: ${ioReason(e)}.`);
  }
}

/**
 * Runs one conversion: a `WbxmlError` (bad input) is reported with its place and exit code 1;
 * anything else propagates (a usage error is 2, a bug 3).
 */
export function convert(io: CliIo, label: string, f: () => void): number {
  try {
    f();
    return EXIT.ok;
  } catch (e) {
    if (e instanceof WbxmlError) {
      io.writeErr(`imps-tokengen: ${label}: ${e.message} [${e.code}]\n`);
      return EXIT.findings;
    }
    throw e;
  }
}
