/**
 * Settings of a run: where the spec, the assignment file and the output are, which versions and
 * outputs to emit, and the identifier style. They come from, in increasing priority: defaults,
 * the config file (`imps-tokengen.config.json` or `.yaml`, found in the working directory or
 * named with `--config`), and command-line flags (or the API's options). Every command that reads
 * the spec resolves its settings here, so the config file applies to all of them.
 *
 * The option vocabulary (output kinds, identifier styles) lives here too: later stages read the
 * settings, never the other way round.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { DEFAULT_ASSIGNMENTS_FILE, DEFAULT_OUT_DIR, DEFAULT_SPEC_DIR } from './defaults.js';
import { DiagnosticBag, formatDiagnostic } from './diagnostics.js';
import { UsageError } from './errors.js';
import { decodeText, readBytes } from './parse/files.js';
import { readMapping, readString, readStringList, YamlSource } from './parse/yaml-source.js';
import { didYouMean } from './common/did-you-mean.js';
import { displayPath } from './common/paths.js';

export type OutputKind = 'enums' | 'codec' | 'docs';
export const OUTPUT_KINDS: readonly OutputKind[] = ['enums', 'codec', 'docs'];

/** How spec names become TypeScript identifiers (README, "Identifiers"; `emit/identifiers.ts`). */
export type IdentifierStyle = 'pascal' | 'preserve';
export const IDENTIFIER_STYLES: readonly IdentifierStyle[] = ['pascal', 'preserve'];
/**
 * How token tables are declared: TypeScript `enum`s, or `as const` objects with a union type of
 * the same name (erasable syntax: `erasableSyntaxOnly`, Node's type stripping). README, "Enum style".
 */
export type EnumStyle = 'enum' | 'const';
export const ENUM_STYLES: readonly EnumStyle[] = ['enum', 'const'];

/**
 * The extension of relative imports between generated modules: `.js`, as `"module": "NodeNext"`
 * output and bundlers expect, or `.ts`, which Node's type stripping can run (the consumer then
 * compiles with `allowImportingTsExtensions` or `rewriteRelativeImportExtensions`). README, "Import extensions".
 */
export type ImportExtension = 'js' | 'ts';
export const IMPORT_EXTENSIONS: readonly ImportExtension[] = ['js', 'ts'];

export interface Settings {
  /** The working directory: relative flags start here, and messages name paths relative to it. */
  readonly cwd: string;
  /** The project root: banners and MANIFEST.json name files relative to it. */
  readonly root: string;
  readonly specDir: string;
  /**
   * Whether the spec folder was named (by a flag, the API or the config file) rather than being
   * the default `spec`; only an unnamed, missing spec folder may fall back to the spec shipped in
   * the package (the codec commands do that).
   */
  readonly specNamed: boolean;
  /** The assignment file, when named; otherwise `<specDir>/assignments.yaml` if it exists. */
  readonly assignmentsPath: string | undefined;
  readonly outDir: string;
  /** Versions to emit; undefined = every version of the spec. */
  readonly versions: readonly string[] | undefined;
  readonly outputs: readonly OutputKind[];
  readonly identifierStyle: IdentifierStyle;
  readonly enumStyle: EnumStyle;
  readonly importExtension: ImportExtension;
  /** The config file that was read, if any. */
  readonly configPath: string | undefined;
}

/** What may be given by flags (or the API) on top of the config file. */
export interface SettingsInput {
  readonly config?: string;
  readonly spec?: string;
  readonly assignments?: string;
  readonly out?: string;
  readonly versions?: readonly string[];
  readonly outputs?: readonly string[];
  readonly identifierStyle?: string;
  readonly enumStyle?: string;
  readonly importExtension?: string;
}

export const CONFIG_FILE_NAMES = ['imps-tokengen.config.json', 'imps-tokengen.config.yaml', 'imps-tokengen.config.yml'];
const CONFIG_KEYS = ['spec', 'assignments', 'out', 'versions', 'outputs', 'identifierStyle', 'enumStyle', 'importExtension'];

