/**
 * Heap cost of one of our conversions, in a fresh process (bench/codec.ts runs it; by hand:
 * `node --expose-gc --max-semi-space-size=512 --min-semi-space-size=512 dist/bench/memory.js
 * <conversion> <version> <file.xml> <file.wbxml> [big]`; big: the limits of the 10 MB message). It
 * prints, per byte of input:
 *
 * - allocated: heap (and array buffer) bytes the conversion allocates, its garbage included: the
 *   young generation is made large enough that no collection runs during the conversion, so the
 *   growth of the used heap is what was allocated (reported only if no collection ran);
 * - retained: what its product (tree, bytes) still holds after a full collection.
 *
 * Both are measured over several products at once (up to 32, as many as make 4 MB of input; one
 * for an input above 4 MB) and divided by their count.
 *
 * The C harness reports the comparable pair for libwbxml: the growth of its peak RSS during the
 * conversion and the bytes malloc still holds afterwards (bench/libwbxml-harness.c, `mem`).
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import type { Conversion } from './libwbxml.js';
import { BIG_MESSAGE_LIMITS, convert, prepare, readsXml } from './ours.js';

const [conversion, version, xmlFile, wbxmlFile, big] = process.argv.slice(2) as [Conversion, string, string, string, string?];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

// The input: the XML text for XML text → …, else the WBXML (for tree → …, the tree decoded from it).
const bytes = new Uint8Array(readFileSync(readsXml(conversion) ? xmlFile : wbxmlFile));
const input = bytes.length;
const p = prepare(conversion, version, bytes, big === 'big' ? BIG_MESSAGE_LIMITS : undefined);
// Warm the code up on the same message (then drop the products), so that the JIT's own allocations are not counted.
for (let i = 0; i < 3; i++) convert(conversion, p);

let collections = 0;
const observer = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
observer.observe({ entryTypes: ['gc'] });

const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
/**
 * Products measured at once, and the figures divided by their count: the used heap moves by up to
 * ~1 MB between two full collections for reasons of its own (the same 70 KB WBXML → tree measured
 * 17.6, 13.2 and -2.4 bytes retained per byte with one product), which a single small product
 * cannot outweigh. The count keeps the products of a big message within the young generation.
 */
const count = Math.max(1, Math.min(32, Math.floor((4 << 20) / input)));
gc();
gc();
const before = used();
// Held (in `kept`) through the collections below, so that what they retain is measured.
const kept: unknown[] = [];
for (let i = 0; i < count; i++) kept.push(convert(conversion, p));
const afterConversion = used();
gc();
gc();
const retained = (used() - before) / count;
// Let the observer report the collections that ran.
setTimeout(() => {
  observer.disconnect();
  const clean = collections <= 4; // the four forced ones
  console.log(
    JSON.stringify({
      inputBytes: input,
      allocatedPerByte: clean ? (afterConversion - before) / count / input : null,
      retainedPerByte: retained / input,
    }),
  );
  kept.length = 0;
}, 20);
