/**
 * The codec against libwbxml, per message size and per conversion (`npm run bench`; `--quick` for
 * a short run). See the README's "Codec against libwbxml" for how to read it.
 *
 * - Messages (bench/corpus.ts): real logins (~200 B of WBXML) and a real presence message (~1 KB),
 *   a synthetic contact list with presence of ~70 KB, ~1 MB and ~10 MB (and 1 KB, for the
 *   time-per-KB check), in CSP 1.2 and 1.1 against libwbxml; CSP 1.3, which libwbxml lacks, ours alone.
 * - Six conversions, the same work on both sides, UTF-8 bytes in and bytes out: WBXML → XML text,
 *   XML text → WBXML (libwbxml's `wbxml_conv`), WBXML → tree, tree → WBXML, tree → XML text,
 *   XML text → tree (libwbxml's `wbxml_tree`). Both decoders read the WBXML libwbxml writes for the
 *   XML text (ours for 1.3); the trees are those of that WBXML.
 * - libwbxml runs in-process in a C harness (bench/libwbxml-harness.c), a long-lived child that
 *   holds the same input bytes; each repetition measures ours then libwbxml (alternating which
 *   goes first), each for at least a fixed CPU time, and the ratio is taken per repetition. The
 *   table gives medians of CPU time (for Node: all its threads, the garbage collector's included)
 *   and the spread of the ratio over the repetitions.
 * - Each cell holds only what its conversion reads (the XML bytes, the WBXML, or the tree: see
 *   `prepare` in bench/ours.ts), read from the message's file when the cell starts, after a full
 *   collection: no measurement pays the collector for another's inputs.
 * - Where our time goes, per row: the main thread's pauses in the garbage collector (scavenges and
 *   mark-compacts, from Node's 'gc' performance entries, observed only around the timed loops), the
 *   CPU share of the other threads (the collector's helpers, the compiler) and of the kernel (page
 *   faults of fresh memory); the time-per-KB table adds each conversion's time without those pauses.
 * - Memory in fresh processes: our heap per input byte (allocated, and retained by the product)
 *   against libwbxml's peak RSS growth and malloc'd bytes retained (bench/memory.ts).
 *
 * Options: --quick, --reps N, --seconds S (CPU per side per repetition), --versions 1.2,1.1,1.3,
 * --classes login,1kb,..., --conversions w2x,x2w,..., --no-memory, --reader saxes (XML text input
 * read as before imps-tokengen had its own reader: the "before" figures), --memory-only, --flat
 * (ours alone: the time per KB of the contact list with its sizes measured in turn within each
 * repetition, the steadier measure of flatness; with --classes, --conversions, --reps, --seconds).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry, type Limits } from '../generated/index.js';
import { encodeXml } from '../generator/xml.js';
import { CLASS_LABEL, messages, SIZE_CLASSES, type SizeClass } from './corpus.js';
import { buildHarness, Harness, libwbxmlVersion, type Conversion, type HarnessRun, type Lang } from './libwbxml.js';
import { collectGarbage, fmt, load, machine, type Sample, sig, spread, timeOurs, warmUp } from './measure.js';
import {
  BIG_MESSAGE_LIMITS,
  bytesOf,
  CONVERSION_API,
  CONVERSION_LABEL,
  CONVERSIONS,
  convert,
  prepare,
  type Prepared,
  readsXml,
} from './ours.js';

// ---- options -------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const list = <T extends string>(name: string, all: readonly T[]): readonly T[] => {
  const v = option(name);
  return v ? (v.split(',').filter((x) => (all as readonly string[]).includes(x)) as T[]) : all;
};

const quick = flag('--quick');
const REPS = Number(option('--reps') ?? (quick ? 3 : 7));
const MIN_CPU = Number(option('--seconds') ?? (quick ? 0.05 : 0.25));
const WARM = quick ? 0.1 : 0.3;
const VERSIONS = list('--versions', ['1.2', '1.1', '1.3']);
const CLASSES = list('--classes', SIZE_CLASSES);
const CONVS = list('--conversions', CONVERSIONS);
/** CSP 1.2 gets every size; the other versions the real messages and the 70 KB list. */
const classesFor = (version: string): readonly SizeClass[] =>
  version === '1.2' ? CLASSES : CLASSES.filter((c) => c === 'login' || c === '1kb' || c === '70kb');
