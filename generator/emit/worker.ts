/**
 * The TypeScript outputs on a second thread. The two largest costs of a cold `generate` do not
 * depend on each other: reading the spec (remark's parser, cold) and loading the TypeScript
 * compiler ts-morph carries (9 MB of JavaScript to read, compile and run). So the first render of
 * a process starts a worker (./worker-entry.ts) before the spec is read; it loads the compiler
 * while this thread parses, composes and checks the spec, then prints the TypeScript outputs
 * from the model it is sent while this thread renders the docs (issue 11; README, "Measured
 * figures").
 *
 * Only an optimisation, invisible in the results: the spec is read and reported on this thread
 * as always (the worker never sees a spec file, so every spec problem is still a diagnostic at
 * its place); the worker gets the composed model, and a worker that cannot start or fails leaves
 * the TypeScript outputs to this thread, which renders them as it would have anyway. Later renders
 * of the process (`generate --watch`, the API called again) run here: a new worker would load the
 * compiler again, while this thread loads it once and keeps it. When the compiled worker is not
 * beside this module (the sources run by the tests), there is no worker.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SpecModel } from '../model/types.js';
import type { Settings } from '../settings.js';
import type { GeneratedFile } from './plan.js';

/** What the worker posts back: the outputs, or what went wrong (a bug: this thread then renders them itself). */
export type WorkerAnswer = { readonly files: GeneratedFile[] } | { readonly error: string };

export interface TypeScriptWorker {
  /** Sends the model; the TypeScript outputs, or a rejection when the worker failed. Once. */
  render(model: SpecModel): Promise<GeneratedFile[]>;
  /** Stops the worker (the spec had errors: nothing to print). */
  cancel(): void;
}

let started = false;

/** A worker loading the compiler for `settings`' TypeScript outputs, or undefined (see the module comment). */
export function startTypeScriptWorker(settings: Settings): TypeScriptWorker | undefined {
  if (started || !settings.outputs.some((o) => o !== 'docs')) return undefined;
  const entry = new URL('./worker-entry.js', import.meta.url);
  if (entry.protocol !== 'file:' || !existsSync(fileURLToPath(entry))) return undefined;
  started = true;
  let worker: Worker;
  try {
    // No Node options from the command line: some do not apply to a worker and stop it from
    // starting (`node --input-type=module -e …` running the API); V8's flags are per process anyway.
    worker = new Worker(entry, { workerData: settings, execArgv: [] });
  } catch {
    return undefined;
  }
  // Until asked for its outputs, the worker does not keep the process alive (a spec with errors
  // ends the run without waiting for the compiler to load).
  worker.unref();
  const answer = new Promise<GeneratedFile[]>((resolve, reject) => {
    worker.once('message', (a: WorkerAnswer) => ('files' in a ? resolve(a.files) : reject(new Error(a.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the TypeScript worker stopped (exit code ${code})`)));
  });
  // Settled whether or not anyone waits for it (cancel).
  answer.catch(() => undefined);
  return {
    render(model) {
      try {
        worker.ref();
        worker.postMessage(model);
      } catch (e) {
        void worker.terminate();
        return Promise.reject(e);
      }
      return answer.finally(() => void worker.terminate());
    },
    cancel() {
      void worker.terminate();
    },
  };
}
