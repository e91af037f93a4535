/**
 * Builds the lookup structures of a {@link CspTables} from the compact rows the generator emits
 * (`generated/csp-1.x/tables.ts`), once, when that module is first imported.
 *
 * The rows are small to ship: a row holds a run of consecutive tokens, whose names are one string
 * (names separated by spaces, each token one more than the one before; an empty name is a free
 * slot), so a bundle carries little more than the names themselves. What comes out is the same
 * {@link CspTables} whatever the rows.
 */
import type { AttributeStart, CspTables } from './tables.js';

/**
 * Names in order: one string of names separated by single spaces, or, when a name has a space in
 * it or is empty (no tag can, a value token could), the names as a list.
 */
export type Names = string | readonly string[];

export interface CspTableRows {
  readonly version: string;
  readonly publicId: number;
  readonly publicIdText: string;
  readonly otherPublicIdTexts: readonly string[];
  readonly rootElement: string;
  readonly namespaces: { readonly csp: string; readonly trc: string; readonly pa: string };
  /**
   * Tag tokens: `[page, token, ...lines]`, the names of `token`, `token + 1`, … of that code page,
   * separated by single spaces (also between one line and the next: a line is only where the
   * generated module breaks the text); an empty name is a free slot. A name that
   * ends in {@link INTEGER_MARK} is an integer element, in {@link DATE_TIME_MARK} a date-time
   * element (the mark is no part of the name: neither character can be in an XML name).
   */
  readonly tags: readonly (readonly [page: number, token: number, ...lines: string[]])[];
  /** `[token, attribute name, value prefixes]`: the prefixes of `token`, `token + 1`, …, all of that name. */
  readonly attributeStarts: readonly (readonly [token: number, name: string, valuePrefixes: Names])[];
  /**
   * Value tokens: `[token, names]`, the names of `token`, `token + 1`, …, in the spec's order;
   * a token or a name may occur twice where the spec declares it (the first one counts, see below).
   */
  readonly values: readonly (readonly [token: number, names: Names])[];
  /** For a name with two tokens: `[name, the token to encode]`. */
  readonly encodeAs: readonly (readonly [name: string, token: number])[];
  /** For a token with two names: `[token, the name to decode]`. */
  readonly decodeAs: readonly (readonly [token: number, name: string])[];
  /** Integer and date-time elements that have no tag in this version (those that have one are marked in `tags`). */
  readonly integerElements: Names;
  readonly dateTimeElements: Names;
}

/** The marks of typed elements in the tag rows (see {@link CspTableRows.tags}). */
export const INTEGER_MARK = '#';
export const DATE_TIME_MARK = '@';

/** Tag tokens live in 0x00-0x3F; the two high bits of a tag byte are the content/attribute flags. */
const SLOTS_PER_PAGE = 64;

function list(names: Names): readonly string[] {
  return typeof names !== 'string' ? names : names === '' ? [] : names.split(' ');
}

export function buildTables(rows: CspTableRows): CspTables {
  const tagPages: ((string | null)[] | null)[] = [];
  const tagByName = new Map<string, number>();
  const integerElements = new Set(list(rows.integerElements));
  const dateTimeElements = new Set(list(rows.dateTimeElements));
  for (const [page, first, ...lines] of rows.tags) {
    while (tagPages.length <= page) tagPages.push(null);
    const slots = (tagPages[page] ??= new Array<string | null>(SLOTS_PER_PAGE).fill(null));
    let token = first;
    for (let name of lines.join(' ').split(' ')) {
      const mark = name.slice(-1);
      if (mark === INTEGER_MARK || mark === DATE_TIME_MARK) {
        name = name.slice(0, -1);
        (mark === INTEGER_MARK ? integerElements : dateTimeElements).add(name);
      }
      if (name !== '') {
        slots[token] = name;
        tagByName.set(name, (page << 8) | token);
      }
      token++;
    }
  }
  const valueNames = new Map<number, string>();
  const valueTokens = new Map<string, number>();
  for (const [first, names] of rows.values) {
    let token = first;
    for (const name of list(names)) {
      if (!valueNames.has(token)) valueNames.set(token, name);
      if (!valueTokens.has(name)) valueTokens.set(name, token);
      token++;
    }
  }
  for (const [name, token] of rows.encodeAs) valueTokens.set(name, token);
  for (const [token, name] of rows.decodeAs) valueNames.set(token, name);
  const attributeStarts: AttributeStart[] = [];
  for (const [first, name, prefixes] of rows.attributeStarts) {
    let token = first;
    for (const valuePrefix of list(prefixes)) attributeStarts.push({ token: token++, name, valuePrefix });
  }
  return {
    version: rows.version,
    publicId: rows.publicId,
    publicIdText: rows.publicIdText,
    otherPublicIdTexts: rows.otherPublicIdTexts,
    rootElement: rows.rootElement,
    namespaces: rows.namespaces,
    tagPages,
    tagByName,
    attributeStarts,
    valueNames,
    valueTokens,
    integerElements,
    dateTimeElements,
  };
}
