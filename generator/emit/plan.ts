/**
 * Every output of a run, in memory: path (relative to the output folder, `/`-separated) and
 * content. Nothing is written here; `write/` adds MANIFEST.json and compares or writes the plan,
 * so `generate` and `check` share one path and cannot disagree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '../diagnostics.js';
import type { SpecModel, VersionModel } from '../model/types.js';
import { runtimeDir, templatesDir } from '../package-root.js';
import type { ImportExtension, Settings } from '../settings.js';
import { tsBanner } from './banner.js';
import { emitCodecModule, emitIndexModule, emitVersionIndex } from './codec-module.js';
import { emitCodecTablesModule } from './codec-tables.js';
import { createContext, versionFolder } from './context.js';
import { emitChangesDoc, emitVersionDoc, loadTemplates } from './docs.js';
import { emitTokensModule } from './tokens.js';
import { syntax } from './ts-syntax.js';

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export function planOutputs(model: SpecModel, settings: Settings): GeneratedFile[] {
  const ctx = createContext(settings.root, settings.specDir, settings.identifierStyle, settings.importExtension, model);
  const wanted = settings.versions ? new Set(settings.versions) : undefined;
  const versions = model.versions.filter((v) => !wanted || wanted.has(v.version));
  const outputs = new Set(settings.outputs);
  const files: GeneratedFile[] = [];
  const add = (path: string, content: string) => files.push({ path, content });

  for (const v of versions) {
    const dir = versionFolder(v.version);
    if (outputs.has('enums')) add(`${dir}/tokens.ts`, emitTokensModule(model, v, ctx, settings.enumStyle));
    if (outputs.has('codec')) {
      add(`${dir}/tables.ts`, emitCodecTablesModule(model, v, ctx));
      add(`${dir}/codec.ts`, emitCodecModule(model, v, ctx));
    }
    if (outputs.has('enums') || outputs.has('codec')) add(`${dir}/index.ts`, emitVersionIndex(model, v, ctx, settings.outputs));
  }
  if (outputs.has('codec')) {
    for (const f of runtimeFiles(settings.importExtension)) add(`runtime/${f.path}`, f.content);
  }
  if ((outputs.has('enums') || outputs.has('codec')) && versions.length > 0)
    add('index.ts', emitIndexModule(model, versions, ctx, settings.outputs));
  if (outputs.has('docs')) {
    const templates = loadTemplates(templatesDir() + '/');
    for (const v of versions) add(`docs/csp-${v.version}.md`, emitVersionDoc(model, v, ctx, templates));
    for (const [from, to] of consecutive(versions)) {
      add(`docs/changes-${from.version}-to-${to.version}.md`, emitChangesDoc(model, from, to, ctx, templates));
    }
  }

  return files.sort((a, b) => compareStrings(a.path, b.path));
}

function consecutive(versions: readonly VersionModel[]): [VersionModel, VersionModel][] {
  return versions.slice(1).map((v, i) => [versions[i]!, v]);
}

/**
 * The hand-written WBXML engine, copied verbatim with a banner: the generated codec then has no
 * dependency on imps-tokengen at run time. With `.ts` imports, its relative imports are the one
 * thing changed.
 */
function runtimeFiles(extension: ImportExtension): GeneratedFile[] {
  const dir = runtimeDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort(compareStrings)
    .map((f) => {
      const source = readFileSync(join(dir, f), 'utf8');
      const how = extension === 'js' ? 'copied verbatim' : 'copied with `.ts` imports';
      const content = extension === 'js' ? source : syntax().withTsImports(source, f);
      return { path: f, content: `${tsBanner([`imps-tokengen's WBXML engine (generator/runtime/${f}), ${how}`])}\n${content}` };
    });
}
