/**
 * Loading ts-morph with a V8 code cache for the TypeScript compiler it carries. Compiling that
 * compiler (`@ts-morph/common/dist/typescript.js`, 9 MB of JavaScript) is the largest single cost
 * of a cold `generate`: about 0.45 s of a 2 s run (issue 11). V8 can save the code it compiled for
 * a script and take it back in a later process instead of compiling again — what Node 22's
 * `module.enableCompileCache()` does for every module, and what TypeScript's own `tsc` turns on;
 * Node 20 has no such switch, so the compiler is loaded here, once, through `vm.Script` with the
 * cached code, and put in the require cache where ts-morph's `require('./typescript')` finds it.
 * The cache is written after the first TypeScript render (`saveCompilerCache`), so it also holds
 * the printer's functions, which V8 compiles only when they first run.
 *
 * An optimisation and nothing more: one cache per compiler, V8 version and V8 flags (at most
 * four are kept), which V8 checks again and rejects if they do not match; the file carries a hash
 * of its bytes, checked before V8 sees them; a cache that is missing, rejected or unreadable means
 * compiling as before (and writing a new one), and a folder that cannot be written means no cache.
 * Where: `node_modules/.cache/imps-tokengen/` beside ts-morph, as the codec cache
 * (../codec-cache.ts); `IMPS_TOKENGEN_CACHE=<folder>` puts it elsewhere, `off` turns it off.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';

type TsMorph = typeof import('ts-morph');

const require = createRequire(import.meta.url);

/** The compiled compiler of this process and where its cache goes, until saved (undefined: nothing to save). */
let pending: { readonly script: Script; readonly cacheFile: string } | undefined;

/** ts-morph, with its TypeScript compiler compiled from the code cache when there is a valid one. */
export function loadTsMorph(env: NodeJS.ProcessEnv = process.env): TsMorph {
  try {
    preloadCompiler(env);
  } catch {
    // ts-morph's require below loads the compiler the ordinary way.
  }
  return require('ts-morph') as TsMorph;
}

/**
 * Writes the code cache when this process compiled the compiler without one (or V8 rejected it):
 * after a render, so that it holds every function the render compiled. At most once a process.
 */
export function saveCompilerCache(): void {
  const p = pending;
  pending = undefined;
  if (!p) return;
  try {
    const data = p.script.createCachedData();
    mkdirSync(dirname(p.cacheFile), { recursive: true });
    const staging = `${p.cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(staging, Buffer.concat([digest(data), data]));
    // Atomic: a reader sees the old file or the whole new one.
    renameSync(staging, p.cacheFile);
    pruneCaches(dirname(p.cacheFile));
  } catch {
    // No cache then; the next process compiles as this one did.
  }
}

/** Caches kept: about 2.5 MB each, one per compiler, Node and V8 flags in use. */
const KEEP = 4;

/** Removes all but the {@link KEEP} most recently written caches. */
function pruneCaches(dir: string): void {
  const caches = readdirSync(dir)
    .filter((f) => /^typescript-[0-9a-f]{32}\.v8cache$/.test(f))
    .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of caches.slice(KEEP)) rmSync(old.path, { force: true });
}

/** Where ts-morph's compiler is, if ts-morph is laid out as this module expects. */
function compilerFile(): string | undefined {
  const common = createRequire(require.resolve('ts-morph')).resolve('@ts-morph/common');
  const file = join(dirname(common), 'typescript.js');
  return existsSync(file) ? file : undefined;
}

function preloadCompiler(env: NodeJS.ProcessEnv): void {
  const file = compilerFile();
  const cacheDir = file && compilerCacheDir(file, env);
  if (!file || !cacheDir || require.cache[file]) return;
  const bytes = readFileSync(file);
  // The same compiler (by content: V8 itself only compares the length of the source), and the
  // same V8 version, flags and CPU features (`cachedDataVersionTag`): the CLI turns the optimizing
  // compiler off, an API caller's process may not, and each keeps a cache V8 accepts.
  const key = digest(Buffer.concat([digest(bytes), Buffer.from(`\0${process.version}\0${cachedDataVersionTag()}`)]))
    .toString('hex')
    .slice(0, 32);
  const cacheFile = join(cacheDir, `typescript-${key}.v8cache`);
  const cached = readCache(cacheFile);
  // Most of the time is in turning 9 MB into a string: ASCII (as the compiler is) decodes fastest as Latin-1.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new Script(Module.wrap(source), { filename: file, ...(cached ? { cachedData: cached } : {}) });
  const module = new Module(file);
  module.filename = file;
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  require.cache[file] = module;
  if (!cached || script.cachedDataRejected === true) pending = { script, cacheFile };
}

/** The cache's bytes when the file is whole (its hash matches), else undefined. */
function readCache(file: string): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  const data = raw.subarray(32);
  if (raw.length > 32 && digest(data).equals(raw.subarray(0, 32))) return data;
  rmSync(file, { force: true });
  return undefined;
}

function digest(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** `node_modules/.cache/imps-tokengen` of the node_modules holding the compiler, or the folder set in the environment. */
function compilerCacheDir(file: string, env: NodeJS.ProcessEnv): string | undefined {
  const setting = env.IMPS_TOKENGEN_CACHE;
  if (setting === 'off') return undefined;
  if (setting) return resolve(setting);
  const at = file.indexOf(`${sep}node_modules${sep}`);
  return at < 0 ? undefined : join(file.slice(0, at), 'node_modules', '.cache', 'imps-tokengen');
}
