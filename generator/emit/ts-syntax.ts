/**
 * TypeScript declarations as syntax trees: built with the compiler API that ts-morph bundles
 * (`ts.factory`) and printed by its printer, which writes a tree in one pass (linear in its size).
 *
 * Not ts-morph's structures (`printStructure`) nor a project's source files: the structure
 * printers insert each enum member's comma with a splice into the text written so far
 * (quadratic in the members of an enum; 326 s at 100 times the shipped spec, issue 11), and a
 * source file re-parses itself after each change. The tree is built once, printed once.
 *
 * ts-morph is loaded on first use only (it is a CommonJS package): loading it reads the whole
 * TypeScript compiler (9 MB), which an up-to-date `check`, the docs and every other command never
 * need; its compiled code is cached between processes (./compiler-cache.ts).
 */
import type { ts } from 'ts-morph';
import { hex } from '../common/hex.js';
import { loadTsMorph } from './compiler-cache.js';

type Ts = typeof ts;

let loaded: Ts | undefined;

/** ts-morph's TypeScript, loaded once, on first use. */
function typescript(): Ts {
  loaded ??= loadTsMorph().ts;
  return loaded;
}

let shared: Syntax | undefined;

/** The one {@link Syntax} of the process (it holds a printer; loads ts-morph the first time). */
export function syntax(): Syntax {
  shared ??= new Syntax(typescript());
  return shared;
}

/** The printer's indentation unit: four spaces, fixed inside TypeScript (`getIndentString`). */
const PRINTER_INDENT = /^(?: {4})+/gm;

/**
 * Small constructors for the nodes the emitters build, in the project's conventions (hex
 * tokens, double quotes, non-ASCII text as written, JSDoc blocks), and the printer.
 */
export class Syntax {
  readonly ts: Ts;
  readonly factory: ts.NodeFactory;
  readonly #printer: ts.Printer;
  /** The printer wants a source file for context; synthesized nodes take nothing from it. */
  readonly #context: ts.SourceFile;

  constructor(typescript: Ts) {
    this.ts = typescript;
    this.factory = typescript.factory;
    this.#printer = typescript.createPrinter({ newLine: typescript.NewLineKind.LineFeed });
    this.#context = typescript.createSourceFile('generated.ts', '', typescript.ScriptTarget.Latest, false, typescript.ScriptKind.TS);
  }

