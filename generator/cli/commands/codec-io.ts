/** Input and output of the codec commands: a file or stdin in, a file or stdout out. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ioReason, UsageError } from '../../errors.js';
import { WbxmlError } from '../../runtime/errors.js';
import { EXIT, type CliIo } from '../io.js';

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
