/**
 * The CI-sized fuzz run (fixed seed; `npm run fuzz -- --cases N --seed S` for long runs): every
 * mutated message ends in a result or a WbxmlError within the time bound, every random valid tree
 * round-trips, and the saved regression inputs still pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fromHex, loadSeeds, mutationCase, runDecodeCase, runRoundTripCase, toHex } from '../../bench/fuzz-lib.js';
import { ROOT, SHARED } from '../support/cli.js';

const SEED = 20261124;
const MUTATION_CASES = 100_000;
const ROUND_TRIP_CASES = 5_000;

describe('fuzz', () => {
  test(`${MUTATION_CASES} mutated messages: a result or a WbxmlError, each within the time bound`, () => {
    const seeds = loadSeeds(join(SHARED, 'imps-vectors'));
    const outcomes = new Map<string, number>();
    for (let i = 0; i < MUTATION_CASES; i++) {
      const { input, mutators } = mutationCase(SEED, i, seeds);
      const r = runDecodeCase(input);
      if (r.failure !== undefined) {
        expect.fail(`case ${i} (seed ${SEED}, ${mutators.join('+')}) failed: ${r.failure}\ninput: ${toHex(input)}`);
      }
      outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    }
    // The mutations reach both sides: documents that still decode, and many kinds of rejection.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(500);
    expect([...outcomes.keys()].filter((k) => k !== 'ok').length).toBeGreaterThanOrEqual(8);
  }, 120_000);

  test(`${ROUND_TRIP_CASES} random valid trees of every version round-trip through WBXML and XML text`, () => {
    for (let i = 0; i < ROUND_TRIP_CASES; i++) {
      const r = runRoundTripCase(SEED, i);
      if (r.failure !== undefined) expect.fail(`round trip ${i} (seed ${SEED}) failed: ${r.failure}`);
    }
  }, 120_000);

  const dir = join(ROOT, 'test/fixtures/fuzz-regressions');
  const fixtures = readdirSync(dir)
    .filter((f) => f.endsWith('.hex'))
    .sort();
  test.each(fixtures)('regression input %s', (f) => {
    const r = runDecodeCase(fromHex(readFileSync(join(dir, f), 'utf8')));
    expect(r.failure).toBeUndefined();
    expect(r.outcome).not.toBe('failure');
  });
});
