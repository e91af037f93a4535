/**
 * What a bundler keeps of the committed `generated/`: a token used in code brings nothing but its
 * value (no table, no engine: every module-level declaration of the engine is side-effect free),
 * a version's codec brings its own tables and the engine's encoder and decoder only (not the XML
 * reader and writer). The sizes themselves are figures of `npm run bench:bundle`; this checks
 * what ends up in the bundle, which does not depend on the machine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { rolldown } from 'rolldown';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const GENERATED = join(ROOT, 'generated');
/** Strings only a version's tables hold: its public id text. */
const TABLE_OF = {
  '1.1': '-//WIRELESSVILLAGE//DTD CSP 1.1//EN',
  '1.2': '-//OMA//DTD WV-CSP 1.2//EN',
  '1.3': '-//OMA//DTD IMPS-CSP 1.3//EN',
} as const;

/** esbuild, minified: the code, and how many bytes each generated module outside `runtime/` contributes. */
async function esbuildBundle(
  entry: string,
): Promise<{ code: string; generatedBytes: Record<string, number>; runtimeBytes: Record<string, number> }> {
  const r = await build({
    stdin: { contents: entry, resolveDir: GENERATED, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const generatedBytes: Record<string, number> = {};
  const runtimeBytes: Record<string, number> = {};
  for (const [path, i] of Object.entries(Object.values(r.metafile.outputs)[0]!.inputs)) {
    const name = path.replace(/^.*generated\//, '');
    if (name === 'entry.ts' || i.bytesInOutput === 0) continue;
    if (name.startsWith('runtime/')) runtimeBytes[name.slice('runtime/'.length)] = i.bytesInOutput;
    else generatedBytes[name] = i.bytesInOutput;
  }
  return { code: r.outputFiles[0]!.text, generatedBytes, runtimeBytes };
}

const tablesIn = (code: string) => Object.entries(TABLE_OF).flatMap(([v, text]) => (code.includes(text) ? [v] : []));

describe('tree-shaking the generated code', () => {
  test('a token imported from a version entry point brings its value and nothing else: no table, no engine', async () => {
    const { code, generatedBytes, runtimeBytes } = await esbuildBundle(
      'import { ValueToken } from "./csp-1.3/index.js"; console.log(ValueToken.Outband);',
    );
    expect(generatedBytes).toEqual({});
    expect(runtimeBytes).toEqual({});
    expect(code).toBe('console.log(25);\n');
  });

  test("a version's codec brings its own tables and no other version's, and the engine without the XML reader and writer", async () => {
    const { code, runtimeBytes } = await esbuildBundle('import { decode, encode } from "./csp-1.2/index.js"; console.log(encode, decode);');
    expect(tablesIn(code)).toEqual(['1.2']);
    expect(Object.keys(runtimeBytes)).toContain('encoder.ts');
    expect(Object.keys(runtimeBytes)).toContain('decoder.ts');
    expect(Object.keys(runtimeBytes).filter((m) => m.startsWith('xml-'))).toEqual([]);
  });

  test('the engine alone, from the top-level index, brings no table', async () => {
    const { code } = await esbuildBundle('import { WbxmlError, toXml } from "./index.js"; console.log(WbxmlError, toXml);');
    expect(tablesIn(code)).toEqual([]);
  });

  test('a token through a namespace of the top-level index brings nothing else (rolldown; esbuild keeps re-exported namespaces whole)', async () => {
    const input = join(tempDir('imps-tokengen-tree-shaking-'), 'entry.ts');
    writeFileSync(input, `import { csp13 } from ${JSON.stringify(join(GENERATED, 'index.js'))}; console.log(csp13.ValueToken.Outband);`);
    const b = await rolldown({ input, logLevel: 'silent', resolve: { extensionAlias: { '.js': ['.ts', '.js'] } } });
    const { output } = await b.generate({ format: 'esm', minify: true });
    await b.close();
    expect(output[0].code.trim()).toBe('console.log(25);');
  });
});
