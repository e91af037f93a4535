/**
 * The CI-sized fuzz run (fixed seed; `npm run fuzz -- --cases N --seed S` for long runs), in
 * resource mode: every mutated message and every structure-aware document ends in a result or the
 * same WbxmlError from `decode` and `decodeToXml`, `decodeToXml` writes what `toXml(decode())`
 * writes, each call stays within the documented bounds on allocated bytes and time; every random
 * valid tree round-trips; hostile trees (getters, proxies, cycles, polluted prototypes, nested calls)
 * give encode and toXml's output for the tree of first answers, or a typed error; the saved
 * regression inputs still pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  type Codec,
  fromHex,
  loadSeeds,
  mutationCase,
  ResourceStats,
  runDecodeCase,
  runHostileTreeCase,
  runLimitSymmetryCase,
  runRoundTripCase,
  structureCase,
  toHex,
} from '../../bench/fuzz-lib.js';
import { ROOT, SHARED } from '../support/cli.js';
import * as codecUnderTest from '../support/codec.js';

const codec: Codec = codecUnderTest;
const SEED = 20261124;
const MUTATION_CASES = 15_000;
const STRUCTURE_CASES = 2_000;
const ROUND_TRIP_CASES = 2_000;
const LIMIT_CASES = 3_000;
const HOSTILE_CASES = 120;

describe('fuzz', () => {
  const seeds = loadSeeds(codec, join(SHARED, 'imps-vectors'));

  test.each([
    ['mutated messages', MUTATION_CASES, mutationCase],
    ['structure-aware documents', STRUCTURE_CASES, (seed: number, i: number, s: readonly Uint8Array[]) => structureCase(codec, seed, i, s)],
  ] as const)(
    '%s: a result or the same WbxmlError both ways, within the resource bounds',
    (_kind, count, makeCase) => {
      const outcomes = new Map<string, number>();
      const stats = new ResourceStats();
      for (let i = 0; i < count; i++) {
        const { input, mutators } = makeCase(SEED, i, seeds);
        const r = runDecodeCase(codec, input, { resources: true });
        if (r.failure !== undefined) {
          expect.fail(`case ${i} (seed ${SEED}, ${mutators.join('+')}) failed: ${r.failure}\ninput: ${toHex(input)}`);
        }
        outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
        stats.add(r, `case ${i}`);
      }
      // The cases reach both sides: documents that decode, and many kinds of rejection.
      expect(outcomes.get('ok') ?? 0).toBeGreaterThan(count / 50);
      expect([...outcomes.keys()].filter((k) => k !== 'ok').length).toBeGreaterThanOrEqual(8);
      // Most calls are measured (the others ran into a collection: too big for the young generation).
      expect(stats.measured).toBeGreaterThan(stats.unmeasured * 4);
    },
    120_000,
  );

  test(`${ROUND_TRIP_CASES} random valid trees of every version round-trip through WBXML and XML text`, () => {
    for (let i = 0; i < ROUND_TRIP_CASES; i++) {
      const r = runRoundTripCase(codec, SEED, i);
      if (r.failure !== undefined) expect.fail(`round trip ${i} (seed ${SEED}) failed: ${r.failure}`);
    }
  }, 120_000);

  test(`${LIMIT_CASES} random trees under random tight limits: what encode writes, decode with the same limits reads back`, () => {
    const outcomes = { ok: 0, limit: 0 };
    for (let i = 0; i < LIMIT_CASES; i++) {
      const r = runLimitSymmetryCase(codec, SEED, i);
      if (r.failure !== undefined) expect.fail(`limit case ${i} (seed ${SEED}) failed: ${r.failure}`);
      outcomes[r.outcome as keyof typeof outcomes]++;
    }
    // Both sides are reached: trees the encoder accepts under the limits, and trees it refuses.
    expect(outcomes.ok).toBeGreaterThan(LIMIT_CASES / 10);
    expect(outcomes.limit).toBeGreaterThan(LIMIT_CASES / 10);
  }, 120_000);

  test(`${HOSTILE_CASES} hostile trees: encode and toXml write what they write for the tree of first answers, or throw a WbxmlError`, () => {
    const outcomes = new Map<string, number>();
    for (let i = 0; i < HOSTILE_CASES; i++) {
      const r = runHostileTreeCase(codec, SEED, i, seeds);
      if (r.failure !== undefined) expect.fail(`hostile tree ${i} (seed ${SEED}) failed: ${r.failure}`);
      outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    }
    // Both sides are reached: trees written as the plain tree is, and trees refused, and the case's own markers passed through.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(HOSTILE_CASES / 5);
    expect(outcomes.get('bad-structure') ?? 0).toBeGreaterThan(HOSTILE_CASES / 10);
    expect(outcomes.get('marker') ?? 0).toBeGreaterThan(HOSTILE_CASES / 10);
  }, 120_000);

  const dir = join(ROOT, 'test/fixtures/fuzz-regressions');
  const fixtures = readdirSync(dir)
    .filter((f) => f.endsWith('.hex'))
    .sort();
  test.each(fixtures)('regression input %s', (f) => {
    const r = runDecodeCase(codec, fromHex(readFileSync(join(dir, f), 'utf8')), { resources: true });
    expect(r.failure).toBeUndefined();
    expect(r.outcome).not.toBe('failure');
  });
});
