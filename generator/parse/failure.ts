/**
 * A failure inside a parser we depend on (micromark, yaml), as one line for a diagnostic:
 * `RangeError: Maximum call stack size exceeded`, without the stack or absolute paths.
 */
export function describeFailure(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.split('\n')[0]!.slice(0, 200);
}
