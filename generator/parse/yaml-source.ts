/**
 * YAML with places: front matter, the assignment file and the config file are YAML, and every
 * problem in them must be reported at `file:line:col` like the markdown tables are.
 */
import { createRequire } from 'node:module';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * The YAML library, loaded on first use: settings are read through this module on every run, and
 * an up-to-date `check` of a project without a config file must not pay for loading a YAML parser
 * it does not use (a quarter of that command's time). `yaml` is CommonJS, so it can be required
 * where it is needed, synchronously.
 */
let yamlLibrary: typeof import('yaml') | undefined;
const yaml = () => (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
const isMap = (node: unknown): node is YAMLMap => yaml().isMap(node);
const isScalar = (node: unknown): node is Scalar => yaml().isScalar(node);
const isSeq = (node: unknown): node is YAMLSeq => yaml().isSeq(node);
import type { DiagnosticBag, SourceSpan } from '../diagnostics.js';
import { didYouMean } from '../common/did-you-mean.js';
import { describeFailure } from './failure.js';
import type { Located } from './types.js';

export class YamlSource {
  readonly #lines = new (yaml().LineCounter)();
  readonly document: Document.Parsed;
  /** What the YAML library threw, if it did (it is a dependency: its failures become diagnostics). */
  readonly #failure: string | undefined;

  /**
   * @param file path for diagnostics
   * @param text the YAML text
   * @param firstLine the line of `file` on which `text` starts (front matter starts on line 2)
   */
  constructor(
    readonly file: string,
    text: string,
    private readonly firstLine = 1,
  ) {
    try {
      this.document = yaml().parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, uniqueKeys: true });
    } catch (e) {
      this.#failure = describeFailure(e);
      this.document = yaml().parseDocument('');
    }
  }

  /** Reports YAML syntax errors; true when the document can be read. */
  reportErrors(bag: DiagnosticBag, ruleId: string, what: string): boolean {
    if (this.#failure !== undefined) {
      const line = this.firstLine;
      bag.error(ruleId, `${what} could not be read by the YAML parser (${this.#failure}).`, {
        file: this.file,
        line,
        column: 1,
        endLine: line,
        endColumn: 1,
      });
      return false;
    }
    for (const e of this.document.errors) {
      const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      bag.error(ruleId, `${what} is not valid YAML: ${first}.`, this.spanOfRange([e.pos[0], e.pos[1]]));
    }
    return this.document.errors.length === 0;
  }

  spanOfRange(range: readonly [number, number] | readonly [number, number, number]): SourceSpan {
    const start = this.#lines.linePos(range[0]);
    const end = this.#lines.linePos(Math.max(range[0], range[1]));
    return {
      file: this.file,
      line: start.line + this.firstLine - 1,
      column: start.col,
      endLine: end.line + this.firstLine - 1,
      endColumn: end.col,
    };
  }

  spanOf(node: Node | null | undefined): SourceSpan {
    return node?.range ? this.spanOfRange(node.range) : this.spanOfRange([0, 0]);
  }

  /** The whole document, for problems that belong to no key. */
  get wholeSpan(): SourceSpan {
    return this.spanOf(this.document.contents);
  }
}

/** A mapping's entries by key, reporting unknown keys (with a suggestion) and duplicate-free by YAML. */
export function readMapping(
  src: YamlSource,
  node: Node | null | undefined,
  allowed: readonly string[],
  bag: DiagnosticBag,
  ruleId: string,
  what: string,
): Map<string, Pair<Node, Node | null>> | undefined {
  if (!isMap(node)) {
    bag.error(ruleId, `${what} must be a mapping of \`key: value\` entries.`, src.spanOf(node));
    return undefined;
  }
  const entries = new Map<string, Pair<Node, Node | null>>();
  for (const pair of (node as YAMLMap<Node, Node | null>).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) {
      bag.error(ruleId, `${what}: keys must be plain names.`, src.spanOf(pair.key));
      continue;
    }
    if (allowed.length > 0 && !allowed.includes(key)) {
      bag.error(
        ruleId,
        `Unknown key \`${key}\` in ${what}${didYouMean(key, allowed)}; allowed: ${allowed.map((k) => `\`${k}\``).join(', ')}.`,
        src.spanOf(pair.key),
      );
      continue;
    }
    entries.set(key, pair);
  }
  return entries;
}

/** A string scalar. Numbers are refused where a string is meant (`version: 1.10` would read as 1.1). */
export function readString(
  src: YamlSource,
  node: Node | null | undefined,
  bag: DiagnosticBag,
  ruleId: string,
  what: string,
): Located<string> | undefined {
  if (isScalar(node) && typeof node.value === 'string') return { value: node.value, at: src.spanOf(node) };
  if (isScalar(node) && typeof node.value === 'number') {
    bag.error(
      ruleId,
      `${what} must be a string: quote it (\`"${String(node.source ?? node.value)}"\`) so YAML does not read it as a number.`,
      src.spanOf(node),
    );
    return undefined;
  }
  bag.error(ruleId, `${what} must be a string.`, src.spanOf(node));
  return undefined;
}

export function readStringList(
  src: YamlSource,
  node: Node | null | undefined,
  bag: DiagnosticBag,
  ruleId: string,
  what: string,
): Located<string>[] | undefined {
  if (!isSeq(node)) {
    bag.error(ruleId, `${what} must be a list (\`[a, b]\`).`, src.spanOf(node));
    return undefined;
  }
  const out: Located<string>[] = [];
  for (const item of node.items as (Node | null)[]) {
    const s = readString(src, item, bag, ruleId, `each entry of ${what}`);
    if (s) out.push(s);
  }
  return out;
}
