/** What every emitter needs besides the model: how to name source files and identifiers. */
import { posix, relative, resolve, sep } from 'node:path';
import type { IdentifierStyle } from '../settings.js';
import type { SpecModel, VersionModel } from '../model/types.js';
import type { ImportExtension, Settings } from '../settings.js';

export interface EmitContext {
  /** A file of the spec folder (path relative to it) as named in banners: `spec/csp-1.3-base.md`. */
  readonly sourcePath: (specRelative: string) => string;
  readonly identifierStyle: IdentifierStyle;
  /** The extension of relative imports between generated modules. */
  readonly importExtension: ImportExtension;
  /** The assignment file as named in banners and comments, when the spec has one. */
  readonly assignmentSource: string | undefined;
}

/**
 * Banner paths are relative to the project root (where the config file is, or the working
 * directory), so that they are the same on every machine whatever the absolute checkout path.
 */
export function createContext(
  root: string,
  specDir: string,
  identifierStyle: IdentifierStyle,
  importExtension: ImportExtension,
  model: SpecModel,
): EmitContext {
  // Asked for once per token (JSDoc provenance): remember each answer.
  const known = new Map<string, string>();
  const sourcePath = (specRelative: string) => {
    let path = known.get(specRelative);
    if (path === undefined) {
      const rel = relative(root, resolve(specDir, ...specRelative.split('/')));
      path = posix.normalize(sep === '/' ? rel : rel.split(sep).join('/'));
      known.set(specRelative, path);
    }
    return path;
  };
  return {
    sourcePath,
    identifierStyle,
    importExtension,
    assignmentSource: model.assignmentFile ? sourcePath(model.assignmentFile.specPath) : undefined,
  };
}

/** The inputs a version's outputs are generated from, in a fixed order. */
export function versionSources(model: SpecModel, v: VersionModel, ctx: EmitContext): string[] {
  const files = [
    v.base.specPath,
    ...v.changes.map((c) => c.document.specPath),
    ...(v.dataTypesDocument ? [v.dataTypesDocument.specPath] : []),
    ...(model.versionsDocument ? [model.versionsDocument.specPath] : []),
    ...(v.changes.length > 0 && model.assignmentFile ? [model.assignmentFile.specPath] : []),
  ];
  return files.map(ctx.sourcePath);
}

/** `csp-1.3`: the folder of a version's outputs. */
export function versionFolder(version: string): string {
  return `csp-${version}`;
}

/** The versions the settings ask for (all by default), oldest first. */
export function plannedVersions(model: SpecModel, settings: Pick<Settings, 'versions'>): VersionModel[] {
  const wanted = settings.versions ? new Set(settings.versions) : undefined;
  return model.versions.filter((v) => !wanted || wanted.has(v.version));
}
