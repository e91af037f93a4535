/**
 * The YAML front matter every spec document starts with: what the document is (`kind`), which
 * version it defines or applies to, and, for the versions document, how versions are composed.
 */
import type { Yaml } from 'mdast';
import type { Node } from 'yaml';
import { fileSpan, type DiagnosticBag } from '../diagnostics.js';
import { spanOf } from './markdown.js';
import type { CompositionDecl, DocumentKind, DocumentMeta, Located } from './types.js';
import { readMapping, readString, readStringList, YamlSource } from './yaml-source.js';

const RULE = 'front-matter';
const DOCUMENT_KINDS: readonly DocumentKind[] = ['base', 'change-request', 'datatypes', 'versions'];
const COMMON_KEYS = ['id', 'kind', 'title', 'status', 'source'];
const KEYS: Record<DocumentKind, readonly string[]> = {
  base: [...COMMON_KEYS, 'version'],
  'change-request': [...COMMON_KEYS, 'version'],
  datatypes: [...COMMON_KEYS, 'version'],
  versions: [...COMMON_KEYS, 'compose'],
};
const ID = /^[a-z0-9][a-z0-9._-]*$/;
export const VERSION_NUMBER = /^\d+\.\d+$/;

export function readFrontMatter(file: string, node: Yaml | undefined, bag: DiagnosticBag): DocumentMeta | undefined {
  if (!node) {
    bag.error(
      'front-matter-missing',
      'Missing front matter: a spec document starts with a `---` YAML block giving `id`, `kind` ' +
        '(base, change-request, datatypes or versions), `version`, `title`, `status` and `source` (see spec/README.md).',
      fileSpan(file),
    );
    return undefined;
  }
  const src = new YamlSource(file, node.value, node.position!.start.line + 1);
  if (!src.reportErrors(bag, RULE, 'The front matter')) return undefined;
  const at = spanOf(file, node.position);
  const all = readMapping(src, src.document.contents, [], bag, RULE, 'The front matter');
  if (!all) return undefined;

  const kindNode = all.get('kind')?.value;
  const kindValue = kindNode ? readString(src, kindNode, bag, RULE, '`kind`') : undefined;
  if (!kindNode) bag.error(RULE, 'Missing `kind` in the front matter: one of base, change-request, datatypes, versions.', at);
  if (!kindValue) return undefined;
  const kind = kindValue.value as DocumentKind;
  if (!DOCUMENT_KINDS.includes(kind)) {
    bag.error(RULE, `Unknown document kind \`${kindValue.value}\`; expected one of ${DOCUMENT_KINDS.join(', ')}.`, kindValue.at);
    return undefined;
  }
  const entries = readMapping(src, src.document.contents, KEYS[kind], bag, RULE, `the front matter of a ${kind} document`);
  if (!entries) return undefined;

  let ok = true;
  const required = (key: string): Located<string> | undefined => {
    const pair = entries.get(key);
    if (!pair) {
      bag.error(RULE, `Missing \`${key}\` in the front matter of a ${kind} document.`, at);
      ok = false;
      return undefined;
    }
    const value = readString(src, pair.value, bag, RULE, `\`${key}\``);
    if (!value) ok = false;
    return value;
  };
  const id = required('id');
  if (id && !ID.test(id.value)) {
    bag.error(
      RULE,
      `Document id \`${id.value}\` must be lower-case letters, digits, \`.\`, \`_\` and \`-\` (it is used in file names and references).`,
      id.at,
    );
    ok = false;
  }
  const title = required('title');
  const status = required('status');
  const source = required('source');
  if (kind === 'versions') {
    const composeNode = entries.get('compose')?.value;
    if (!composeNode) bag.error(RULE, 'Missing `compose` in the front matter of the versions document.', at);
    const compose = composeNode ? readCompose(src, composeNode, bag) : undefined;
    if (!ok || !compose || !id || !title || !status || !source) return undefined;
    return { kind, id, title, status, source, at, compose };
  }
  const version = required('version');
  if (version && !VERSION_NUMBER.test(version.value)) {
    bag.error(RULE, `Version \`${version.value}\` must be written major.minor, for example \`"1.3"\`.`, version.at);
    ok = false;
  }
  if (!ok || !id || !title || !status || !source || !version) return undefined;
  return { kind, id, title, status, source, at, version };
}

function readCompose(src: YamlSource, node: Node, bag: DiagnosticBag): CompositionDecl[] | undefined {
  const versions = readMapping(src, node, [], bag, RULE, '`compose`');
  if (!versions) return undefined;
  const out: CompositionDecl[] = [];
  for (const [version, pair] of versions) {
    const versionAt = src.spanOf(pair.key);
    if (!VERSION_NUMBER.test(version)) {
      bag.error(RULE, `\`compose\` key \`${version}\` must be a version written major.minor in quotes, for example \`"1.3"\`.`, versionAt);
      continue;
    }
    const fields = readMapping(src, pair.value, ['base', 'change-requests', 'datatypes'], bag, RULE, `\`compose\` entry \`${version}\``);
    if (!fields) continue;
    const baseNode = fields.get('base')?.value;
    if (!baseNode) {
      bag.error(RULE, `\`compose\` entry \`${version}\` needs a \`base\` document id.`, versionAt);
      continue;
    }
    const base = readString(src, baseNode, bag, RULE, '`base`');
    const crNode = fields.get('change-requests');
    const changeRequests = crNode ? readStringList(src, crNode.value, bag, RULE, '`change-requests`') : [];
    const dtNode = fields.get('datatypes');
    const datatypes = dtNode ? readString(src, dtNode.value, bag, RULE, '`datatypes`') : undefined;
    if (!base || !changeRequests || (dtNode && !datatypes)) continue;
    out.push({ version: { value: version, at: versionAt }, base, changeRequests, datatypes });
  }
  return out;
}
