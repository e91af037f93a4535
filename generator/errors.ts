/**
 * Failures that are not problems in the spec: a missing folder, an unreadable file, a bad flag.
 * The CLI reports them with exit code 2 (spec problems are diagnostics, exit code 1).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
