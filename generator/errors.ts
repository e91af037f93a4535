/**
 * Failures that are not problems in the spec: a missing folder, an unreadable file, a bad flag.
 * The CLI reports them with exit code 2 (spec problems are diagnostics, exit code 1).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The reason of a file-system error without the absolute path Node appends (`ELOOP: too many
 * symbolic links encountered`): messages name paths relative to the working directory, and stay
 * the same on every machine.
 */
export function ioReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, '');
}
