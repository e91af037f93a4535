/**
 * The peers the codec is checked against: libwbxml's command-line tools (`wbxml2xml`,
 * `xml2wbxml`) and tshark's WBXML dissector. In CI (CI=true) a missing peer is a failure, not a
 * skip; `.ci/run` installs them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.js';

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Whether peer tests must run: always in CI, elsewhere when the tool is installed. */
export function peerRequired(name: string): boolean {
  return process.env.CI === 'true' || hasCommand(name);
}

function withTemp<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'imps-tokengen-peer-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CACHE = join(ROOT, '.tmp', 'peers');
const versions = new Map<string, string>();

/**
 * The peer's version banner (`wbxml2xml` without arguments prints libwbxml's version; `tshark
 * --version` its own), part of every cache key: another build of a peer is asked again.
 */
function peerVersion(tool: string): string {
  let v = versions.get(tool);
  if (v === undefined) {
    const r = spawnSync(tool, tool === 'tshark' ? ['--version'] : [], { encoding: 'utf8' });
    if (r.error) throw r.error;
    v = `${r.stdout}${r.stderr}`.split('\n').find((l) => /libwbxml|TShark/.test(l)) ?? '';
    if (v === '') throw new Error(`${tool}: no version in its banner:\n${r.stdout}${r.stderr}`);
    versions.set(tool, v);
  }
  return v;
}

/**
 * What a peer answered for exactly these inputs, from `.tmp/peers/` when it was asked before:
 * peers are deterministic, so the answer for the same bytes and the same peer version is the
 * same, and our side (the encoder that made the bytes, the decoder that reads the answer) still
 * runs every time. A changed input is a new key, so a broken encoder is never compared with an
 * old answer. Answers not used for a day are removed.
 */
function cached<T>(tool: string, parts: readonly (string | Uint8Array)[], ask: () => T): T {
  const h = createHash('sha256').update(`${tool}\0${peerVersion(tool)}\0`);
  for (const p of parts) h.update(`${p.length}\0`).update(p).update('\0');
  const file = join(CACHE, `${tool}-${h.digest('hex').slice(0, 32)}.json`);
  if (existsSync(file)) {
    const now = new Date();
    utimesSync(file, now, now);
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  }
  const answer = ask();
  mkdirSync(CACHE, { recursive: true });
  const staging = `${file}.${process.pid}`;
  writeFileSync(staging, JSON.stringify(answer));
  renameSync(staging, file);
  for (const old of readdirSync(CACHE)) {
    const p = join(CACHE, old);
    if (Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { force: true });
  }
  return answer;
}

export interface ToolResult {
  readonly status: number;
  readonly output: string;
  readonly stderr: string;
}

/**
 * Runs `command… -o <out> <in>` on each input, all in one shell: a process per input spawned by
 * the test worker (a large process, costly to fork) would cost several times more.
 */
