/**
 * Where imps-tokengen's own files are (templates/, generator/runtime/, the shipped spec/), whether
 * it runs from its sources (tests), from dist/ (the CLI) or installed in someone's node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'imps-tokengen') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('imps-tokengen: cannot find its own package.json');
    dir = parent;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export const templatesDir = (): string => join(packageRoot(), 'templates');
export const runtimeDir = (): string => join(packageRoot(), 'generator', 'runtime');
/** The CSP 1.1–1.3 spec shipped in the package, for the codec commands when there is no spec folder. */
export const shippedSpecDir = (): string => join(packageRoot(), 'spec');
