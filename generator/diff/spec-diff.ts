/**
 * `diff`: the resolved tables of two spec trees compared version by version, for reviewing a
 * spec revision before regenerating. Uses the same per-scope diff as the docs' change lists.
 */
import { compareVersions } from '../compose/compose.js';
import { diffVersions, type ScopeDiff, type VersionTables } from '../model/diff.js';
import type { SpecModel } from '../model/types.js';
import { hex } from '../common/hex.js';
import { describeScope } from '../common/scope.js';

export interface SpecDiff {
  readonly from: string;
  readonly to: string;
  readonly versions: readonly {
    readonly version: string;
    readonly status: 'changed' | 'added' | 'removed';
    readonly scopes: readonly ScopeDiff[];
  }[];
}

/** An empty version, so that a version present on one side only diffs as all added or all removed. */
function empty(version: string): VersionTables {
  return { version, codePages: [], attributeStarts: [], values: [] };
}

export function diffSpecs(from: string, before: SpecModel, to: string, after: SpecModel): SpecDiff {
  const names = [...new Set([...before.versions, ...after.versions].map((v) => v.version))].sort(compareVersions);
  const versions: SpecDiff['versions'][number][] = [];
  for (const version of names) {
    const b = before.versions.find((v) => v.version === version);
    const a = after.versions.find((v) => v.version === version);
    const d = diffVersions(b ?? empty(version), a ?? empty(version));
    if (d.scopes.length === 0) continue;
    versions.push({ version, status: !b ? 'added' : !a ? 'removed' : 'changed', scopes: d.scopes });
  }
  return { from, to, versions };
}

export function countChanges(s: ScopeDiff): number {
  return s.added.length + s.removed.length + s.renamed.length + s.renumbered.length;
}

export function renderDiffMarkdown(d: SpecDiff): string {
  const lines = [`# Token changes: \`${d.from}\` → \`${d.to}\``, ''];
  if (d.versions.length === 0) return lines.concat('No differences in the resolved token tables.', '').join('\n');
  for (const v of d.versions) {
    const n = v.scopes.reduce((sum, s) => sum + countChanges(s), 0);
    lines.push(`## Version ${v.version}${v.status === 'changed' ? '' : ` (${v.status})`}: ${n} ${n === 1 ? 'change' : 'changes'}`, '');
    for (const s of v.scopes) {
      lines.push(`### ${describeScope(s.scope, 'heading')}`, '', '| Change | Name | Token |', '| --- | --- | --- |');
      for (const e of s.added) lines.push(`| added | \`${e.name}\` | ${hex(e.token)} |`);
      for (const e of s.removed) lines.push(`| removed | \`${e.name}\` | ${hex(e.token)} |`);
      for (const e of s.renamed) lines.push(`| renamed | \`${e.from}\` → \`${e.to}\` | ${hex(e.token)} |`);
      for (const e of s.renumbered) lines.push(`| renumbered | \`${e.name}\` | ${hex(e.from)} → ${hex(e.to)} |`);
      lines.push('');
    }
  }
  return lines.join('\n');
}
