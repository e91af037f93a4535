/**
 * The plain element tree the codec reads and writes. It is deliberately the same shape as a DOM-less
 * XML tree: element names and attribute names are the spec's names, text is text. Typed content is
 * text too (an integer is `"401"`, a date-time `"20010925T165859Z"`), so that a tree decoded from
 * WBXML and a tree parsed from XML text compare equal.
 */

/** One element: its name, its attributes (`xmlns` included) and its children in order. */
export interface CspElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly CspNode[];
}

/**
 * A child: an element, a text, or raw OPAQUE bytes (binary content such as a `ContentData` the
 * sender wrote as OPAQUE; it round-trips as OPAQUE).
 */
export type CspNode = CspElement | string | Uint8Array;

/** Builds an element; a convenience for hand-written trees. */
export function element(name: string, attributes: Readonly<Record<string, string>> = {}, children: readonly CspNode[] = []): CspElement {
  return { name, attributes, children };
}

/** True for an element child (as opposed to text or bytes). */
export function isElement(node: CspNode): node is CspElement {
  return typeof node === 'object' && !(node instanceof Uint8Array);
}

/** The concatenated text of an element's text children (bytes and elements skipped). */
export function textOf(el: CspElement): string {
  let s = '';
  for (const c of el.children) if (typeof c === 'string') s += c;
  return s;
}
