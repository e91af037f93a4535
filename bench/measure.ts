/** Timing and statistics for the codec benchmark. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

/** Seconds the main thread stood still in the garbage collector, by kind of collection. */
export interface GcPauses {
  /** Young generation (scavenges). */
  readonly scavenge: number;
  /** Full collections (mark-compact), and the incremental marking and weak callbacks around them. */
  readonly markCompact: number;
}

export interface Sample {
  readonly messages: number;
  /** Seconds of CPU time of the process (user + system; for Node, its GC and compiler threads too). */
  readonly cpu: number;
  /** Seconds of those spent in the kernel (page faults of fresh memory, mostly). */
  readonly system: number;
  /** Seconds of CPU time of the main thread alone (NaN where /proc/self/schedstat is missing). */
  readonly mainCpu: number;
  /** Seconds of wall time. */
  readonly wall: number;
  /** The garbage collector's pauses of the main thread during the timed loop. */
  readonly gc: GcPauses;
}

/** CPU time of the main thread, in seconds: Linux's per-task scheduler statistics (nanoseconds). */
function mainThreadCpu(): number {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'latin1').split(' ')[0]) / 1e9;
  } catch {
    return Number.NaN;
  }
}

/**
 * Node reports each collection as a 'gc' performance entry, delivered by the event loop after the
 * synchronous loop that caused it (two turns of setImmediate: the native queue, then the
 * observer's); a few turns more to be safe.
 */
async function gcEntriesDelivered(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
}

function pausesOf(entries: readonly PerformanceEntry[], from: number, to: number): GcPauses {
  let scavenge = 0;
  let markCompact = 0;
  for (const e of entries) {
    if (e.startTime < from || e.startTime >= to) continue;
    const kind = (e as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenge += e.duration;
    else markCompact += e.duration;
  }
  return { scavenge: scavenge / 1000, markCompact: markCompact / 1000 };
}

/**
 * Runs `pass` (one conversion of every message of a class, `perPass` messages) until at least
 * `minCpu` seconds of CPU time have passed. The clock is read after each batch of passes (about a
 * millisecond of work), not after each message, so that reading it costs nothing measurable.
 *
 * The garbage collector's pauses are observed only around the timed loop: Node's hooks add a
 * callback per collection while an observer is on (nothing per allocation) and build the entries
 * after the loop, outside the timing.
 */
export async function timeOurs(pass: () => void, perPass: number, minCpu: number, batch: number): Promise<Sample> {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    entries.push(...list.getEntries());
  });
  observer.observe({ entryTypes: ['gc'] });
  const m0 = mainThreadCpu();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  let messages = 0;
  let usage: NodeJS.CpuUsage;
  do {
    for (let i = 0; i < batch; i++) pass();
    messages += batch * perPass;
    usage = process.cpuUsage(c0);
  } while ((usage.user + usage.system) / 1e6 < minCpu);
  const w1 = performance.now();
  const m1 = mainThreadCpu();
  await gcEntriesDelivered();
  observer.disconnect();
  return {
    messages,
    cpu: (usage.user + usage.system) / 1e6,
    system: usage.system / 1e6,
    mainCpu: m1 - m0,
    wall: (w1 - w0) / 1000,
    gc: pausesOf(entries, w0, w1),
  };
}

let gcFunction: (() => void) | undefined;

/**
 * A full garbage collection, between the phases of a run (so that one measurement does not pay
 * for the garbage of the one before it), then a pause for the work it leaves to V8's other threads
 * (sweeping, and giving the freed pages back to the system: after a 10 MB message's tree, a 1 KB
 * loop timed at once had 65 % of its CPU time on other threads and 48 % in the kernel). Works where
 * node runs without --expose-gc too.
 */
export async function collectGarbage(): Promise<void> {
  fullCollection();
  await new Promise((resolve) => setTimeout(resolve, 250));
}

function fullCollection(): void {
  if (!gcFunction) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gcFunction = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFunction = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFunction();
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/** Warms the JIT up for about `seconds` of CPU; returns how many passes make about a millisecond. */
export function warmUp(pass: () => void, seconds: number): number {
  const c0 = process.cpuUsage();
  let passes = 0;
  do {
    pass();
    passes++;
  } while (cpuSeconds(c0) < seconds);
  const perPass = cpuSeconds(c0) / passes;
  return Math.max(1, Math.round(0.001 / perPass));
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly q1: number;
  readonly q3: number;
}

export function spread(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), min: s[0]!, max: s[s.length - 1]!, q1: quantile(s, 0.25), q3: quantile(s, 0.75) };
}

/** The machine, as exactly as Linux tells it (a VM may hide the marketing name; family/model/stepping identify the core). */
export function machine(): string {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (k: string) => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
    cpu = `${field('model name') ?? cpu} (family ${field('cpu family')}, model ${field('model')}, stepping ${field('stepping')}, ${Math.round(Number(field('cpu MHz')))} MHz${/\bhypervisor\b/.test(field('flags') ?? '') ? ', virtualised' : ''})`;
  } catch {
    // not Linux: the model string is all we have
  }
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

export function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';

/** Two significant figures at least, commas for thousands: 12,345 / 123 / 4.5 / 0.52. */
export function sig(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  return fmt(n, a >= 100 ? 0 : a >= 10 ? 1 : 2);
}
