/**
 * Building and reading CSP element trees (the shape the generated codec reads and writes).
 *
 * Element names are typed with the union of spec names the generator emits (`csp13.ElementName`,
 * `csp12.ElementName` in src/generated/csp-1.x/tokens.ts), so a misspelt element is a compile
 * error rather than a LITERAL tag on the wire. Value texts that the spec tokenises (`SPA`, `T`,
 * `Inband`) are typed the same way with `ValueName`.
 */
import { isElement, textOf, type CspElement, type CspNode, type csp12, type csp13 } from '../generated/index.js';

/** Every element name of CSP 1.2 or 1.3. */
export type ElementName = csp12.ElementName | csp13.ElementName;

/** Every value-token name of CSP 1.3 (a superset of 1.2's, except two presence values 1.3 dropped). */
export type ValueName = csp13.ValueTokenName;

/** A child argument of {@link el}: `undefined`/`false` children are left out, so optional parts read inline. */
type Child = CspNode | undefined | false;

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** An element without attributes. */
export function el(name: ElementName, ...children: Child[]): CspElement {
  return { name, attributes: NO_ATTRIBUTES, children: children.filter((c): c is CspNode => c !== undefined && c !== false) };
}

/** An element with an xmlns (the only attribute CSP uses). */
export function elNs(name: ElementName, xmlns: string, ...children: Child[]): CspElement {
  return { name, attributes: { xmlns }, children: children.filter((c): c is CspNode => c !== undefined && c !== false) };
}

/** An element whose text is a value-token name (sent as one EXT_T_0 byte pair). */
export function value(name: ElementName, text: ValueName): CspElement {
  return el(name, text);
}

/** An element holding an unsigned integer (sent as OPAQUE when the spec types the element so). */
export function int(name: ElementName, n: number): CspElement {
  return el(name, String(n));
}

/** The first child element with this name. */
export function child(parent: CspElement, name: ElementName): CspElement | undefined {
  for (const c of parent.children) if (isElement(c) && c.name === name) return c;
  return undefined;
}

/** Every child element with this name, in order. */
export function children(parent: CspElement, name: ElementName): CspElement[] {
  const out: CspElement[] = [];
  for (const c of parent.children) if (isElement(c) && c.name === name) out.push(c);
  return out;
}

/** The child elements, in order (text between them is indentation or junk: skipped). */
export function elements(parent: CspElement): CspElement[] {
  return parent.children.filter(isElement);
}

/** The text of the first child with this name, trimmed; `undefined` when there is no such child. */
export function textIn(parent: CspElement, name: ElementName): string | undefined {
  const c = child(parent, name);
  return c === undefined ? undefined : textOf(c).trim();
}
