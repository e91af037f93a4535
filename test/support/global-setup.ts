/**
 * Builds dist/ once before the tests, so that CLI tests always run the current sources (a stale
 * dist/ would make them test yesterday's code). Type errors do not stop the build here (tsc
 * still emits); test/typecheck.test.ts is the test that fails on them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`global setup: tsc reported problems (see typecheck.test.ts):\n${r.stdout}${r.stderr}`);
}
