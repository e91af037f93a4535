/**
 * Where a token comes from, in words, for JSDoc and docs. By document and section name, never
 * by line: a line number would change every later comment whenever the spec gains a line.
 */
import type { Token, VersionModel } from '../model/types.js';
import type { EmitContext } from './context.js';
import { hex } from '../common/hex.js';

export function tokenWhere(t: Token): string {
  if (t.kind === 'tag') return `code page ${hex(t.page)}, token ${hex(t.token)}`;
  if (t.kind === 'attrstart') return `attribute start token ${hex(t.token)} (value prefix \`${t.valuePrefix}\`)`;
  return `value token ${hex(t.token)} (${t.group})`;
}

/** One or more sentences: which document and section stated the token, and how a CR made it. */
export function provenanceText(t: Token, v: VersionModel, ctx: EmitContext): string[] {
  const o = t.origin;
  const lines = [`From ${o.document} (${ctx.sourcePath(o.specPath)}), section "${o.section}".`];
  const change = o.change;
  if (!change) return lines;
  const cr = v.changes.find((c) => c.document.id === change.changeRequest);
  const title = cr ? ` ("${cr.document.title}")` : '';
  switch (change.kind) {
    case 'assigned':
      lines[0] = `Added by change request ${change.changeRequest}${title}, section "${o.section}", as \`XX\`;`;
      lines.push(`the token was assigned in ${ctx.assignmentSource ?? 'the assignment file'}${change.note ? `: ${change.note}` : '.'}`);
      break;
    case 'stated':
      lines[0] = `Added by change request ${change.changeRequest}${title}, section "${o.section}".`;
      break;
    case 'corrected':
      lines[0] = `${change.added ? 'Added' : 'Restated'} by change request ${change.changeRequest}${title}, section "${o.section}",`;
      lines.push(
        `which states ${hex(change.stated)}; corrected to ${hex(t.token)} by an erratum in ${ctx.assignmentSource ?? 'the assignment file'}: ${change.reason}`,
      );
      break;
  }
  return lines;
}

/** Text safe inside a JSDoc block. */
export function jsdocSafe(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}
