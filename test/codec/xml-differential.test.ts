/**
 * The XML reader against saxes: every message of the shared corpus gives the same tree, and a fixed
 * seed of random and mutated documents agrees on accept/reject and on the tree, but for the
 * documented differences (bench/xml-differential.ts lists them). Long runs by hand:
 * `node dist/bench/xml-differential.js --cases 1000000 --seed 1`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { saxesFromXml } from '../../bench/saxes-reference.js';
import { compare, differentialCase, random, randomDocument } from '../../bench/xml-differential.js';
import { fromXml, LIBWBXML_WV, randMessages, VECTORS } from '../support/codec.js';

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
const wellFormed = (text: string): boolean => {
  try {
    fromXml(text);
    return true;
  } catch {
    return false;
  }
};

describe('the XML reader and saxes', () => {
  test('every XML message of the corpus: the same tree and public id', () => {
    const texts: [string, string][] = [];
    for (const dir of [LIBWBXML_WV, join(VECTORS, 'aosp-im-libwbxml')])
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.xml'))) texts.push([f, readFileSync(join(dir, f), 'utf8')]);
    for (const [i, t] of randMessages().entries()) texts.push([`rand.xml #${i + 1}`, t]);
    let accepted = 0;
    for (const [name, text] of texts) {
      let theirs: ReturnType<typeof saxesFromXml> | undefined;
      try {
        theirs = saxesFromXml(text);
      } catch {
        // AOSP's invalid-entity messages (&#1114111 without ';'): both must reject
      }
      if (theirs) {
        const ours = fromXml(text);
        expect(plain(ours.doc), name).toEqual(plain(theirs.doc));
        expect(ours.doctypePublicId, name).toBe(theirs.doctypePublicId);
        accepted++;
      } else expect(() => fromXml(text), name).toThrow(/^XML \d+:\d+: /);
    }
    expect(accepted).toBeGreaterThan(150);
  });

  test('4,000 random and mutated documents (seed 20261124): the same verdict and tree, as a string and as bytes', () => {
    let acceptedCount = 0;
    for (let i = 0; i < 4000; i++) {
      const text = differentialCase(20261124, i);
      const r = compare(text);
      if (r.failure !== undefined) expect.fail(`case ${i}: ${r.failure}\n${JSON.stringify(text)}`);
      if (r.accepted) acceptedCount++;
    }
    // Both sides are exercised: many accepted, many refused.
    expect(acceptedCount).toBeGreaterThan(1000);
    expect(acceptedCount).toBeLessThan(3000);
  });

  test('documents larger than the reader’s window of bytes: the same tree from bytes as from the string and from saxes', () => {
    const r = random(7);
    for (let k = 0; k < 6; k++) {
      // Many random elements under one root: 100-200 KB, so that every kind of token meets a window edge somewhere.
      const parts: string[] = ['<root>'];
      let size = 0;
      while (size < 100_000 + k * 20_000) {
        const d = randomDocument(r).replace(/^[^<]*(<\?xml[^>]*>)?\s*(<!--[^>]*-->)?\s*(<!DOCTYPE[^>]*>)?/, '');
        if (/<!DOCTYPE|<\?xml/.test(d) || !wellFormed(d)) continue;
        parts.push(d);
        size += d.length;
      }
      parts.push('</root>');
      const text = parts.join('\r\n');
      const result = compare(text);
      if (result.failure !== undefined) expect.fail(`document ${k}: ${result.failure}`);
      expect(result.accepted).toBe(true);
    }
  });
});