/** The 1 MB and 10 MB messages: fewer repetitions (each is long already). */
const repsFor = (c: SizeClass) => (c === '10mb' || c === '1mb' ? Math.min(REPS, quick ? 2 : 3) : REPS);
/**
 * libwbxml is quadratic in the number of siblings: one conversion of the 1 MB list takes it
 * 10-20 s of CPU (so it converts it once per repetition, and not in --quick), and its XML reader
 * refuses the 10 MB list's 71 MB of text ("Bad Parameter"), which would take it about 100 times
 * as long anyway: the 10 MB list is ours alone.
 */
const withLibwbxml = (c: SizeClass) => c !== '10mb' && !(quick && c === '1mb');

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'imps-tokengen-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// ---- inputs ----------------------------------------------------------------------------------------

const LANG: Record<string, Lang | undefined> = { '1.1': 'CSP11', '1.2': 'CSP12' };

/**
 * One message of a class: its XML text and WBXML as files (each cell reads only the one its
 * conversion needs, and drops it when done: see `prepare` in bench/ours.ts), their sizes, and the
 * same bytes in the harness.
 */
interface Input {
  readonly name: string;
  readonly xmlFile: string;
  readonly wbxmlFile: string;
  readonly xmlBytes: number;
  readonly wbxmlBytes: number;
  /** Limits other than the defaults (the 10 MB message). */
  readonly limits?: Limits;
  /** Ids of the XML and WBXML bytes in the harness. */
  readonly xmlId?: number;
  readonly wbxmlId?: number;
}

let fileCount = 0;
async function inputsOf(c: SizeClass, version: string, withHarness: Harness | undefined): Promise<Input[]> {
  const lang = LANG[version];
  const harness = withLibwbxml(c) ? withHarness : undefined;
  const out: Input[] = [];
  for (const m of messages(c, version)) {
    const base = join(work, `${fileCount++}`);
    const xmlFile = `${base}.xml`;
    const wbxmlFile = `${base}.wbxml`;
    writeFileSync(xmlFile, m.xml);
    let xmlId: number | undefined;
    let wbxml: Uint8Array;
    if (harness && lang) {
      // The WBXML both decoders read is libwbxml's own, so that libwbxml reads what it writes.
      xmlId = await harness.load(xmlFile);
      await harness.save('x2w', '-', xmlId, wbxmlFile);
      wbxml = new Uint8Array(readFileSync(wbxmlFile));
    } else {
      // Ours, with the public id in libwbxml's form (what libwbxml writes for the other sizes).
      wbxml = encodeXml(m.xml, registry, { ...(c === '10mb' ? BIG_MESSAGE_LIMITS : {}), publicId: 'text' }).bytes;
      writeFileSync(wbxmlFile, wbxml);
    }
    let wbxmlId: number | undefined;
    if (harness && lang) {
      wbxmlId = await harness.load(wbxmlFile);
      await harness.tree(wbxmlId, lang);
    }
    out.push({
      name: m.name,
      xmlFile,
      wbxmlFile,
      xmlBytes: m.xml.length,
      wbxmlBytes: wbxml.length,
      ...(c === '10mb' ? { limits: BIG_MESSAGE_LIMITS } : {}),
      ...(xmlId !== undefined ? { xmlId } : {}),
      ...(wbxmlId !== undefined ? { wbxmlId } : {}),
    });
  }
  return out;
}

