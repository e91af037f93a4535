/**
 * Wall time of the generator as a build step uses it, each run a fresh process of the real CLI
 * (dist/generator/cli.js) on a copy of the shipped spec/:
 * - cold generate: empty output folder;
 * - check, up to date: the common case in CI and prebuild scripts (fingerprint fast path);
 * - check after a spec edit: drift, so every output is rendered and compared;
 * - generate after a spec edit: render, compare, write the changed files.
 * Targets (issue #4): check under 0.7 s, cold generate under 1.5 s on the 2-core CI machines.
 *
 * Run: npm run bench:generate [-- --runs N]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/generator/cli.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

function timeRun(args: string[], cwd: string, expectStatus: number): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== expectStatus) throw new Error(`${args.join(' ')} exited ${r.status}, expected ${expectStatus}:\n${r.stderr}`);
  return ms;
}

function stats(samples: number[]): { median: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
}

const project = mkdtempSync(join(tmpdir(), 'imps-tokengen-bench-'));
cpSync(join(root, 'spec'), join(project, 'spec'), { recursive: true });
const base = join(project, 'spec/csp-1.3-base.md');
const original = readFileSync(base, 'utf8');
const edited = original.replace('| UserSessionLimit | 1F |', '| UserSessionLimit | 25 |');

const results: [string, number[]][] = [
  ['generate, cold (empty output folder)', []],
  ['check, up to date', []],
  ['check after a spec edit (drift: full render + compare)', []],
  ['generate after a spec edit (render + write changed files)', []],
];
for (let i = 0; i < runs; i++) {
  rmSync(join(project, 'generated'), { recursive: true, force: true });
  writeFileSync(base, original);
  results[0]![1].push(timeRun(['generate'], project, 0));
  results[1]![1].push(timeRun(['check'], project, 0));
  writeFileSync(base, edited);
  results[2]![1].push(timeRun(['check'], project, 1));
  results[3]![1].push(timeRun(['generate'], project, 0));
}
rmSync(project, { recursive: true, force: true });

console.log(
  `imps-tokengen generator, ${runs} runs each; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
console.log('| step | median | min | max |');
console.log('| --- | ---: | ---: | ---: |');
for (const [label, samples] of results) {
  const s = stats(samples);
  console.log(`| ${label} | ${(s.median / 1000).toFixed(2)} s | ${(s.min / 1000).toFixed(2)} s | ${(s.max / 1000).toFixed(2)} s |`);
}
