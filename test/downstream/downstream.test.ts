/**
 * imps-tokengen as a build step in someone else's project, end to end and the way the README's
 * "Install" section says: `npm pack`, then `npm install --save-dev <tarball>` in a fresh project
 * (from the npm cache where it can), next to its own copy of the spec with a change request of
 * its own (an `XX` row and its assignment). Its `prebuild` script generates the 1.3 tables and
 * codec twice: as TypeScript enums, and in the erasable style with `.ts` imports (what Node's type
 * stripping runs; Node 20 has none, so here TypeScript compiles it with
 * `rewriteRelativeImportExtensions`); TypeScript 5.9 and 7.0 compile both under the strictest flags
 * a team uses (`erasableSyntaxOnly` for the erasable style); the compiled programs encode and
 * decode a 1.3 Login-Request.
 *
 * One project and one install serve every test here (the install is most of the cost).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { builtDist } from '../support/bin.js';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

/** Runs npm; returns stdout and stderr together (the generator reports on stderr). */
function npm(cwd: string, args: string[]): string {
  const r = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

const CHANGE_REQUEST = `---
id: cr-downstream-gizmo
kind: change-request
version: "1.3"
title: "Gizmo support"
status: draft
source: "the downstream project's own change request"
---

# Change request: gizmos

### 4.2.12 Common code page – continued (0x0B)

| Tag name | Token |
| --- | --- |
| Gizmo | XX |
`;

/** The same program for both styles: only the generated folder and the import extension differ. */
const mainTs = (ext: string) => `import { CommonContinuedPage0BTag, ValueToken, decode, encode } from "./generated/csp-1.3/index.${ext}";
import type { CspElement } from "./generated/index.${ext}";

const el = (name: string, ...children: (CspElement | string)[]): CspElement => ({ name, attributes: {}, children });
const login: CspElement = {
  name: "WV-CSP-Message",
  attributes: { xmlns: "http://www.openmobilealliance.org/DTD/IMPS-CSP1.3" },
  children: [
    el("Session",
      el("SessionDescriptor", el("SessionType", "Outband")),
      el("Transaction",
        el("TransactionDescriptor", el("TransactionMode", "Request"), el("TransactionID", "1")),
        {
          name: "TransactionContent",
          attributes: { xmlns: "http://www.openmobilealliance.org/DTD/IMPS-TRC1.3" },
          children: [
            el("Login-Request",
              el("UserID", "wv:alice"),
              el("ClientID", el("URL", "http://example.com/im")),
              el("Password", "secret"),
              el("TimeToLive", "3600"),
              el("Gizmo", "on")),
          ],
        })),
  ],
};
const bytes = encode(login);
const back = decode(bytes);
console.log(JSON.stringify({
  gizmo: CommonContinuedPage0BTag.Gizmo,
  outband: ValueToken.Outband,
  hex: Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" "),
  same: JSON.stringify(back.doc) === JSON.stringify(login),
}));
`;

/** `strict` and every flag of the kind teams turn on, for both styles; `erasableSyntaxOnly` is added for the erasable one. */
const STRICTEST = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  types: [],
};

const STYLES = ['enum', 'erasable'] as const;
/** The erasable style imports `.ts` files, as Node's type stripping needs; TypeScript rewrites them to `.js`. */
const EXTENSION = { enum: 'js', erasable: 'ts' } as const;

