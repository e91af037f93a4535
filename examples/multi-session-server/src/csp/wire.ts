/**
 * CSP messages on the wire: WBXML (`application/vnd.wv.csp.wbxml`) through the generated codec, and
 * XML text (`application/vnd.wv.csp.xml`) through xml-text.ts (reading) and the generated `toXml`
 * (writing). Everything else in the server works on element trees and never sees bytes.
 */
import { decode, encode, isElement, toXml, type CspElement, type Limits, WbxmlError } from '../generated/index.js';
import { TABLES, type CspVersion, isServedVersion } from './envelope.js';
import { parseXmlMessage } from './xml-text.js';

export type WireFormat = 'wbxml' | 'xml';

export const CONTENT_TYPES: Readonly<Record<WireFormat, string>> = {
  wbxml: 'application/vnd.wv.csp.wbxml',
  xml: 'application/vnd.wv.csp.xml',
};

/** The wire format a Content-Type header names (parameters such as `; charset=utf-8` are ignored). */
export function formatOf(contentType: string | undefined): WireFormat | undefined {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type === CONTENT_TYPES.wbxml) return 'wbxml';
  if (type === CONTENT_TYPES.xml) return 'xml';
  return undefined;
}

/** How a message arrived, so the answer goes back the same way. */
export interface WireForm {
  readonly format: WireFormat;
  readonly version: CspVersion;
  /**
   * WBXML only: the client wrote the public id as text in the string table (libwbxml does for
   * CSP 1.2, and its decoder refuses the numeric 0x11), so the answer does too.
   */
  readonly textPublicId: boolean;
}

export interface IncomingMessage extends WireForm {
  readonly doc: CspElement;
}

/** A body that cannot be read as a CSP message of a served version (answered with HTTP 400). */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export function readMessage(format: WireFormat, body: Uint8Array, limits: Limits): IncomingMessage {
  let doc: CspElement;
  let version: string;
  let textPublicId = false;
  try {
    if (format === 'wbxml') {
      const r = decode(body, limits);
      doc = r.doc;
      version = r.version;
      textPublicId = typeof r.publicId === 'string';
    } else {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      ({ doc, version } = parseXmlMessage(text, limits));
    }
  } catch (e) {
    if (e instanceof WbxmlError)
      throw new WireError(
        `malformed ${format === 'wbxml' ? 'WBXML' : 'XML'}: ${e.message}${e.offset === undefined ? '' : ` (byte ${e.offset})`}`,
      );
    if (e instanceof TypeError) throw new WireError('malformed XML: the body is not UTF-8');
    throw e;
  }
  if (!isServedVersion(version)) throw new WireError(`CSP ${version} is not served here (1.2 and 1.3 are)`);
  return { format, version, textPublicId, doc };
}

export function writeMessage(form: WireForm, doc: CspElement): Uint8Array {
  if (form.format === 'xml') {
    assertVersionHasTags(doc, form.version);
    return new TextEncoder().encode(toXml(doc, { indent: '' }));
  }
  // A name the version lacks would be written as a LITERAL tag, which is right for a codec but, in
  // a server, means a 1.3-only element (ApplicationID, SessionPriority, …) leaked into an answer to a
  // 1.2 client. The handlers leave those out for 1.2; `unknownElements: 'error'` makes a slip a loud
  // bug (a WbxmlError `unknown-tag` naming the element's path) instead.
  return encode(doc, { version: form.version, publicId: form.textPublicId ? 'text' : 'numeric', unknownElements: 'error' });
}

/** The same check for XML text, which has no tables to refuse a name. */
function assertVersionHasTags(el: CspElement, version: CspVersion): void {
  if (!TABLES[version].tagByName.has(el.name)) throw new Error(`bug: <${el.name}> is not a CSP ${version} element`);
  for (const c of el.children) if (isElement(c)) assertVersionHasTags(c, version);
}
