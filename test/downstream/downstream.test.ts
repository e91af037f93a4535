/**
 * imps-tokengen as a build step in someone else's project, end to end: the packed tarball is
 * installed offline into a fresh project with its own spec folder (a small spec plus its own
 * change request with `XX` rows and an assignment file) and config file; its `prebuild` script
 * runs `imps-tokengen generate`, `tsc` compiles a source file that imports the generated enums
 * and codec, and the compiled program encodes and decodes a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

/** Runs npm; returns stdout and stderr together (the generator reports on stderr). */
function npm(cwd: string, args: string[]): string {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/**
 * The downstream project's lockfile, made from ours: the tarball, plus the exact versions (and
 * integrity hashes) of imps-tokengen's dependencies and of typescript from our package-lock.json.
 * With it `npm ci --offline` installs from the npm cache that our own `npm ci` filled, without the
 * registry metadata `npm install` would need — so the test runs offline on a fresh CI machine.
 */
function downstreamLock(project: string, tarball: string): unknown {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const ours = lock.packages[''] as {
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  const packages: Record<string, unknown> = {};
  const todo = [...Object.keys(ours.dependencies), 'typescript'];
  while (todo.length > 0) {
    const name = todo.pop()!;
    const key = `node_modules/${name}`;
    const entry = lock.packages[key];
    if (!entry || packages[key]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
    packages[key] = rest;
    const deps = {
      ...(entry['dependencies'] as Record<string, string> | undefined),
      ...(entry['optionalDependencies'] as Record<string, string> | undefined),
    };
    todo.push(...Object.keys(deps));
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  return {
    name: 'downstream-app',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'downstream-app', devDependencies: { 'imps-tokengen': `file:${tarball}`, typescript: '7.0.2' } },
      'node_modules/imps-tokengen': {
        version: ours.version,
        resolved: `file:${relative(project, tarball)}`,
        integrity,
        dependencies: ours.dependencies,
        bin: ours.bin,
        engines: ours.engines,
      },
      ...packages,
    },
  };
}

const DOWNSTREAM_CR = `---
id: cr-downstream-gizmo
kind: change-request
version: "1.1"
title: "Gizmo support"
status: draft
source: "the downstream project's own change request"
---

# Change request: gizmos

### 4.2.1 Common code page (0x00)

| Tag name | Token |
| --- | --- |
| Gizmo | XX |

### 4.4.1 Common value tokens

| Element value | Number |
| --- | --- |
| GIZMO-ON | XX |
`;

const MAIN_TS = `import { CommonTag, ValueToken, ValueTokenByName, decode, encode } from "./generated/csp-1.1/index.js";

declare const console: { log(...args: unknown[]): void };

const bytes = encode({
  name: "Mini-Message",
  attributes: {},
  children: [
    { name: "Gizmo", attributes: {}, children: ["GIZMO-ON"] },
    { name: "Count", attributes: {}, children: ["300"] },
  ],
});
const back = decode(bytes);
console.log(JSON.stringify({
  gizmo: CommonTag.Gizmo,
  gizmoOn: ValueToken.GIZMOON,
  byName: ValueTokenByName["GIZMO-ON"],
  hex: Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" "),
  decoded: back.doc,
}));
`;

describe('downstream build step', () => {
  let project: string;
  let build: string;
  beforeAll(() => {
    const packs = tempDir('imps-tokengen-pack-');
    // `npm pack` runs `prepare` (the build), so the tarball holds the current sources compiled.
    npm(ROOT, ['pack', '--pack-destination', packs]);
    const tarball = join(packs, readdirSync(packs).find((f) => f.endsWith('.tgz'))!);
    project = tempDir('imps-tokengen-downstream-');
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(project, 'spec'), { recursive: true });
    writeFileSync(join(project, 'spec/cr-downstream-gizmo.md'), DOWNSTREAM_CR);
    const versions = join(project, 'spec/versions.md');
    writeFileSync(
      versions,
      readFileSync(versions, 'utf8').replace('change-requests: [cr-widgets]', 'change-requests: [cr-widgets, cr-downstream-gizmo]'),
    );
    writeFileSync(
      join(project, 'spec/assignments.yaml'),
      readFileSync(join(project, 'spec/assignments.yaml'), 'utf8') +
        'cr-downstream-gizmo:\n  tags:\n    0x00:\n      Gizmo: 0x0C\n  values:\n    GIZMO-ON: 0x85\n',
    );
    writeFileSync(
      join(project, 'imps-tokengen.config.json'),
      JSON.stringify({ spec: 'spec', out: 'src/generated', outputs: ['enums', 'codec'] }, null, 2),
    );
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src/main.ts'), MAIN_TS);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          outDir: 'dist',
          rootDir: 'src',
          types: [],
          skipLibCheck: false,
        },
        include: ['src'],
      }),
    );
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'downstream-app',
        private: true,
        type: 'module',
        scripts: { prebuild: 'imps-tokengen generate', build: 'tsc -p tsconfig.json' },
        devDependencies: { 'imps-tokengen': `file:${tarball}`, typescript: '7.0.2' },
      }),
    );
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(downstreamLock(project, tarball), null, 2));
    npm(project, ['ci', '--offline', '--no-audit', '--no-fund']);
    build = npm(project, ['run', 'build']);
  }, 240_000);

  test("prebuild generated the enums and codec from the project's own spec, tsc compiled them", () => {
    expect(build).toContain('imps-tokengen generate');
    expect(readdirSync(join(project, 'src/generated')).sort()).toEqual(['MANIFEST.json', 'csp-1.0', 'csp-1.1', 'index.ts', 'runtime']);
    const tokens = readFileSync(join(project, 'src/generated/csp-1.1/tokens.ts'), 'utf8');
    expect(tokens.split('\n')[0]).toBe(
      '// Code generated by imps-tokengen from spec/mini-1.0-for-1.1.md, spec/cr-widgets.md, spec/cr-downstream-gizmo.md, spec/mini-types-1.1.md, spec/versions.md, spec/assignments.yaml. DO NOT EDIT.',
    );
    expect(tokens).toContain('  Gizmo = 0x0C');
    expect(existsSync(join(project, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(project, 'src/generated/docs'))).toBe(false);
  });

  test('the compiled program encodes and decodes a message with the generated codec', () => {
    const out = JSON.parse(execFileSync(process.execPath, ['dist/main.js'], { cwd: project, encoding: 'utf8' })) as {
      gizmo: number;
      gizmoOn: number;
      byName: number;
      hex: string;
      decoded: unknown;
    };
    expect(out.gizmo).toBe(0x0c);
    expect(out.gizmoOn).toBe(0x85);
    expect(out.byName).toBe(0x85);
    // header 03 7B 6A 00; Mini-Message 0x45; Gizmo 0x4C with EXT_T_0 0x85 (mb_u_int32 81 05); Count 0x48 as OPAQUE integer 300.
    expect(out.hex).toBe('03 7b 6a 00 45 4c 80 81 05 01 48 c3 02 01 2c 01 01');
    expect(out.decoded).toEqual({
      name: 'Mini-Message',
      attributes: {},
      children: [
        { name: 'Gizmo', attributes: {}, children: ['GIZMO-ON'] },
        { name: 'Count', attributes: {}, children: ['300'] },
      ],
    });
  });

  test('a second build finds the outputs up to date and writes nothing', () => {
    const again = npm(project, ['run', 'build']);
    expect(again).toMatch(/src\/generated\/: 0 written, 0 removed, \d+ unchanged/);
  });
});
