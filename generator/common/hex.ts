/** Hex formatting of tokens and code pages, the one way the project writes them. */

/** `0x1A`: how tokens are written in messages and generated code. */
export function hex(value: number, width = 2): string {
  return '0x' + value.toString(16).toUpperCase().padStart(width, '0');
}