const LOGIN_REQUEST_HEX = [
  '03 12 6a 00', // WBXML 1.3, public id 0x12 (IMPS-CSP 1.3), UTF-8, empty string table
  'c9 0b 03 31 2e 33 00 01', // WV-CSP-Message, xmlns: attribute start 0x0B (…/DTD/IMPS-CSP) + "1.3"
  '6d 6e 70 80 19 01 01', // Session, SessionDescriptor, SessionType: value token Outband (EXT_T_0 0x19)
  '72 74 76 80 20 01 75 03 31 00 01 01', // Transaction, TransactionDescriptor, TransactionMode Request (0x20), TransactionID "1"
  'f3 0d 03 31 2e 33 00 01', // TransactionContent, xmlns: attribute start 0x0D (…/DTD/IMPS-TRC) + "1.3"
  '00 01 5d', // SWITCH_PAGE 1, Login-Request
  '00 00 7a 03 77 76 3a 61 6c 69 63 65 00 01', // page 0: UserID "wv:alice"
  '4a 77 03 68 74 74 70 3a 2f 2f 65 78 61 6d 70 6c 65 2e 63 6f 6d 2f 69 6d 00 01 01', // ClientID, URL
  '00 01 61 03 73 65 63 72 65 74 00 01', // page 1: Password "secret"
  '72 c3 02 0e 10 01', // TimeToLive: OPAQUE integer 3600
  '00 0b 49 03 6f 6e 00 01', // page 0x0B: Gizmo (the downstream change request's XX, assigned 0x09) "on"
  '01 01 01 01 01', // END of Login-Request, TransactionContent, Transaction, Session, WV-CSP-Message
].join(' ');

