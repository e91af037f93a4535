/**
 * The one place that parses CSP XML text (the `application/vnd.wv.csp.xml` binding), with the
 * generated runtime's own reader: no npm package is needed at run time for either binding.
 */
import { type CspElement, fromXml, type Limits, registry } from '../generated/index.js';

export interface ParsedXmlMessage {
  readonly doc: CspElement;
  /** The CSP version named by the root xmlns or, failing that, the DOCTYPE's public id. */
  readonly version: string;
}

/** Parses one message; throws `WbxmlError` (code `bad-xml` with line:column, or `unknown-version`). */
export function parseXmlMessage(text: string, limits: Limits): ParsedXmlMessage {
  const { doc, version } = fromXml(text, registry, limits);
  return { doc, version };
}
