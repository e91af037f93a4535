/**
 * The worker thread of ./worker.ts: loads the TypeScript compiler at once, then prints the
 * TypeScript outputs of the one model it is sent and posts them back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SpecModel } from '../model/types.js';
import type { Settings } from '../settings.js';
import { saveCompilerCache } from './compiler-cache.js';
import { planTypeScript } from './plan-typescript.js';
import { syntax } from './ts-syntax.js';
import type { WorkerAnswer } from './worker.js';

const port = parentPort;
if (port) {
  const settings = workerData as Settings;
  // Queued until the compiler has loaded (below), if the model comes first.
  port.once('message', (model: SpecModel) => {
    let answer: WorkerAnswer;
    try {
      answer = { files: planTypeScript(model, settings) };
      // The first process to print writes the compiler's code cache for the next ones.
      saveCompilerCache();
    } catch (e) {
      answer = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(answer);
  });
  syntax();
}
