/** The TypeScript half of the plan (./plan.ts): token enums, codec tables and modules, the copied engine. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '../diagnostics.js';
import type { SpecModel } from '../model/types.js';
import { runtimeDir } from '../package-root.js';
import type { ImportExtension, Settings } from '../settings.js';
import { tsBanner } from './banner.js';
import { emitCodecModule, emitIndexModule, emitVersionIndex } from './codec-module.js';
import { emitCodecTablesModule } from './codec-tables.js';
import { createContext, plannedVersions, versionFolder } from './context.js';
import type { GeneratedFile } from './plan.js';
import { emitTokensModule } from './tokens.js';
import { syntax } from './ts-syntax.js';

/** The TypeScript outputs the settings ask for (none for docs alone), in no particular order. */
export function planTypeScript(model: SpecModel, settings: Settings): GeneratedFile[] {
  const ctx = createContext(settings.root, settings.specDir, settings.identifierStyle, settings.importExtension, model);
  const versions = plannedVersions(model, settings);
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
  return files;
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
