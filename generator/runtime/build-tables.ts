/**
 * Builds the lookup structures of a {@link CspTables} from the compact rows the generator emits
 * (`generated/csp-1.x/tables.ts`), once, when that module is first imported.
 */
import type { AttributeStart, CspTables } from './tables.js';

export interface CspTableRows {
  readonly version: string;
  readonly publicId: number;
  readonly publicIdText: string;
  readonly otherPublicIdTexts: readonly string[];
  readonly rootElement: string;
  readonly namespaces: { readonly csp: string; readonly trc: string; readonly pa: string };
  /** `[page, token, element name]`. */
  readonly tags: readonly (readonly [number, number, string])[];
  /** `[token, attribute name, value prefix]`. */
  readonly attributeStarts: readonly (readonly [number, string, string])[];
  /** `[token, name]`; a token or a name may occur twice where the spec declares it. */
  readonly values: readonly (readonly [number, string])[];
  /** For a name with two tokens: `[name, the token to encode]`. */
  readonly encodeAs: readonly (readonly [string, number])[];
  /** For a token with two names: `[token, the name to decode]`. */
  readonly decodeAs: readonly (readonly [number, string])[];
  readonly integerElements: readonly string[];
  readonly dateTimeElements: readonly string[];
}

/** Tag tokens live in 0x00-0x3F; the two high bits of a tag byte are the content/attribute flags. */
const SLOTS_PER_PAGE = 64;

export function buildTables(rows: CspTableRows): CspTables {
  const tagPages: ((string | null)[] | null)[] = [];
  const tagByName = new Map<string, number>();
  for (const [page, token, name] of rows.tags) {
    while (tagPages.length <= page) tagPages.push(null);
    let slots = tagPages[page];
    if (!slots) {
      slots = new Array<string | null>(SLOTS_PER_PAGE).fill(null);
      tagPages[page] = slots;
    }
    slots[token] = name;
    tagByName.set(name, (page << 8) | token);
  }
  const valueNames = new Map<number, string>();
  const valueTokens = new Map<string, number>();
  for (const [token, name] of rows.values) {
    if (!valueNames.has(token)) valueNames.set(token, name);
    if (!valueTokens.has(name)) valueTokens.set(name, token);
  }
  for (const [name, token] of rows.encodeAs) valueTokens.set(name, token);
  for (const [token, name] of rows.decodeAs) valueNames.set(token, name);
  const attributeStarts: AttributeStart[] = rows.attributeStarts.map(([token, name, valuePrefix]) => ({ token, name, valuePrefix }));
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
    integerElements: new Set(rows.integerElements),
    dateTimeElements: new Set(rows.dateTimeElements),
  };
}
