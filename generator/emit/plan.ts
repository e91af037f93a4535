/**
 * Every output of a run, in memory: path (relative to the output folder, `/`-separated) and
 * content. Nothing is written here; `write/` adds MANIFEST.json and compares or writes the plan,
 * so `generate` and `check` share one path and cannot disagree.
 *
 * Two halves, each its own module so that a thread loads only what its half needs: the
 * TypeScript outputs (plan-typescript.ts: ts-morph) and the docs (plan-docs.ts: handlebars).
 * `generate` may print the first on a worker thread (worker.ts) while this one renders the docs.
 */
import { compareStrings } from '../diagnostics.js';
import type { SpecModel } from '../model/types.js';
import type { Settings } from '../settings.js';
import { planDocs } from './plan-docs.js';
import { planTypeScript } from './plan-typescript.js';

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export function planOutputs(model: SpecModel, settings: Settings): GeneratedFile[] {
  return joinPlans(planTypeScript(model, settings), planDocs(model, settings));
}

/** The halves as one plan, in path order (the order does not depend on which half was ready first). */
export function joinPlans(...halves: readonly (readonly GeneratedFile[])[]): GeneratedFile[] {
  return halves.flat().sort((a, b) => compareStrings(a.path, b.path));
}
