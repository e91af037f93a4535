/** Where a token lives: a tag code page, the attribute start tokens, or the value-token space. */
import { hex } from './hex.js';

/** Where a name lives: a tag code page, the attribute start tokens, or the value-token space. */
export type Scope = { readonly kind: 'tag'; readonly page: number } | { readonly kind: 'attrstart' } | { readonly kind: 'value' };

export function scopeKey(scope: Scope): string {
  return scope.kind === 'tag' ? `tag:${scope.page}` : scope.kind;
}

/**
 * How a scope is named, the one place for it:
 * - `phrase`, inside a sentence: `code page 0x03`, `the value-token space`, `the attribute start tokens`;
 * - `label`, an entry of a list or table column: `code page 0x03`, `value tokens`, `attribute start tokens`;
 * - `heading`, a section title: `Client capability code page (0x03)` (the page's title, when the
 *   scope carries one), `Value tokens`, `Attribute start tokens`.
 */
export function describeScope(scope: Scope & { readonly title?: string }, wording: 'phrase' | 'label' | 'heading' = 'phrase'): string {
  if (scope.kind === 'tag') {
    if (wording !== 'heading') return `code page ${hex(scope.page)}`;
    return scope.title === undefined ? `Code page ${hex(scope.page)}` : `${scope.title} (${hex(scope.page)})`;
  }
  const words = scope.kind === 'value' ? 'value tokens' : 'attribute start tokens';
  if (wording === 'heading') return words[0]!.toUpperCase() + words.slice(1);
  if (wording === 'label') return words;
  return scope.kind === 'value' ? 'the value-token space' : 'the attribute start tokens';
}
