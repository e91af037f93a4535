/**
 * A spec tree to compare: a folder, or the spec folder as it was at a git revision
 * (`HEAD~1`, a tag, a commit; `rev:path` for another folder), checked out into a temporary
 * folder with `git show`, without touching the working tree or the index.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';

export interface SpecTree {
  /** How the tree is named in the output (`HEAD~1`, `spec/`). */
  readonly label: string;
  readonly dir: string;
  dispose(): void;
}

function git(cwd: string, args: string[]): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/**
 * @param arg a folder, or a git revision (optionally `rev:path`)
 * @param specDir the spec folder, whose path inside the repository is used for a bare revision
 */
export function openSpecTree(arg: string, cwd: string, specDir: string): SpecTree {
  const asPath = resolve(cwd, arg);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) {
    return { label: arg, dir: asPath, dispose: () => {} };
  }
  const colon = arg.indexOf(':');
  const rev = colon >= 0 ? arg.slice(0, colon) : arg;
  let top: string;
  try {
    top = git(cwd, ['rev-parse', '--show-toplevel']).toString().trim();
    git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    throw new UsageError(`\`${arg}\` is neither a folder nor a git revision${existsSync(asPath) ? '' : ' (no such folder)'}.`);
  }
  const inRepo = colon >= 0 ? arg.slice(colon + 1) : relative(top, specDir).split(sep).join('/');
  if (inRepo.startsWith('..')) throw new UsageError(`The spec folder \`${specDir}\` is outside the git repository at \`${top}\`.`);
  const files = git(top, ['ls-tree', '-r', '-z', '--name-only', rev, '--', inRepo])
    .toString()
    .split('\0')
    .filter((f) => f !== '');
  if (files.length === 0) throw new UsageError(`\`${inRepo}\` does not exist at revision \`${rev}\`.`);
  const dir = mkdtempSync(join(tmpdir(), 'imps-tokengen-diff-'));
  try {
    for (const f of files) {
      const target = join(dir, ...relative(inRepo, f).split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git(top, ['show', `${rev}:${f}`]));
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`Cannot read \`${inRepo}\` at \`${rev}\`: ${(e as Error).message}`);
  }
  return { label: arg, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
