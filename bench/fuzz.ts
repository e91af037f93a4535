/**
 * Long fuzz runs of the codec: `npm run fuzz -- --cases N --seed S [--round-trips N] [--out DIR]`.
 * Prints cases/s, the outcome of the cases (ok, or the WbxmlError code), the slowest case, and
 * every failure; with --out, failing inputs are saved as regression fixtures (hex). Exits 1 on
 * any failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSeeds, mutationCase, runDecodeCase, runRoundTripCase, toHex } from './fuzz-lib.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'round-trips': { type: 'string' },
    out: { type: 'string' },
    vectors: { type: 'string' },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const roundTrips = values['round-trips'] !== undefined ? Number(values['round-trips']) : Math.ceil(cases / 10);
if (!Number.isInteger(cases) || cases < 0 || !Number.isInteger(seed) || !Number.isInteger(roundTrips)) {
  console.error('usage: npm run fuzz -- [--cases N] [--seed S] [--round-trips N] [--out DIR]');
  process.exit(2);
}
const root = fileURLToPath(new URL('../..', import.meta.url));
const vectors = resolve(values.vectors ?? join(root, 'test/fixtures/shared/imps-vectors'));
const seeds = loadSeeds(vectors);
const out = values.out ? resolve(values.out) : undefined;

const outcomes = new Map<string, number>();
const failures: string[] = [];
let slowest = { ms: 0, index: -1 };
const save = (name: string, input: Uint8Array, why: string) => {
  if (!out) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.hex`), `# ${why.split('\n')[0]}\n${toHex(input)}\n`);
};

const t0 = performance.now();
for (let i = 0; i < cases; i++) {
  const { input, mutators } = mutationCase(seed, i, seeds);
  const r = runDecodeCase(input);
  outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
  if (r.ms > slowest.ms) slowest = { ms: r.ms, index: i };
  if (r.failure !== undefined) {
    failures.push(`mutation case ${i} (${mutators.join('+')}): ${r.failure}\n  input: ${toHex(input)}`);
    save(`seed${seed}-case${i}`, input, r.failure);
  }
  if ((i + 1) % 100_000 === 0) process.stderr.write(`  ${i + 1} cases, ${failures.length} failures\n`);
}
const mutationSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
let roundTripFailures = 0;
for (let i = 0; i < roundTrips; i++) {
  const r = runRoundTripCase(seed, i);
  if (r.failure !== undefined) {
    roundTripFailures++;
    failures.push(`round trip ${i}: ${r.failure}`);
    if (r.input) save(`seed${seed}-roundtrip${i}`, r.input, r.failure);
  }
}
const roundTripSeconds = (performance.now() - t1) / 1000;

console.log(`fuzz: seed ${seed}, ${seeds.length} seed messages`);
console.log(
  `mutation cases: ${cases} in ${mutationSeconds.toFixed(1)} s (${Math.round(cases / mutationSeconds)} cases/s), slowest ${slowest.ms.toFixed(1)} ms (case ${slowest.index})`,
);
for (const [k, v] of [...outcomes].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(22)} ${v}`);
console.log(`round trips: ${roundTrips} in ${roundTripSeconds.toFixed(1)} s, ${roundTripFailures} failed`);
console.log(`failures: ${failures.length}`);
for (const f of failures.slice(0, 20)) console.log(f);
process.exit(failures.length > 0 ? 1 : 0);
