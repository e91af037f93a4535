/**
 * Where our conversions spend their time: `npm run bench:profile [-- --classes login,1kb,70kb,1mb
 * --conversions w2x,x2w,... --seconds 3 --keep DIR]`. For each conversion and message size it runs
 * a fresh `node --cpu-prof` (on the built dist/) that converts the message again and again for a few
 * seconds, then reads the .cpuprofile and prints, as markdown, the share of self time per part
 * (engine file, XML parser, TextDecoder/TextEncoder, garbage collector, …) and the heaviest
 * functions with their place in the TypeScript sources. `--reader saxes`: XML text input read as
 * before (saxes), for the "before" profile.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry } from '../generated/index.js';
import { encodeXml } from '../generator/xml.js';
import { CLASS_LABEL, messages, SIZE_CLASSES, type SizeClass } from './corpus.js';
import type { Conversion } from './libwbxml.js';
import { fmt } from './measure.js';
import { BIG_MESSAGE_LIMITS, CONVERSION_LABEL, CONVERSIONS, convert, type Prepared, prepare, readsXml } from './ours.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

// ---- the child: convert one message for a while ----------------------------------------------------

if (argv[0] === '--child') {
  const [, conversion, version, xmlFile, wbxmlFile, seconds, big] = argv as [string, Conversion, string, string, string, string, string?];
  const limits = big === 'big' ? BIG_MESSAGE_LIMITS : undefined;
  const p = prepare(conversion, version, new Uint8Array(readFileSync(readsXml(conversion) ? xmlFile : wbxmlFile)), limits);
  console.log(profiledLoop(conversion, p, Number(seconds)));
  process.exit(0);
}

/**
 * The measured loop, by a name the summary looks for: only the samples between its first and its
 * last are counted (not the start of Node, the loading of modules, the preparation of the inputs).
 */
function profiledLoop(conversion: Conversion, p: Prepared, seconds: number): number {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    convert(conversion, p);
    n++;
  }
  return n;
}

// ---- reading a profile ---------------------------------------------------------------------------------

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** The part of the program a function belongs to. */
function partOf(f: CallFrame): string {
  const u = f.url;
  if (f.functionName === '(garbage collector)') return 'garbage collector';
  if (f.functionName === '(program)' || f.functionName === '(idle)' || f.functionName === '(root)') return 'V8 (program)';
  if (u.includes('node_modules/saxes')) return 'saxes (XML parser)';
  if (u.includes('node_modules/')) return `npm: ${u.split('node_modules/')[1]!.split('/')[0]}`;
  if (
    u.startsWith('node:internal/encoding') ||
    (u === '' && /^(decode|encode|encodeInto|encodeUtf8String|decodeUTF8)$/.test(f.functionName))
  )
    return 'TextDecoder/TextEncoder';
  if (u.includes('/runtime/')) return `runtime/${basename(u).replace(/\.js$/, '.ts')}`;
  if (u.includes('/generator/xml.js')) return 'generator/xml.ts';
  if (u.includes('/bench/')) return 'bench loop';
  if (u.startsWith('node:')) return 'node internals';
  if (u === '') return `V8 builtin (${f.functionName || 'anonymous'})`;
  return basename(u);
}

const sourceCache = new Map<string, string[] | undefined>();

/** The TypeScript line of a function of the built JavaScript: the source file's first line that defines that name. */
function sourceLine(f: CallFrame): string {
  const u = f.url;
  const m = /\/dist\/(generated\/runtime|generator\/runtime|generator|bench)\/([^/]+)\.js$/.exec(u);
  if (!m) return u ? `${basename(u)}:${f.lineNumber + 1}` : '';
  const dir = m[1] === 'generated/runtime' ? 'generator/runtime' : m[1]!;
  const file = join(root, dir, `${m[2]}.ts`);
  let lines = sourceCache.get(file);
  if (!sourceCache.has(file)) {
    lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : undefined;
    sourceCache.set(file, lines);
  }
  const name = f.functionName.replace(/^.*\./, '');
  const rel = `${dir}/${m[2]}.ts`;
  if (!lines || !name) return `${rel}`;
  const def = new RegExp(
    `(function\\s+${name}\\b|\\b${name}\\s*(<[^>]*>)?\\s*\\(.*\\)\\s*(:[^=]*)?\\{\\s*$|\\b${name}\\s*=|(get|set|static)\\s+${name}\\b|class\\s+${name}\\b)`,
  );
  const at = lines.findIndex((l) => def.test(l));
  return at >= 0 ? `${rel}:${at + 1}` : rel;
}

