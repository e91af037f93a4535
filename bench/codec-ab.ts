/**
 * Two builds of the engine compared in one process: `npm run build:bench && node dist/bench/codec-ab.js
 * <before> <after> [--classes login,1kb,70kb] [--conversions t2x,t2w] [--reps 30] [--ms 40]`, where
 * each of <before> and <after> is a copy of a built dist/generated/ folder (`cp -r dist/generated
 * /tmp/engine-before`, change the engine, `npm run build && node dist/cli/cli.js generate && npm run
 * build:bench`, `cp -r dist/generated /tmp/engine-after`).
 *
 * Why in one process, alternating: this virtual machine's speed drifts by 15-20 % within minutes and
 * other jobs share its two cores, so two benchmark runs minutes apart say more about the host than
 * about a change. Here each repetition times both builds back to back, in ABBA order (A B, then B A,
 * so that neither always runs second), each for `--ms` milliseconds of CPU, and the figure is the
 * median over the repetitions of before ÷ after: a drift slower than one repetition cancels out.
 * The inputs are built by a third copy of the engine (this checkout's dist/generated), so that
 * neither copy measured has run other work first; both must give the same bytes (`--no-check` when
 * a variant is deliberately wrong, to measure what a part costs). `--into` passes the `into`
 * option to the four conversions that return bytes (a scratch array per build and conversion, grown
 * when a result did not fit): a build without the option ignores it and allocates its result.
 */
import { CLASS_LABEL, messages, SIZE_CLASSES, type SizeClass } from './corpus.js';
import type { Conversion } from './libwbxml.js';
import { CONVERSION_LABEL, CONVERSIONS } from './ours.js';
import * as third from '../generated/index.js';

type Engine = typeof third;

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const [beforeDir, afterDir] = argv;
if (beforeDir === undefined || afterDir === undefined || beforeDir.startsWith('--') || afterDir.startsWith('--')) {
  console.error(
    'usage: node dist/bench/codec-ab.js <before engine folder> <after engine folder> [--classes …] [--conversions …] [--reps N] [--ms N] [--no-check]',
  );
  process.exit(2);
}
const classes = option('--classes', 'login,1kb,70kb').split(',') as SizeClass[];
const conversions = option('--conversions', CONVERSIONS.join(',')).split(',') as Conversion[];
for (const c of classes) if (!SIZE_CLASSES.includes(c)) throw new Error(`unknown class ${c}`);
for (const c of conversions) if (!CONVERSIONS.includes(c)) throw new Error(`unknown conversion ${c}`);
const reps = Number(option('--reps', '30'));
const ms = Number(option('--ms', '40'));
const check = !argv.includes('--no-check');
const useInto = argv.includes('--into');
const version = '1.2';

const load = async (dir: string): Promise<Engine> => (await import(new URL(`file://${dir.replace(/\/$/, '')}/index.js`).href)) as Engine;
const before = await load(beforeDir);
const after = await load(afterDir);

interface Input {
  readonly xml: Uint8Array;
  readonly wbxml: Uint8Array;
  readonly tree: ReturnType<Engine['decode']>['doc'];
}

/** `--into`: the scratch array of each build and conversion (as bench/ours.ts keeps them). */
const scratch = new Map<Engine, Partial<Record<Conversion, Uint8Array>>>();
function into(e: Engine, conversion: Conversion): Uint8Array {
  let s = scratch.get(e);
  if (s === undefined) scratch.set(e, (s = {}));
  return (s[conversion] ??= new Uint8Array(1 << 16));
}
/** A result that did not fit the scratch array: a bigger one for the next call (never regrown for a build that ignores it). */
function grown(e: Engine, conversion: Conversion, result: Uint8Array): Uint8Array {
  const s = scratch.get(e);
  if (s !== undefined && result.length > s[conversion]!.length) s[conversion] = new Uint8Array(result.length * 2);
  return result;
}

