/**
 * The codec against libwbxml, in one run (`npm run bench`; `--quick` for a short one):
 *
 * - corpus: libwbxml's 116 CSP test messages and interVillage's handset captures, as CSP 1.1 and
 *   as CSP 1.2 (namespaces and DOCTYPE rewritten; libwbxml has no CSP 1.3, so 1.3 is measured for
 *   ours alone), with the DOCTYPE libwbxml needs to pick its language;
 * - XML text → WBXML: ours (`encodeXml`, one pass from the parser's events) vs libwbxml's
 *   `wbxml_conv_xml2wbxml_run`, on the same XML files;
 * - WBXML → XML text: ours (`decodeToXml`, compact) vs libwbxml's `wbxml_conv_wbxml2xml_run`
 *   (compact), both on the WBXML libwbxml itself writes for the corpus;
 * - our tree-level encode and decode;
 * - libwbxml runs in-process in a small C harness (bench/libwbxml-harness.c) compiled here
 *   against libwbxml2-dev, looping over the files held in memory — no process start in the loop;
 * - peak memory, and how time grows with message size (1 KB, 64 KB, 1 MB).
 *
 * Every figure is messages (or KB) per second of wall time, after a warm-up, over at least
 * 2 s (0.5 s with --quick).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, decodeToXml, encode, registry, type CspElement, type CspTables } from '../generated/index.js';
import { encodeXml } from '../generator/xml.js';

const quick = process.argv.includes('--quick');
const MIN_SECONDS = quick ? 0.5 : 2;
const root = fileURLToPath(new URL('../..', import.meta.url));
const vectors = join(root, 'test/fixtures/shared/imps-vectors');
const work = mkdtempSync(join(tmpdir(), 'imps-tokengen-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// ---- corpus ------------------------------------------------------------------------------------

const tablesOf = (v: string): CspTables => registry.find((r) => r.version === v)!;

function corpusXml(version: string): string[] {
  const from = tablesOf('1.1');
  const to = tablesOf(version);
  const wv = join(vectors, 'libwbxml-wv');
  const texts = readdirSync(wv)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => readFileSync(join(wv, f), 'utf8'));
  const rand = readFileSync(join(vectors, 'intervillage/rand.xml'), 'utf8');
  texts.push(...[...rand.matchAll(/<WV-CSP-Message[\s>][\s\S]*?<\/WV-CSP-Message>/g)].map((m) => m[0]));
  return texts.map((t) => {
    const body = t
      .replace(/<\?xml[^>]*\?>\s*/, '')
      .replace(/<!DOCTYPE[^>]*>\s*/, '')
      .replaceAll(from.namespaces.csp, to.namespaces.csp)
      .replaceAll(from.namespaces.trc, to.namespaces.trc)
      .replaceAll(from.namespaces.pa, to.namespaces.pa);
    // libwbxml picks its language from the DOCTYPE and knows the 1.1 id as "-//OMA//DTD WV-CSP 1.1//EN"
    const doctype = version === '1.1' ? '-//OMA//DTD WV-CSP 1.1//EN' : to.publicIdText;
    return `<?xml version="1.0"?>\n<!DOCTYPE WV-CSP-Message PUBLIC "${doctype}" "http://www.openmobilealliance.org/DTD/WV-CSP.DTD">\n${body}`;
  });
}

// ---- measuring ---------------------------------------------------------------------------------

interface Figure {
  readonly messages: number;
  readonly bytes: number;
  readonly seconds: number;
}

function measure(inputs: readonly { size: number }[], f: (i: number) => void): Figure {
  const warm = performance.now();
  while (performance.now() - warm < MIN_SECONDS * 200) for (let i = 0; i < inputs.length; i++) f(i);
  let messages = 0;
  let bytes = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < inputs.length; i++) {
      f(i);
      bytes += inputs[i]!.size;
    }
    messages += inputs.length;
    elapsed = (performance.now() - t0) / 1000;
  } while (elapsed < MIN_SECONDS);
  return { messages, bytes, seconds: elapsed };
}

const perSecond = (f: Figure) => f.messages / f.seconds;
const mbPerSecond = (f: Figure) => f.bytes / f.seconds / 1e6;

