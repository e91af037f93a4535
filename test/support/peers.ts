/**
 * The peers the codec is checked against: libwbxml's command-line tools (`wbxml2xml`,
 * `xml2wbxml`) and tshark's WBXML dissector. In CI (CI=true) a missing peer is a failure, not a
 * skip; `.ci/run` installs them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export interface ToolResult {
  readonly status: number;
  readonly output: string;
  readonly stderr: string;
}

/** `wbxml2xml -l CSP11|CSP12`: libwbxml's decoder, forced to a language. */
export function wbxml2xml(bytes: Uint8Array, language: 'CSP11' | 'CSP12'): ToolResult {
  return withTemp((dir) => {
    writeFileSync(join(dir, 'in.wbxml'), bytes);
    const r = spawnSync('wbxml2xml', ['-m', '0', '-l', language, '-o', join(dir, 'out.xml'), join(dir, 'in.wbxml')], { encoding: 'utf8' });
    let output = '';
    try {
      output = readFileSync(join(dir, 'out.xml'), 'utf8');
    } catch {
      // no output on failure
    }
    return { status: r.status ?? -1, output, stderr: r.stdout + r.stderr };
  });
}

/** `xml2wbxml`: libwbxml's encoder (it needs a DOCTYPE to know the language). */
export function xml2wbxml(xml: string): { status: number; bytes: Uint8Array; stderr: string } {
  return withTemp((dir) => {
    writeFileSync(join(dir, 'in.xml'), xml);
    const r = spawnSync('xml2wbxml', ['-o', join(dir, 'out.wbxml'), join(dir, 'in.xml')], { encoding: 'utf8' });
    let bytes = new Uint8Array();
    try {
      bytes = new Uint8Array(readFileSync(join(dir, 'out.wbxml')));
    } catch {
      // no output on failure
    }
    return { status: r.status ?? -1, bytes, stderr: r.stdout + r.stderr };
  });
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
  return withTemp((dir) => {
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
    writeFileSync(join(dir, 'req.hex'), hex);
    const t2p = spawnSync('text2pcap', ['-q', '-4', '10.0.0.1,10.0.0.2', '-T', '40000,80', join(dir, 'req.hex'), join(dir, 'req.pcap')], {
      encoding: 'utf8',
    });
    if (t2p.status !== 0) throw new Error(`text2pcap failed: ${t2p.stderr}`);
    const r = spawnSync('tshark', ['-r', join(dir, 'req.pcap'), '-V', '-O', 'wbxml'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
    return parseTsharkOutput(r.stdout);
  });
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
