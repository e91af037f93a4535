/**
 * The emit stage alone, as the spec grows: the shipped spec is loaded once, then its model is
 * scaled in memory to 1×, 10×, 30× and 100× its tokens — every code page, the attribute start
 * tokens and the value tokens copied with new page numbers, tokens and names (so each version
 * gets more tables, and its value table grows 100 times) — and `planOutputs` renders every
 * output of the scaled model, in a fresh process per scale (so the peak memory is that scale's):
 * - loading ts-morph (once per process, before the first TypeScript output);
 * - the TypeScript outputs (token tables, codec tables and modules; the engine copy);
 * - the docs (handlebars).
 * Target (issue 11): linear, 100× within about 100 times the 1× figure.
 *
 * Run: npm run bench:emit [-- --scales 1,10,30,100]
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planOutputs } from '../generator/emit/plan.js';
import { syntax } from '../generator/emit/ts-syntax.js';
import { loadSpec } from '../generator/load.js';
import type { AttributeStartToken, CodePage, SpecModel, ValueToken, VersionModel } from '../generator/model/types.js';
import { resolveSettings, type OutputKind } from '../generator/settings.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `model` with `k - 1` renamed copies of every table of every version added. */
function scaled(model: SpecModel, k: number): SpecModel {
  const copies = Array.from({ length: k - 1 }, (_, i) => i + 2);
  const version = (v: VersionModel): VersionModel => ({
    ...v,
    codePages: [
      ...v.codePages,
      ...copies.flatMap((c) =>
        v.codePages.map(
          (p): CodePage => ({
            page: p.page + 0x100 * c,
            title: `${p.title} ${c}`,
            tokens: p.tokens.map((t) => ({ ...t, page: p.page + 0x100 * c, name: `${t.name}-${c}` })),
          }),
        ),
      ),
    ],
    attributeStarts: [
      ...v.attributeStarts,
      ...copies.flatMap((c) =>
        v.attributeStarts.map((t): AttributeStartToken => ({ ...t, token: t.token + 0x80 * c, valuePrefix: `${t.valuePrefix}copy${c}/` })),
      ),
    ],
    values: [
      ...v.values,
      ...copies.flatMap((c) => v.values.map((t): ValueToken => ({ ...t, token: t.token + 0x1000 * c, name: `${t.name}-${c}` }))),
    ],
  });
  return { ...model, versions: model.versions.map(version) };
}

function tokenCount(model: SpecModel): number {
  return model.versions.reduce(
    (n, v) => n + v.codePages.reduce((m, p) => m + p.tokens.length, 0) + v.attributeStarts.length + v.values.length,
    0,
  );
}

interface Figures {
  readonly scale: number;
  readonly tokens: number;
  readonly loadMs: number;
  readonly tsMs: number;
  readonly docsMs: number;
  readonly megabytes: number;
  readonly peakRssMiB: number;
}

/** One scale, in this process. */
function measure(k: number): Figures {
  const settings = resolveSettings({}, root);
  const load = loadSpec({ specDir: settings.specDir });
  if (load.hasErrors) throw new Error('the shipped spec has errors');
  const model = scaled(load.model, k);
  const render = (outputs: OutputKind[]) => {
    const t0 = performance.now();
    const files = planOutputs(model, { ...settings, outputs });
    return { ms: performance.now() - t0, bytes: files.reduce((n, f) => n + f.content.length, 0) };
  };
  const t0 = performance.now();
  syntax();
  const loadMs = performance.now() - t0;
  const ts = render(['enums', 'codec']);
  const docs = render(['docs']);
  return {
    scale: k,
    tokens: tokenCount(model),
    loadMs,
    tsMs: ts.ms,
    docsMs: docs.ms,
    megabytes: (ts.bytes + docs.bytes) / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

const at = process.argv.indexOf('--child');
if (at > 0) {
  console.log(JSON.stringify(measure(Number(process.argv[at + 1]))));
} else {
  const scalesArg = process.argv.indexOf('--scales');
  const scales = scalesArg > 0 ? process.argv[scalesArg + 1]!.split(',').map(Number) : [1, 10, 30, 100];
  const self = fileURLToPath(import.meta.url);
  console.log(
    `imps-tokengen emit stage, shipped spec scaled in memory, a fresh process per scale; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  console.log('| scale | tokens | load ts-morph | TypeScript outputs | µs/token | docs | µs/token | output | peak RSS |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  let first: Figures | undefined;
  for (const k of scales) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--child', String(k)], { encoding: 'utf8', cwd: join(root) });
    if (r.status !== 0) throw new Error(`scale ${k} exited ${r.status}:\n${r.stderr}`);
    const f = JSON.parse(r.stdout) as Figures;
    first ??= f;
    const perToken = (ms: number) => ((ms * 1000) / f.tokens).toFixed(1);
    console.log(
      `| ${f.scale}× | ${f.tokens} | ${f.loadMs.toFixed(0)} ms | ${f.tsMs.toFixed(0)} ms | ${perToken(f.tsMs)} | ${f.docsMs.toFixed(0)} ms | ${perToken(f.docsMs)} | ${f.megabytes.toFixed(1)} MB | ${f.peakRssMiB.toFixed(0)} MiB |`,
    );
  }
  if (first) {
    console.log(
      `Linear means the µs/token columns stay flat; target: 100× within about 100 times 1× (TypeScript outputs at 1×: ${first.tsMs.toFixed(0)} ms).`,
    );
  }
}
