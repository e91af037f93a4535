/**
 * The real `imps-tokengen` executable, built as `npm run build` builds it: tsc with
 * tsconfig.build.json (the library API, `generator/`), then the bundled command (`cli/`,
 * scripts/bundle-cli.mjs) that the bin runs — for the few smoke tests of what only a process shows
 * (the bin starts, exit codes, streams, stdin) and for tests that still spawn the CLI. It is built
 * on first use into `.tmp/bin-<hash of the sources>/` and reused while the sources are unchanged,
 * by every test process of the run and by later runs; a stale dist/ is never what is tested.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';

const CACHE = join(ROOT, '.tmp');

/** A hash of everything the compiled bin depends on: the generator's sources and the tsconfigs. */
function sourcesHash(): string {
  const h = createHash('sha256');
  const add = (rel: string) =>
    h
      .update(`${rel}\0`)
      .update(readFileSync(join(ROOT, rel)))
      .update('\0');
  const walk = (rel: string) => {
    for (const e of readdirSync(join(ROOT, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(`${rel}/${e.name}`);
      else if (e.name.endsWith('.ts')) add(`${rel}/${e.name}`);
    }
  };
  walk('generator');
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/bundle-cli.mjs']) add(f);
  return h.digest('hex').slice(0, 16);
}

let built: string | undefined;

/** The path of the bundled command (`cli/cli.js`, what the bin runs), building it if the sources changed. */
export function builtCli(): string {
  return join(builtDir(), 'cli', 'cli.js');
}

/** The folder of tsc's output of generator/ (the library modules: `api.js`, `emit/…`), built as {@link builtCli}. */
export function builtGenerator(): string {
  return join(builtDir(), 'generator');
}

/**
 * The build as `npm run build` lays it out in dist/: `cli/` (the bundle) and `generator/` (tsc's
 * output), the two folders of dist/ that package.json's `files` publishes.
 */
export function builtDist(): string {
  return builtDir();
}

function builtDir(): string {
  if (built) return built;
  const dir = join(CACHE, `bin-${sourcesHash()}`);
  const cli = join(dir, 'cli', 'cli.js');
  if (!existsSync(cli)) {
    mkdirSync(CACHE, { recursive: true });
    const staging = `${dir}.${process.pid}`;
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', staging],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`tsc -p tsconfig.build.json failed:\n${r.stdout}${r.stderr}`);
    }
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle-cli.mjs'), '--outdir', join(staging, 'cli')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (b.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`scripts/bundle-cli.mjs failed:\n${b.stdout}${b.stderr}`);
    }
    try {
      renameSync(staging, dir); // atomic: a process that built the same sources at the same time wins
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
    // Bins of older sources are of no further use.
    for (const old of readdirSync(CACHE)) {
      if (/^bin-[0-9a-f]{16}$/.test(old) && join(CACHE, old) !== dir) rmSync(join(CACHE, old), { recursive: true, force: true });
    }
  }
  return (built = dir);
}
