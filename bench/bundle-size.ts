/**
 * What the generated code costs in a browser bundle: small entry points that import from the
 * generated folder are bundled (ESM, minified, tree-shaken) by esbuild and by rolldown (Vite's
 * bundler), and this prints the bytes, minified and gzipped, per version and per enum style:
 * - one enum member, imported through the top-level `index.ts` and through `csp-1.x/index.ts`;
 * - the tables (`tables` of the version);
 * - the codec (`encode` + `decode` of the version);
 * - the whole version entry point, and once the whole top-level `index.ts`;
 * and, last, the bytes of the newest version's codec per module, and what that codec would be
 * without the text of the engine's error messages (every message argument of a `wbxmlError` or
 * `WbxmlError` call made empty, in a copy of the runtime): what the engine's code costs alone.
 * Targets (issue 13): one enum member under 200 bytes (in the `enum` style: a member of a const
 * object keeps the object); one version's codec under 25 KB minified and 10 KB gzipped (checked
 * on esbuild's figures).
 *
 * esbuild keeps the whole module behind a namespace that is re-exported (`export * as csp13` in
 * index.ts; evanw/esbuild#1420), so `csp13.ValueToken.X` through index.ts costs a whole version
 * there, while rolldown, Rollup and webpack see through it; the rolldown column shows that.
 *
 * The outputs are generated from the shipped spec into a temporary folder with the API, once per
 * enum style, so the figures are those of the current generator.
 *
 * Run: npm run bench:bundle
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { rolldown } from 'rolldown';
import { ts } from 'ts-morph';
import { generate, writeGenerated } from '../generator/api.js';
import { ENUM_STYLES, type EnumStyle } from '../generator/settings.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TARGET_MEMBER = 200;
const TARGET_CODEC = 25 * 1024;
const TARGET_CODEC_GZIP = 10 * 1024;

interface Size {
  readonly min: number;
  readonly gzip: number;
  /** Of `min`, the bytes that come from the engine (`runtime/`), when the bundler says (esbuild's metafile). */
  readonly runtime?: number;
}

type Bundler = (entry: string, dir: string) => Promise<{ code: Uint8Array; runtime?: number; modules?: Record<string, number> }>;

