/** Timing and statistics for the codec benchmark. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Sample {
  readonly messages: number;
  /** Seconds of CPU time of the process (user + system; for Node, its GC and compiler threads too). */
  readonly cpu: number;
  /** Seconds of wall time. */
  readonly wall: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/**
 * Runs `pass` (one conversion of every message of a class, `perPass` messages) until at least
 * `minCpu` seconds of CPU time have passed. The clock is read after each batch of passes (about a
 * millisecond of work), not after each message, so that reading it costs nothing measurable.
 */
export function timeOurs(pass: () => void, perPass: number, minCpu: number, batch: number): Sample {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  let messages = 0;
  let cpu = 0;
  do {
    for (let i = 0; i < batch; i++) pass();
    messages += batch * perPass;
    cpu = cpuSeconds(c0);
  } while (cpu < minCpu);
  return { messages, cpu, wall: (performance.now() - w0) / 1000 };
}

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
