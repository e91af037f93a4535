/** Which version's tables encode a tree: the one named, else the one whose namespace the root's xmlns is. */
import { WbxmlError } from './errors.js';
import { checkVersionOption, isRegistry } from './options.js';
import type { CspTables } from './tables.js';
import { type CspElement, elementParts, readElement } from './tree.js';

export function tablesFor(doc: CspElement, registry: readonly CspTables[], version?: string, doctypePublicId?: string): CspTables {
  checkVersionOption(version);
  if (!isRegistry(registry)) {
    throw new WbxmlError('bad-option', 'expected the tables of at least one version (the registry of generated/index.ts)');
  }
  // (the list of versions is made only for an error message)
  const versions = (): string => registry.map((r) => r.version).join(', ');
  if (version !== undefined) {
    // (not for-of: Array.prototype's iterator, which other code may replace, is not asked)
    const t = registry.find((r) => r.version === version);
    if (t) return t;
    throw new WbxmlError('unknown-version', `version "${version}" is not one of ${versions()}`);
  }
  const root = elementParts();
  readElement(doc, { where: () => ({ path: '/' }) }, root);
  // (own xmlns only: a hand-built tree's attributes object inherits whatever Object.prototype has)
  const attributes = root.attributes;
  const ns = Object.hasOwn(attributes, 'xmlns') ? attributes['xmlns'] : undefined;
  const byNs = ns === undefined ? undefined : registry.find((r) => r.namespaces.csp === ns);
  if (byNs) return byNs;
  const byDoctype =
    doctypePublicId === undefined
      ? undefined
      : registry.find((r) => r.publicIdText === doctypePublicId || r.otherPublicIdTexts.includes(doctypePublicId));
  if (byDoctype) return byDoctype;
  throw new WbxmlError(
    'unknown-version',
    `cannot tell the CSP version: the root xmlns ${ns === undefined ? 'is missing' : `"${ns}" is not a CSP namespace`}` +
      `${doctypePublicId === undefined ? '' : ` and the DOCTYPE "${doctypePublicId}" is not a CSP public id`}; name the version (one of ${versions()})`,
  );
}
