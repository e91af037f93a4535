/** The review as markdown: tables and grids a reviewer reads at a glance in any markdown viewer. */
import { formatDiagnostic } from '../diagnostics.js';
import type { SourceSpan } from '../diagnostics.js';
import type { OccupancyGrid, SlotState } from './occupancy.js';
import { hex } from '../common/hex.js';
import type { ChangeRequestReview, ReviewReport, ReviewRow } from './report.js';

const MARKS: Readonly<Record<SlotState, string>> = {
  reserved: '—',
  free: '·',
  base: '■',
  new: '★',
  conflict: '✖',
  'declared-duplicate': '◆',
};

const LEGEND =
  '`·` free · `■` used (base or earlier change requests) · `★` new in this change request · `✖` conflict (two names) · `◆` deliberate duplicate declared in the spec · `—` reserved by WBXML';

const place = (at: SourceSpan) => `${at.file}:${at.line}:${at.column}`;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const STATUS_TEXT: Readonly<Record<ReviewRow['status'], string>> = {
  assigned: '✔ assigned',
  unassigned: '✖ unassigned',
  'placeholder-for-existing': '✖ XX for a name the base has',
  restated: '✔ agrees with the base',
  added: '✔ new name, token as stated',
  corrected: '✔ corrected by an erratum',
  disagrees: '✖ disagrees with the base',
};

const COUNT_TEXT: Readonly<Record<ReviewRow['status'], string>> = {
  assigned: 'assigned',
  unassigned: 'unassigned',
  'placeholder-for-existing': 'placeholders for existing names',
  restated: 'restate the base unchanged',
  added: 'add a name with the stated token',
  corrected: 'corrected by an erratum',
  disagrees: '**disagree with the base**',
};

export function renderReviewMarkdown(report: ReviewReport): string {
  const out: string[] = ['# Change request review', ''];
  const verdict =
    report.errors === 0
      ? `No errors${report.warnings ? `, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}` : ''}: every placeholder is assigned and every row agrees with the spec.`
      : `**${report.errors} error${report.errors === 1 ? '' : 's'}**${report.warnings ? `, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}` : ''}: see [Problems](#problems).`;
  out.push(verdict, '');
  for (const cr of report.changeRequests) out.push(...renderChangeRequest(cr));
  out.push('## Problems', '');
  if (report.diagnostics.length === 0) out.push('None.', '');
  else {
    out.push('```');
    for (const d of report.diagnostics) out.push(formatDiagnostic(d));
    out.push('```', '');
  }
  return out.join('\n');
}

function renderChangeRequest(cr: ChangeRequestReview): string[] {
  const out: string[] = [`## ${cr.id}: ${cr.title}`, ''];
  out.push(
    `Applies to CSP ${cr.version} · ${cr.status} · \`${cr.path}\`${cr.errors ? ` · **${cr.errors} error${cr.errors === 1 ? '' : 's'}**` : ''}`,
    '',
  );

  const assigned = cr.placeholders.filter((p) => p.status === 'assigned').length;
  out.push(`### Placeholders (${assigned} of ${cr.placeholders.length} assigned)`, '');
  if (cr.placeholders.length === 0) out.push('None.', '');
  else {
    out.push('| name | where | token | status | note | CR row | assignment |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const p of cr.placeholders) {
      out.push(
        `| ${cell(p.name)} | ${p.where} | ${p.tokenHex ?? '—'} | ${STATUS_TEXT[p.status]} | ${cell(p.assignment?.note ?? '')} | ${place(p.at)} | ${p.assignment ? place(p.assignment.at) : '—'} |`,
      );
    }
    out.push('');
  }

  out.push(`### Explicit rows (${cr.explicit.length})`, '');
  if (cr.explicit.length === 0) out.push('None.', '');
  else {
    const counts = new Map<string, number>();
    for (const e of cr.explicit) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
    out.push([...counts].map(([s, n]) => `${n} ${COUNT_TEXT[s as ReviewRow['status']]}`).join(', ') + '.', '');
    out.push('| name | where | stated | resolved | base | status | CR row |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const e of cr.explicit) {
      const base = e.base.map((b) => `${b.tokenHex} (${place(b.at)})`).join(', ') || '—';
      out.push(
        `| ${cell(e.name)} | ${e.where} | ${cell(e.stated)} | ${e.tokenHex ?? '—'} | ${base} | ${STATUS_TEXT[e.status]} | ${place(e.at)} |`,
      );
    }
    out.push('');
  }

  out.push(`### Errata (${cr.errata.length})`, '');
  if (cr.errata.length === 0) out.push('None.', '');
  for (const e of cr.errata) {
    out.push(
      `- **${e.name}** (${e.where}): the CR states ${e.statedHex}, corrected to ${e.correctedHex} — ${cell(e.reason)} (row ${place(e.rowAt)}, erratum ${place(e.erratumAt)})`,
    );
  }
  if (cr.errata.length > 0) out.push('');

  out.push('### Occupancy', '', LEGEND, '');
  for (const g of cr.grids) out.push(...renderGrid(g));
  return out;
}

function renderGrid(g: OccupancyGrid): string[] {
  const out: string[] = [];
  const title = g.kind === 'tag' ? `Code page ${hex(g.page!)} — ${g.title}` : `Value tokens ${hex(g.from)}–${hex(g.from + g.columns - 1)}`;
  out.push(`#### ${title}`, '');
  const head = Array.from({ length: g.columns }, (_, i) => `+${i.toString(16).toUpperCase()}`);
  out.push(`| | ${head.join(' | ')} |`, `| --- | ${head.map(() => ':---:').join(' | ')} |`);
  for (let row = 0; row < g.slots.length; row += g.columns) {
    const slots = g.slots.slice(row, row + g.columns);
    out.push(`| **${hex(slots[0]!.token)}** | ${slots.map((s) => MARKS[s.state]).join(' | ')} |`);
  }
  out.push('');
  const marked = g.slots.filter((s) => s.state === 'new' || s.state === 'conflict');
  if (marked.length > 0) {
    out.push(marked.map((s) => `${MARKS[s.state]} ${hex(s.token)} ${s.names.join(' / ')}`).join(' · '), '');
  }
  const used = g.slots.filter((s) => s.state !== 'free' && s.state !== 'reserved').length;
  out.push(`${used} of ${g.slots.length} slots used, ${g.slots.filter((s) => s.state === 'free').length} free.`, '');
  return out;
}