const esbuild =
  (plugins: Plugin[] = []): Bundler =>
  async (entry, dir) => {
    const r = await build({
      plugins,
      stdin: { contents: entry, resolveDir: dir, loader: 'ts', sourcefile: 'entry.ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.values(r.metafile.outputs)[0]!.inputs;
    const runtime = Object.entries(inputs).reduce((n, [path, i]) => n + (/(^|\/)runtime\//.test(path) ? i.bytesInOutput : 0), 0);
    const modules = Object.fromEntries(
      Object.entries(inputs).flatMap(([path, i]) =>
        i.bytesInOutput > 0 ? [[path.replace(/^.*?((runtime|csp-[\d.]+)\/)/, '$1'), i.bytesInOutput]] : [],
      ),
    );
    return { code: r.outputFiles[0]!.contents, runtime, modules };
  };

const rolldownBundler: Bundler = async (entry, dir) => {
  const input = join(dir, `entry-${entryCount++}.ts`);
  writeFileSync(input, entry);
  const b = await rolldown({
    input,
    platform: 'browser',
    logLevel: 'silent',
    // The generated modules import each other as `./x.js`, which TypeScript resolves to `./x.ts`.
    resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  });
  const { output } = await b.generate({ format: 'esm', minify: true });
  await b.close();
  return { code: new TextEncoder().encode(output[0].code) };
};
let entryCount = 0;

/**
 * Loads the engine's modules with the message argument (the second) of every `wbxmlError(…)` and
 * `new WbxmlError(…)` call, and the first of every `overLimit(…)` and error shorthand
 * (`badStructure(…)`, …), made `''`: the codec's bytes without its error-message text (but for
 * the few words `overLimit` adds to every limit message).
 */
/** The error shorthands of runtime/errors.ts, whose first argument is the message. */
const MESSAGE_FIRST = new Set(['badStructure', 'badOption', 'truncated', 'badValue', 'badOpaque']);

const withoutMessages: Plugin = {
  name: 'without-messages',
  setup(b) {
    b.onLoad({ filter: /[\\/]runtime[\\/][^\\/]+\.ts$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      const messages: ts.Node[] = [];
      const visit = (node: ts.Node): void => {
        if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ts.isIdentifier(node.expression)) {
          const name = node.expression.text;
          // (`overLimit(what, limitName, …)`: its text is `what` and the shared words around it;
          // `badStructure(message, at)` and the other shorthands of errors.ts: the message first)
          const first = name === 'overLimit' || MESSAGE_FIRST.has(name);
          const message = node.arguments?.[first ? 0 : 1];
          if ((first || name === 'wbxmlError' || name === 'WbxmlError') && message) messages.push(message);
        }
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true));
      // Outermost first, from the end, so that the offsets of the rest stay valid.
      let contents = text;
      for (const m of messages.filter((m) => !messages.some((o) => o !== m && o.pos <= m.pos && m.end <= o.end)).reverse()) {
        contents = `${contents.slice(0, m.getStart())}''${contents.slice(m.end)}`;
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** Bundles `entry` (module source, resolved in `dir`) with each bundler: minified bytes and gzipped bytes. */
async function sizes(entry: string, dir: string): Promise<Size[]> {
  const out: Size[] = [];
  for (const bundler of [esbuild(), rolldownBundler]) {
    const { code, runtime } = await bundler(entry, dir);
    out.push({ min: code.length, gzip: gzipSync(code, { level: 9 }).length, ...(runtime !== undefined ? { runtime } : {}) });
  }
  return out;
}

const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
const mark = (ok: boolean) => (ok ? '' : '  ✗ over target');
const row = (version: string, what: string, e: Size, r: Size) =>
  `| ${version} | ${what} | ${kb(e.min)} | ${kb(e.runtime ?? 0)} | ${kb(e.gzip)} | ${kb(r.min)} | ${kb(r.gzip)} |`;

const out = mkdtempSync(join(tmpdir(), 'imps-tokengen-bundle-'));
try {
  let newest = '';
  console.log('ESM, minified; gzip -9. esbuild 0.28 (--bundle --minify), rolldown 1.2 (minify: true)');
  for (const style of ENUM_STYLES as readonly EnumStyle[]) {
    const dir = join(out, style);
    const result = await generate({ cwd: root, out: dir, outputs: ['enums', 'codec'], enumStyle: style });
    if (!result.ok) throw new Error('the shipped spec has errors');
    writeGenerated(result);
    console.log(`\nenum style \`${style}\``);
    console.log('| version | entry | esbuild | of it runtime/ | gzip | rolldown | gzip |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    // The member target is the enum style's: a const object is kept whole (the README's enum style).
    const memberMark = (min: number) =>
      style === 'enum' || min < TARGET_MEMBER ? mark(min < TARGET_MEMBER) : '  (const style: the whole table object)';
    for (const v of result.model.versions) {
      newest = v.version;
      const ns = 'csp' + v.version.replace(/\D/g, '');
      const folder = `./csp-${v.version}/index.js`;
      // A member of the largest table: in the const style, a member costs its whole table.
      const member = `ValueToken.${/^ {2}(\w+)(?: = |: )/m.exec(result.files.find((f) => f.path === `csp-${v.version}/tokens.ts`)!.content.split('export ' + (style === 'enum' ? 'enum' : 'const') + ' ValueToken')[1]!)![1]}`;
      const rows: [string, string, (s: Size) => string][] = [
        [
          `one enum member (\`${ns}.${member}\` via index.ts)`,
          `import { ${ns} } from "./index.js"; console.log(${ns}.${member});`,
          (s) => mark(s.min < TARGET_MEMBER),
        ],
        [
          `one enum member (\`${member}\` via csp-${v.version}/index.ts)`,
          `import { ValueToken } from "${folder}"; console.log(${member});`,
          (s) => memberMark(s.min),
        ],
        ['the tables', `import { tables } from "${folder}"; console.log(tables);`, () => ''],
        [
          'the codec (encode + decode)',
          `import { decode, encode } from "${folder}"; console.log(encode, decode);`,
          (s) => mark(s.min < TARGET_CODEC && s.gzip < TARGET_CODEC_GZIP),
        ],
        [`the whole csp-${v.version}/index.ts`, `export * from "${folder}";`, () => ''],
      ];
      for (const [what, entry, check] of rows) {
        const [e, r] = await sizes(entry, dir);
        console.log(row(v.version, what, e!, r!) + check(e!));
      }
    }
    const [e, r] = await sizes('export * from "./index.js";', dir);
    console.log(row('all', 'the whole index.ts', e!, r!));
  }
  // Where the bytes of the newest (largest) codec go, the same in both enum styles: what to work on.
  const last = `csp-${newest}`;
  const codec = `import { decode, encode } from "./${last}/index.js"; console.log(encode, decode);`;
  const { modules } = await esbuild()(codec, join(out, 'enum'));
  console.log(`\nthe ${last} codec by module (esbuild, minified)`);
  for (const [module, bytes] of Object.entries(modules ?? {}).sort((a, b) => b[1] - a[1])) {
    if (!module.endsWith('entry.ts')) console.log(`${kb(bytes).padStart(9)}  ${module}`);
  }
  const whole = await sizes(codec, join(out, 'enum'));
  const { code, runtime } = await esbuild([withoutMessages])(codec, join(out, 'enum'));
  const bare = gzipSync(code, { level: 9 }).length;
  console.log(
    `\nthe ${last} codec without the engine's message text: ${kb(code.length)} (gzip ${kb(bare)}), the engine ${kb(runtime ?? 0)};` +
      ` the messages are ${kb(whole[0]!.min - code.length)} (gzip ${kb(whole[0]!.gzip - bare)})`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