/** What `conversion` reads of one message, read from its file. */
const prepared = (conversion: Conversion, version: string, input: Input): Prepared =>
  prepare(conversion, version, new Uint8Array(readFileSync(readsXml(conversion) ? input.xmlFile : input.wbxmlFile)), input.limits);

// ---- measuring ---------------------------------------------------------------------------------------

interface Cell {
  readonly version: string;
  readonly sizeClass: SizeClass;
  readonly conversion: Conversion;
  /** Mean bytes per message of the conversion's bytes side (ours; libwbxml's own for its side). */
  readonly bytesPerMessage: number;
  readonly wbxmlBytes: number;
  readonly ours: Sample[];
  readonly theirs: HarnessRun[];
  readonly theirBytesPerMessage: number;
}

const perSecond = (s: { messages: number; cpu: number }) => s.messages / s.cpu;
const perSecondWall = (s: { messages: number; wall: number }) => s.messages / s.wall;

async function measureCell(
  version: string,
  c: SizeClass,
  conversion: Conversion,
  inputs: Input[],
  harness: Harness | undefined,
): Promise<Cell> {
  // Only this conversion's inputs are alive while it is measured (the previous cell's are garbage
  // by now, and collected here, before the warm-up).
  const mine = inputs.map((i) => prepared(conversion, version, i));
  await collectGarbage();
  const pass = () => {
    for (const p of mine) convert(conversion, p);
  };
  const lang = LANG[version];
  const theirIds = harness && lang ? inputs.map((i) => (readsXml(conversion) ? i.xmlId! : i.wbxmlId!)) : undefined;
  const theirLang: Lang = readsXml(conversion) ? '-' : (lang ?? '-');
  const batch = warmUp(pass, WARM);
  const slow = c === '1mb'; // libwbxml: one conversion per repetition, no warm-up
  if (harness && theirIds && !slow) await harness.run(conversion, theirLang, WARM * 300, theirIds);
  const ours: Sample[] = [];
  const theirs: HarnessRun[] = [];
  for (let rep = 0; rep < repsFor(c); rep++) {
    const measureOurs = async () => {
      ours.push(await timeOurs(pass, mine.length, MIN_CPU, batch));
    };
    const measureTheirs = async () => {
      if (harness && theirIds) theirs.push(await harness.run(conversion, theirLang, slow ? 0 : MIN_CPU * 1000, theirIds));
    };
    if (rep % 2 === 0) {
      await measureOurs();
      await measureTheirs();
    } else {
      await measureTheirs();
      await measureOurs();
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const t = theirs[0];
  const theirBytes = t ? (conversion === 't2w' || conversion === 't2x' ? t.bytesOut : t.bytesIn) / Math.max(1, t.messages) : Number.NaN;
  return {
    version,
    sizeClass: c,
    conversion,
    bytesPerMessage: mean(mine.map((p) => bytesOf(conversion, p))),
    wbxmlBytes: mean(inputs.map((i) => i.wbxmlBytes)),
    ours,
    theirs,
    theirBytesPerMessage: theirBytes,
  };
}

// ---- reporting ---------------------------------------------------------------------------------------

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${fmt(bytes / 1024 / 1024, 1)} MB` : bytes >= 1024 ? `${fmt(bytes / 1024, 1)} KB` : `${fmt(bytes)} B`;

/**
 * Where our CPU time went, as shares (medians over the repetitions): the main thread's pauses in
 * the garbage collector (of the loop's wall time), the other threads (the collector's helpers, the
 * compiler) and the kernel (page faults of fresh memory: new heap pages, large output buffers), both
 * of the process's CPU time.
 */
interface Shares {
  readonly gc: number;
  readonly scavenge: number;
  readonly markCompact: number;
  readonly otherThreads: number;
  readonly kernel: number;
  /** µs per message of the main thread outside the collector's pauses: the codec's own work. */
  readonly codecMicros: number;
}

function sharesOf(samples: readonly Sample[]): Shares {
  const median = (f: (s: Sample) => number) => spread(samples.map(f)).median;
  const gc = (s: Sample) => (s.gc.scavenge + s.gc.markCompact) / s.wall;
  // The split by kind is that of the repetition with the median share (so that the parts add up).
  const middle = [...samples].sort((a, b) => gc(a) - gc(b))[(samples.length - 1) >> 1]!;
  return {
    gc: gc(middle),
    scavenge: middle.gc.scavenge / middle.wall,
    markCompact: middle.gc.markCompact / middle.wall,
    otherThreads: median((s) => (Number.isNaN(s.mainCpu) ? Number.NaN : Math.max(0, s.cpu - s.mainCpu) / s.cpu)),
    kernel: median((s) => s.system / s.cpu),
    // The loop's wall time less the pauses; or, on a loaded machine where the main thread was off
    // the CPU for longer than that, its CPU time (then an upper bound: it includes its share of the
    // collector's work during the pauses).
    codecMicros: median(
      (s) => (Math.min(s.wall - s.gc.scavenge - s.gc.markCompact, Number.isNaN(s.mainCpu) ? s.cpu : s.mainCpu) * 1e6) / s.messages,
    ),
  };
}

const percent = (x: number) => (Number.isFinite(x) ? `${fmt(x * 100)} %` : '—');
/** "12 % (10 + 2)": all pauses, then scavenges + mark-compacts. */
const gcCell = (g: Shares) => `${percent(g.gc)} (${fmt(g.scavenge * 100)} + ${fmt(g.markCompact * 100)})`;

interface Summary {
  readonly oursRate: number;
  readonly shares: Shares;
  readonly theirRate: number;
  readonly ratio: ReturnType<typeof spread> | undefined;
  readonly wallRatio: number;
  readonly failed: number;
}

function summarise(cell: Cell): Summary {
  const oursRate = spread(cell.ours.map(perSecond)).median;
  const theirRate = cell.theirs.length ? spread(cell.theirs.map(perSecond)).median : Number.NaN;
  const ratio = cell.theirs.length ? spread(cell.ours.map((o, i) => perSecond(o) / perSecond(cell.theirs[i]!))) : undefined;
  const wallRatio = cell.theirs.length
    ? spread(cell.ours.map((o, i) => perSecondWall(o) / perSecondWall(cell.theirs[i]!))).median
    : Number.NaN;
  return { oursRate, shares: sharesOf(cell.ours), theirRate, ratio, wallRatio, failed: cell.theirs.reduce((a, t) => a + t.failed, 0) };
}

function printTable(cells: Cell[], withLibwbxml: boolean): void {
  const oursHead =
    '| message | conversion | ours msg/s | ours MB/s | ours: GC % (scavenge + mark-compact) | ours: other threads · kernel |';
  if (withLibwbxml) {
    console.log(`${oursHead} libwbxml msg/s | libwbxml MB/s | ours ÷ libwbxml, CPU: median (min–max) | wall: median |`);
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  } else {
    console.log(oursHead);
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  }
  let last: SizeClass | undefined;
  for (const cell of cells) {
    const s = summarise(cell);
    const message = cell.sizeClass === last ? '' : `${CLASS_LABEL[cell.sizeClass]} (${size(cell.wbxmlBytes)})`;
    last = cell.sizeClass;
    const conv = `${CONVERSION_LABEL[cell.conversion]} (${CONVERSION_API[cell.conversion]})`;
    const ours = `${sig(s.oursRate)} | ${sig((s.oursRate * cell.bytesPerMessage) / 1e6)} | ${gcCell(s.shares)} | ${percent(s.shares.otherThreads)} · ${percent(s.shares.kernel)}`;
    if (!withLibwbxml) {
      console.log(`| ${message} | ${conv} | ${ours} |`);
      continue;
    }
    const theirs = `${sig(s.theirRate)} | ${sig((s.theirRate * cell.theirBytesPerMessage) / 1e6)}`;
    const r = s.ratio;
    const ratio = r ? `**${fmt(r.median, 2)}×** (${fmt(r.min, 2)}–${fmt(r.max, 2)})` : '—';
    const failed = s.failed ? ` (libwbxml failed ${s.failed}×)` : '';
    console.log(`| ${message} | ${conv} | ${ours} | ${theirs} | ${ratio}${failed} | ${fmt(s.wallRatio, 2)}× |`);
  }
}

// ---- memory ----------------------------------------------------------------------------------------

interface OurMemory {
  readonly allocatedPerByte: number | null;
  readonly retainedPerByte: number;
}

function ourMemory(conversion: Conversion, input: Input, version: string): OurMemory | undefined {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-semi-space-size=512',
      '--min-semi-space-size=512',
      join(root, 'dist/bench/memory.js'),
      conversion,
      version,
      input.xmlFile,
      input.wbxmlFile,
      ...(input.limits ? ['big'] : []),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) {
    console.error(r.stderr);
    return undefined;
  }
  return JSON.parse(r.stdout) as OurMemory;
}

// ---- time per KB, sizes interleaved (--flat) ---------------------------------------------------------

const FLAT_SIZES = ['list-1kb', '70kb', '1mb', '10mb'] as const satisfies readonly SizeClass[];

/**
 * `--flat`: our time per KB of the contact list at each size, the sizes measured in turn within each
 * repetition (in a rotating order) and largest ÷ smallest taken per repetition, so that the host's
 * drift between cells measured minutes apart (15-20 % here) does not pass for a size effect. Each
 * timing holds only its own size's input (prepared again per repetition, after a full collection:
 * holding every size's tree at once would make each full collection mark all of them).
 */
async function flatness(): Promise<void> {
  const sizes = FLAT_SIZES.filter((c) => CLASSES.includes(c));
  const inputs = new Map<SizeClass, Input>();
  for (const c of sizes) inputs.set(c, (await inputsOf(c, '1.2', undefined))[0]!);
  const size0 = (c: SizeClass) => inputs.get(c)!.wbxmlBytes;
  console.log('');
  console.log(
    `#### Time per KB of WBXML, sizes interleaved: the same contact list from 1 KB to 10 MB (CSP 1.2, µs of CPU per KB; ${REPS} repetitions of ≥ ${MIN_CPU} s CPU per size)`,
  );
  console.log('');
  console.log(`| conversion | ${sizes.map((c) => size(size0(c))).join(' | ')} | largest ÷ smallest: median (min–max) |`);
  console.log(`| --- | ${sizes.map(() => '---:').join(' | ')} | ---: |`);
  const verdicts: string[] = [];
  for (const conversion of CONVS) {
    // Warm-up, and the batch of each size.
    const batches = new Map<SizeClass, number>();
    for (const c of sizes) {
      const p = prepared(conversion, '1.2', inputs.get(c)!);
      batches.set(
        c,
        warmUp(() => convert(conversion, p), WARM),
      );
    }
    const samples = new Map<SizeClass, Sample[]>(sizes.map((c) => [c, []]));
    const worst: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const order = sizes.map((_, i) => sizes[(i + rep) % sizes.length]!);
      if (rep % 2 === 1) order.reverse();
      const perKb = new Map<SizeClass, number>();
      for (const c of order) {
        const p = prepared(conversion, '1.2', inputs.get(c)!);
        const pass = () => convert(conversion, p);
        await collectGarbage();
        // Right after a forced full collection V8 runs slow for a while (a shrunk young generation,
        // the collector's threads busy: 2-4 times the time per message in the first 0.25 s of a
        // 1 KB loop, 40 % of the CPU on other threads); a warm-up brings the steady state back.
        warmUp(pass, WARM);
        const sample = await timeOurs(pass, 1, MIN_CPU, batches.get(c)!);
        samples.get(c)!.push(sample);
        perKb.set(c, (sample.cpu * 1e6) / sample.messages / (size0(c) / 1024));
      }
      worst.push(Math.max(...perKb.values()) / Math.min(...perKb.values()));
      process.stderr.write('.');
    }
    const row = (label: string, cell: (c: SizeClass, s: readonly Sample[]) => string, last = '') =>
      console.log(`| ${CONVERSION_LABEL[conversion]}, ${label} | ${sizes.map((c) => cell(c, samples.get(c)!)).join(' | ')} | ${last} |`);
    const w = spread(worst);
    const perKb = (c: SizeClass, micros: number) => sig(micros / (size0(c) / 1024));
    row(
      'ours',
      (c, s) => perKb(c, spread(s.map((x) => (x.cpu * 1e6) / x.messages)).median),
      `**${fmt(w.median, 2)}×** (${fmt(w.min, 2)}–${fmt(w.max, 2)})`,
    );
    row('ours: GC % (scavenge + mark-compact)', (_, s) => gcCell(sharesOf(s)));
    row('ours excluding GC pauses (main thread)', (c, s) => perKb(c, sharesOf(s).codecMicros));
    row('ours: other threads · kernel', (_, s) => `${percent(sharesOf(s).otherThreads)} · ${percent(sharesOf(s).kernel)}`);
    verdicts.push(
      `${w.median <= 1.5 ? 'PASS' : 'MISS'} flat time per KB (interleaved), ${CONVERSION_LABEL[conversion]}: ${fmt(w.median, 2)}× from ${size(size0(sizes[0]!))} to ${size(size0(sizes[sizes.length - 1]!))} (target ≤ 1.5×)`,
    );
  }
  process.stderr.write('\n');
  console.log('');
  for (const v of verdicts) console.log(v);
}

