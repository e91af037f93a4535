/**
 * The markdown and YAML parsers are dependencies: whatever they throw on a spec file becomes a
 * diagnostic at that file (never exit code 3). The failures are injected, since the input limits
 * keep every input we know of from causing one.
 */
import { createRequire } from 'node:module';
import type { Processor } from 'unified';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { DiagnosticBag } from '../../generator/diagnostics.js';

// The suite shares module caches between files (isolate: false), so the parsers may already be
// loaded: the mocks are registered with doMock and the modules under test imported afresh.

// remark-parse installs its parser on the processor; the mock wraps that parser.
vi.doMock('remark-parse', async (original) => {
  const real = (await original<typeof import('remark-parse')>()).default;
  return {
    default: function remarkParseBreakable(this: Processor) {
      (real as (this: Processor) => void).call(this);
      const parse = this.parser!;
      this.parser = (text, file) => {
        if (text.includes('BREAK THE PARSER')) throw new RangeError('Maximum call stack size exceeded');
        return parse(text, file);
      };
    },
  };
});

// The YAML library is CommonJS, required on first use (parse/yaml-source.ts), so the failure is
// injected into its one exports object, which every require of it shares.
const yamlLibrary = createRequire(import.meta.url)('yaml') as typeof import('yaml');
const realParseDocument = yamlLibrary.parseDocument as (text: string, ...rest: never[]) => ReturnType<typeof yamlLibrary.parseDocument>;
const parseDocumentSpy = vi.spyOn(yamlLibrary, 'parseDocument').mockImplementation(((text: string, ...rest: never[]) => {
  if (text.includes('BREAK YAML')) throw new TypeError('Cannot read properties of undefined');
  return realParseDocument(text, ...rest);
}) as typeof yamlLibrary.parseDocument);

vi.resetModules();
const { parseSpecDocument } = await import('../../generator/parse/document.js');
const { parseAssignments } = await import('../../generator/parse/assignments.js');

describe('a failure inside a parser', () => {
  afterAll(() => {
    vi.doUnmock('remark-parse');
    parseDocumentSpy.mockRestore();
    vi.resetModules();
  });

  test('markdown: a diagnostic at the file, the document left out', () => {
    const bag = new DiagnosticBag();
    expect(parseSpecDocument('# BREAK THE PARSER\n', { path: 'x.md', specPath: 'x.md' }, bag)).toBeUndefined();
    expect(bag.list().map((d) => [d.ruleId, d.at, d.message])).toEqual([
      [
        'markdown-parser-failure',
        { file: 'x.md', line: 1, column: 1, endLine: 1, endColumn: 1 },
        'The markdown parser could not read this file (RangeError: Maximum call stack size exceeded). ' +
          'The input limits should prevent this; if the file is an ordinary spec document, please report it with the file.',
      ],
    ]);
  });

  test('YAML (front matter and the assignment file): a diagnostic at the file', () => {
    const bag = new DiagnosticBag();
    expect(parseAssignments('x: 1 # BREAK YAML\n', 'spec/assignments.yaml', bag)).toBeUndefined();
    expect(parseSpecDocument('---\nid: x # BREAK YAML\n---\n', { path: 'x.md', specPath: 'x.md' }, bag)).toBeUndefined();
    expect(bag.list().map((d) => `${d.at!.file}:${d.at!.line} ${d.ruleId}: ${d.message}`)).toEqual([
      'spec/assignments.yaml:1 assignment-file: The assignment file could not be read by the YAML parser (TypeError: Cannot read properties of undefined).',
      'x.md:2 front-matter: The front matter could not be read by the YAML parser (TypeError: Cannot read properties of undefined).',
    ]);
  });
});