describe('downstream build step', () => {
  let project: string;
  let install: string;
  let build: string;
  beforeAll(() => {
    const packs = tempDir('imps-tokengen-pack-');
    // What `npm pack` packs after `npm run build` (its `prepare`), without building a second time:
    // package.json's `files` copied from this checkout, and dist/ from the suite's build of the
    // current sources (test/support/bin.ts), packed with scripts off. (Packing the checkout itself
    // ran the whole build again, a tenth of the suite's CPU time; `npm ci` in .ci/run builds it.)
    const stage = tempDir('imps-tokengen-stage-');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    for (const f of [...manifest.files.filter((x) => !x.startsWith('dist/')), 'package.json', 'LICENSE', 'README.md']) {
      cpSync(join(ROOT, f), join(stage, f), { recursive: true });
    }
    for (const f of manifest.files.filter((x) => x.startsWith('dist/'))) {
      cpSync(join(builtDist(), f.slice('dist/'.length)), join(stage, f), { recursive: true });
    }
    npm(stage, ['pack', '--ignore-scripts', '--pack-destination', packs]);
    const tarball = join(packs, readdirSync(packs).find((f) => f.endsWith('.tgz'))!);

    project = tempDir('imps-tokengen-downstream-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'downstream-app', private: true, type: 'module' }, null, 2));
    // The project's spec: CSP 1.3 only (base, change request, data types), plus a change request of its own.
    mkdirSync(join(project, 'spec'));
    for (const f of ['csp-1.3-base.md', 'cr-multiple-sessions.md', 'datatypes-1.3.md', 'versions.md', 'assignments.yaml']) {
      cpSync(join(ROOT, 'spec', f), join(project, 'spec', f));
    }
    writeFileSync(join(project, 'spec/cr-downstream-gizmo.md'), CHANGE_REQUEST);
    const versions = join(project, 'spec/versions.md');
    writeFileSync(
      versions,
      readFileSync(versions, 'utf8')
        .replace(/^ {2}"1\.1":\n.*\n.*\n {2}"1\.2":\n.*\n.*\n/m, '')
        .replace('change-requests: [cr-multiple-sessions]', 'change-requests: [cr-multiple-sessions, cr-downstream-gizmo]'),
    );
    const assignments = join(project, 'spec/assignments.yaml');
    writeFileSync(assignments, readFileSync(assignments, 'utf8') + '\ncr-downstream-gizmo:\n  tags:\n    0x0B:\n      Gizmo: 0x09\n');
    const config = { outputs: ['enums', 'codec'] };
    writeFileSync(join(project, 'imps-tokengen.config.json'), JSON.stringify({ ...config, out: 'src/enum/generated' }, null, 2));
    writeFileSync(
      join(project, 'imps-tokengen.erasable.json'),
      JSON.stringify({ ...config, out: 'src/erasable/generated', enumStyle: 'const', importExtension: 'ts' }, null, 2),
    );
    for (const style of STYLES) {
      mkdirSync(join(project, 'src', style), { recursive: true });
      writeFileSync(join(project, 'src', style, 'main.ts'), mainTs(EXTENSION[style]));
      writeFileSync(
        join(project, `tsconfig.${style}.json`),
        JSON.stringify(
          {
            compilerOptions: {
              ...STRICTEST,
              ...(style === 'erasable' ? { erasableSyntaxOnly: true, rewriteRelativeImportExtensions: true } : {}),
              rootDir: `src/${style}`,
              outDir: `dist/${style}`,
            },
            include: [`src/${style}`],
          },
          null,
          2,
        ),
      );
    }

    // As the README says; TypeScript 5.9 is the project's compiler, 7.0 is installed beside it.
    install = npm(project, ['install', '--prefer-offline', '--save-dev', tarball, 'typescript@5.9.3', 'typescript7@npm:typescript@7.0.2']);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
    pkg['scripts'] = {
      prebuild: 'imps-tokengen generate && imps-tokengen generate --config imps-tokengen.erasable.json',
      build: 'tsc -b tsconfig.enum.json tsconfig.erasable.json',
    };
    writeFileSync(join(project, 'package.json'), JSON.stringify(pkg, null, 2));
    build = npm(project, ['run', 'build']);
  }, 300_000);

  test('installing the tarball runs no install script and warns about none; the package carries its license', () => {
    expect(install).not.toMatch(/install-scripts|install script/i);
    expect(readFileSync(join(project, 'node_modules/imps-tokengen/LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  test("prebuild generated both styles from the project's own spec; TypeScript 5.9 compiled them under the strictest flags", () => {
    expect(build).toContain('imps-tokengen generate');
    for (const style of STYLES) {
      expect(readdirSync(join(project, 'src', style, 'generated')).sort()).toEqual(['MANIFEST.json', 'csp-1.3', 'index.ts', 'runtime']);
      expect(existsSync(join(project, 'dist', style, 'main.js')), style).toBe(true);
    }
    const tokens = (style: string) => readFileSync(join(project, 'src', style, 'generated/csp-1.3/tokens.ts'), 'utf8');
    expect(tokens('enum')).toContain('export enum CommonContinuedPage0BTag {');
    expect(tokens('erasable')).toContain('export const CommonContinuedPage0BTag = {');
    expect(tokens('erasable')).not.toMatch(/^export enum /m);
    const index = (style: string) => readFileSync(join(project, 'src', style, 'generated/csp-1.3/index.ts'), 'utf8');
    expect(index('enum')).toContain('export * from "./tokens.js";');
    expect(index('erasable')).toContain('export * from "./tokens.ts";');
    // The compiled program imports JavaScript: TypeScript rewrote the `.ts` specifiers.
    expect(readFileSync(join(project, 'dist/erasable/main.js'), 'utf8')).toContain('from "./generated/csp-1.3/index.js"');
  });

  test.each(STYLES)('TypeScript 7 compiles the %s style under the same flags', (style) => {
    const r = spawnSync(process.execPath, ['node_modules/typescript7/bin/tsc', '-p', `tsconfig.${style}.json`, '--noEmit'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test.each(STYLES)('the compiled %s program encodes and decodes a 1.3 Login-Request', (style) => {
    const out = JSON.parse(execFileSync(process.execPath, [`dist/${style}/main.js`], { cwd: project, encoding: 'utf8' })) as {
      gizmo: number;
      outband: number;
      hex: string;
      same: boolean;
    };
    expect(out.gizmo).toBe(0x09);
    expect(out.outband).toBe(0x19);
    expect(out.hex).toBe(LOGIN_REQUEST_HEX);
    expect(out.same).toBe(true);
  });

  test('require() loads the API from CommonJS (Node 20.19+ loads the ES module)', () => {
    writeFileSync(join(project, 'check.cjs'), "const api = require('imps-tokengen'); console.log(typeof api.generate, typeof api.check);");
    expect(execFileSync(process.execPath, ['check.cjs'], { cwd: project, encoding: 'utf8' })).toBe('function function\n');
  });

  test('a second build finds the outputs up to date and writes nothing', () => {
    const again = npm(project, ['run', 'build']);
    expect(again.match(/src\/\w+\/generated\/: 0 written, 0 removed, \d+ unchanged/g)).toHaveLength(2);
  });
});
