/**
 * The output folder: comparing it with a plan (`check`) and bringing it in line with a plan
 * (`generate`), all or nothing. Only files whose content changed are written, so mtimes of the
 * others stay put for downstream incremental builds; outputs that no longer belong are removed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hasBanner } from '../common/banner.js';
import { displayPath } from '../common/paths.js';
import { compareStrings } from '../diagnostics.js';
import type { GeneratedFile } from '../emit/plan.js';
import { ioReason, UsageError } from '../errors.js';
import { MANIFEST_FILE, readManifest } from './manifest.js';

export interface Drift {
  /** Planned files whose content on disk differs. */
  readonly stale: readonly string[];
  /** Planned files not on disk. */
  readonly missing: readonly string[];
  /** Files on disk that an earlier run generated but this plan no longer has. */
  readonly orphans: readonly string[];
  /** Planned files that are already up to date. */
  readonly unchanged: readonly string[];
}

export function hasDrift(d: Drift): boolean {
  return d.stale.length + d.missing.length + d.orphans.length > 0;
}

const toNative = (rel: string) => rel.split('/');

/** The output folder, and the working directory its messages name paths relative to. */
export interface OutputFolder {
  readonly dir: string;
  readonly cwd: string;
}

export function readIfFile(path: string, cwd: string): string | undefined {
  return readBytesIfFile(path, cwd)?.toString('utf8');
}

/** A file's bytes, undefined when it does not exist; a folder in its place or an unreadable file is a usage error. */
export function readBytesIfFile(path: string, cwd: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new UsageError(`\`${displayPath(path, cwd)}\` is a folder where a generated file belongs; move it away.`);
    throw new UsageError(`Cannot read \`${displayPath(path, cwd)}\`: ${ioReason(e)}`);
  }
}

/** Every file below `dir`, as `/`-separated relative paths in code-unit order. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(abs, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out.sort(compareStrings);
}

/**
 * A file on disk is ours to remove if the previous manifest lists it or its first line carries
 * the banner; anything else in the folder (a README someone added) is left alone.
 */
export function findOrphans(out: OutputFolder, planned: ReadonlySet<string>): string[] {
  const previous = new Set(Object.keys(readManifest(readIfFile(join(out.dir, MANIFEST_FILE), out.cwd))?.files ?? {}));
  return listFiles(out.dir).filter((rel) => {
    if (planned.has(rel)) return false;
    if (previous.has(rel)) return true;
    const text = readIfFile(join(out.dir, ...toNative(rel)), out.cwd);
    return text !== undefined && hasBanner(text.slice(0, text.indexOf('\n') >>> 0));
  });
}

/** The output folder may be missing (it is created), but not a file. */
export function assertOutputFolder(out: OutputFolder): void {
  if (existsSync(out.dir) && !statSync(out.dir).isDirectory()) {
    throw new UsageError(
      `Output \`${displayPath(out.dir, out.cwd)}\` is not a folder; \`--out\` names the folder the outputs are written to.`,
    );
  }
}

export function compareOutputs(out: OutputFolder, files: readonly GeneratedFile[]): Drift {
  assertOutputFolder(out);
  const stale: string[] = [];
  const missing: string[] = [];
  const unchanged: string[] = [];
  for (const f of files) {
    const current = readIfFile(join(out.dir, ...toNative(f.path)), out.cwd);
    if (current === undefined) missing.push(f.path);
    else if (current !== f.content) stale.push(f.path);
    else unchanged.push(f.path);
  }
  return { stale, missing, orphans: findOrphans(out, new Set(files.map((f) => f.path))), unchanged };
}

/**
 * Writes the plan. New contents are first written to a staging folder next to the output; only
 * when all of them are on disk are they moved into place, each replaced file kept aside until the
 * end, so a failure at any point leaves the output folder as it was.
 */
export function writeOutputs(out: OutputFolder, files: readonly GeneratedFile[]): Drift {
  const drift = compareOutputs(out, files);
  const { dir: outDir, cwd } = out;
  if (!hasDrift(drift)) return drift;
  const changed = new Map(
    files.filter((f) => drift.stale.includes(f.path) || drift.missing.includes(f.path)).map((f) => [f.path, f.content]),
  );
  const parent = dirname(outDir);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new UsageError(`Cannot create \`${displayPath(parent, cwd)}\`: ${ioReason(e)}`);
  }
  const staging = join(parent, `.${basename(outDir)}.imps-tokengen-${process.pid}`);
  const fresh = join(staging, 'new');
  const aside = join(staging, 'old');
  const done: { target: string; backup: string | undefined }[] = [];
  try {
    for (const [rel, content] of changed) {
      const p = join(fresh, ...toNative(rel));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    }
    mkdirSync(aside, { recursive: true });
    for (const [rel] of changed) {
      const target = join(outDir, ...toNative(rel));
      const backup = existsSync(target) ? join(aside, ...toNative(rel)) : undefined;
      if (backup) {
        mkdirSync(dirname(backup), { recursive: true });
        renameSync(target, backup);
      }
      done.push({ target, backup });
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(fresh, ...toNative(rel)), target);
    }
    for (const rel of drift.orphans) {
      const target = join(outDir, ...toNative(rel));
      const backup = join(aside, ...toNative(rel));
      mkdirSync(dirname(backup), { recursive: true });
      renameSync(target, backup);
      done.push({ target, backup });
      removeEmptyParents(dirname(target), outDir);
    }
  } catch (e) {
    // Put everything back as it was, newest first: a new file goes, its predecessor returns.
    let restored = true;
    for (const { target, backup } of done.reverse()) {
      try {
        rmSync(target, { force: true });
        if (backup) {
          mkdirSync(dirname(target), { recursive: true });
          renameSync(backup, target);
        }
      } catch {
        restored = false;
      }
    }
    if (restored) rmSync(staging, { recursive: true, force: true });
    throw new UsageError(
      `Cannot write \`${displayPath(outDir, cwd)}\`: ${ioReason(e)}. ` +
        (restored
          ? 'Nothing was changed.'
          : `Some files could not be put back; the previous versions are in \`${displayPath(aside, cwd)}\`.`),
    );
  }
  rmSync(staging, { recursive: true, force: true });
  return drift;
}

function removeEmptyParents(dir: string, stop: string): void {
  while (dir.length > stop.length && dir.startsWith(stop)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}
