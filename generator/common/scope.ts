/** Where a token lives: a tag code page, the attribute start tokens, or the value-token space. */
import { hex } from './hex.js';

/** Where a name lives: a tag code page, the attribute start tokens, or the value-token space. */
export type Scope = { readonly kind: 'tag'; readonly page: number } | { readonly kind: 'attrstart' } | { readonly kind: 'value' };

/**
 * The tokens each scope may use. WBXML reserves tag tokens 0x00-0x04 (global tokens) and the two
 * high bits (content and attribute flags), so a tag token is 0x05-0x3F. Attribute start tokens are
 * below 0x80 (values from 0x80 are attribute value tokens) and above the global tokens. Value
 * tokens travel as mb_u_int32 after EXT_T_0; the codec supports the full 32-bit range.
 */
export const TOKEN_RANGES: Readonly<Record<Scope['kind'], { readonly min: number; readonly max: number }>> = {
  tag: { min: 0x05, max: 0x3f },
  attrstart: { min: 0x05, max: 0x7f },
  value: { min: 0x00, max: 0xffffffff },
};

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
