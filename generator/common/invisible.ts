/**
 * Characters an editor cannot see: format characters (U+200B ZERO WIDTH SPACE, U+00AD SOFT
 * HYPHEN, a byte-order mark inside the text, bidi controls), control characters, and spaces that
 * are not U+0020 (U+00A0 NO-BREAK SPACE). Pasted from a Word document or a web page into a cell,
 * they make `Add​List` a different name that looks the same; messages must show them.
 *
 * The names are the Unicode names of the characters in these classes that occur in practice (a
 * small closed set, so a table here rather than a Unicode database dependency); any other one is
 * named by its class.
 */

/** Every invisible character (tab, line feed and carriage return are ordinary white space). */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

const NAMES: Readonly<Record<number, string>> = {
  0: 'NULL',
  7: 'BELL',
  8: 'BACKSPACE',
  11: 'LINE TABULATION',
  12: 'FORM FEED',
  27: 'ESCAPE',
  127: 'DELETE',
  133: 'NEXT LINE',
  160: 'NO-BREAK SPACE',
  173: 'SOFT HYPHEN',
  1564: 'ARABIC LETTER MARK',
  5760: 'OGHAM SPACE MARK',
  6158: 'MONGOLIAN VOWEL SEPARATOR',
  8192: 'EN QUAD',
  8193: 'EM QUAD',
  8194: 'EN SPACE',
  8195: 'EM SPACE',
  8196: 'THREE-PER-EM SPACE',
  8197: 'FOUR-PER-EM SPACE',
  8198: 'SIX-PER-EM SPACE',
  8199: 'FIGURE SPACE',
  8200: 'PUNCTUATION SPACE',
  8201: 'THIN SPACE',
  8202: 'HAIR SPACE',
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8232: 'LINE SEPARATOR',
  8233: 'PARAGRAPH SEPARATOR',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8239: 'NARROW NO-BREAK SPACE',
  8287: 'MEDIUM MATHEMATICAL SPACE',
  8288: 'WORD JOINER',
  8289: 'FUNCTION APPLICATION',
  8290: 'INVISIBLE TIMES',
  8291: 'INVISIBLE SEPARATOR',
  8292: 'INVISIBLE PLUS',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
  12288: 'IDEOGRAPHIC SPACE',
  65279: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** `U+200B ZERO WIDTH SPACE`; an unlisted character by its class. */
export function describeCharacter(c: string): string {
  const name = NAMES[c.codePointAt(0)!];
  if (name) return `${codePoint(c)} ${name}`;
  return `${codePoint(c)} (${/\p{Cc}/u.test(c) ? 'a control character' : /\p{Zs}/u.test(c) ? 'a space character' : 'an invisible format character'})`;
}

/** The first invisible character of `text` and its index, if there is one. */
export function findInvisible(text: string): { readonly char: string; readonly index: number } | undefined {
  const m = INVISIBLE.exec(text);
  return m ? { char: m[0], index: m.index } : undefined;
}

/** `text` with each invisible character written as `<U+200B>`, for messages. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, (c) => `<${codePoint(c)}>`);
}

/** `text` without its invisible characters. */
export function removeInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, '');
}
