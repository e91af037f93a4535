/**
 * XML text parsers for `fromXml`/`encodeXml`, compared on correctness and speed (the evidence for
 * choosing our own reader; the README's "XML text parsers" table is its output):
 *
 *   npm install --no-save sax@1.6.1 htmlparser2@12.0.0 @rgrove/parse-xml@5.0.0 txml@6.0.3 \
 *     fast-xml-parser@5.12.1 ltx@3.1.2 saxen@11.2.0
 *   npm run build && node dist/bench/xml-parsers.js [--quick]
 *
 * Every parser builds the same tree as `fromXml` (whitespace-only text next to child elements
 * dropped, adjacent text and CDATA merged, comments and PIs dropped), so that what is timed is the
 * same work. Correctness: well-formed documents with every construct CSP may send (the right tree?),
 * ill-formed ones (refused? with a line:column?), and agreement with saxes — a conformant parser —
 * on random and mutated documents (bench/xml-differential.ts). Speed: XML text → tree on the
 * benchmark's messages, MB/s of CPU time, medians of interleaved repetitions. Parsers that are not
 * installed are listed as such.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { CspElement, CspNode } from '../generator/runtime/tree.js';
import { fromXml } from '../generator/runtime/xml-reader.js';
import { messages } from './corpus.js';
import { fmt, load, machine, sig, spread } from './measure.js';
import { saxesFromXml, saxesTunedFromXml } from './saxes-reference.js';
import { differentialCase } from './xml-differential.js';

const quick = process.argv.includes('--quick');
const require = createRequire(import.meta.url);

// ---- one tree for all ----------------------------------------------------------------------------

/** Builds our tree from start/text/end events, with fromXml's whitespace rule. */
class Builder {
  private readonly stack: { name: string; attributes: Record<string, string>; children: CspNode[]; text: string; hasElements: boolean }[] =
    [];
  root: CspElement | undefined;
  private flush(closing: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.text === '') return;
    const t = top.text;
    top.text = '';
    if ((top.hasElements || !closing) && /^[ \t\r\n]*$/.test(t)) return;
    top.children.push(t);
  }
  start(name: string, attributes: Record<string, string>): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      this.flush(false);
      parent.hasElements = true;
    }
    const a = Object.create(null) as Record<string, string>;
    for (const k in attributes) a[k] = attributes[k]!;
    this.stack.push({ name, attributes: a, children: [], text: '', hasElements: false });
  }
  text(t: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.text += t;
  }
  end(): void {
    this.flush(true);
    const e = this.stack.pop()!;
    const el: CspElement = { name: e.name, attributes: e.attributes, children: e.children };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(el);
    else this.root = el;
  }
  result(): CspElement {
    if (!this.root) throw new Error('no root element');
    return this.root;
  }
}

interface Contender {
  readonly name: string;
  readonly version: string;
  /** Parses a string to our tree; throws on a document it refuses. */
  readonly parse: (text: string) => CspElement;
  /** What it says about itself (well-formedness, positions). */
  readonly note: string;
}