/** One conversion with engine `e`, as the benchmark runs it (bench/ours.ts); returns its product. */
function run(e: Engine, conversion: Conversion, p: Input): Uint8Array | object {
  if (useInto) return runInto(e, conversion, p);
  switch (conversion) {
    case 'w2x':
      return e.decodeToXml(p.wbxml, e.registry, { version, output: 'bytes' }).xml;
    case 'x2w':
      return e.encodeXml(p.xml, e.registry).bytes;
    case 'w2t':
      return e.decode(p.wbxml, { version }).doc;
    case 't2w':
      return e.encode(p.tree, { version });
    case 't2x':
      return e.toXml(p.tree, { indent: '', output: 'bytes' });
    case 'x2t':
      return e.fromXml(p.xml).doc;
  }
}

/** `run` with `--into`: the four conversions that return bytes write into their scratch array. */
function runInto(e: Engine, c: Conversion, p: Input): Uint8Array | object {
  switch (c) {
    case 'w2x':
      return grown(e, c, e.decodeToXml(p.wbxml, e.registry, { version, output: 'bytes', into: into(e, c) }).xml);
    case 'x2w':
      return grown(e, c, e.encodeXml(p.xml, e.registry, { into: into(e, c) }).bytes);
    case 't2w':
      return grown(e, c, e.encode(p.tree, { version, into: into(e, c) }));
    case 't2x':
      return grown(e, c, e.toXml(p.tree, { indent: '', output: 'bytes', into: into(e, c) }));
    case 'w2t':
      return e.decode(p.wbxml, { version }).doc;
    case 'x2t':
      return e.fromXml(p.xml).doc;
  }
}

let sink = 0;
/** µs of CPU (all threads) per message, converting `inputs` again and again for `ms` ms. */
function time(e: Engine, conversion: Conversion, inputs: readonly Input[]): number {
  let rounds = 0;
  let elapsed = 0;
  const start = process.cpuUsage();
  do {
    for (const p of inputs) {
      const r = run(e, conversion, p);
      sink ^= r instanceof Uint8Array ? r.length : 1;
    }
    rounds++;
    // (the clock read is a system call: for small messages, once per 8 rounds)
    if (rounds < 8 || (rounds & 7) === 0) {
      const d = process.cpuUsage(start);
      elapsed = (d.user + d.system) / 1000;
    }
  } while (elapsed < ms);
  return (elapsed * 1000) / (rounds * inputs.length);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));

console.log(`| message | conversion | before µs | after µs | before ÷ after: median (min–max) |`);
console.log(`| --- | --- | ---: | ---: | ---: |`);
for (const c of classes) {
  const inputs: Input[] = messages(c, version).map((m) => {
    const wbxml = third.encodeXml(m.xml, third.registry).bytes;
    return { xml: m.xml, wbxml, tree: third.decode(wbxml, { version }).doc };
  });
  for (const conversion of conversions) {
    if (check) {
      for (const p of inputs) {
        const a = run(before, conversion, p);
        const b = run(after, conversion, p);
        if (a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) !== 0)
          throw new Error(`${c} ${conversion}: the two builds give different bytes`);
      }
    }
    for (let i = 0; i < 3; i++) {
      // warm-up: both builds optimised before the first repetition
      time(before, conversion, inputs);
      time(after, conversion, inputs);
    }
    const a: number[] = [];
    const b: number[] = [];
    const ratio: number[] = [];
    for (let r = 0; r < reps; r++) {
      let ta: number;
      let tb: number;
      if (r % 2 === 0) {
        ta = time(before, conversion, inputs);
        tb = time(after, conversion, inputs);
      } else {
        tb = time(after, conversion, inputs);
        ta = time(before, conversion, inputs);
      }
      a.push(ta);
      b.push(tb);
      ratio.push(ta / tb);
    }
    console.log(
      `| ${CLASS_LABEL[c]} | ${CONVERSION_LABEL[conversion]} | ${fmt(median(a))} | ${fmt(median(b))} | **${median(ratio).toFixed(2)}×** (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}) |`,
    );
  }
}
if (sink === 0.5) console.log(sink); // (keeps the products alive for the optimiser)
