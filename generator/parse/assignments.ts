/**
 * The assignment file (`spec/assignments.yaml`): the token the editors gave each `XX` placeholder
 * of each change request, and the errata that correct a token a change request states wrongly.
 *
 * ```yaml
 * cr-multiple-sessions:            # change request id
 *   tags:
 *     0x03:                        # code page
 *       SessionPriority: 0x1C      # name: token
 *       OfflineETEMHandling: { token: 0x1A, note: why }
 *   values:                        # the value-token space (all value tables)
 *     SPA: 0x3B
 *   attribute-starts:              # keyed by value prefix
 *     "http://example.org/NS": 0x0E
 *   errata:
 *     values:
 *       Tiny: { stated: 0x78, corrected: 0x39, reason: why }
 * ```
 */
import { hex } from '../common/hex.js';
import { type Scope, scopeKey } from '../common/scope.js';
import { isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import type { DiagnosticBag, SourceSpan } from '../diagnostics.js';
import type { Located } from './types.js';
import { readMapping, readString, YamlSource } from './yaml-source.js';

const RULE = 'assignment-file';

export interface Assignment {
  readonly scope: Scope;
  readonly name: Located<string>;
  readonly token: Located<number>;
  readonly note: string;
}

export interface Erratum {
  readonly scope: Scope;
  readonly name: Located<string>;
  readonly stated: Located<number>;
  readonly corrected: Located<number>;
  readonly reason: string;
}

export interface ChangeRequestAssignments {
  readonly changeRequest: Located<string>;
  readonly assignments: readonly Assignment[];
  readonly errata: readonly Erratum[];
  /**
   * Entries that are there but could not be read ({@link assignmentKey}s), already reported:
   * their placeholders are not reported again as unassigned.
   */
  readonly unreadable: ReadonlySet<string>;
}

/** How an assignment or erratum is looked up: its scope and the name it is known by. */
export function assignmentKey(scope: Scope, name: string): string {
  return `${scopeKey(scope)}\u0000${name}`;
}

export interface ParsedAssignments {
  readonly path: string;
  readonly changeRequests: readonly ChangeRequestAssignments[];
}

export function parseAssignments(text: string, path: string, bag: DiagnosticBag): ParsedAssignments | undefined {
  const src = new YamlSource(path, text);
  if (!src.reportErrors(bag, RULE, 'The assignment file')) return undefined;
  const root = src.document.contents;
  // An empty file (or one holding only comments) assigns nothing.
  if (root === null || (isScalar(root) && root.value === null)) return { path, changeRequests: [] };
  const crs = readMapping(src, root, [], bag, RULE, 'The assignment file');
  if (!crs) return undefined;
  const reader = new Reader(src, bag);
  const changeRequests: ChangeRequestAssignments[] = [];
  for (const [id, pair] of crs) {
    const changeRequest = { value: id, at: src.spanOf(pair.key) };
    const sections = readMapping(src, pair.value, ['tags', 'values', 'attribute-starts', 'errata'], bag, RULE, `change request \`${id}\``);
    if (!sections) continue;
    const assignments: Assignment[] = [];
    const errata: Erratum[] = [];
    const unreadable = new Set<string>();
    reader.scoped(sections, (scope, name, value) => {
      const a = reader.assignment(scope, name, value);
      if (a) assignments.push(a);
      else unreadable.add(assignmentKey(scope, name.value));
    });
    const errataNode = sections.get('errata');
    if (errataNode) {
      const errataSections = readMapping(src, errataNode.value, ['tags', 'values', 'attribute-starts'], bag, RULE, '`errata`');
      if (errataSections) {
        reader.scoped(errataSections, (scope, name, value) => {
          const e = reader.erratum(scope, name, value);
          if (e) errata.push(e);
          else unreadable.add(assignmentKey(scope, name.value));
        });
      }
    }
    changeRequests.push({ changeRequest, assignments, errata, unreadable });
  }
  return { path, changeRequests };
}

class Reader {
  constructor(
    private readonly src: YamlSource,
    private readonly bag: DiagnosticBag,
  ) {}

  /** Calls `each` for every `name: value` entry of the `tags`/`values`/`attribute-starts` sections. */
  scoped(sections: Map<string, Pair<Node, Node | null>>, each: (scope: Scope, name: Located<string>, value: Node | null) => void): void {
    const entries = (node: Node | null, scope: Scope, what: string) => {
      const names = readMapping(this.src, node, [], this.bag, RULE, what);
      for (const [name, pair] of names ?? []) each(scope, { value: name, at: this.src.spanOf(pair.key) }, pair.value);
    };
    const tags = sections.get('tags');
    if (tags) {
      for (const [pageKey, pair] of readMapping(this.src, tags.value, [], this.bag, RULE, '`tags`') ?? []) {
        // `0x03:` unquoted is a YAML integer; `"0x03":` a string. Both mean page 3.
        const page =
          isScalar(pair.key) && typeof pair.key.value === 'number'
            ? this.yamlNumber(pair.key, 'the code page')
            : this.number(pageKey, this.src.spanOf(pair.key), 'a code page');
        if (page === undefined) continue;
        if (!Number.isInteger(page) || page < 0 || page > 0xff) {
          this.bag.error(RULE, `\`${pageKey}\` is not a WBXML code page (0x00-0xFF).`, this.src.spanOf(pair.key));
          continue;
        }
        entries(pair.value, { kind: 'tag', page }, `code page \`${pageKey}\``);
      }
    }
    const values = sections.get('values');
    if (values) entries(values.value, { kind: 'value' }, '`values`');
    const attrs = sections.get('attribute-starts');
    if (attrs) entries(attrs.value, { kind: 'attrstart' }, '`attribute-starts`');
  }

  assignment(scope: Scope, name: Located<string>, node: Node | null): Assignment | undefined {
    if (isMap(node)) {
      const fields = readMapping(this.src, node, ['token', 'note'], this.bag, RULE, `the assignment of \`${name.value}\``);
      if (!fields) return undefined;
      const tokenNode = fields.get('token')?.value;
      if (!tokenNode) {
        this.bag.error(RULE, `The assignment of \`${name.value}\` needs a \`token\`.`, this.src.spanOf(node));
        return undefined;
      }
      const token = this.token(tokenNode, `the token of \`${name.value}\``);
      const noteNode = fields.get('note');
      const note = noteNode ? readString(this.src, noteNode.value, this.bag, RULE, '`note`') : undefined;
      if (!token || (noteNode && !note)) return undefined;
      return { scope, name, token, note: note?.value ?? '' };
    }
    const token = this.token(node, `the token of \`${name.value}\``);
    return token ? { scope, name, token, note: '' } : undefined;
  }

  erratum(scope: Scope, name: Located<string>, node: Node | null): Erratum | undefined {
    const fields = readMapping(this.src, node, ['stated', 'corrected', 'reason'], this.bag, RULE, `the erratum of \`${name.value}\``);
    if (!fields) return undefined;
    const missing = ['stated', 'corrected', 'reason'].filter((k) => !fields.has(k));
    if (missing.length > 0) {
      this.bag.error(
        RULE,
        `The erratum of \`${name.value}\` needs ${missing.map((k) => `\`${k}\``).join(' and ')}: the token the change request states, the corrected token, and why.`,
        this.src.spanOf(node),
      );
      return undefined;
    }
    const stated = this.token(fields.get('stated')!.value, '`stated`');
    const corrected = this.token(fields.get('corrected')!.value, '`corrected`');
    const reason = readString(this.src, fields.get('reason')!.value, this.bag, RULE, '`reason`');
    if (!stated || !corrected || !reason) return undefined;
    return { scope, name, stated, corrected, reason: reason.value };
  }

  /** A token: a YAML integer written in hex (`0x1A`; `05` reads the same either way) or a hex string (`"1A"`, `"0x1A"`). */
  token(node: Node | null | undefined, what: string): Located<number> | undefined {
    const at = this.src.spanOf(node);
    if (isScalar(node) && typeof node.value === 'number') {
      if (!Number.isInteger(node.value) || node.value < 0 || node.value > 0xffffffff) {
        this.bag.error('token-range', `${what} \`${String(node.source ?? node.value)}\` is not a token (0 to 0xFFFFFFFF).`, at);
        return undefined;
      }
      const value = this.yamlNumber(node, what);
      return value === undefined ? undefined : { value, at };
    }
    if (isScalar(node) && typeof node.value === 'string') {
      const value = this.number(node.value, at, what);
      return value === undefined ? undefined : { value, at };
    }
    this.bag.error(RULE, `${what} must be a token in hex, for example \`0x1A\`.`, at);
    return undefined;
  }

  /**
   * A number YAML read from the file, if it was written in hex (`0x53`) or means the same read
   * as hex (`05`). The spec's tables write tokens in hex without `0x` (`53`), and an editor copying
   * one into the assignment file gets a YAML decimal integer (53 = 0x35), or a float for `1E3`:
   * a wrong token without a word. So a number that reads differently as hex is an error.
   */
  yamlNumber(node: Scalar, what: string): number | undefined {
    const written = String(node.source ?? node.value).trim();
    const value = node.value as number;
    if (/^0x[0-9a-f]+$/i.test(written) || (/^[0-9]{1,8}$/.test(written) && parseInt(written, 16) === value)) return value;
    const asHex = /^[0-9a-f]{1,8}$/i.test(written) ? `\`0x${written.toUpperCase()}\`` : 'it with `0x`';
    const decimal = Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? hex(value) : undefined;
    this.bag.error(
      RULE,
      `${what[0]!.toUpperCase()}${what.slice(1)} \`${written}\` is read by YAML as the decimal number ${value}${decimal ? ` (${decimal})` : ''}, ` +
        `but tokens and code pages are hex, as in the spec's tables: write ${asHex}` +
        `${decimal ? ` (or \`${decimal}\` if you meant decimal ${value})` : ''}.`,
      this.src.spanOf(node),
    );
    return undefined;
  }

  number(text: string, at: SourceSpan, what: string): number | undefined {
    const m = /^(?:0x)?([0-9a-f]{1,8})$/i.exec(text.trim());
    if (!m) {
      this.bag.error(RULE, `\`${text}\` is not ${what} in hex (write \`0x1A\`).`, at);
      return undefined;
    }
    return parseInt(m[1]!, 16);
  }
}
