/**
 * The tokens of a version being composed, indexed so that looking up a row's name or a token's
 * occupants costs the same however big the spec is (composition is linear in the rows). The
 * indexes are by scope, then by the name or token itself: the names are the strings the parser
 * made, whose hashes V8 keeps, so a lookup builds no key.
 */
import { type Scope, scopeKey } from '../common/scope.js';
import type { AttributeStartToken, TagToken, Token, ValueToken } from '../model/types.js';

/** How a token is known within its scope: attribute start tokens by name and value prefix. */
const nameOf = (name: string, valuePrefix: string | undefined) => (valuePrefix === undefined ? name : `${name}\u0000${valuePrefix}`);

function scopeOfToken(t: Token): Scope {
  return t.kind === 'tag' ? { kind: 'tag', page: t.page } : { kind: t.kind };
}

export class TokenIndex {
  readonly tags: TagToken[] = [];
  readonly attributeStarts: AttributeStartToken[] = [];
  readonly values: ValueToken[] = [];
  readonly #byName = new Map<string, Map<string, Token[]>>();
  readonly #byToken = new Map<string, Map<number, Token[]>>();

  add(t: Token): void {
    if (t.kind === 'tag') this.tags.push(t);
    else if (t.kind === 'attrstart') this.attributeStarts.push(t);
    else this.values.push(t);
    const scope = scopeKey(scopeOfToken(t));
    push(inner(this.#byName, scope), nameOf(t.name, t.kind === 'attrstart' ? t.valuePrefix : undefined), t);
    push(inner(this.#byToken, scope), t.token, t);
  }

  /** The tokens with this name (and value prefix, for attribute starts) in the scope, in the order added. */
  named(scope: Scope, name: string, valuePrefix?: string): readonly Token[] {
    return this.#byName.get(scopeKey(scope))?.get(nameOf(name, valuePrefix)) ?? [];
  }

  /** The tokens on this token number in the scope, in the order added. */
  on(scope: Scope, token: number): readonly Token[] {
    return this.#byToken.get(scopeKey(scope))?.get(token) ?? [];
  }
}

function inner<K>(outer: Map<string, Map<K, Token[]>>, scope: string): Map<K, Token[]> {
  let map = outer.get(scope);
  if (!map) outer.set(scope, (map = new Map()));
  return map;
}

function push<K>(map: Map<K, Token[]>, key: K, value: Token): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