/** The assignment file a run reads: the one named, else `<specDir>/assignments.yaml` (which may be absent). */
export function assignmentsFile(settings: Settings): string {
  return settings.assignmentsPath ?? join(settings.specDir, DEFAULT_ASSIGNMENTS_FILE);
}

export function resolveSettings(input: SettingsInput, cwd: string): Settings {
  let configPath: string | undefined;
  if (input.config !== undefined) {
    configPath = resolve(cwd, input.config);
    if (!existsSync(configPath)) throw new UsageError(`Config file \`${displayPath(configPath, cwd)}\` does not exist.`);
  } else {
    const found = CONFIG_FILE_NAMES.map((n) => join(cwd, n)).filter((p) => existsSync(p));
    if (found.length > 1) {
      throw new UsageError(
        `Found ${found.map((p) => `\`${displayPath(p, cwd)}\``).join(' and ')}: keep one config file, or name one with \`--config\`.`,
      );
    }
    configPath = found[0];
  }
  const config = configPath ? readConfig(configPath, cwd) : {};
  const root = configPath ? dirname(configPath) : cwd;
  // Config paths are relative to the config file; flag paths to the working directory.
  const path = (flag: string | undefined, fromConfig: string | undefined, fallback: string): string =>
    flag !== undefined ? resolve(cwd, flag) : resolve(root, fromConfig ?? fallback);
  const outputs = input.outputs ?? config.outputs ?? OUTPUT_KINDS;
  // An empty list (`--outputs ''`, or `--outputs $UNSET` in a script) would make `generate`
  // remove every output as no longer wanted: refused, like any other bad value.
  if (outputs.length === 0) {
    throw new UsageError(
      `No outputs named (\`--outputs\`, \`outputs\`): name at least one of ${OUTPUT_KINDS.join(', ')}, or leave it out for all.`,
    );
  }
  const versions = input.versions ?? config.versions;
  if (versions?.length === 0) {
    throw new UsageError('No versions named (`--versions`, `versions`): name at least one (`1.3`), or leave it out for all.');
  }
  for (const o of outputs) {
    if (!OUTPUT_KINDS.includes(o as OutputKind))
      throw new UsageError(`Unknown output \`${o}\`${didYouMean(o, OUTPUT_KINDS)}; outputs are ${OUTPUT_KINDS.join(', ')}.`);
  }
  const style = input.identifierStyle ?? config.identifierStyle ?? 'pascal';
  if (!IDENTIFIER_STYLES.includes(style as IdentifierStyle)) {
    throw new UsageError(
      `Unknown identifier style \`${style}\`${didYouMean(style, IDENTIFIER_STYLES)}; styles are ${IDENTIFIER_STYLES.join(', ')}.`,
    );
  }
  const specDir = path(input.spec, config.spec, DEFAULT_SPEC_DIR);
  const outDir = path(input.out, config.out, DEFAULT_OUT_DIR);
  refuseOverlap(specDir, outDir, cwd);
  const enumStyle = input.enumStyle ?? config.enumStyle ?? 'enum';
  if (!ENUM_STYLES.includes(enumStyle as EnumStyle)) {
    throw new UsageError(`Unknown enum style \`${enumStyle}\`${didYouMean(enumStyle, ENUM_STYLES)}; styles are ${ENUM_STYLES.join(', ')}.`);
  }
  const importExtension = input.importExtension ?? config.importExtension ?? 'js';
  if (!IMPORT_EXTENSIONS.includes(importExtension as ImportExtension)) {
    throw new UsageError(
      `Unknown import extension \`${importExtension}\`${didYouMean(importExtension, IMPORT_EXTENSIONS)}; extensions are ${IMPORT_EXTENSIONS.join(', ')}.`,
    );
  }
  return {
    cwd,
    root,
    specDir,
    specNamed: input.spec !== undefined || config.spec !== undefined,
    assignmentsPath:
      input.assignments !== undefined
        ? resolve(cwd, input.assignments)
        : config.assignments !== undefined
          ? resolve(root, config.assignments)
          : undefined,
    outDir,
    versions,
    outputs: [...new Set(outputs as OutputKind[])].sort((a, b) => OUTPUT_KINDS.indexOf(a) - OUTPUT_KINDS.indexOf(b)),
    identifierStyle: style as IdentifierStyle,
    enumStyle: enumStyle as EnumStyle,
    importExtension: importExtension as ImportExtension,
    configPath,
  };
}

