/**
 * `decode [file]`: WBXML → CSP XML text (or the element tree as JSON) with the codec of the spec
 * (`loadCodec`). The version comes from the public id, else the root xmlns.
 */
import { loadCodec } from '../../api.js';
import { toXml } from '../../runtime/xml-writer.js';
import type { CommandSpec, ParsedCommandLine } from '../args.js';
import { EXIT, type CliIo } from '../io.js';
import { HELP, specOptions } from '../options.js';
import { CODEC_SPEC_OPTIONS, convert, openCodec, readInput, writeOutput } from './codec-io.js';

export const spec: CommandSpec = {
  name: 'decode',
  summary:
    'Decode a CSP WBXML message to XML (stdin to stdout by default). The version comes from the public id (numeric, or text in the string table), ' +
    'else the root xmlns; --version forces one. Exits 1 for malformed WBXML (with the byte offset), 2 for a bad flag or an unreadable file.',
  positionals: [{ name: 'file', description: 'the WBXML file (default: stdin; `-` is stdin)', optional: true }],
  options: {
    version: { type: 'string', valueName: 'x.y', description: 'decode with this version whatever the header says' },
    format: { type: 'string', choices: ['xml', 'json'], default: 'xml', description: 'XML text, or the element tree as JSON' },
    compact: { type: 'boolean', description: 'XML on one line, without indentation' },
    out: { type: 'string', short: 'o', valueName: 'file', description: 'write the output here (default: stdout)' },
    ...CODEC_SPEC_OPTIONS,
    help: HELP,
  },
};

export async function run(cl: ParsedCommandLine, io: CliIo): Promise<number> {
  const version = cl.options.version as string | undefined;
  const codec = await openCodec(io, await loadCodec(specOptions(cl, io)), version);
  if (!codec) return EXIT.findings;
  const { bytes, label } = await readInput(io, cl.positionals[0]);
  return convert(io, label, () => {
    const r = codec.decode(bytes, version ? { version } : {});
    const text =
      cl.options.format === 'json'
        ? JSON.stringify(
            { version: r.version, publicId: r.publicId, doc: r.doc },
            (_k, v: unknown) => (v instanceof Uint8Array ? { opaque: Buffer.from(v).toString('hex') } : v),
            2,
          ) + '\n'
        : toXml(r.doc, { indent: cl.options.compact === true ? '' : '  ' }) + (cl.options.compact === true ? '\n' : '');
    writeOutput(io, cl.options.out as string | undefined, text);
  });
}
