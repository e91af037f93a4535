/**
 * The compact rows of `generated/csp-1.x/tables.ts` (codec-rows.ts) and the engine's `buildTables`
 * that expands them: whatever the row format, the tables the engine gets are exactly those the
 * model defines — checked against a direct construction from the model, for every version of the
 * shipped spec and for names the joined form cannot hold.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { codecTableRows } from '../../generator/emit/codec-rows.js';
import { emitCodecTablesModule } from '../../generator/emit/codec-tables.js';
import { createContext } from '../../generator/emit/context.js';
import { loadSpec } from '../../generator/load.js';
import type { VersionModel } from '../../generator/model/types.js';
import { buildTables } from '../../generator/runtime/build-tables.js';
import type { CspTables } from '../../generator/runtime/tables.js';
import { ROOT } from '../support/paths.js';

const shipped = loadSpec({ specDir: join(ROOT, 'spec') });

/** The tables of `v`, straight from the model: one entry per token, the spec's choices for duplicates. */
function fromModel(v: VersionModel): CspTables {
  const tagPages: ((string | null)[] | null)[] = [];
  const tagByName = new Map<string, number>();
  for (const p of v.codePages) {
    if (p.tokens.length === 0) continue;
    while (tagPages.length <= p.page) tagPages.push(null);
    const slots = new Array<string | null>(64).fill(null);
    for (const t of p.tokens) {
      slots[t.token] = t.name;
      tagByName.set(t.name, (p.page << 8) | t.token);
    }
    tagPages[p.page] = slots;
  }
  const valueNames = new Map<number, string>();
  const valueTokens = new Map<string, number>();
  for (const t of v.values) {
    if (!valueNames.has(t.token)) valueNames.set(t.token, t.name);
    if (!valueTokens.has(t.name)) valueTokens.set(t.name, t.token);
  }
  for (const d of v.duplicates) {
    if (d.kind === 'name') valueTokens.set(d.name, d.encodeAs);
    else valueNames.set(d.token, d.decodeAs);
  }
  const ns = v.identity.namespaces;
  return {
    version: v.version,
    publicId: v.identity.publicId,
    publicIdText: v.identity.publicIdText,
    otherPublicIdTexts: v.identity.otherPublicIdTexts,
    rootElement: v.identity.rootElement,
    namespaces: { csp: ns.csp.uri, trc: ns.trc.uri, pa: ns.pa.uri },
    tagPages,
    tagByName,
    attributeStarts: v.attributeStarts.map((a) => ({ token: a.token, name: a.name, valuePrefix: a.valuePrefix })),
    valueNames,
    valueTokens,
    integerElements: new Set(v.dataTypes.filter((d) => d.type === 'integer').map((d) => d.element)),
    dateTimeElements: new Set(v.dataTypes.filter((d) => d.type === 'datetime').map((d) => d.element)),
  };
}

describe('table rows', () => {
  test('the shipped spec loads', () => {
    expect(shipped.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(shipped.model.versions.map((v) => v.version)).toEqual(['1.1', '1.2', '1.3']);
  });

  test.each(['1.1', '1.2', '1.3'])('CSP %s: the rows build exactly the tables of the model', (version) => {
    const v = shipped.model.versions.find((m) => m.version === version)!;
    expect(buildTables(codecTableRows(v))).toEqual(fromModel(v));
  });

  test('a tag row is a code page in lines of 16 tokens, typed elements marked; a value row never crosses a multiple of 16', () => {
    const v = shipped.model.versions.find((m) => m.version === '1.3')!;
    const { tags, values, integerElements, dateTimeElements } = codecTableRows(v);
    expect(tags[0]).toEqual([
      0x00,
      0x05,
      expect.stringMatching(/^Acceptance AddList AddNickList SName WV-CSP-Message ClientID Code# /),
      ...Array(3).fill(expect.any(String)),
    ]);
    for (const [, token, ...lines] of tags) {
      // Each line ends before a multiple of 16: the first one up to it, every other one 16 tokens (the last at most).
      lines.forEach((line, i) => {
        const full = i === 0 ? 16 - (token % 16) : 16;
        if (i < lines.length - 1) expect(line.split(' ')).toHaveLength(full);
        else expect(line.split(' ').length).toBeLessThanOrEqual(full);
      });
    }
    // A free slot is an empty name in the row (0x0F of the Access page, between 0x0E and 0x10).
    expect(tags[1]![2]).toMatch(/CancelInviteUser-Request {2}CapabilityList /);
    // 429 tags in one row per code page (a page with a long gap has two).
    expect(tags.length).toBeLessThan(v.codePages.length + 3);
    for (const [token, names] of values) {
      expect(typeof names).toBe('string');
      const count = (names as string).split(' ').length;
      expect(Math.floor((token + count - 1) / 16)).toBe(Math.floor(token / 16));
    }
    // Every typed element of 1.3 has a tag: none is listed again.
    expect(integerElements).toHaveLength(0);
    expect(dateTimeElements).toHaveLength(0);
  });

  test('a typed element without a tag in the version is listed by name; one with a tag is marked', () => {
    const base = shipped.model.versions.find((m) => m.version === '1.3')!;
    const at = base.dataTypes[0]!;
    const v: VersionModel = {
      ...base,
      dataTypes: [...base.dataTypes, { ...at, element: 'NoSuchTag' }, { ...at, element: 'NoDateTag', type: 'datetime' }],
    };
    const rows = codecTableRows(v);
    expect([rows.integerElements, rows.dateTimeElements]).toEqual(['NoSuchTag', 'NoDateTag']);
    const t = buildTables(rows);
    expect(t).toEqual(fromModel(v));
    expect([t.integerElements.has('NoSuchTag'), t.integerElements.has('Code'), t.dateTimeElements.has('DateTime')]).toEqual([
      true,
      true,
      true,
    ]);
    expect(t.tagByName.has('Code#')).toBe(false);
  });

  test('names a space-joined string cannot hold (a space in a name, an empty name) are rows of lists, and build the same', () => {
    const base = shipped.model.versions.find((m) => m.version === '1.3')!;
    const values = [
      ...base.values,
      { kind: 'value', token: 0xf0, name: 'two words', group: 'test', note: '', origin: base.values[0]!.origin },
      { kind: 'value', token: 0xf1, name: '', group: 'test', note: '', origin: base.values[0]!.origin },
      { kind: 'value', token: 0xf2, name: 'after', group: 'test', note: '', origin: base.values[0]!.origin },
    ] as const;
    const v: VersionModel = { ...base, values, dataTypes: [] };
    const rows = codecTableRows(v);
    expect(rows.values.at(-1)).toEqual([0xf0, ['two words', '', 'after']]);
    expect(rows.integerElements).toEqual([]);
    const t = buildTables(rows);
    expect(t).toEqual(fromModel(v));
    expect([t.valueNames.get(0xf0), t.valueNames.get(0xf1), t.valueNames.get(0xf2)]).toEqual(['two words', '', 'after']);
    expect(t.integerElements.size).toBe(0);
    // …and the module prints them as a list.
    const ctx = createContext(ROOT, join(ROOT, 'spec'), 'pascal', 'js', shipped.model);
    const printed = emitCodecTablesModule(shipped.model, v, ctx);
    expect(printed).toContain('    [0xF0, ["two words", "", "after"]],\n');
    expect(printed).toContain('  integerElements: [],\n');
  });
});
