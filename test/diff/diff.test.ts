/**
 * `imps-tokengen diff`: the spec before and after the multiple-sessions change request differ by
 * exactly the request's 23 tokens; git revisions work like folders; identical trees exit 0.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli, SHARED } from '../support/cli.js';
import { tempDir, tempProject } from '../support/tmp.js';

/** The spec as it stood before the change request: 1.3 is its base alone. */
function specBeforeCr(project: string): void {
  const spec = join(project, 'spec');
  const versions = join(spec, 'versions.md');
  writeFileSync(versions, readFileSync(versions, 'utf8').replace('    change-requests: [cr-multiple-sessions]\n', ''));
  rmSync(join(spec, 'cr-multiple-sessions.md'));
  rmSync(join(spec, 'assignments.yaml'));
  const types = join(spec, 'datatypes-1.3.md');
  writeFileSync(types, readFileSync(types, 'utf8').replace(/^\| (SessionPriority|ClientIMPriority) \|.*\n/gm, ''));
}

/** The 23 rows of the reference 1.3 table that the change request introduced. */
function crRows(): string[] {
  return readFileSync(join(SHARED, 'reference/tokens-1.3.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[6] === 'multiple-sessions-cr')
    .map((c) => `${c[0]} ${c[0] === 'tag' ? c[1] : ''} ${c[3]} ${c[4]}`)
    .sort();
}

describe('diff', () => {
  let before: string;
  beforeAll(() => {
    before = tempProject();
    specBeforeCr(before);
  });

  test('before vs after the multiple-sessions CR lists exactly its 23 tokens as added (json)', () => {
    const r = runCli(['diff', join(before, 'spec'), 'spec', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as {
      versions: {
        version: string;
        status: string;
        scopes: {
          scope: { kind: string; page?: number };
          added: { token: number; name: string }[];
          removed: unknown[];
          renamed: unknown[];
          renumbered: unknown[];
        }[];
      }[];
    };
    expect(d.versions.map((v) => [v.version, v.status])).toEqual([['1.3', 'changed']]);
    const added: string[] = [];
    for (const s of d.versions[0]!.scopes) {
      expect([s.removed, s.renamed, s.renumbered]).toEqual([[], [], []]);
      const page = s.scope.kind === 'tag' ? '0x' + s.scope.page!.toString(16).toUpperCase().padStart(2, '0') : '';
      for (const a of s.added) added.push(`${s.scope.kind} ${page} 0x${a.token.toString(16).toUpperCase().padStart(2, '0')} ${a.name}`);
    }
    expect(added.sort()).toEqual(crRows());
    expect(added).toHaveLength(23);
  });

  test('markdown output names the version, the pages and each token', () => {
    const r = runCli(['diff', join(before, 'spec'), 'spec']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('## Version 1.3: 23 changes\n');
    expect(r.stdout).toContain(
      '### Client capability code page (0x03)\n\n| Change | Name | Token |\n| --- | --- | --- |\n| added | `OfflineETEMHandling` | 0x1A |\n| added | `SessionPriority` | 0x1C |\n',
    );
    expect(r.stdout).toContain('| added | `PRIORITYREJECT` | 0x9A |');
  });

  test('identical trees exit 0; a renumbered and a renamed token are reported as such', () => {
    const same = runCli(['diff', 'spec', 'spec']);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('No differences');
    const p = tempProject();
    const base = join(p, 'spec/csp-1.2.md');
    writeFileSync(
      base,
      readFileSync(base, 'utf8').replace('| UDPPort | 13 |', '| UDPPort | 15 |').replace('| VRID | 08 |', '| VRIDX | 08 |'),
    );
    const r = runCli(['diff', 'spec', join(p, 'spec'), '--format', 'json']);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as { versions: { version: string; scopes: { renamed: unknown[]; renumbered: unknown[] }[] }[] };
    expect(d.versions.map((v) => v.version)).toEqual(['1.2']);
    expect(d.versions[0]!.scopes.flatMap((s) => s.renumbered)).toEqual([{ name: 'UDPPort', from: 0x13, to: 0x15 }]);
    expect(d.versions[0]!.scopes.flatMap((s) => s.renamed)).toEqual([{ token: 0x08, from: 'VRID', to: 'VRIDX' }]);
  });

  test('git revisions: HEAD~1 against HEAD and against the working tree', () => {
    const repo = tempDir();
    cpSync(join(before, 'spec'), join(repo, 'spec'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        stdio: 'pipe',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'before the CR');
    rmSync(join(repo, 'spec'), { recursive: true });
    cpSync('spec', join(repo, 'spec'), { recursive: true });
    git('add', '.');
    git('commit', '-qm', 'the CR');
    const revs = runCli(['diff', 'HEAD~1', 'HEAD', '--format', 'json'], { cwd: repo });
    expect(revs.status).toBe(1);
    const count = (out: string) =>
      (JSON.parse(out) as { versions: { scopes: { added: unknown[] }[] }[] }).versions
        .flatMap((v) => v.scopes)
        .reduce((n, s) => n + s.added.length, 0);
    expect(count(revs.stdout)).toBe(23);
    const work = runCli(['diff', 'HEAD~1', 'spec', '--format', 'json'], { cwd: repo });
    expect(count(work.stdout)).toBe(23);
    expect(runCli(['diff', 'HEAD', 'spec'], { cwd: repo }).status).toBe(0);
  });

  test('a tree that is neither a folder nor a revision, or does not validate, is exit 2', () => {
    const r = runCli(['diff', 'no-such-thing', 'spec']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('`no-such-thing` is neither a folder nor a git revision');
    const p = tempProject();
    rmSync(join(p, 'spec/assignments.yaml'));
    const bad = runCli(['diff', 'spec', join(p, 'spec')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('does not validate');
    expect(bad.stderr).toContain('[missing-assignment-file]');
  });
});
