/**
 * `encode [file]`: CSP XML text → WBXML with the codec of the spec (`loadCodec`: the engine of
 * generator/runtime with the tables `generate` emits), so `--spec`/`--config` apply as everywhere.
 */
import { loadCodec } from '../../api.js';
import { encodeXml } from '../../xml.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { HELP, specOptions } from '../options.js';
import { CODEC_SPEC_OPTIONS, convert, openCodec, readInput, writeOutput } from './codec-io.js';

export const spec: CommandSpec = {
  name: 'encode',
  summary:
    'Encode a CSP XML message as WBXML (stdin to stdout by default). The version comes from --version, else the root xmlns, else the DOCTYPE. ' +
    'Exits 1 when the XML is not well-formed or cannot be encoded (with the element path), 2 for a bad flag or an unreadable file.',
  positionals: [{ name: 'file', description: 'the XML file (default: stdin; `-` is stdin)', optional: true }],
  options: {
    version: { type: 'string', valueName: 'x.y', description: 'encode as this CSP version' },
    'public-id': {
      type: 'string',
      choices: ['numeric', 'text'],
      default: 'numeric',
      description: 'public id as a number (0x10/0x11/0x12), or as text in the string table (what libwbxml reads for CSP 1.2)',
    },
    out: { type: 'string', short: 'o', valueName: 'file', description: 'write the WBXML here (default: stdout)' },
    ...CODEC_SPEC_OPTIONS,
    help: HELP,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const codec = await openCodec(io, await loadCodec(specOptions(cl, io)), cl.options.version as string | undefined);
  if (!codec) return EXIT.findings;
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
    const r = encodeXml(text, codec.registry, { ...(version ? { version } : {}), publicId: cl.options['public-id'] as 'numeric' | 'text' });
    writeOutput(io, cl.options.out as string | undefined, r.bytes);
  });
}
