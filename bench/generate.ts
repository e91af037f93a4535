/**
 * How fast the generator is, as a build step uses it and as the spec grows.
 *
 * 1. The shipped spec, each run a fresh process of the real CLI (dist/cli/cli.js, the bundled command) on a copy:
 *    cold generate (empty output folder), check when up to date (the fingerprint fast path),
 *    check after a spec edit (drift: full render + compare), generate after a spec edit.
 *    Targets: cold generate under 1.5 s, up-to-date check under 0.2 s on the 2-core machines.
 * 2. Synthetic specs 10×, 30× and 100× the shipped one (`--sizes 1,10,30,100`): version 1.3 gets
 *    synthetic change requests that add tokens the way the format allows — new code pages (0x0C-
 *    0xFF, 59 tags each) and value tokens — until it has k × its 626 tokens, each change request
 *    under the 256 KiB file limit. Per size: the parse, compose and validate stages timed in
 *    process, then `generate` as a fresh CLI process, each with its peak memory. Target: 100×
 *    within about 100× the 1× figure.
 * 3. `--limits`: parse time per byte of markdown at the input limits (parse/limits.ts): a file of
 *    the largest size, the nestings the limits bound (each filling 128 KiB), and the most block
 *    quotes a file may have, at the end of the largest file.
 *
 * Run: npm run bench:generate [-- --runs N] [-- --sizes 1,10,100] [-- --front-only] [-- --limits] [-- --skip-shipped]
 * Figures taken while other work runs on the machine are noisy; compare medians of a quiet run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/cli.js');
const self = fileURLToPath(import.meta.url);
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const flag = (name: string) => process.argv.includes(name);

/**
 * Writes the process's peak resident memory (KiB) and CPU time (µs) to $BENCH_USAGE_FILE when it
 * exits. CPU time is reported next to wall time: on a machine shared with other work it is the
 * steadier of the two.
 */
const USAGE_HOOK =
  'data:text/javascript,import{writeFileSync}from"node:fs";' +
  'process.on("exit",()=>{const u=process.resourceUsage();' +
  'if(process.env.BENCH_USAGE_FILE)writeFileSync(process.env.BENCH_USAGE_FILE,u.maxRSS+" "+(u.userCPUTime+u.systemCPUTime))})';

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakMiB: number;
  readonly stdout: string;
}

