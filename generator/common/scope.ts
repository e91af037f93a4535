/** Where a token lives: a tag code page, the attribute start tokens, or the value-token space. */
import { hex } from './hex.js';

/** Where a name lives: a tag code page, the attribute start tokens, or the value-token space. */
export type Scope = { readonly kind: 'tag'; readonly page: number } | { readonly kind: 'attrstart' } | { readonly kind: 'value' };

export function scopeKey(scope: Scope): string {
  return scope.kind === 'tag' ? `tag:${scope.page}` : scope.kind;
}

export function describeScope(scope: Scope): string {
  return scope.kind === 'tag'
    ? `code page ${hex(scope.page)}`
    : scope.kind === 'value'
      ? 'the value-token space'
      : 'the attribute start tokens';
}
