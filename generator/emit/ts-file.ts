/**
 * The file-level frame of every generated TypeScript module: a {@link TsFile} per module, modelled
 * on protoplugin's `GeneratedFile`. Declarations are built as syntax trees (ts-syntax.ts, ts-morph's
 * compiler API) and printed into the file with `declare`; a few plain lines (`print`, `jsDoc`)
 * are printed as they are. A name from another generated module is asked for with
 * `import`/`importType` and becomes an import declaration only if it is used (`ref`, or printed),
 * so no generated file has an unused import (`noUnusedLocals`); the preamble (banner and lint
 * marker), the file's documentation and the imports are written here, in one place.
 *
 * Everything is appended once to an array of lines: linear in the size of the output.
 */
import type { ts } from 'ts-morph';
import { compareStrings } from '../diagnostics.js';
import type { ImportExtension } from '../settings.js';
import { tsBanner } from './banner.js';
import { type Syntax, syntax } from './ts-syntax.js';

/** A name exported by another module of the output, as seen from this file. */
export interface ImportSymbol {
  readonly kind: 'import';
  /** The exported name. */
  readonly name: string;
  /** The name in this file: `name`, or an alias (`decode as decodeWith`). */
  readonly local: string;
  /** The module specifier, relative, with its extension (`../runtime/index.js`). */
  readonly from: string;
  /** Imported with `import type` (erased: `verbatimModuleSyntax` needs the distinction). */
  readonly typeOnly: boolean;
}

/** What `print` takes: text, numbers, imported names, and arrays of those (joined without separator). */
export type Printable = string | number | ImportSymbol | readonly Printable[];

export class TsFile {
  readonly #lines: string[] = [];
  #indent = '';
  readonly #sources: readonly string[];
  readonly #extension: ImportExtension;
  readonly #symbols = new Map<string, ImportSymbol>();
  readonly #used = new Set<ImportSymbol>();
  #doc: readonly string[] = [];

  /**
   * @param sources the inputs the file is generated from, named in its banner
   * @param importExtension the extension of relative module specifiers: `./tables.js` or `./tables.ts`
   */
  constructor(sources: readonly string[], importExtension: ImportExtension = 'js') {
    this.#sources = sources;
    this.#extension = importExtension;
  }

  /** The syntax-tree builder and printer (loads ts-morph on first use). */
  get syntax(): Syntax {
    return syntax();
  }

  /** A sibling module's specifier, `./tables` → `./tables.js` (or `.ts`, see the constructor). */
  module(path: string): string {
    return `${path}.${this.#extension}`;
  }

  /** A value exported by the module `from` (without extension); used as `local`, imported only if used. */
  import(name: string, from: string, local: string = name): ImportSymbol {
    return this.#symbol(name, this.module(from), local, false);
  }

  /** A type exported by the module `from` (without extension), imported with `import type` only if used. */
  importType(name: string, from: string): ImportSymbol {
    return this.#symbol(name, this.module(from), name, true);
  }

  /** An imported name as an identifier in a syntax tree; marks it used. */
  ref(symbol: ImportSymbol): ts.Identifier {
    this.#used.add(symbol);
    return this.syntax.id(symbol.local);
  }

  /** Prints declarations built as syntax trees, one after the other (indented to the current level). */
  declare(...nodes: ts.Statement[]): void {
    for (const node of nodes) {
      const text = this.syntax.print(node);
      this.#lines.push(this.#indent === '' ? text : text.replace(/^(?=.)/gm, this.#indent));
    }
  }

  /** The file's own documentation block, printed after the preamble and before the imports. */
  fileDoc(lines: readonly string[]): void {
    this.#doc = lines;
  }

  /** Prints one line (indented to the current level); `print()` prints an empty line. */
  print(...parts: Printable[]): void {
    const text = parts.map((p) => this.#text(p)).join('');
    // An empty line carries no indentation.
    this.#lines.push(text === '' ? '' : this.#indent + text);
  }

  /** Prints what `body` prints one level deeper. */
  indent(body: () => void): void {
    const outer = this.#indent;
    this.#indent = outer + '  ';
    try {
      body();
    } finally {
      this.#indent = outer;
    }
  }

  /** A JSDoc block: `/** text *\/` for one line, else one ` * ` line per line. */
  jsDoc(text: string | readonly string[]): void {
    const lines = (typeof text === 'string' ? [text] : text).flatMap((l) => l.split('\n'));
    if (lines.length === 1) {
      this.print(`/** ${lines[0]} */`);
      return;
    }
    this.print('/**');
    for (const l of lines) this.print(l === '' ? ' *' : ` * ${l}`);
    this.print(' */');
  }

  /** The whole file: preamble, documentation and imports of the printed names, then the printed lines. */
  toString(): string {
    const blocks = [[tsBanner(this.#sources), '/* eslint-disable */']];
    const doc = this.#doc.length > 0 ? ['/**', ...this.#doc.map((l) => (l === '' ? ' *' : ` * ${l}`)), ' */'] : [];
    const top = [...doc, ...this.#importLines()];
    if (top.length > 0) blocks.push(top);
    const lines = this.#lines;
    let start = 0;
    let end = lines.length;
    while (start < end && lines[start] === '') start++;
    while (end > start && lines[end - 1] === '') end--;
    if (end > start) blocks.push(start === 0 && end === lines.length ? lines : lines.slice(start, end));
    return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
  }

  #symbol(name: string, from: string, local: string, typeOnly: boolean): ImportSymbol {
    const known = this.#symbols.get(local);
    if (known) {
      if (known.name !== name || known.from !== from || known.typeOnly !== typeOnly) {
        throw new Error(`TsFile: \`${local}\` would name both ${known.from}#${known.name} and ${from}#${name}`);
      }
      return known;
    }
    const symbol: ImportSymbol = { kind: 'import', name, local, from, typeOnly };
    this.#symbols.set(local, symbol);
    return symbol;
  }

  #text(p: Printable): string {
    if (typeof p === 'string') return p;
    if (typeof p === 'number') return String(p);
    if (Array.isArray(p)) return (p as readonly Printable[]).map((x) => this.#text(x)).join('');
    const symbol = p as ImportSymbol;
    this.#used.add(symbol);
    return symbol.local;
  }

  /**
   * One `import` and one `import type` per module, modules in the order their names were first
   * asked for, names sorted by code unit (never by locale, so the output is the same everywhere).
   */
  #importLines(): string[] {
    const modules = new Map<string, { values: ImportSymbol[]; types: ImportSymbol[] }>();
    for (const s of this.#symbols.values()) {
      if (!this.#used.has(s)) continue;
      let m = modules.get(s.from);
      if (!m) modules.set(s.from, (m = { values: [], types: [] }));
      (s.typeOnly ? m.types : m.values).push(s);
    }
    const names = (list: ImportSymbol[]) =>
      list
        .map((s) => (s.local === s.name ? s.name : `${s.name} as ${s.local}`))
        .sort(compareStrings)
        .join(', ');
    const lines: string[] = [];
    for (const [from, m] of modules) {
      if (m.values.length > 0) lines.push(`import { ${names(m.values)} } from ${JSON.stringify(from)};`);
      if (m.types.length > 0) lines.push(`import type { ${names(m.types)} } from ${JSON.stringify(from)};`);
    }
    return lines;
  }
}
