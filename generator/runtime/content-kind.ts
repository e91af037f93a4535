/**
 * The content type of an element — plain, an OPAQUE integer, an OPAQUE date-time — as `contentKind`
 * (typed-content.ts) tells it, and what content a typed element has had while decoding. Numbers in
 * a module that imports nothing: the engine is erasable TypeScript (no enum), and esbuild writes a
 * constant imported from such a module as its number (from a module with imports, or in the same
 * module, it keeps a variable: issue 13's bytes).
 */
export type ContentKind = 0 | 1 | 2;
export const PLAIN = 0;
export const INTEGER = 1;
export const DATE_TIME = 2;

/** Of a typed element being decoded: nothing read yet, content other than an OPAQUE value, the OPAQUE value (then nothing else may come). */
export const NOTHING = 0;
export const CONTENT = 1;
export const OPAQUE_VALUE = 2;
