/**
 * `diff` through the API: the spec before and after the multiple-sessions change request differ
 * by exactly the request's 23 tokens; git revisions work like folders; identical trees have no
 * changes; renumbered and renamed tokens are told apart. The markdown the CLI prints and its exit
 * codes, in process.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { diff, UsageError, type SpecDiff } from '../../generator/index.js';
import { ROOT, runMain, SHARED } from '../support/cli.js';
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

const added = (d: SpecDiff) =>
  d.versions
    .flatMap((v) => v.scopes)
    .flatMap((s) => {
      const page = s.scope.kind === 'tag' ? '0x' + s.scope.page.toString(16).toUpperCase().padStart(2, '0') : '';
      return s.added.map((a) => `${s.scope.kind} ${page} 0x${a.token.toString(16).toUpperCase().padStart(2, '0')} ${a.name}`);
    });

describe('diff', () => {
  let before: string;
  beforeAll(() => {
    before = tempProject();
    specBeforeCr(before);
  });

  test('before vs after the multiple-sessions CR lists exactly its 23 tokens as added', async () => {
    const d = await diff({ cwd: ROOT, from: join(before, 'spec'), to: 'spec' });
    expect(d.versions.map((v) => [v.version, v.status])).toEqual([['1.3', 'changed']]);
    for (const s of d.versions[0]!.scopes) expect([s.removed, s.renamed, s.renumbered]).toEqual([[], [], []]);
    expect(added(d).sort()).toEqual(crRows());
    expect(added(d)).toHaveLength(23);
  });

  test('the CLI prints the changes as markdown and exits 1 (mini spec before and after its CR)', async () => {
    const p = tempProject('test/fixtures/mini-spec');
    const versions = join(p, 'spec/versions.md');
    writeFileSync(versions, readFileSync(versions, 'utf8').replace('    change-requests: [cr-widgets]\n', ''));
    rmSync(join(p, 'spec/cr-widgets.md'));
    rmSync(join(p, 'spec/assignments.yaml'));
    const r = await runMain(['diff', 'spec', join(ROOT, 'test/fixtures/mini-spec')], { cwd: p });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('## Version 1.1: 4 changes\n');
    expect(r.stdout).toContain(
      '### Common code page (0x00)\n\n| Change | Name | Token |\n| --- | --- | --- |\n| added | `Widget` | 0x0A |\n| added | `Widget-List` | 0x0B |\n',
    );
    expect(r.stdout).toContain('### Value tokens\n\n| Change | Name | Token |\n| --- | --- | --- |\n| added | `BLUE` | 0x84 |\n');
  });

  test('identical trees have no changes (exit 0); a renumbered and a renamed token are reported as such', async () => {
    const mini = 'test/fixtures/mini-spec';
    const same = await runMain(['diff', mini, mini]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('No differences');
    const p = tempProject(mini);
    const base = join(p, 'spec/mini-1.0.md');
    writeFileSync(base, readFileSync(base, 'utf8').replace('| Count | 08 |', '| Count | 0C |').replace('| T | 01 |', '| TRUE | 01 |'));
    const d = await diff({ cwd: ROOT, from: mini, to: join(p, 'spec') });
    expect(d.versions.map((v) => v.version)).toEqual(['1.0']);
    expect(d.versions[0]!.scopes.flatMap((s) => s.renumbered)).toEqual([{ name: 'Count', from: 0x08, to: 0x0c }]);
    expect(d.versions[0]!.scopes.flatMap((s) => s.renamed)).toEqual([{ token: 0x01, from: 'T', to: 'TRUE' }]);
  });

  test('git revisions: HEAD~1 against HEAD and against the working tree', async () => {
    const repo = tempDir();
    cpSync(join(ROOT, 'test/fixtures/mini-spec'), join(repo, 'spec'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        stdio: 'pipe',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'before');
    const a = join(repo, 'spec/assignments.yaml');
    writeFileSync(join(repo, 'spec/cr-widgets.md'), readFileSync(join(repo, 'spec/cr-widgets.md'), 'utf8') + '| GREEN | XX |\n');
    writeFileSync(a, readFileSync(a, 'utf8').replace('    BLUE: 0x84\n', '    BLUE: 0x84\n    GREEN: 0x85\n'));
    git('commit', '-qam', 'GREEN');
    expect(added(await diff({ cwd: repo, from: 'HEAD~1', to: 'HEAD' }))).toEqual(['value  0x85 GREEN']);
    expect(added(await diff({ cwd: repo, from: 'HEAD~1', to: 'spec' }))).toEqual(['value  0x85 GREEN']);
    expect(added(await diff({ cwd: repo, from: 'HEAD~1:spec', to: 'spec' }))).toEqual(['value  0x85 GREEN']);
    expect((await diff({ cwd: repo, from: 'HEAD', to: 'spec' })).versions).toEqual([]);
  });

  test('a tree that is neither a folder nor a revision, or does not validate, is a usage error', async () => {
    const neither = diff({ cwd: ROOT, from: 'no-such-thing', to: 'test/fixtures/mini-spec' });
    await expect(neither).rejects.toThrow(UsageError);
    await expect(neither).rejects.toThrow('`no-such-thing` is neither a folder nor a git revision');
    const p = tempProject('test/fixtures/mini-spec');
    rmSync(join(p, 'spec/assignments.yaml'));
    const invalid = diff({ cwd: p, from: join(ROOT, 'test/fixtures/mini-spec'), to: 'spec' });
    await expect(invalid).rejects.toThrow(/^`spec` does not validate, so its tables cannot be compared:\n.*\[missing-assignment-file\]/s);
  });
});
