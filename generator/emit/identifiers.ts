/**
 * TypeScript identifiers from spec names, by one documented rule (README, "Identifiers"):
 *
 * - `pascal` (default): the name is split at every run of characters that cannot appear in an
 *   identifier (`-`, `/`, `.`, `:`, …); each part starts with a capital letter and the parts are
 *   joined. `_` is kept, since it is valid and spec names such as `GROUP_ID` use it as a word
 *   separator. `Login-Request` → `LoginRequest`, `WV-CSP-Message` → `WVCSPMessage`,
 *   `application/vnd.wap.mms-message` → `ApplicationVndWapMmsMessage`, `http://` → `Http`.
 * - `preserve`: every run of such characters becomes one `_` and the case is kept:
 *   `Login-Request` → `Login_Request`, `http://` → `http`.
 *
 * A name that would start with a digit gets a leading `_`. Two names that make the same
 * identifier in one enum are told apart deterministically: the first in token order (or the
 * token the spec prefers for a duplicate name) keeps it, the others get `_` and their token in
 * hex (`SMS_75`).
 */
import type { IdentifierStyle } from '../settings.js';

const SEPARATORS = /[^A-Za-z0-9_$]+/;

export function toIdentifier(name: string, style: IdentifierStyle): string {
  const parts = name.split(SEPARATORS).filter((p) => p !== '');
  let id = style === 'pascal' ? parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('') : parts.join('_');
  if (id === '') id = '_';
  if (/^[0-9]/.test(id)) id = '_' + id;
  return id;
}

/** An upper-case hex suffix without `0x`, at least two digits: `75`, `0A`, `1F4`. */
function hexSuffix(token: number): string {
  return token.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * Identifiers for the members of one enum, unique within it. `items` must already be in the
 * order that decides who keeps the plain identifier.
 */
export function uniqueIdentifiers<T>(
  items: readonly T[],
  nameOf: (t: T) => string,
  tokenOf: (t: T) => number,
  style: IdentifierStyle,
): Map<T, string> {
  const taken = new Set<string>();
  const out = new Map<T, string>();
  // Plain identifiers first, so that a later suffixed one never takes a plain one's place.
  const plain = items.map((t) => toIdentifier(nameOf(t), style));
  const counts = new Map<string, number>();
  for (const p of plain) counts.set(p, (counts.get(p) ?? 0) + 1);
  items.forEach((t, i) => {
    const id = plain[i]!;
    if (!taken.has(id)) {
      taken.add(id);
      out.set(t, id);
    }
  });
  items.forEach((t, i) => {
    if (out.has(t)) return;
    let id = `${plain[i]!}_${hexSuffix(tokenOf(t))}`;
    for (let n = 2; taken.has(id) || counts.has(id); n++) id = `${plain[i]!}_${hexSuffix(tokenOf(t))}_${n}`;
    taken.add(id);
    out.set(t, id);
  });
  return out;
}

/**
 * The type name part of a code page, always PascalCase since it names types:
 * `Client capability code page` → `ClientCapability`, `Common code page – continued` → `CommonContinued`.
 */
export function pageIdentifier(title: string): string {
  return toIdentifier(title.replace(/\bcode page\b/i, ' '), 'pascal');
}
