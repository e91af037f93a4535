/**
 * The fingerprint of a run: one hash over everything the outputs are a function of — the
 * generator itself (its sources, templates and pinned dependencies), the settings that shape the
 * output, and every input file. `generate` records it in MANIFEST.json with a hash per output;
 * when a later run finds the same fingerprint and untouched outputs, the outputs are up to date
 * without parsing or rendering anything (generation is deterministic: same fingerprint, same
 * bytes). Anything else takes the full path, which compares every byte.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from './diagnostics.js';
import { listSpecFiles, readBytes } from './parse/files.js';
import { packageRoot, packageVersion } from './package-root.js';
import { assignmentsFile, type Settings } from './settings.js';
import { displayPath } from './common/paths.js';

export interface InputFile {
  /** Path relative to the project root, `/`-separated. */
  readonly path: string;
  readonly sha256: string;
}

export interface Fingerprint {
  readonly value: string;
  readonly generatorVersion: string;
  readonly inputs: readonly InputFile[];
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

let generatorHash: string | undefined;
const CR = 0x0d;

/**
 * Set by the bundled command (scripts/bundle-cli.mjs, esbuild's `define`) to {@link buildCodeHash}
 * of the sources it was bundled from; undeclared (so `typeof` is 'undefined') everywhere else.
 */
declare const IMPS_TOKENGEN_CODE_SHA256: string | undefined;

/**
 * The generator's own code: every source file under generator/ (the WBXML engine included, since
 * it is copied into the output), the templates, and package.json (version and exact dependency
 * pins, e.g. of handlebars, which renders the docs). Two parts: the code that reaches the outputs
 * only through the build ({@link buildCodeHash}), which the bundled command carries as a constant
 * — it is the code that runs, and hashing its 90 sources was a tenth of an up-to-date `check` —
 * and what a run reads from the package as it is (the engine's sources, copied verbatim into the
 * output, the templates, package.json), always hashed afresh.
 */
function generatorSourcesHash(): string {
  if (generatorHash) return generatorHash;
  const root = packageRoot();
  const code = typeof IMPS_TOKENGEN_CODE_SHA256 === 'string' ? IMPS_TOKENGEN_CODE_SHA256 : buildCodeHash(root);
  const read = filesHash(root, ['package.json', ...sourceFiles(root, 'generator/runtime'), ...sourceFiles(root, 'templates')]);
  return (generatorHash = sha256(`${code}\0${read}`));
}

/**
 * The hash of the generator's code that the build compiles: every `.ts` under generator/ but the
 * engine (generator/runtime/, read from its sources when generating).
 * @public (scripts/bundle-cli.mjs calls it on tsc's output)
 */
export function buildCodeHash(root: string = packageRoot()): string {
  return filesHash(
    root,
    sourceFiles(root, 'generator').filter((f) => !f.startsWith('generator/runtime/')),
  );
}

/** The `.ts` and `.hbs` files under `rel`, as `/`-separated paths from `root`. */
function sourceFiles(root: string, rel: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const r = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts') || e.name.endsWith('.hbs')) files.push(r);
    }
  };
  walk(rel);
  return files;
}

/** One hash over the files' paths and contents, in a fixed order. */
function filesHash(root: string, files: string[]): string {
  const h = createHash('sha256');
  for (const f of files.sort(compareStrings)) {
    const bytes = readFileSync(join(root, f));
    h.update(`${f}\0`);
    // The bytes as they are unless a line ends in CRLF (a Windows checkout): the same hash as of
    // the text with LF endings, without decoding a hundred sources into strings on every run.
    if (f === 'package.json') h.update(pinnedParts(bytes.toString('utf8')));
    else h.update(bytes.includes(CR) ? bytes.toString('utf8').replace(/\r\n/g, '\n') : bytes);
    h.update('\0');
  }
  return h.digest('hex');
}

/** Of package.json only what shapes the output: the version and the dependency pins. */
function pinnedParts(text: string): string {
  const pkg = JSON.parse(text) as { version?: string; dependencies?: Record<string, string> };
  return JSON.stringify({ version: pkg.version, dependencies: pkg.dependencies });
}

/** The spec documents and the assignment file, hashed as bytes, named relative to the root. */
function inputFiles(settings: Settings): InputFile[] {
  const inputs: InputFile[] = [];
  for (const rel of listSpecFiles(settings.specDir, settings.cwd)) {
    const abs = join(settings.specDir, ...rel.split('/'));
    inputs.push({ path: displayPath(abs, settings.root), sha256: sha256(readBytes(abs, 'Spec document', settings.cwd)) });
  }
  const assignments = assignmentsFile(settings);
  if (settings.assignmentsPath !== undefined || existsSync(assignments)) {
    inputs.push({ path: displayPath(assignments, settings.root), sha256: sha256(readBytes(assignments, 'Assignment file', settings.cwd)) });
  }
  return inputs.sort((a, b) => compareStrings(a.path, b.path));
}

/** The options that change what is written (paths change banners, the rest the set of files). */
function outputOptions(settings: Settings) {
  return {
    spec: displayPath(settings.specDir, settings.root),
    versions: settings.versions ?? 'all',
    outputs: settings.outputs,
    identifierStyle: settings.identifierStyle,
    enumStyle: settings.enumStyle,
    importExtension: settings.importExtension,
  };
}

export function fingerprint(settings: Settings): Fingerprint {
  const inputs = inputFiles(settings);
  const generatorVersion = packageVersion();
  const value = sha256(JSON.stringify({ generator: generatorSourcesHash(), options: outputOptions(settings), inputs }));
  return { value, generatorVersion, inputs };
}