// ---- the run -------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (flag('--flat')) {
    console.log(`codec benchmark, --flat: ${machine()}`);
    console.log(`Node ${process.version}; load average at start ${load()}`);
    const t0 = performance.now();
    await flatness();
    console.log(`\n${fmt((performance.now() - t0) / 1000)} s; load average at the end ${load()}`);
    return;
  }
  const bin = buildHarness(work);
  const harness = bin ? new Harness(bin) : undefined;
  const reader = flag('--reader') ? ` (--reader ${option('--reader')}: XML text read as before, with saxes)` : '';
  console.log(`codec benchmark${quick ? ' (--quick)' : ''}${reader}: ${machine()}`);
  console.log(
    `Node ${process.version}, libwbxml ${harness ? libwbxmlVersion() : 'not available (ours only)'}; ${REPS} interleaved repetitions of ≥ ${MIN_CPU} s CPU per side (1 MB and 10 MB: ${repsFor('10mb')}); load average at start ${load()}`,
  );
  const cells: Cell[] = [];
  const inputsByKey = new Map<string, Input[]>();
  const t0 = performance.now();
  let warmedUp = false;
  for (const version of VERSIONS) {
    for (const c of classesFor(version)) {
      const inputs = await inputsOf(c, version, harness);
      inputsByKey.set(`${version}/${c}`, inputs);
      if (flag('--memory-only')) continue;
      if (!warmedUp) {
        // Every conversion once through the JIT before the first cell: otherwise the first cells
        // of a run are measured while the engine's shared code is still being compiled (in
        // --quick, several times slower than the same cell measured later in the run).
        for (const conversion of CONVERSIONS) {
          const p = prepared(conversion, version, inputs[0]!);
          warmUp(() => convert(conversion, p), WARM);
        }
        warmedUp = true;
      }
      for (const conversion of CONVS) {
        cells.push(await measureCell(version, c, conversion, inputs, LANG[version] && withLibwbxml(c) ? harness : undefined));
        process.stderr.write('.');
      }
    }
  }
  process.stderr.write('\n');
  const loadAfter = load();

  for (const version of VERSIONS) {
    const mine = cells.filter((c) => c.version === version && c.sizeClass !== 'list-1kb');
    if (mine.length === 0) continue;
    const vs = harness && LANG[version] !== undefined;
    console.log('');
    console.log(`#### CSP ${version}${vs ? ' against libwbxml' : ' (libwbxml has no CSP 1.3: ours alone)'}`);
    console.log('');
    printTable(mine, !!vs);
  }

  // Time per KB: the same contact list from 1 KB to 10 MB.
  const flat = cells.filter((c) => c.version === '1.2' && ['list-1kb', '70kb', '1mb', '10mb'].includes(c.sizeClass));
  const verdicts: string[] = [];
  if (flat.length > 0) {
    const sizes = (['list-1kb', '70kb', '1mb', '10mb'] as const).filter((c) => flat.some((f) => f.sizeClass === c));
    console.log('');
    console.log('#### Time per KB of WBXML, the same contact list from 1 KB to 10 MB (CSP 1.2, µs of CPU per KB)');
    console.log('');
    console.log(
      `| conversion | ${sizes.map((c) => size(flat.find((f) => f.sizeClass === c)!.wbxmlBytes)).join(' | ')} | largest ÷ smallest |`,
    );
    console.log(`| --- | ${sizes.map(() => '---:').join(' | ')} | ---: |`);
    const cellAt = (c: SizeClass, conversion: Conversion) => flat.find((f) => f.sizeClass === c && f.conversion === conversion);
    /** One row of µs per KB (and its largest ÷ smallest); undefined when no size has a figure. */
    const perKbRow = (conversion: Conversion, label: string, micros: (cell: Cell) => number): number | undefined => {
      const perKb = sizes.map((c) => {
        const cell = cellAt(c, conversion);
        return cell ? micros(cell) / (cell.wbxmlBytes / 1024) : Number.NaN;
      });
      if (perKb.every((x) => Number.isNaN(x))) return undefined;
      const finite = perKb.filter(Number.isFinite);
      const worst = Math.max(...finite) / Math.min(...finite);
      console.log(`| ${CONVERSION_LABEL[conversion]}, ${label} | ${perKb.map((x) => sig(x)).join(' | ')} | ${fmt(worst, 2)}× |`);
      return worst;
    };
    for (const conversion of CONVS) {
      const worst = perKbRow(conversion, 'ours', (cell) => 1e6 / summarise(cell).oursRate);
      console.log(
        `| ${CONVERSION_LABEL[conversion]}, ours: GC % (scavenge + mark-compact) | ${sizes
          .map((c) => {
            const cell = cellAt(c, conversion);
            return cell ? gcCell(summarise(cell).shares) : '—';
          })
          .join(' | ')} | |`,
      );
      perKbRow(conversion, 'ours excluding GC pauses (main thread)', (cell) => summarise(cell).shares.codecMicros);
      perKbRow(conversion, 'libwbxml', (cell) => 1e6 / summarise(cell).theirRate);
      if (worst !== undefined && sizes.length > 1)
        verdicts.push(
          `${worst <= 1.5 ? 'PASS' : 'MISS'} flat time per KB, ${CONVERSION_LABEL[conversion]}: ${fmt(worst, 2)}× from ${size(flat[0]!.wbxmlBytes)} to ${size(flat.find((f) => f.sizeClass === sizes[sizes.length - 1])!.wbxmlBytes)} (target ≤ 1.5×)`,
        );
    }
    console.log(
      "\nGC %: the main thread's pauses in the garbage collector, summed over the timed loops (Node's 'gc' performance entries), as a share of their wall time: all, then scavenges (young generation) + mark-compacts (full collections, with their incremental marking steps). 'Excluding GC pauses': the main thread's time outside those pauses (the loops' wall time less the pauses, or the main thread's CPU time where that is less: a loaded machine), the codec's own work; the collector's helper threads are left out too (the per-size tables give their share, and the kernel's).",
    );
    if (harness)
      console.log(
        "\nlibwbxml appends every child to its parent by walking the parent's list of children, so its time grows with the square of the number of siblings (here: contacts): its figures for the 1 MB and 10 MB lists, and our ratios against them, say more about libwbxml than about us.",
      );
  }

  // Memory.
  const memoryClasses = (['70kb', '1mb', '10mb'] as const).filter((c) => inputsByKey.has(`1.2/${c}`));
  let treeHeap: number | undefined;
  if (!flag('--no-memory') && memoryClasses.length > 0) {
    console.log('');
    console.log('#### Memory per input byte (CSP 1.2; input = the XML text for XML → …, else the WBXML)');
    console.log('');
    console.log(
      '| message | conversion | ours: heap allocated | ours: heap retained by the product | libwbxml: peak RSS growth | libwbxml: malloc retained by the product |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const c of memoryClasses) {
      const input = inputsByKey.get(`1.2/${c}`)![0]!;
      let first = true;
      for (const conversion of CONVS) {
        const ours = ourMemory(conversion, input, '1.2');
        const file = readsXml(conversion) ? input.xmlFile : input.wbxmlFile;
        const theirs = withLibwbxml(c) ? harness?.memory(conversion, readsXml(conversion) ? '-' : 'CSP12', file) : undefined;
        const perByte = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${sig(x)} B`);
        const theirIn = theirs?.bytesIn ?? Number.NaN;
        console.log(
          `| ${first ? `${CLASS_LABEL[c]} (${size(input.wbxmlBytes)})` : ''} | ${CONVERSION_LABEL[conversion]} | ${perByte(ours?.allocatedPerByte)} | ${perByte(ours?.retainedPerByte)} | ${perByte(theirs ? theirs.peakRssBytes / theirIn : undefined)} | ${perByte(theirs ? theirs.retainedBytes / theirIn : undefined)} |`,
        );
        first = false;
        if (conversion === 'w2t' && ours && (treeHeap === undefined || c === '1mb')) treeHeap = ours.retainedPerByte;
      }
    }
    console.log(
      "\n'allocated' counts every heap byte a conversion allocates, garbage included (measured with a young generation large enough that no collection runs; — when one had to); 'retained' what its product (the tree, the bytes) holds after a full collection. libwbxml's peak RSS growth is page-granular.",
    );
  }

  // Verdicts.
  for (const cell of cells) {
    const s = summarise(cell);
    if (cell.sizeClass === 'list-1kb') continue;
    if (s.ratio)
      verdicts.push(
        `${s.ratio.median >= 3 ? 'PASS' : 'MISS'} ${CONVERSION_LABEL[cell.conversion]}, ${CLASS_LABEL[cell.sizeClass]}, CSP ${cell.version}: ${fmt(s.ratio.median, 2)}× libwbxml (target ≥ 3×)`,
      );
    if (cell.sizeClass === '70kb' && cell.version === '1.2' && (cell.conversion === 'w2t' || cell.conversion === 't2w')) {
      const mbs = (s.oursRate * cell.bytesPerMessage) / 1e6;
      verdicts.push(
        `${mbs >= 100 ? 'PASS' : 'MISS'} ${CONVERSION_LABEL[cell.conversion]} on the 70 KB list: ${sig(mbs)} MB/s (target ≥ 100)`,
      );
    }
  }
  if (treeHeap !== undefined)
    verdicts.push(`${treeHeap <= 40 ? 'PASS' : 'MISS'} tree heap: ${sig(treeHeap)} bytes per WBXML byte (target ≤ 40)`);
  console.log('');
  const misses = verdicts.filter((v) => v.startsWith('MISS'));
  console.log(`targets: ${verdicts.length - misses.length} of ${verdicts.length} met`);
  for (const v of misses) console.log(v);
  console.log(
    `\n${fmt((performance.now() - t0) / 1000)} s; load average at the end ${loadAfter} (2 cores: above ~1 the figures are noisy; the ratios, taken per interleaved repetition, less so)`,
  );
  harness?.close();
}

await main();