interface Summary {
  readonly ms: number;
  readonly parts: [string, number][];
  readonly functions: [string, number][];
}

function summarise(profile: Profile): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inLoop = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      if (byId.get(at)!.callFrame.functionName === 'profiledLoop') return true;
    return false;
  };
  // The window of the measured loop: from its first sample to its last (the garbage collector's
  // samples in between count: they are the loop's too).
  let first = -1;
  let last = -1;
  for (let i = 0; i < profile.samples.length; i++)
    if (inLoop(profile.samples[i]!)) {
      if (first < 0) first = i;
      last = i;
    }
  const self = new Map<number, number>();
  for (let i = Math.max(0, first); i <= last; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
  }
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') continue;
    total += us;
    const part = partOf(f);
    parts.set(part, (parts.get(part) ?? 0) + us);
    const where = sourceLine(f);
    const key = `${f.functionName || '(anonymous)'}${where ? ` — ${where}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const share = (m: Map<string, number>): [string, number][] =>
    [...m].map(([k, v]): [string, number] => [k, v / total]).sort((a, b) => b[1] - a[1]);
  return { ms: total / 1000, parts: share(parts), functions: share(functions) };
}

// ---- the driver ------------------------------------------------------------------------------------------

const classes = (option('--classes')?.split(',') ?? ['login', '1kb', '70kb', '1mb']).filter((c): c is SizeClass =>
  (SIZE_CLASSES as readonly string[]).includes(c),
);
const conversions = (option('--conversions')?.split(',') ?? CONVERSIONS).filter((c): c is Conversion =>
  (CONVERSIONS as readonly string[]).includes(c),
);
const seconds = option('--seconds') ?? '3';
const version = option('--version') ?? '1.2';
const keep = option('--keep');
const work = mkdtempSync(join(tmpdir(), 'imps-tokengen-profile-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

console.log(
  `CPU profiles (node --cpu-prof, 100 µs sampling), CSP ${version}, ${seconds} s per conversion and size, Node ${process.version}`,
);
for (const c of classes) {
  const m = messages(c, version)[0]!;
  const xmlFile = join(work, `${c}.xml`);
  const wbxmlFile = join(work, `${c}.wbxml`);
  writeFileSync(xmlFile, m.xml);
  // Our WBXML, with the public id in libwbxml's form (the benchmark decodes libwbxml's WBXML).
  const limits = c === '10mb' ? BIG_MESSAGE_LIMITS : undefined;
  const wbxml = encodeXml(m.xml, registry, { publicId: 'text', ...limits }).bytes;
  writeFileSync(wbxmlFile, wbxml);
  for (const conversion of conversions) {
    const dir = join(keep ?? work, `${conversion}-${c}`);
    const r = spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-interval',
        '100',
        '--cpu-prof-dir',
        dir,
        fileURLToPath(import.meta.url),
        '--child',
        conversion,
        version,
        xmlFile,
        wbxmlFile,
        seconds,
        limits ? 'big' : '-',
        ...(option('--reader') ? ['--reader', option('--reader')!] : []),
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
    const s = summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
    const n = Number(r.stdout.trim());
    console.log('');
    console.log(
      `##### ${CONVERSION_LABEL[conversion]}, ${CLASS_LABEL[c]} (${fmt(wbxml.length)} B WBXML, ${fmt(m.xml.length)} B XML): ${fmt((Number(seconds) * 1e6) / n, 1)} µs per message`,
    );
    console.log('');
    const minor = s.parts.filter(([, v]) => v < 0.01).reduce((a, [, v]) => a + v, 0);
    console.log(
      `parts: ${s.parts
        .filter(([, v]) => v >= 0.01)
        .map(([k, v]) => `${k} ${fmt(v * 100)} %`)
        .join(', ')}${minor > 0 ? `, other ${fmt(minor * 100)} %` : ''}`,
    );
    console.log('');
    console.log('| self time | function |');
    console.log('| ---: | --- |');
    for (const [k, v] of s.functions.slice(0, 12)) console.log(`| ${fmt(v * 100, 1)} % | ${k} |`);
  }
}