/** Runs node with `args` in `cwd`; wall time, CPU time and peak memory of the child. */
function runNode(args: string[], cwd: string, expectStatus: number): Run {
  const usageFile = join(tmpdir(), `imps-tokengen-bench-usage-${process.pid}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', USAGE_HOOK, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== expectStatus) throw new Error(`${args.join(' ')} exited ${r.status}, expected ${expectStatus}:\n${r.stderr}`);
  const [rssKiB, cpuMicros] = readFileSync(usageFile, 'utf8').split(' ').map(Number) as [number, number];
  rmSync(usageFile, { force: true });
  return { ms, cpuMs: cpuMicros / 1000, peakMiB: rssKiB / 1024, stdout: r.stdout };
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const seconds = (ms: number) => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);

function shippedSpec(runs: number): void {
  const project = mkdtempSync(join(tmpdir(), 'imps-tokengen-bench-'));
  cpSync(join(root, 'spec'), join(project, 'spec'), { recursive: true });
  const base = join(project, 'spec/csp-1.3-base.md');
  const original = readFileSync(base, 'utf8');
  const edited = original.replace('| UserSessionLimit | 1F |', '| UserSessionLimit | 25 |');
  const results: [string, Run[]][] = [
    ['generate, cold (empty output folder)', []],
    ['check, up to date', []],
    ['check after a spec edit (drift: full render + compare)', []],
    ['generate after a spec edit (render + write changed files)', []],
  ];
  for (let i = 0; i < runs; i++) {
    rmSync(join(project, 'generated'), { recursive: true, force: true });
    writeFileSync(base, original);
    results[0]![1].push(runNode([cli, 'generate'], project, 0));
    results[1]![1].push(runNode([cli, 'check'], project, 0));
    writeFileSync(base, edited);
    results[2]![1].push(runNode([cli, 'check'], project, 1));
    results[3]![1].push(runNode([cli, 'generate'], project, 0));
  }
  rmSync(project, { recursive: true, force: true });
  console.log(`\nThe shipped spec, ${runs} runs each (a fresh CLI process per run):\n`);
  console.log('| step | median | min | max | CPU (median) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [label, samples] of results) {
    const s = samples.map((r) => r.ms).sort((a, b) => a - b);
    const cpu = median(samples.map((r) => r.cpuMs));
    console.log(`| ${label} | ${seconds(median(s))} | ${seconds(s[0]!)} | ${seconds(s[s.length - 1]!)} | ${seconds(cpu)} |`);
  }
}

// --- synthetic specs -------------------------------------------------------------------------

/** Tokens of the shipped 1.3 (base + CR): the 1× unit. */
const SHIPPED_TOKENS = 626;
const FIRST_FREE_PAGE = 0x0c;
const TAGS_PER_PAGE = 0x3f - 0x05 + 1;
/** Rows per synthetic change request: at most 200 KiB, under the 256 KiB file limit. */
const ROWS_PER_CR = 8_000;
const FIRST_VALUE = 0x1000;

/**
 * Synthetic change requests adding `count` tokens to 1.3: two thirds tags on new code pages (as
 * long as pages are free), the rest value tokens, all with explicit tokens for new names.
 */
function syntheticChangeRequests(count: number): { id: string; text: string }[] {
  const crs: { id: string; text: string }[] = [];
  let made = 0;
  let tags = 0;
  let values = 0;
  const maxTags = (0xff - FIRST_FREE_PAGE + 1) * TAGS_PER_PAGE;
  while (made < count) {
    const id = `cr-synthetic-${crs.length + 1}`;
    const rows = Math.min(ROWS_PER_CR, count - made);
    const wantTags = Math.min(Math.round((rows * 2) / 3), maxTags - tags);
    const lines = [
      '---',
      `id: ${id}`,
      'kind: change-request',
      'version: "1.3"',
      `title: "Synthetic tokens ${crs.length + 1}"`,
      'status: draft',
      'source: "bench/generate.ts"',
      '---',
      '',
      `# Change request: synthetic tokens ${crs.length + 1}`,
      '',
    ];
    for (let i = 0; i < wantTags; i++, tags++) {
      const page = FIRST_FREE_PAGE + Math.floor(tags / TAGS_PER_PAGE);
      const slot = tags % TAGS_PER_PAGE;
      if (slot === 0 || i === 0) {
        lines.push('', `### 4.2.${page + 1} Synthetic code page ${page} (0x${page.toString(16).toUpperCase()})`, '');
        lines.push('| Tag name | Token |', '| --- | --- |');
      }
      lines.push(`| SynTag${tags} | ${(0x05 + slot).toString(16).toUpperCase().padStart(2, '0')} |`);
    }
    lines.push('', '### 4.4.1 Common value tokens', '', '| Element value | Number |', '| --- | --- |');
    for (let i = wantTags; i < rows; i++, values++) {
      lines.push(`| SYN_VALUE_${values} | ${(FIRST_VALUE + values).toString(16).toUpperCase()} |`);
    }
    crs.push({ id, text: `${lines.join('\n')}\n` });
    made += rows;
  }
  return crs;
}

/** A copy of the shipped spec whose 1.3 has `factor` × 626 tokens. */
function syntheticProject(factor: number): { project: string; bytes: number } {
  const project = mkdtempSync(join(tmpdir(), `imps-tokengen-bench-${factor}x-`));
  cpSync(join(root, 'spec'), join(project, 'spec'), { recursive: true });
  const crs = syntheticChangeRequests((factor - 1) * SHIPPED_TOKENS);
  let bytes = 0;
  for (const cr of crs) {
    writeFileSync(join(project, 'spec', `${cr.id}.md`), cr.text);
    bytes += cr.text.length;
  }
  if (crs.length > 0) {
    const versions = join(project, 'spec/versions.md');
    const ids = ['cr-multiple-sessions', ...crs.map((c) => c.id)].join(', ');
    writeFileSync(versions, readFileSync(versions, 'utf8').replace('change-requests: [cr-multiple-sessions]', `change-requests: [${ids}]`));
  }
  return { project, bytes };
}

