/**
 * The one place that parses CSP XML text (the `application/vnd.wv.csp.xml` binding).
 *
 * Writing XML needs no parser and comes from the generated runtime (`toXml`); reading it does, and
 * today the public API for that is `fromXml` in `imps-tokengen/xml`, which uses saxes. So the XML
 * binding makes imps-tokengen (and saxes) a *runtime* dependency of this server, while the WBXML
 * binding needs nothing but src/generated/. When the generated runtime grows an XML reader of its
 * own, this file is the only one to change (see README.md, "Dependencies").
 */
import { fromXml } from 'imps-tokengen/xml';
import { tablesFor, type CspElement, type Limits, registry } from '../generated/index.js';

export interface ParsedXmlMessage {
  readonly doc: CspElement;
  /** The CSP version named by the root xmlns or, failing that, the DOCTYPE's public id. */
  readonly version: string;
}

/** Parses one message; throws `WbxmlError` (code `bad-xml` with line:column, or `unknown-version`). */
export function parseXmlMessage(text: string, limits: Limits): ParsedXmlMessage {
  const { doc, doctypePublicId } = fromXml(text, limits);
  return { doc, version: tablesFor(doc, registry, undefined, doctypePublicId).version };
}
