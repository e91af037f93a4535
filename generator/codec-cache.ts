/**
 * The codec tables of a spec, kept on disk between processes. Building them means parsing the
 * spec's markdown (1.5–2.5 CPU-seconds for the shipped spec, nearly all of it in the markdown
 * parser), which every `encode`/`decode` command paid again for a 1 KB message. The tables are a
 * pure function of the run's fingerprint (the generator's sources, the settings and the bytes of
 * every input file; computed by hashing, without parsing), so a table file named after the
 * fingerprint is valid exactly as long as nothing it was built from changes: an edited spec,
 * assignment file or generator gives another name, and the stale file is never read again.
 *
 * Only a spec without errors is cached: errors are always reported from a fresh parse. The cache
 * is an optimisation and nothing more: a folder that cannot be created or written, or a file that
 * cannot be read back whole, just means the tables are built from the spec.
 *
 * Where: `node_modules/.cache/imps-tokengen/` of the project (the convention of babel-loader,
 * eslint-loader and others, which `npm ci` clears), else a folder in the OS temp dir; never in the
 * spec or output folders. `IMPS_TOKENGEN_CACHE=<folder>` puts it elsewhere, `off` turns it off.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics.js';
import { sha256 } from './fingerprint.js';
import type { CspTableRows } from './runtime/build-tables.js';

export interface CachedCodec {
  readonly rows: readonly CspTableRows[];
  /** The warnings of the spec (a cached spec has no errors). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Bumped when the shape of a cache file changes (the generator's own hash covers the rest). */
const FORMAT = 1;
/** Cache files kept: a few specs (branches, worktrees) side by side, each about 100 KB. */
const KEEP = 8;

/** The cache folder for a project rooted at `root`, or undefined when caching is off. */
export function codecCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.IMPS_TOKENGEN_CACHE;
  if (setting === 'off') return undefined;
  if (setting) return resolve(root, setting);
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'imps-tokengen');
    if (dirname(dir) === dir) break;
  }
  // One folder per user: another user's files are neither trusted nor overwritten.
  return join(tmpdir(), `imps-tokengen-cache-${process.getuid?.() ?? 'user'}`);
}

/**
 * The build that is running: the fingerprint hashes the generator's TypeScript sources, while the
 * CLI runs their compiled copy in dist/, which may be older (edited, not rebuilt). Every build
 * rewrites this module, so its time stamp tells builds apart and a cache file written by one
 * build is not read by another.
 */
let build: string | undefined;
function runningBuild(): string {
  if (build === undefined) {
    try {
      const s = statSync(fileURLToPath(import.meta.url));
      build = `${s.mtimeMs}:${s.size}`;
    } catch {
      build = '';
    }
  }
  return build;
}

/** The file the tables of one fingerprint (and working directory, which diagnostics name paths from) live in. */
function cacheFile(dir: string, fingerprint: string, cwd: string): string {
  return join(dir, `codec-${sha256(`${FORMAT}\0${runningBuild()}\0${fingerprint}\0${cwd}`).slice(0, 32)}.json`);
}

export function readCodecCache(dir: string | undefined, fingerprint: string, cwd: string): CachedCodec | undefined {
  if (!dir) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(cacheFile(dir, fingerprint, cwd), 'utf8')) as { fingerprint?: unknown } & Partial<CachedCodec>;
    // The name is a hash of the fingerprint; the content says which one, so a collision or a
    // file copied from elsewhere is never taken for the right one.
    if (parsed.fingerprint !== fingerprint || !Array.isArray(parsed.rows) || !Array.isArray(parsed.diagnostics)) return undefined;
    return { rows: parsed.rows, diagnostics: parsed.diagnostics };
  } catch {
    return undefined;
  }
}

export function writeCodecCache(dir: string | undefined, fingerprint: string, cwd: string, value: CachedCodec): void {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = cacheFile(dir, fingerprint, cwd);
    // Written beside and renamed into place, so a concurrent reader sees the whole file or none.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify({ fingerprint, ...value }));
    renameSync(partial, file);
    prune(dir);
  } catch {
    // Not cached this time; the next run builds the tables again.
  }
}

/** Keeps the newest {@link KEEP} cache files. */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('codec-') && f.endsWith('.json'))
    .map((f) => ({ path: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of files.slice(KEEP)) rmSync(old.path, { force: true });
}