interface StageTimes {
  readonly tokens: number;
  /** Each stage: [wall ms, CPU ms]. */
  readonly parse: readonly [number, number];
  readonly compose: readonly [number, number];
  readonly validate: readonly [number, number];
  readonly render: readonly [number, number];
}

/** In a fresh process: each front stage on `project`/spec, then the API's in-memory `generate`. */
async function stages(project: string): Promise<StageTimes> {
  const { DiagnosticBag } = await import('../generator/diagnostics.js');
  const { readSpecFolder } = await import('../generator/parse/spec-folder.js');
  const { parseAssignments } = await import('../generator/parse/assignments.js');
  const { composeSpec } = await import('../generator/compose/compose.js');
  const { validateSpec } = await import('../generator/validate/validate-spec.js');
  const { generate } = await import('../generator/api.js');
  const specDir = join(project, 'spec');
  const bag = new DiagnosticBag();
  const time = <T>(run: () => T): [T, [number, number]] => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const value = run();
    const c = process.cpuUsage(c0);
    return [value, [performance.now() - t0, (c.user + c.system) / 1000]];
  };
  const [folder, parse] = time(() => {
    const f = readSpecFolder(specDir, bag, process.cwd());
    const assignmentsPath = join(specDir, 'assignments.yaml');
    return { ...f, assignments: parseAssignments(readFileSync(assignmentsPath, 'utf8'), assignmentsPath, bag) };
  });
  const [composed, compose] = time(() => composeSpec(folder.documents, folder.assignments, bag));
  const [, validate] = time(() => validateSpec(composed.model, bag));
  const errors = bag.list().filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the synthetic spec has errors: ${errors[0]!.message}`);
  let render: [number, number] = [Number.NaN, Number.NaN];
  if (!frontOnly) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const result = await generate({ cwd: project });
    const c = process.cpuUsage(c0);
    render = [performance.now() - t0, (c.user + c.system) / 1000];
    if (!result.ok) throw new Error('generate failed on the synthetic spec');
  }
  const v13 = composed.model.versions.find((v) => v.version === '1.3')!;
  const tokens = v13.codePages.reduce((n, p) => n + p.tokens.length, 0) + v13.attributeStarts.length + v13.values.length;
  return { tokens, parse, compose, validate, render };
}

/** With `--front-only`, the synthetic specs are only parsed, composed and validated (no emit). */
const frontOnly = flag('--front-only');

function syntheticSpecs(factors: readonly number[]): void {
  console.log(
    '\nSynthetic specs (1.3 grown by synthetic change requests; front stages in process, then `generate` as a fresh CLI process):\n',
  );
  console.log('Times are wall / CPU.\n');
  console.log(
    '| size | 1.3 tokens | added markdown | parse | compose | validate | front peak | in-memory generate (API) | `generate` process | its peak |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const factor of factors) {
    const { project, bytes } = syntheticProject(factor);
    try {
      const front = runNode([self, '--stages', project, ...(frontOnly ? ['--front-only'] : [])], root, 0);
      const s = JSON.parse(front.stdout) as StageTimes;
      const whole = frontOnly ? { ms: Number.NaN, cpuMs: Number.NaN, peakMiB: Number.NaN } : runNode([cli, 'generate'], project, 0);
      const ms = ([wall, cpu]: readonly [number, number]) => `${Math.round(wall)} / ${Math.round(cpu)} ms`;
      // Times skipped by --front-only are NaN (null once through JSON).
      const s2 = ([wall, cpu]: readonly [number, number]) =>
        wall === null || Number.isNaN(wall) ? '—' : `${seconds(wall)} / ${seconds(cpu)}`;
      console.log(
        `| ${factor}× | ${s.tokens} | ${(bytes / 1024).toFixed(0)} KiB | ${ms(s.parse)} | ${ms(s.compose)} | ${ms(s.validate)} | ` +
          `${front.peakMiB.toFixed(0)} MiB | ${s2(s.render)} | ${s2([whole.ms, whole.cpuMs])} | ${Number.isNaN(whole.peakMiB) ? '—' : `${whole.peakMiB.toFixed(0)} MiB`} |`,
      );
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }
}

// --- input limits ----------------------------------------------------------------------------

/** The inputs at the limits: each fills 128 KiB (or the file limit). */
async function limitCases(): Promise<[string, string][]> {
  const { INPUT_LIMITS } = await import('../generator/parse/limits.js');
  const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
  const depth = INPUT_LIMITS.containerDepth;
  const emphasis = INPUT_LIMITS.emphasisDepth;
  const breaks = INPUT_LIMITS.containerBreaks;
  const size = 128 * 1024;
  /** A tag table of at most `bytes`. */
  const table = (bytes: number) => {
    const rows = ['| Tag name | Token |', '| --- | --- |'];
    let length = rows.join('\n').length + 1;
    for (let i = 0; ; i++) {
      const row = `| SynTag${i} | 05 |`;
      if (length + row.length + 1 > bytes) break;
      rows.push(row);
      length += row.length + 1;
    }
    return `${rows.join('\n')}\n`;
  };
  return [
    ['prose paragraphs', fill('Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n', size)],
    [`one table at the file limit`, table(INPUT_LIMITS.fileBytes - 64)],
    [`a block quote ${depth} deep, on every line`, fill(`${'>'.repeat(depth)} x\n`, size)],
    [`${breaks} lines of ${depth} list markers (the most a file may have)`, `${'- '.repeat(depth)}x\n`.repeat(breaks)],
    [
      `${breaks} lists nested ${depth} levels (by indentation)`,
      `${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- x\n`).join('')}\n`.repeat(breaks),
    ],
    [`emphasis ${emphasis} deep`, fill(`${'*a '.repeat(emphasis)}x${' a*'.repeat(emphasis)}\n\n`, size)],
    [
      `${breaks} block quotes ${depth} deep after a table, at the file limit`,
      `${table(INPUT_LIMITS.fileBytes - breaks * (depth + 4) - 64)}\n${`${'>'.repeat(depth)} x\n\n`.repeat(breaks)}`,
    ],
  ];
}