function versionOf(pkg: string): string {
  try {
    // Not require('pkg/package.json'): some packages' exports do not list it.
    const main = require.resolve(pkg);
    const dir = main.slice(0, main.lastIndexOf(`node_modules/${pkg}/`) + `node_modules/${pkg}/`.length);
    return (JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

async function optional(pkg: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(pkg)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the contenders' own types are not installed with the project
type Any = any;

async function contenders(): Promise<{ list: Contender[]; missing: string[] }> {
  const list: Contender[] = [];
  const missing: string[] = [];
  list.push({
    name: 'ours (runtime/xml-reader.ts)',
    version: '—',
    parse: (t) => fromXml(t).doc,
    note: 'purpose-built; checks well-formedness, line:column',
  });
  list.push({
    name: 'saxes, as imps-tokengen had it',
    version: versionOf('saxes'),
    parse: (t) => saxesFromXml(t).doc,
    note: 'conformant, line:column',
  });
  list.push({
    name: 'saxes, tuned (reused, no positions)',
    version: versionOf('saxes'),
    parse: (t) => saxesTunedFromXml(t).doc,
    note: 'conformant; line:column by parsing again',
  });

  const sax = (await optional('sax')) as Any;
  if (sax) {
    const s = sax.default ?? sax;
    list.push({
      name: 'sax (strict)',
      version: versionOf('sax'),
      note: 'strict mode checks much; line:column',
      parse: (t) => {
        const b = new Builder();
        const p = s.parser(true, { trim: false, normalize: false, xmlns: false, position: true });
        p.onerror = (e: Error) => {
          throw e;
        };
        p.onopentag = (n: Any) => b.start(n.name, n.attributes);
        p.ontext = (x: string) => b.text(x);
        p.oncdata = (x: string) => b.text(x);
        p.onclosetag = () => b.end();
        p.write(t).close();
        return b.result();
      },
    });
  } else missing.push('sax');

  const hp2 = (await optional('htmlparser2')) as Any;
  if (hp2) {
    list.push({
      name: 'htmlparser2 (xmlMode)',
      version: versionOf('htmlparser2'),
      note: 'forgiving: no well-formedness errors',
      parse: (t) => {
        const b = new Builder();
        const p = new hp2.Parser(
          {
            onopentag: (n: string, a: Record<string, string>) => b.start(n, a),
            ontext: (x: string) => b.text(x),
            onclosetag: () => b.end(),
          },
          { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
        );
        p.end(t);
        return b.result();
      },
    });
  } else missing.push('htmlparser2');

  const rgrove = (await optional('@rgrove/parse-xml')) as Any;
  if (rgrove) {
    list.push({
      name: '@rgrove/parse-xml',
      version: versionOf('@rgrove/parse-xml'),
      note: 'DOM; checks well-formedness, line:column',
      parse: (t) => {
        const d = rgrove.parseXml(t);
        const walk = (e: Any, b: Builder): void => {
          b.start(e.name, e.attributes);
          for (const c of e.children) {
            if (c.type === 'element') walk(c, b);
            else if (c.type === 'text' || c.type === 'cdata') b.text(c.text);
          }
          b.end();
        };
        const b = new Builder();
        walk(d.root, b);
        return b.result();
      },
    });
  } else missing.push('@rgrove/parse-xml');

  const txml = (await optional('txml')) as Any;
  if (txml) {
    list.push({
      name: 'txml',
      version: versionOf('txml'),
      note: 'DOM; forgiving, no errors for most faults',
      parse: (t) => {
        const nodes = txml.parse(t, { keepWhitespace: true, decodeEntities: true });
        const root = nodes.find((n: Any) => typeof n === 'object' && !/^[?!]/.test(n.tagName));
        if (!root) throw new Error('no root element');
        const walk = (e: Any, b: Builder): void => {
          b.start(e.tagName, e.attributes);
          for (const c of e.children) {
            if (typeof c === 'string') b.text(c);
            else if (!/^[?!]/.test(c.tagName)) walk(c, b);
          }
          b.end();
        };
        const b = new Builder();
        walk(root, b);
        return b.result();
      },
    });
  } else missing.push('txml');

  const fxp = (await optional('fast-xml-parser')) as Any;
  if (fxp) {
    const parser = new fxp.XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      allowBooleanAttributes: false,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      processEntities: true,
      htmlEntities: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
    });
    list.push({
      name: 'fast-xml-parser (validate + parse)',
      version: versionOf('fast-xml-parser'),
      note: 'validator is a separate pass; line:column',
      parse: (t) => {
        const v = fxp.XMLValidator.validate(t);
        if (v !== true) throw new Error(`${v.err.line}:${v.err.col}: ${v.err.msg}`);
        const out = parser.parse(t);
        const walk = (node: Any, b: Builder): void => {
          const name = Object.keys(node).find((k) => k !== ':@')!;
          b.start(name, node[':@'] ?? {});
          for (const c of node[name]) {
            if ('#text' in c) b.text(String(c['#text']));
            else walk(c, b);
          }
          b.end();
        };
        const b = new Builder();
        const root = out.find((n: Any) => !('#text' in n));
        if (!root) throw new Error('no root element');
        walk(root, b);
        return b.result();
      },
    });
  } else missing.push('fast-xml-parser');

  const ltx = (await optional('ltx')) as Any;
  if (ltx) {
    list.push({
      name: 'ltx',
      version: versionOf('ltx'),
      note: 'DOM; errors for some faults, no positions',
      parse: (t) => {
        const e = ltx.parse(t);
        const walk = (x: Any, b: Builder): void => {
          b.start(x.name, x.attrs);
          for (const c of x.children) {
            if (typeof c === 'string') b.text(c);
            else walk(c, b);
          }
          b.end();
        };
        const b = new Builder();
        walk(e, b);
        return b.result();
      },
    });
  } else missing.push('ltx');

  const saxen = (await optional('saxen')) as Any;
  if (saxen) {
    list.push({
      name: 'saxen',
      version: versionOf('saxen'),
      note: 'some errors, lazy entity decoding',
      parse: (t) => {
        const b = new Builder();
        const p = new saxen.Parser();
        p.on('openTag', (n: string, attrs: () => Record<string, string>, _d: Any, selfClosing: boolean) => {
          b.start(n, attrs());
          if (selfClosing) b.end();
        });
        p.on('closeTag', (_n: string, _d: Any, selfClosing: boolean) => {
          if (!selfClosing) b.end();
        });
        p.on('text', (x: string, decode: (s: string) => string) => b.text(decode(x)));
        p.on('cdata', (x: string) => b.text(x));
        p.on('error', (e: Error) => {
          throw e;
        });
        p.parse(t);
        return b.result();
      },
    });
  } else missing.push('saxen');
  return { list, missing };
}

// ---- correctness -------------------------------------------------------------------------------------

/** Well-formed documents with what CSP (and XML) may put in them; the right tree is ours (which saxes agrees with). */
const GOOD = [
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE WV-CSP-Message PUBLIC "-//OMA//DTD WV-CSP 1.2//EN" "http://www.openmobilealliance.org/DTD/WV-CSP.DTD">\n<WV-CSP-Message xmlns="http://www.openmobilealliance.org/DTD/WV-CSP1.2"><Session/></WV-CSP-Message>',
  '<a>x &amp; &lt;y&gt; &quot;&apos; &#65;&#x42; &#x1F600;</a>',
  '<a>1\r\n2\r3</a>',
  '<a v="x\r\ny\tz&#10;"/>',
  '\uFEFF<a>é 中文 😀</a>',
  '<a><![CDATA[<b> & ]]]]><![CDATA[>]]></a>',
  '<a>x<!-- c -->y<?pi z?></a>',
  '<a b=\'"\' c="\'"/>',
  '<a>\n  <b> c </b>\n</a>',
  '<a:b xmlns:a="u"><a:c/></a:b>',
];

const BAD = [
  '<a>\n<b></a>',
  '<a',
  '<a b="1" b="2"/>',
  '<a b="<"/>',
  '<a>&foo;</a>',
  '<a>]]></a>',
  '<a>&#0;</a>',
  '<a>\u0001</a>',
  '<a><!-- a -- b --></a>',
  '<a/>x',
  '<a/><b/>',
  '',
  '<a b=1/>',
  '<a b="1"c="2"/>',
  ' <?xml version="1.0"?><a/>',
  '<a>&amp</a>',
  '<a></b>',
  '<a><b></a></b>',
];

interface Correctness {
  good: number;
  bad: number;
  positions: number;
  agreement: number;
  cases: number;
}

const plain = (x: unknown): string => JSON.stringify(JSON.parse(JSON.stringify(x)));

function correctness(c: Contender, cases: number): Correctness {
  const tryParse = (t: string): { ok: true; tree: string } | { ok: false; message: string } => {
    try {
      return { ok: true, tree: plain(c.parse(t)) };
    } catch (e) {
      return { ok: false, message: String((e as Error)?.message ?? e) };
    }
  };
  let good = 0;
  for (const t of GOOD) {
    const r = tryParse(t);
    if (r.ok && r.tree === plain(fromXml(t).doc)) good++;
  }
  let bad = 0;
  let positions = 0;
  for (const t of BAD) {
    const r = tryParse(t);
    if (!r.ok) {
      bad++;
      if (/\d+:\d+|line:? ?\d+/i.test(r.message)) positions++;
    }
  }
  let agreement = 0;
  for (let i = 0; i < cases; i++) {
    const t = differentialCase(99, i);
    const ours = tryParse(t);
    let ref: { ok: true; tree: string } | { ok: false };
    try {
      ref = { ok: true, tree: plain(saxesFromXml(t).doc) };
    } catch {
      ref = { ok: false };
    }
    if (ours.ok === ref.ok && (!ours.ok || ours.tree === (ref as { tree: string }).tree)) agreement++;
  }
  return { good, bad, positions, agreement, cases };
}

// ---- speed -----------------------------------------------------------------------------------------------

const CLASSES = ['login', '1kb', '70kb', '1mb'] as const;

async function main(): Promise<void> {
  const { list, missing } = await contenders();
  console.log(`XML text parsers: ${machine()}, Node ${process.version}, load average ${load()}${quick ? ' (--quick)' : ''}`);
  const inputs = CLASSES.map((c) => messages(c, '1.2').map((m) => new TextDecoder().decode(m.xml)));
  const reps = quick ? 3 : 5;
  const seconds = quick ? 0.1 : 0.3;
  // One parse first: a parser that refuses a message, or needs more than 3 s for one, is not timed
  // on that size (ltx, for one, is quadratic and refuses the DOCTYPE).
  const verdict = list.map((c) => {
    let skip: string | undefined;
    return CLASSES.map((_, s): string | undefined => {
      // Not the larger sizes after a refusal or a very slow parse (ltx is quadratic: hours at 1 MB).
      if (skip !== undefined) return skip;
      const t0 = performance.now();
      try {
        for (const t of inputs[s]!) c.parse(t);
      } catch (e) {
        skip = '—';
        return `refuses it (${String((e as Error)?.message ?? e).slice(0, 40)})`;
      }
      const ms = performance.now() - t0;
      if (ms > 3000) skip = 'not run';
      return ms > 3000 ? `too slow (${fmt(ms / 1000, 1)} s)` : undefined;
    });
  });
  // Each parser is timed in a process of its own: in one process, the parsers timed first would
  // leave the JIT in a state that slows the ones after (a factor of 3 was seen for saxes).
  const rates = list.map(() => CLASSES.map((): number[] => []));
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < list.length; k++) {
      const at = (k + rep) % list.length;
      const skip = verdict[at]!.map((v) => (v === undefined ? '0' : '1')).join('');
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--time', String(at), String(seconds), skip], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(r.stderr);
      (JSON.parse(r.stdout) as (number | null)[]).forEach((x, s) => {
        if (x !== null) rates[at]![s]!.push(x);
      });
    }
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  const cases = quick ? 500 : 2000;
  console.log('');
  console.log(
    `| parser | version | kind | right trees (${GOOD.length} well-formed) | refused (${BAD.length} ill-formed) | …with line:column | agrees with saxes (${cases} random/mutated) | login MB/s | 1 KB MB/s | 70 KB MB/s | 1 MB MB/s |`,
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (let k = 0; k < list.length; k++) {
    const c = list[k]!;
    const r = correctness(c, cases);
    const speed = rates[k]!.map((xs, s) => verdict[k]![s] ?? sig(spread(xs).median));
    console.log(
      `| ${c.name} | ${c.version} | ${c.note} | ${r.good} | ${r.bad} | ${r.positions} | ${fmt((100 * r.agreement) / r.cases, 1)} % | ${speed.join(' | ')} |`,
    );
  }
  if (missing.length) console.log(`\nnot installed: ${missing.join(', ')} (see the comment at the top of bench/xml-parsers.ts)`);
  console.log(
    `\nXML text → our tree, string in; MB/s of CPU time, median of ${reps} repetitions, each parser in a fresh process (interleaved); load average at the end ${load()}.`,
  );
}

if (process.argv[2] === '--time') {
  // A child: times one parser on every size (MB/s of CPU time) and prints them as JSON.
  const { list } = await contenders();
  const c = list[Number(process.argv[3])]!;
  const seconds = Number(process.argv[4]);
  const skip = process.argv[5]!;
  const out = CLASSES.map((cls, s): number | null => {
    if (skip[s] === '1') return null;
    const texts = messages(cls, '1.2').map((m) => new TextDecoder().decode(m.xml));
    const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
    const time = (limit: number): number => {
      const c0 = process.cpuUsage();
      let n = 0;
      let cpu = 0;
      do {
        for (const t of texts) c.parse(t);
        n++;
        const d = process.cpuUsage(c0);
        cpu = (d.user + d.system) / 1e6;
      } while (cpu < limit);
      return (n * bytes) / cpu / 1e6;
    };
    time(seconds / 2); // warm-up
    return time(seconds);
  });
  console.log(JSON.stringify(out));
} else if (process.argv.includes('--probe')) {
  // One parse of each message by each parser, timed: for finding a parser that is far too slow.
  const { list } = await contenders();
  for (const c of CLASSES) {
    const text = new TextDecoder().decode(messages(c, '1.2')[0]!.xml);
    for (const p of list) {
      const t0 = performance.now();
      let ok = 'ok';
      try {
        p.parse(text);
      } catch (e) {
        ok = `refused: ${String((e as Error).message).slice(0, 60)}`;
      }
      console.log(`${c} ${p.name}: ${(performance.now() - t0).toFixed(1)} ms ${ok}`);
    }
  }
} else await main();
