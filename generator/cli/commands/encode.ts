/**
 * `encode [file]`: CSP XML text → WBXML with the codec generated from the shipped spec
 * (generated/), the same code a downstream project gets.
 */
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { registry } from '../../../generated/index.js';
import { encodeXml } from '../../xml.js';
import { EXIT, type CliIo } from '../io.js';
import { convert, readInput, writeOutput } from './codec-io.js';

export const spec: CommandSpec = {
  name: 'encode',
  summary:
    'Encode a CSP XML message as WBXML (stdin to stdout by default). The version comes from --version, else the root xmlns, else the DOCTYPE. ' +
    'Exits 1 when the XML is not well-formed or cannot be encoded (with the element path), 2 for a bad flag or an unreadable file.',
  positionals: [{ name: 'file', description: 'the XML file (default: stdin; `-` is stdin)', optional: true }],
  options: {
    version: { type: 'string', choices: registry.map((r) => r.version), description: 'encode as this CSP version' },
    'public-id': {
      type: 'string',
      choices: ['numeric', 'text'],
      default: 'numeric',
      description: 'public id as a number (0x10/0x11/0x12), or as text in the string table (what libwbxml reads for CSP 1.2)',
    },
    out: { type: 'string', short: 'o', valueName: 'file', description: 'write the WBXML here (default: stdout)' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const { bytes, label } = await readInput(io, cl.positionals[0]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.writeErr(`imps-tokengen: ${label}: the XML is not valid UTF-8\n`);
    return EXIT.findings;
  }
  return convert(io, label, () => {
    const version = cl.options.version as string | undefined;
    const r = encodeXml(text, registry, { ...(version ? { version } : {}), publicId: cl.options['public-id'] as 'numeric' | 'text' });
    writeOutput(io, cl.options.out as string | undefined, r.bytes);
  });
}