  /**
   * One node as text, indented by two spaces a level. The TypeScript printer indents by four,
   * with no option to change it; it prints no multi-line strings or templates here, so every
   * line's leading run of four-space units is indentation (a JSDoc line keeps the one space
   * before its `*`).
   */
  print(node: ts.Node): string {
    return this.#printer
      .printNode(this.ts.EmitHint.Unspecified, node, this.#context)
      .replace(PRINTER_INDENT, (units) => ' '.repeat(units.length / 2));
  }

  /**
   * A JSDoc block before `node`: `/** text *\/` for one line, else one ` * ` line per line (an
   * empty line is ` *`). The text must be JSDoc-safe (`jsdocSafe`).
   */
  doc<T extends ts.Node>(node: T, text: string | readonly string[]): T {
    const lines = (typeof text === 'string' ? [text] : text).flatMap((l) => l.split('\n'));
    const body = lines.length === 1 ? `* ${lines[0]} ` : `*\n${lines.map((l) => (l === '' ? ' *' : ` * ${l}`)).join('\n')}\n `;
    return this.ts.addSyntheticLeadingComment(node, this.ts.SyntaxKind.MultiLineCommentTrivia, body, true);
  }

  /** `// text` on the line before `node` (text of one line, without a line break). */
  comment<T extends ts.Node>(node: T, text: string): T {
    return this.ts.addSyntheticLeadingComment(node, this.ts.SyntaxKind.SingleLineCommentTrivia, ` ${text}`, true);
  }

  /** `/*@__PURE__*\/ call(…)`: a call without side effects, which bundlers may drop when its value is unused. */
  pure(call: ts.CallExpression): ts.CallExpression {
    return this.ts.addSyntheticLeadingComment(call, this.ts.SyntaxKind.MultiLineCommentTrivia, '@__PURE__', false);
  }

  id(name: string): ts.Identifier {
    return this.factory.createIdentifier(name);
  }

  /** A token as the spec writes it: `0x1C`. */
  hex(value: number): ts.NumericLiteral {
    return this.factory.createNumericLiteral(hex(value));
  }

  /** `"text"`, double-quoted, non-ASCII characters as they are (the printer would write `\u00FC`). */
  str(text: string): ts.StringLiteral {
    return this.ts.setEmitFlags(this.factory.createStringLiteral(text), this.ts.EmitFlags.NoAsciiEscaping);
  }

  /** `value as const` */
  asConst(value: ts.Expression): ts.AsExpression {
    return this.factory.createAsExpression(value, this.factory.createTypeReferenceNode('const'));
  }

  /** `Name<Arg, …>` */
  type(name: string | ts.Identifier, ...args: ts.TypeNode[]): ts.TypeReferenceNode {
    return this.factory.createTypeReferenceNode(name, args.length > 0 ? args : undefined);
  }

  /** `"text"` as a type. */
  literalType(text: string): ts.LiteralTypeNode {
    return this.factory.createLiteralTypeNode(this.str(text));
  }

  /** `key: value`; a string key is written as an identifier when `quoted` is false, else as `"key"`. */
  property(key: string | ts.PropertyName, value: ts.Expression, quoted = true): ts.PropertyAssignment {
    return this.factory.createPropertyAssignment(typeof key === 'string' ? (quoted ? this.str(key) : this.id(key)) : key, value);
  }

  /** `{ … }`: one property a line, each followed by a comma; or all on one line. */
  object(properties: readonly ts.ObjectLiteralElementLike[], multiLine = true): ts.ObjectLiteralExpression {
    return this.factory.createObjectLiteralExpression(this.factory.createNodeArray(properties, multiLine), multiLine);
  }

  /** `[ … ]`: one element a line, each followed by a comma; or all on one line. */
  array(elements: readonly ts.Expression[], multiLine = false): ts.ArrayLiteralExpression {
    return this.factory.createArrayLiteralExpression(this.factory.createNodeArray(elements, multiLine), multiLine);
  }

  /** `export const name: type = value;` */
  exportConst(name: string, type: ts.TypeNode | undefined, value: ts.Expression): ts.VariableStatement {
    const f = this.factory;
    return f.createVariableStatement(
      [f.createModifier(this.ts.SyntaxKind.ExportKeyword)],
      f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, type, value)], this.ts.NodeFlags.Const),
    );
  }

  /** `export type name = type;` */
  exportType(name: string, type: ts.TypeNode): ts.TypeAliasDeclaration {
    const f = this.factory;
    return f.createTypeAliasDeclaration([f.createModifier(this.ts.SyntaxKind.ExportKeyword)], name, undefined, type);
  }

  /** `export enum name { … }` */
  exportEnum(name: string, members: readonly ts.EnumMember[]): ts.EnumDeclaration {
    const f = this.factory;
    return f.createEnumDeclaration([f.createModifier(this.ts.SyntaxKind.ExportKeyword)], name, members);
  }

  /** `export function name(parameters): returns { return value; }` */
  exportFunction(
    name: string,
    parameters: readonly ts.ParameterDeclaration[],
    returns: ts.TypeNode,
    value: ts.Expression,
  ): ts.FunctionDeclaration {
    const f = this.factory;
    return f.createFunctionDeclaration(
      [f.createModifier(this.ts.SyntaxKind.ExportKeyword)],
      undefined,
      name,
      undefined,
      parameters,
      returns,
      f.createBlock([f.createReturnStatement(value)], true),
    );
  }

  /** `name: type`, or `name?: type` when optional. */
  parameter(name: string, type: ts.TypeNode, optional = false): ts.ParameterDeclaration {
    const f = this.factory;
    return f.createParameterDeclaration(
      undefined,
      undefined,
      name,
      optional ? f.createToken(this.ts.SyntaxKind.QuestionToken) : undefined,
      type,
    );
  }

  /** `callee(arg, …)` */
  call(callee: ts.Expression, ...args: ts.Expression[]): ts.CallExpression {
    return this.factory.createCallExpression(callee, undefined, args);
  }

  /**
   * `source` (a TypeScript module) with every relative module specifier of its imports and
   * re-exports ending in `.js` ending in `.ts` instead; nothing else changes. Found by parsing,
   * so a string or comment that looks like an import is left alone.
   */
  withTsImports(source: string, fileName: string): string {
    const file = this.ts.createSourceFile(fileName, source, this.ts.ScriptTarget.Latest, false, this.ts.ScriptKind.TS);
    const parts: string[] = [];
    let at = 0;
    for (const statement of file.statements) {
      const specifier =
        this.ts.isImportDeclaration(statement) || this.ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
      if (!specifier || !this.ts.isStringLiteral(specifier) || !/^\.\.?\/.*\.js$/.test(specifier.text)) continue;
      // The literal ends with its closing quote, after the `.js`.
      const extension = specifier.end - 1 - '.js'.length;
      parts.push(source.slice(at, extension), '.ts');
      at = extension + '.js'.length;
    }
    parts.push(source.slice(at));
    return parts.join('');
  }

  /**
   * `export * from "module";`, `export * as name from "module";`, `export { a, b } from "module";`
   * or, without a module, `export { a, b };`.
   */
  exportFrom(what: '*' | { readonly as: string } | readonly (string | ts.Identifier)[], module: string | undefined): ts.ExportDeclaration {
    const f = this.factory;
    const clause =
      what === '*'
        ? undefined
        : 'as' in what
          ? f.createNamespaceExport(this.id(what.as))
          : f.createNamedExports(what.map((n) => f.createExportSpecifier(false, undefined, n)));
    return f.createExportDeclaration(undefined, false, clause, module === undefined ? undefined : this.str(module));
  }
}