/** In a fresh process: the markdown stage (limits check + parse) on one of {@link limitCases}; its CPU ms. */
async function limitCase(index: number): Promise<number> {
  const { readMarkdown } = await import('../generator/parse/markdown.js');
  const { DiagnosticBag } = await import('../generator/diagnostics.js');
  const [label, text] = (await limitCases())[index]!;
  const bag = new DiagnosticBag();
  const c0 = process.cpuUsage();
  const tree = readMarkdown(text, 'bench.md', bag);
  const c = process.cpuUsage(c0);
  if (!tree) throw new Error(`${label}: ${bag.list()[0]?.message}`);
  return (c.user + c.system) / 1000;
}

async function limits(): Promise<void> {
  console.log('\nParse time per byte at the input limits (markdown stage only, CPU time, a fresh process each):\n');
  console.log('| input | size | parse | per KiB | peak memory |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const cases = await limitCases();
  for (const [i, [label, text]] of cases.entries()) {
    const run = runNode([self, '--limit-case', String(i)], root, 0);
    const ms = Number(run.stdout);
    console.log(
      `| ${label} | ${(text.length / 1024).toFixed(0)} KiB | ${Math.round(ms)} ms | ${((ms * 1024) / text.length).toFixed(2)} ms | ${run.peakMiB.toFixed(0)} MiB |`,
    );
  }
}

// --- main ------------------------------------------------------------------------------------

if (flag('--stages')) {
  process.stdout.write(JSON.stringify(await stages(arg('--stages')!)));
} else if (flag('--limit-case')) {
  process.stdout.write(String(await limitCase(Number(arg('--limit-case')))));
} else {
  console.log(
    `imps-tokengen generator; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  );
  if (!flag('--skip-shipped')) shippedSpec(Number(arg('--runs') ?? 7));
  syntheticSpecs((arg('--sizes') ?? '1,10,30,100').split(',').map(Number));
  if (flag('--limits')) await limits();
}
