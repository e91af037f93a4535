/**
 * The tokens of a version being composed, indexed so that looking up a row's name or a token's
 * occupants costs the same however big the spec is (composition is linear in the rows).
 */
import { type Scope, scopeKey } from '../common/scope.js';
import type { AttributeStartToken, TagToken, Token, ValueToken } from '../model/types.js';

/** How a token is known within its scope: attribute start tokens by name and value prefix. */
function nameKey(scope: Scope, name: string, valuePrefix?: string): string {
  return `${scopeKey(scope)}\u0000${name}\u0000${valuePrefix ?? ''}`;
}

function tokenKey(scope: Scope, token: number): string {
  return `${scopeKey(scope)}\u0000${token}`;
}

function scopeOfToken(t: Token): Scope {
  return t.kind === 'tag' ? { kind: 'tag', page: t.page } : { kind: t.kind };
}

export class TokenIndex {
  readonly tags: TagToken[] = [];
  readonly attributeStarts: AttributeStartToken[] = [];
  readonly values: ValueToken[] = [];
  readonly #byName = new Map<string, Token[]>();
  readonly #byToken = new Map<string, Token[]>();

  add(t: Token): void {
    if (t.kind === 'tag') this.tags.push(t);
    else if (t.kind === 'attrstart') this.attributeStarts.push(t);
    else this.values.push(t);
    const scope = scopeOfToken(t);
    push(this.#byName, nameKey(scope, t.name, t.kind === 'attrstart' ? t.valuePrefix : undefined), t);
    push(this.#byToken, tokenKey(scope, t.token), t);
  }

  /** The tokens with this name (and value prefix, for attribute starts) in the scope, in the order added. */
  named(scope: Scope, name: string, valuePrefix?: string): readonly Token[] {
    return this.#byName.get(nameKey(scope, name, valuePrefix)) ?? [];
  }

  /** The tokens on this token number in the scope, in the order added. */
  on(scope: Scope, token: number): readonly Token[] {
    return this.#byToken.get(tokenKey(scope, token)) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
