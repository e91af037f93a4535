/**
 * XML text → element tree or WBXML: `import { encodeXml, fromXml } from 'imps-tokengen/xml'` with the
 * `registry` of your generated/ folder. The reader is the engine's own (runtime/xml-reader.ts, also
 * copied into every generated/ folder, whose index exports the same functions): a dependency-free
 * reader for the XML that CSP uses, with well-formedness errors at line:column. This entry point
 * stays for the code written against it; it takes a string or UTF-8 bytes.
 *
 * Whitespace-only text between child elements (indentation) is dropped; any other text is kept as
 * it is, so `<Description> a </Description>` keeps its spaces. Comments and processing instructions
 * are dropped; CDATA is text.
 */
export { encodeXml, fromXml, readXml } from './runtime/xml-reader.js';
export type { ParsedCspXml, ParsedXml, XmlHandler, XmlLimits } from './runtime/xml-reader.js';
