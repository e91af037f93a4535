/**
 * Running the CLI from tests. `runMain` runs it in process — `main(argv, io)` with the streams
 * captured and an explicit working directory — which is how every test of a command's behaviour
 * runs it. `runCli` spawns the real executable (see bin.ts); keep it for what only a process
 * shows: that the bin starts, exit codes and output through real streams, stdin.
 */
import { spawnSync } from 'node:child_process';
import { main } from '../../generator/cli/main.js';
import { builtCli } from './bin.js';
import { ROOT } from './paths.js';

export { ROOT, SHARED } from './paths.js';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

/** Runs `imps-tokengen <args>` in process, in `cwd` (default: the repository), with `input` on stdin. */
export async function runMain(args: readonly string[], options: { cwd?: string; input?: string | Uint8Array } = {}): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: string[] = [];
  const status = await main(args, {
    cwd: options.cwd ?? ROOT,
    writeOut: (t) => void out.push(typeof t === 'string' ? Buffer.from(t, 'utf8') : Buffer.from(t)),
    writeErr: (t) => void err.push(t),
    readStdin: async () =>
      typeof options.input === 'string' ? new TextEncoder().encode(options.input) : new Uint8Array(options.input ?? new Uint8Array()),
  });
  const stdoutBytes = Buffer.concat(out);
  return { status, stdout: stdoutBytes.toString('utf8'), stderr: err.join(''), stdoutBytes };
}

/** Spawns the real executable (compiled on first use) in `cwd`, with `input` on stdin. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; input?: string | Uint8Array; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const r = spawnSync(process.execPath, [builtCli(), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), stdoutBytes: r.stdout };
}
