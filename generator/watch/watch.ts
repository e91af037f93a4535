/**
 * `generate --watch`: generate, then again whenever an input changes — any file in the spec
 * folder, the assignment file (wherever it is), and the config file — until closed.
 *
 * - Changes are debounced: an editor's save (often a write, a rename and a chmod) or a
 *   `git checkout` of many files gives one run, after the files have been quiet for a moment.
 * - A run never overlaps another; changes during a run give one more run after it.
 * - A spec with errors writes nothing (`generate` is all or nothing), so the last good output
 *   stays in place while the editor fixes the spec; the run reports the diagnostics.
 * - What is watched follows the settings: the config file is read again on every run, so a
 *   config that moves the spec folder moves the watch too. A config or usage error (an unknown
 *   key, a missing spec folder) is reported and the watch goes on.
 *
 * Directories are watched rather than files: editors that save by writing a new file and
 * renaming it over the old one would otherwise leave a watch on a file that no longer exists.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { generateAndWrite, type GenerateAndWriteResult, type RunOptions } from '../api.js';
import { DEFAULT_ASSIGNMENTS_FILE } from '../defaults.js';
import { CONFIG_FILE_NAMES, resolveSettings, type Settings } from '../settings.js';

export interface WatchOptions extends RunOptions {
  /** How long the inputs must be quiet before a run, in milliseconds (default 150). */
  readonly debounceMs?: number;
}

/** One run: its result, or the error that stopped it before any spec was read (usage, config). */
export type WatchRun =
  | { readonly kind: 'generated'; readonly result: GenerateAndWriteResult }
  | { readonly kind: 'error'; readonly error: unknown };

export interface Watch {
  /** Stops watching; resolves when a run in progress has finished. */
  close(): Promise<void>;
}

/** What to watch: a directory, recursively, or only some names directly in it. */
interface Target {
  readonly dir: string;
  readonly recursive: boolean;
  /** Only these entry names of `dir` (undefined: everything below it). */
  readonly names: ReadonlySet<string> | undefined;
}

/**
 * Generates now and on every change of an input, calling `onRun` after each run (also after the
 * first). Relative paths and config discovery start from `options.cwd`.
 */
export function watchGenerate(options: WatchOptions, onRun: (run: WatchRun) => void): Watch {
  const cwd = options.cwd ?? process.cwd();
  const debounceMs = options.debounceMs ?? 150;
  let watchers: FSWatcher[] = [];
  let armed = '';
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const schedule = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (running) again = true;
      else running = runs();
    }, debounceMs);
  };

  const arm = (wanted: readonly Target[]) => {
    // A folder that does not exist (yet) is watched through its parent, for its appearance.
    const targets = wanted.map((t) =>
      existsSync(t.dir) ? t : { dir: dirname(t.dir), recursive: false, names: new Set([basename(t.dir)]) },
    );
    const key = JSON.stringify(targets.map((t) => [t.dir, t.recursive, t.names ? [...t.names] : null]));
    if (key === armed) return;
    for (const w of watchers) w.close();
    watchers = [];
    armed = key;
    for (const t of targets) {
      try {
        const w = watch(t.dir, { recursive: t.recursive }, (_event, name) => {
          // Some platforms give no name; then any change in the directory counts.
          if (!t.names || name === null || t.names.has(basename(name.toString()))) schedule();
        });
        // A watched folder that disappears (removed and restored by git) ends its watcher; the
        // next run arms the targets again.
        w.on('error', () => {
          armed = '';
          schedule();
        });
        watchers.push(w);
      } catch {
        // Not watchable right now (removed in between, or its parent is missing too): the next
        // run tries again.
        armed = '';
      }
    }
  };

  const run = async (): Promise<void> => {
    let settings: Settings | undefined;
    try {
      settings = resolveSettings(options, cwd);
    } catch (error) {
      onRun({ kind: 'error', error });
    }
    // Armed before generating, so that a change made while it runs gives another run.
    if (!closed) arm(targets(settings, options, cwd));
    if (settings) {
      try {
        onRun({ kind: 'generated', result: await generateAndWrite({ ...options, cwd }) });
      } catch (error) {
        onRun({ kind: 'error', error });
      }
    }
  };

  /** Runs until no change arrived during the last run. */
  const runs = async (): Promise<void> => {
    do {
      again = false;
      await run();
    } while (again && !closed);
    running = undefined;
  };

  running = runs();
  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      while (running) await running;
      for (const w of watchers) w.close();
      watchers = [];
    },
  };
}

/**
 * The inputs of a run: the spec folder, the assignment file and the config file (or, while there
 * is none, the places one would be found). Without settings (the config is broken) the config
 * file and the spec folder the flags name are still watched, so fixing the config gives a run.
 */
function targets(settings: Settings | undefined, options: WatchOptions, cwd: string): Target[] {
  const files: string[] = [];
  const dirs: string[] = [];
  const config = settings?.configPath ?? (options.config !== undefined ? resolve(cwd, options.config) : undefined);
  if (config) files.push(config);
  else files.push(...CONFIG_FILE_NAMES.map((n) => join(cwd, n)));
  if (settings) {
    dirs.push(settings.specDir);
    files.push(settings.assignmentsPath ?? join(settings.specDir, DEFAULT_ASSIGNMENTS_FILE));
  } else if (options.spec !== undefined) {
    dirs.push(resolve(cwd, options.spec));
  }
  const out: Target[] = dirs.map((dir) => ({ dir, recursive: true, names: undefined }));
  // Files inside a watched folder are already covered; the others by their directory.
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    if (dirs.some((d) => f.startsWith(d + '/') || f.startsWith(d + '\\'))) continue;
    const d = dirname(f);
    if (!byDir.has(d)) byDir.set(d, new Set());
    byDir.get(d)!.add(basename(f));
  }
  for (const [dir, names] of byDir) out.push({ dir, recursive: false, names });
  return out.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}