/** Whether `inner` is `outer` or lies below it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The path with its symlinks resolved, as far as it exists (an output folder may not exist yet). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

/**
 * The output folder must not overlap the spec folder: generated docs inside the spec would be read
 * as spec documents on the next run, and a spec inside the output folder is where `generate`
 * removes what it no longer writes. Compared with symlinks resolved: `generated` linked to `spec`
 * is the spec folder.
 */
function refuseOverlap(givenSpecDir: string, givenOutDir: string, cwd: string): void {
  const spec = `\`${displayPath(givenSpecDir, cwd)}\``;
  const out = `\`${displayPath(givenOutDir, cwd)}\``;
  const specDir = realPath(givenSpecDir);
  const outDir = realPath(givenOutDir);
  if (specDir === outDir) {
    throw new UsageError(
      givenSpecDir === givenOutDir
        ? `The output folder is the spec folder (${spec}); write the outputs to a folder of their own with \`--out\`.`
        : `The output folder ${out} is the spec folder ${spec} (a symlink leads from one to the other); write the outputs to a folder of their own with \`--out\`.`,
    );
  }
  if (within(outDir, specDir)) {
    throw new UsageError(
      `The output folder ${out} is inside the spec folder ${spec}, where the generated docs would be read as spec documents; write the outputs outside it.`,
    );
  }
  if (within(specDir, outDir)) {
    throw new UsageError(
      `The spec folder ${spec} is inside the output folder ${out}, which \`generate\` manages; keep the spec outside the output folder.`,
    );
  }
}

interface ConfigFile {
  spec?: string;
  assignments?: string;
  out?: string;
  versions?: string[];
  outputs?: string[];
  identifierStyle?: string;
  enumStyle?: string;
  importExtension?: string;
}

/** Reads a JSON or YAML config file (JSON is YAML); any problem is a usage error naming its place. */
function readConfig(path: string, cwd: string): ConfigFile {
  const shown = displayPath(path, cwd);
  const bag = new DiagnosticBag();
  const text = decodeText(readBytes(path, 'Config file', cwd), shown, bag);
  const out: ConfigFile = {};
  if (text !== undefined && path.endsWith('.json')) {
    // JSON is YAML, but YAML forgives what JSON tools choke on (a trailing comma): hold a .json
    // file to JSON.
    try {
      JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message;
      const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? 0);
      const before = text.slice(0, offset).split('\n');
      const where = `${shown}:${before.length}:${before[before.length - 1]!.length + 1}`;
      throw new UsageError(
        `Invalid config file:\n${where}: error: not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}. [config]`,
      );
    }
  }
  if (text !== undefined) {
    const src = new YamlSource(shown, text);
    if (src.reportErrors(bag, 'config', 'The config file')) {
      const entries = readMapping(src, src.document.contents, CONFIG_KEYS, bag, 'config', 'the config file');
      for (const [key, pair] of entries ?? []) {
        if (key === 'versions' || key === 'outputs') {
          const list = readStringList(src, pair.value, bag, 'config', `\`${key}\``);
          if (list) out[key] = list.map((l) => l.value);
        } else {
          const value = readString(src, pair.value, bag, 'config', `\`${key}\``);
          if (value) out[key as 'spec'] = value.value;
        }
      }
    }
  }
  const problems = bag.list();
  if (problems.length > 0) throw new UsageError(`Invalid config file:\n${problems.map(formatDiagnostic).join('\n')}`);
  return out;
}
