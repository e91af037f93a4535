/**
 * libwbxml for the benchmark: builds bench/libwbxml-harness.c against libwbxml2-dev and drives it
 * as a long-lived child process (one command, one JSON answer), so that its measurements can be
 * interleaved with ours. Its inputs live in its own memory; a measurement is a loop inside it.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The six conversions, as the harness names them. */
export type Conversion = 'w2x' | 'x2w' | 'w2t' | 't2w' | 't2x' | 'x2t';
/** CSP11/CSP12 forces the language when reading WBXML; '-' lets the XML text's DOCTYPE choose. */
export type Lang = 'CSP11' | 'CSP12' | '-';

export interface HarnessRun {
  readonly messages: number;
  readonly failed: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Seconds. */
  readonly wall: number;
  /** Seconds of process CPU time. */
  readonly cpu: number;
}

export interface HarnessMemory {
  /** Growth of the peak RSS during one conversion. */
  readonly peakRssBytes: number;
  /** Bytes malloc still holds after the conversion, its product (tree or output) included. */
  readonly retainedBytes: number;
  readonly bytesIn: number;
}

/** Compiles the harness into `dir`; undefined (with the reason on stderr) when libwbxml2-dev is missing. */
export function buildHarness(dir: string): string | undefined {
  const bin = join(dir, 'libwbxml-harness');
  const pc = spawnSync('pkg-config', ['--cflags', '--libs', 'libwbxml2'], { encoding: 'utf8' });
  let flags = pc.status === 0 ? pc.stdout.trim().split(/\s+/) : [];
  if (flags.length === 0) {
    const inc = ['/usr/include/libwbxml-1.0', '/usr/include/libwbxml-1.1'].find((d) => existsSync(join(d, 'wbxml/wbxml.h')));
    if (!inc) return undefined;
    flags = [`-I${inc}`, '-lwbxml2'];
  }
  const r = spawnSync('gcc', ['-O2', '-o', bin, join(root, 'bench/libwbxml-harness.c'), ...flags], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`could not build the libwbxml harness (is libwbxml2-dev installed?):\n${r.stderr}`);
    return undefined;
  }
  return bin;
}

/** The installed libwbxml version (from pkg-config, else dpkg), for the report. */
export function libwbxmlVersion(): string {
  const pc = spawnSync('pkg-config', ['--modversion', 'libwbxml2'], { encoding: 'utf8' });
  const dpkg = spawnSync('dpkg-query', ['-W', 'libwbxml2-1'], { encoding: 'utf8' }); // "libwbxml2-1:amd64\t0.11.8+dfsg-3"
  const v = pc.status === 0 ? pc.stdout.trim() : 'unknown';
  const debian = dpkg.status === 0 ? dpkg.stdout.trim().split('\t')[1] : undefined;
  return debian ? `${v} (Debian ${debian})` : v;
}

export class Harness {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];

  constructor(private readonly bin: string) {
    this.child = spawn(bin, ['serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.resume();
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  private async ask<T>(command: string): Promise<T> {
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${command}\n`);
    });
    const answer = JSON.parse(line) as T & { error?: string };
    if (answer.error !== undefined) throw new Error(`libwbxml harness: ${command.slice(0, 60)}: ${answer.error}`);
    return answer;
  }

  /** Loads a file into the harness; returns its id. */
  async load(path: string): Promise<number> {
    return (await this.ask<{ id: number }>(`load ${path}`)).id;
  }

  /** Builds (once) the tree of WBXML input `id`, the input of t2w and t2x. */
  async tree(id: number, lang: Lang): Promise<void> {
    await this.ask(`tree ${id} ${lang}`);
  }

  /** Converts the inputs in turn until `minMs` of CPU time have passed. */
  run(conversion: Conversion, lang: Lang, minMs: number, ids: readonly number[]): Promise<HarnessRun> {
    return this.ask<HarnessRun>(`run ${conversion} ${lang} ${minMs} ${ids.join(' ')}`);
  }

  /** One conversion of input `id`, written to `out`. */
  async save(conversion: Conversion, lang: Lang, id: number, out: string): Promise<void> {
    await this.ask(`save ${conversion} ${lang} ${id} ${out}`);
  }

  close(): void {
    this.child.stdin.end('quit\n');
  }

  /** Memory of one conversion of one file, in a fresh process. */
  memory(conversion: Conversion, lang: Lang, file: string): HarnessMemory | undefined {
    const r = spawnSync(this.bin, ['mem', conversion, lang, file], { encoding: 'utf8' });
    return r.status === 0 ? (JSON.parse(r.stdout) as HarnessMemory) : undefined;
  }
}
