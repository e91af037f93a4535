/** The docs half of the plan (./plan.ts): a page per version and a change list between consecutive versions. */
import type { SpecModel, VersionModel } from '../model/types.js';
import { templatesDir } from '../package-root.js';
import type { Settings } from '../settings.js';
import { createContext, plannedVersions } from './context.js';
import { emitChangesDoc, emitVersionDoc, loadTemplates } from './docs.js';
import type { GeneratedFile } from './plan.js';

/** The docs, when the settings ask for them, in no particular order. */
export function planDocs(model: SpecModel, settings: Settings): GeneratedFile[] {
  if (!settings.outputs.includes('docs')) return [];
  const ctx = createContext(settings.root, settings.specDir, settings.identifierStyle, settings.importExtension, model);
  const versions = plannedVersions(model, settings);
  const templates = loadTemplates(templatesDir() + '/');
  const files: GeneratedFile[] = [];
  for (const v of versions) files.push({ path: `docs/csp-${v.version}.md`, content: emitVersionDoc(model, v, ctx, templates) });
  for (const [from, to] of consecutive(versions)) {
    files.push({ path: `docs/changes-${from.version}-to-${to.version}.md`, content: emitChangesDoc(model, from, to, ctx, templates) });
  }
  return files;
}

function consecutive(versions: readonly VersionModel[]): [VersionModel, VersionModel][] {
  return versions.slice(1).map((v, i) => [versions[i]!, v]);
}
