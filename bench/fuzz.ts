/**
 * Long fuzz runs of the codec:
 *
 *   npm run fuzz -- [--cases N] [--structure N] [--round-trips N] [--hostile N] [--seed S] [--out DIR] [--vectors DIR] [--no-resources] [--help]
 *
 * N mutated real messages and N/4 structure-aware documents (valid token streams from the tables,
 * mutated half of the time) are decoded with `decode` and `decodeToXml`; in resource mode (the
 * default) each call's allocated bytes and time are checked against the documented bounds
 * (bench/fuzz-lib.ts RESOURCE_BOUNDS, the README's resource model). Then random valid trees
 * round-trip, as many are encoded under tight limits, and hostile trees (getters, proxies, cycles,
 * polluted prototypes, nested calls) are handed to encode and toXml. Prints cases/s, the outcomes (ok, or the WbxmlError code), the slowest case, the
 * worst amplification seen, and every failure; with --out, failing inputs are saved as regression
 * fixtures (hex). Exits 1 on any failure.
 *
 * Node runs with --expose-gc and a 64 MB young generation (the script starts itself again with
 * them), so that calls allocating up to tens of MB are measured without a collection in between.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as generated from '../generated/index.js';
import { encodeXml, fromXml } from '../generator/xml.js';
import {
  type CaseResult,
  type Codec,
  loadSeeds,
  mutationCase,
  ResourceStats,
  runDecodeCase,
  runHostileTreeCase,
  runLimitSymmetryCase,
  runRoundTripCase,
  structureCase,
  toHex,
} from './fuzz-lib.js';

const NODE_FLAGS = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];
if (!process.execArgv.includes('--expose-gc')) {
  const r = spawnSync(process.execPath, [...NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const USAGE = `usage: npm run fuzz -- [--cases N] [--structure N] [--round-trips N] [--hostile N] [--seed S] [--out DIR] [--vectors DIR] [--no-resources]
  --cases N        mutated real messages to decode (default 100000)
  --structure N    structure-aware documents (default cases / 4)
  --round-trips N  random valid trees to round-trip, and as many limit-symmetry cases (default cases / 10)
  --hostile N      hostile trees (getters, proxies, cycles, polluted prototypes, nested calls) handed to
                   encode and toXml (default cases / 10)
  --seed S         the run's seed, a non-negative integer (default 1): same seed, same inputs
  --out DIR        save each failing input there as a regression fixture (hex)
  --vectors DIR    the seed messages (default test/fixtures/shared/imps-vectors)
  --no-resources   skip the per-call allocation and time checks (faster)`;

let parsed: ReturnType<typeof parseOptions>;
try {
  parsed = parseOptions();
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
function parseOptions() {
  return parseArgs({
    options: {
      cases: { type: 'string', default: '100000' },
      structure: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'round-trips': { type: 'string' },
      hostile: { type: 'string' },
      out: { type: 'string' },
      vectors: { type: 'string' },
      'no-resources': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const cases = Number(values.cases);
const structure = values.structure !== undefined ? Number(values.structure) : Math.ceil(cases / 4);
const seed = Number(values.seed);
const roundTrips = values['round-trips'] !== undefined ? Number(values['round-trips']) : Math.ceil(cases / 10);
const hostile = values.hostile !== undefined ? Number(values.hostile) : Math.ceil(cases / 10);
if (![cases, structure, seed, roundTrips, hostile].every((n) => Number.isInteger(n) && n >= 0)) {
  console.error(USAGE);
  process.exit(2);
}
const resources = !values['no-resources'];
const codec: Codec = { ...generated, encodeXml, fromXml };
const root = fileURLToPath(new URL('../..', import.meta.url));
const vectors = resolve(values.vectors ?? join(root, 'test/fixtures/shared/imps-vectors'));
const seeds = loadSeeds(codec, vectors);
const out = values.out ? resolve(values.out) : undefined;

const failures: string[] = [];
const stats = new ResourceStats();
const save = (name: string, input: Uint8Array, why: string) => {
  if (!out) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.hex`), `# ${why.split('\n')[0]}\n${toHex(input)}\n`);
};

/** Runs one kind of decode case; returns its summary lines. */
function run(kind: 'mutation' | 'structure', count: number): string[] {
  const outcomes = new Map<string, number>();
  let slowest = { ms: 0, index: -1, size: 0 };
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const { input, mutators } = kind === 'mutation' ? mutationCase(seed, i, seeds) : structureCase(codec, seed, i, seeds);
    bytes += input.length;
    const r: CaseResult = runDecodeCase(codec, input, { resources });
    outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    if (r.ms > slowest.ms) slowest = { ms: r.ms, index: i, size: input.length };
    stats.add(r, `${kind} case ${i}`);
    if (r.failure !== undefined) {
      failures.push(
        `${kind} case ${i} (${mutators.join('+')}): ${r.failure}\n  input: ${input.length > 4096 ? `${input.length} bytes` : toHex(input)}`,
      );
      save(`seed${seed}-${kind}${i}`, input, r.failure);
    }
    if ((i + 1) % 100_000 === 0) process.stderr.write(`  ${kind}: ${i + 1} cases, ${failures.length} failures\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (count === 0) return [`${kind} cases: none`];
  const lines = [
    `${kind} cases: ${count} (${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} cases/s), slowest ${slowest.ms.toFixed(1)} ms (case ${slowest.index}, ${slowest.size} bytes)`,
  ];
  for (const [k, v] of [...outcomes].sort((a, b) => b[1] - a[1]))
    lines.push(`  ${k.padEnd(22)} ${v} (${((100 * v) / count).toFixed(1)} %)`);
  return lines;
}

const t0 = performance.now();
const report = [...run('mutation', cases), ...run('structure', structure)];
const t1 = performance.now();
/** Runs `roundTrips` random-tree cases of one kind; each failure is listed and its bytes saved. The number that failed. */
function treeCases(kind: string, file: string, runCase: typeof runRoundTripCase): number {
  let failed = 0;
  for (let i = 0; i < roundTrips; i++) {
    const r = runCase(codec, seed, i);
    if (r.failure !== undefined) {
      failed++;
      failures.push(`${kind} ${i}: ${r.failure}`);
      if (r.input) save(`seed${seed}-${file}${i}`, r.input, r.failure);
    }
  }
  return failed;
}
const roundTripFailures = treeCases('round trip', 'roundtrip', runRoundTripCase);
// The same number of trees under tight limits: what encode writes, decode with the same limits reads.
const limitFailures = treeCases('limit symmetry', 'limits', runLimitSymmetryCase);
const t2 = performance.now();
// Hostile trees handed to encode and toXml: the same output as for the tree the engine should see, or a typed error.
const hostileOutcomes = new Map<string, number>();
for (let i = 0; i < hostile; i++) {
  const r = runHostileTreeCase(codec, seed, i, seeds);
  hostileOutcomes.set(r.outcome, (hostileOutcomes.get(r.outcome) ?? 0) + 1);
  if (r.failure !== undefined) failures.push(`hostile tree ${i}: ${r.failure}`);
}
const t3 = performance.now();

console.log(
  `fuzz: seed ${seed}, ${seeds.length} seed messages, resource mode ${resources ? 'on' : 'off'}, ${((t3 - t0) / 1000).toFixed(1)} s in all`,
);
for (const line of report) console.log(line);
if (resources) for (const line of stats.report()) console.log(line);
console.log(
  `round trips and limit-symmetry cases: ${roundTrips} each in ${((t2 - t1) / 1000).toFixed(1)} s, ${roundTripFailures} and ${limitFailures} failed`,
);
console.log(
  `hostile trees: ${hostile} in ${((t3 - t2) / 1000).toFixed(1)} s: ${[...hostileOutcomes]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`failures: ${failures.length}`);
for (const f of failures.slice(0, 20)) console.log(f);
process.exit(failures.length > 0 ? 1 : 0);