function runEach(
  command: readonly string[],
  inputs: readonly (string | Uint8Array)[],
): { status: number; out: Buffer | undefined; log: string }[] {
  return withTemp((dir) => {
    for (const [i, input] of inputs.entries()) writeFileSync(join(dir, `${i}.in`), input);
    const loop = 'i=0; while [ -e "$i.in" ]; do "$@" -o "$i.out" "$i.in" > "$i.log" 2>&1; echo $? > "$i.rc"; i=$((i+1)); done';
    const r = spawnSync('sh', ['-c', loop, 'sh', ...command], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${command[0]} loop failed: ${r.stderr}`);
    return inputs.map((_, i) => {
      const out = join(dir, `${i}.out`);
      return {
        status: Number(readFileSync(join(dir, `${i}.rc`), 'utf8')),
        out: existsSync(out) ? readFileSync(out) : undefined,
        log: readFileSync(join(dir, `${i}.log`), 'utf8'),
      };
    });
  });
}

/** `wbxml2xml -l CSP11|CSP12` on each document: libwbxml's decoder, forced to a language. */
export function wbxml2xml(documents: readonly Uint8Array[], language: 'CSP11' | 'CSP12'): ToolResult[] {
  const command = ['wbxml2xml', '-m', '0', '-l', language];
  return cached('wbxml2xml', [command.join(' '), ...documents], () =>
    runEach(command, documents).map((r) => ({ status: r.status, output: r.out?.toString('utf8') ?? '', stderr: r.log })),
  );
}

/** `xml2wbxml` on each document: libwbxml's encoder (it needs a DOCTYPE to know the language). */
export function xml2wbxml(documents: readonly string[]): { status: number; bytes: Uint8Array; stderr: string }[] {
  const answers = cached('xml2wbxml', documents, () =>
    runEach(['xml2wbxml'], documents).map((r) => ({ status: r.status, hex: r.out?.toString('hex') ?? '', stderr: r.log })),
  );
  return answers.map((a) => ({ status: a.status, bytes: new Uint8Array(Buffer.from(a.hex, 'hex')), stderr: a.stderr }));
}

/** One line of tshark's WBXML "Rendering" column, classified. */
export type TsharkEvent =
  | { readonly kind: 'open'; readonly name: string }
  | { readonly kind: 'close'; readonly name: string }
  | { readonly kind: 'attr'; readonly text: string }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'datetime'; readonly text: string }
  | { readonly kind: 'other'; readonly text: string };

/**
 * Decodes WBXML documents with tshark, all in one capture: each becomes an HTTP POST of
 * `application/vnd.wv.csp.wbxml` (the route on which tshark picks the CSP tables by content
 * type and public id), the capture is made with text2pcap, and tshark's verbose WBXML tree is
 * read back per frame.
 */
export function tsharkDecode(messages: readonly Uint8Array[]): TsharkEvent[][] {
  let hex = '';
  for (const m of messages) {
    const head = Buffer.from(
      `POST /wv HTTP/1.1\r\nHost: peer\r\nContent-Type: application/vnd.wv.csp.wbxml\r\nContent-Length: ${m.length}\r\n\r\n`,
    );
    const packet = Buffer.concat([head, Buffer.from(m)]);
    if (packet.length > 60000) throw new Error('tsharkDecode: message too large for one packet');
    for (let off = 0; off < packet.length; off += 16) {
      hex +=
        off.toString(16).padStart(6, '0') +
        ' ' +
        [...packet.subarray(off, off + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ') +
        '\n';
    }
  }
  // tshark's own text is what is kept, so the parsing below runs every time.
  const text = cached('tshark', [hex], () =>
    withTemp((dir) => {
      writeFileSync(join(dir, 'req.hex'), hex);
      const t2p = spawnSync('text2pcap', ['-q', '-4', '10.0.0.1,10.0.0.2', '-T', '40000,80', join(dir, 'req.hex'), join(dir, 'req.pcap')], {
        encoding: 'utf8',
      });
      if (t2p.status !== 0) throw new Error(`text2pcap failed: ${t2p.stderr}`);
      const r = spawnSync('tshark', ['-r', join(dir, 'req.pcap'), '-V', '-O', 'wbxml'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
      return r.stdout;
    }),
  );
  return parseTsharkOutput(text);
}

function parseTsharkOutput(out: string): TsharkEvent[][] {
  const frames: TsharkEvent[][] = [];
  let current: TsharkEvent[] | undefined;
  for (const line of out.split('\n')) {
    if (/^Frame \d+:/.test(line)) {
      current = [];
      frames.push(current);
      continue;
    }
    if (!current) continue;
    const cells = line.split('|');
    if (cells.length < 5 || /Level\s*$/.test(cells[0]!)) continue;
    const token = cells[3]!.trim();
    const text = cells.slice(4).join('|').trim();
    if (/^SWITCH_PAGE/.test(token) || text === '>') continue;
    let m: RegExpExecArray | null;
    if ((m = /^<\/([^>]+)>$/.exec(text))) current.push({ kind: 'close', name: m[1]! });
    else if ((m = /^<([^\s>/]+)\/?>?$/.exec(text))) {
      current.push({ kind: 'open', name: m[1]! });
      if (text.endsWith('/>')) current.push({ kind: 'close', name: m[1]! });
    } else if (/^\s*Attr/.test(cells[1]!)) current.push({ kind: 'attr', text });
    else if ((m = /^[\w ]*Value: '(.*)'$/.exec(text))) current.push({ kind: 'value', text: m[1]! });
    else if ((m = /^WV-CSP Integer: (-?\d+)$/.exec(text))) current.push({ kind: 'integer', value: Number(m[1]) });
    else if ((m = /^WV-CSP DateTime: (.*)$/.exec(text))) current.push({ kind: 'datetime', text: m[1]! });
    else if ((m = /^'(.*)'$/s.exec(text))) current.push({ kind: 'string', text: m[1]! });
    else current.push({ kind: 'other', text: `${token}: ${text}` });
  }
  return frames;
}
