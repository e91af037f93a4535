/**
 * The WBXML engine of the generated CSP codec: hand-written, copied verbatim into `generated/runtime/`
 * next to the emitted tables, with no dependency (XML text is read by its own reader, `xml-reader.ts`).
 */
export { decode, decodeWith } from './decoder.js';
export type { DecodeResult, DecodeSink } from './decoder.js';
export { encode } from './encoder.js';
export { WbxmlError } from './errors.js';
export type { WbxmlErrorCode } from './errors.js';
export { DEFAULT_LIMITS } from './options.js';
export type { DecodeOptions, EncodeOptions, Limits } from './options.js';
export type { AttributeStart, CspTables } from './tables.js';
export { element, isElement, textOf } from './tree.js';
export type { CspElement, CspNode } from './tree.js';
export { tablesFor } from './version.js';
export { decodeToXml, toXml } from './xml-writer.js';
export { encodeXml, fromXml, readXml } from './xml-reader.js';
export type { ParsedCspXml, ParsedXml, XmlHandler, XmlLimits } from './xml-reader.js';
export type { DecodeToXmlOptions, DecodeToXmlResult, ToXmlOptions, XmlOutput } from './xml-writer.js';
