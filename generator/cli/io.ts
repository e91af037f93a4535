/** What a command may touch of the process: its streams and its working directory. */
export interface CliIo {
  readonly cwd: string;
  writeOut(text: string | Uint8Array): void;
  writeErr(text: string): void;
  readStdin(): Promise<Uint8Array>;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    writeOut: (t) => void process.stdout.write(t),
    writeErr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** Problems in the spec or assignment file, drift found by `check`, differences found by `diff`. */
  findings: 1,
  /** Bad usage, a missing or unreadable file or folder. */
  usage: 2,
  /** A bug in imps-tokengen. */
  internal: 3,
} as const;