// ---- libwbxml ----------------------------------------------------------------------------------

function buildHarness(): string | undefined {
  const bin = join(work, 'libwbxml-harness');
  const pc = spawnSync('pkg-config', ['--cflags', '--libs', 'libwbxml2'], { encoding: 'utf8' });
  let flags = pc.status === 0 ? pc.stdout.trim().split(/\s+/) : [];
  if (flags.length === 0) {
    const inc = ['/usr/include/libwbxml-1.1', '/usr/include/libwbxml-1.0'].find(
      (d) => existsSync(join(d, 'wbxml/wbxml.h')) || existsSync(join(d, 'wbxml.h')),
    );
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

interface HarnessResult {
  readonly messages: number;
  readonly failed: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly seconds: number;
  readonly maxRssKb: number;
}

function runHarness(bin: string, args: string[], files: string[]): HarnessResult {
  const run = (iterations: number): HarnessResult => {
    const r = spawnSync(bin, [...args.slice(0, 2), String(iterations), ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`libwbxml harness failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as HarnessResult;
  };
  const probe = run(20);
  const iterations = Math.max(20, Math.ceil((20 * MIN_SECONDS) / Math.max(probe.seconds, 1e-4)));
  return run(iterations);
}

// ---- the run -----------------------------------------------------------------------------------

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `codec benchmark — ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}${quick ? ', --quick' : ''}`,
);
const harness = buildHarness();
if (!harness) console.log('libwbxml harness not available: ours only');

interface Row {
  readonly what: string;
  readonly version: string;
  readonly ours: Figure;
  readonly theirs?: HarnessResult;
}
const rows: Row[] = [];

for (const version of ['1.1', '1.2', '1.3']) {
  const xmls = corpusXml(version);
  const xmlFiles = xmls.map((x, i) => {
    const f = join(work, `${version}-${String(i).padStart(3, '0')}.xml`);
    writeFileSync(f, x);
    return f;
  });
  const lang = version === '1.1' ? 'CSP11' : version === '1.2' ? 'CSP12' : undefined;
  // The WBXML both decoders read: libwbxml's own output where it has the version, ours for 1.3.
  let wbxmls: Uint8Array[];
  if (harness && lang) {
    wbxmls = [];
    for (const f of xmlFiles) {
      const r = spawnSync('xml2wbxml', ['-o', `${f}.wbxml`, f], { encoding: 'utf8' });
      if (r.status === 0) wbxmls.push(new Uint8Array(readFileSync(`${f}.wbxml`)));
    }
  } else {
    wbxmls = xmls.map((x) => encodeXml(x, registry).bytes);
  }
  const wbxmlFiles = wbxmls.map((b, i) => {
    const f = join(work, `${version}-${String(i).padStart(3, '0')}.in.wbxml`);
    writeFileSync(f, b);
    return f;
  });
  const xmlInputs = xmls.map((x) => ({ text: x, size: Buffer.byteLength(x) }));
  const wbxmlInputs = wbxmls.map((b) => ({ bytes: b, size: b.length }));

  const x2w = measure(xmlInputs, (i) => encodeXml(xmlInputs[i]!.text, registry));
  const w2x = measure(wbxmlInputs, (i) => decodeToXml(wbxmlInputs[i]!.bytes, registry));
  const trees = xmls.map((x) => decode(encodeXml(x, registry).bytes));
  const ownBytes = trees.map((t) => encode(t.doc, { version: t.version }));
  const treeInputs = ownBytes.map((b) => ({ size: b.length }));
  const treeEncode = measure(treeInputs, (i) => encode(trees[i]!.doc, { version: version }));
  const treeDecode = measure(treeInputs, (i) => decode(ownBytes[i]!));

  rows.push({
    what: 'XML text → WBXML',
    version,
    ours: x2w,
    ...(harness && lang ? { theirs: runHarness(harness, ['x2w', '-'], xmlFiles) } : {}),
  });
  rows.push({
    what: 'WBXML → XML text',
    version,
    ours: w2x,
    ...(harness && lang ? { theirs: runHarness(harness, ['w2x', lang], wbxmlFiles) } : {}),
  });
  rows.push({ what: 'tree → WBXML (encode)', version, ours: treeEncode });
  rows.push({ what: 'WBXML → tree (decode)', version, ours: treeDecode });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log('');
console.log('| conversion | CSP | ours msg/s | ours MB/s | libwbxml msg/s | libwbxml MB/s | ours / libwbxml |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
const verdicts: string[] = [];
for (const r of rows) {
  const ours = perSecond(r.ours);
  const t = r.theirs;
  const theirs = t ? t.messages / t.seconds : undefined;
  const ratio = theirs ? ours / theirs : undefined;
  console.log(
    `| ${r.what} | ${r.version} | ${fmt(ours)} | ${fmt(mbPerSecond(r.ours), 1)} | ${theirs ? fmt(theirs) : '—'} | ${t ? fmt(t.bytesIn / t.seconds / 1e6, 1) : '—'} | ${ratio ? `${fmt(ratio, 2)}×` : '—'} |`,
  );
  if (ratio !== undefined)
    verdicts.push(
      `${ratio >= 2 ? 'PASS' : 'MISS'} ${r.what} CSP ${r.version}: ${fmt(ratio, 2)}× libwbxml (target 2×)${t?.failed ? `; libwbxml refused ${t.failed} of ${t.failed + t.messages} conversions` : ''}`,
    );
}
console.log('');
for (const v of verdicts) console.log(v);

// ---- memory ------------------------------------------------------------------------------------

const theirRss = rows.map((r) => r.theirs?.maxRssKb ?? 0).reduce((a, b) => Math.max(a, b), 0);
console.log('');
console.log(
  `peak memory: ours ${fmt(process.resourceUsage().maxRSS / 1024, 1)} MiB RSS for this whole process (Node itself ~40 MiB), heap now ${fmt(process.memoryUsage().heapUsed / 2 ** 20, 1)} MiB; libwbxml harness ${fmt(theirRss / 1024, 1)} MiB RSS`,
);

// ---- linearity ---------------------------------------------------------------------------------

/** A CSP 1.2 GetList-Response-like message of about `kb` KB: a contact list of many users. */
function bigMessage(kb: number): CspElement {
  const users: CspElement[] = [];
  const message: CspElement = {
    name: 'WV-CSP-Message',
    attributes: { xmlns: tablesOf('1.2').namespaces.csp },
    children: [
      {
        name: 'Session',
        attributes: {},
        children: [
          {
            name: 'Transaction',
            attributes: {},
            children: [
              {
                name: 'TransactionContent',
                attributes: { xmlns: tablesOf('1.2').namespaces.trc },
                children: [{ name: 'GetList-Response', attributes: {}, children: users }],
              },
            ],
          },
        ],
      },
    ],
  };
  let i = 0;
  while (encode(message, { version: '1.2' }).length < kb * 1024) {
    for (let k = 0; k < 16; k++, i++) {
      users.push({
        name: 'User',
        attributes: {},
        children: [
          { name: 'UserID', attributes: {}, children: [`wv:user${i}@example.com`] },
          { name: 'Code', attributes: {}, children: [String(200 + (i % 300))] },
          { name: 'DateTime', attributes: {}, children: ['20011019T095031Z'] },
          { name: 'Online', attributes: {}, children: [i % 2 ? 'T' : 'F'] },
        ],
      });
    }
  }
  return message;
}

console.log('');
console.log('| message size | encode µs/KB | decode µs/KB | XML → WBXML µs/KB | WBXML → XML µs/KB |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const kb of [1, 64, 1024]) {
  const doc = bigMessage(kb);
  const bytes = encode(doc, { version: '1.2' });
  const xml = decodeToXml(bytes, registry).xml;
  const size = [{ size: bytes.length }];
  const perKb = (f: Figure) => ((f.seconds * 1e6) / f.messages / (bytes.length / 1024)).toFixed(2);
  const e = measure(size, () => encode(doc, { version: '1.2' }));
  const d = measure(size, () => decode(bytes));
  const x = measure(size, () => encodeXml(xml, registry));
  const w = measure(size, () => decodeToXml(bytes, registry));
  console.log(`| ${fmt(bytes.length / 1024, 0)} KB | ${perKb(e)} | ${perKb(d)} | ${perKb(x)} | ${perKb(w)} |`);
}
