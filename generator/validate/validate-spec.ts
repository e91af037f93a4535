/**
 * Checks across the composed versions: each version's own tables (./validate-version.ts), then
 * what tells versions apart on the wire. A decoder picks the version of a message by its public
 * id (the number, or its text in the string table) or by the CSP namespace of the root element,
 * so two versions sharing one of them would be decoded with the wrong tables.
 */
import { hex } from '../common/hex.js';
import type { DiagnosticBag, SourceSpan } from '../diagnostics.js';
import type { SpecModel, VersionModel } from '../model/types.js';
import { validateVersion } from './validate-version.js';

export function validateSpec(model: SpecModel, bag: DiagnosticBag): void {
  for (const version of model.versions) validateVersion(version, bag);
  validateIdentities(model.versions, bag);
}

interface Claim {
  readonly version: string;
  readonly at: SourceSpan;
}

/** Public ids, public id texts and CSP namespaces used by more than one version: an error at each place. */
export function validateIdentities(versions: readonly VersionModel[], bag: DiagnosticBag): void {
  const check = (ruleId: string, what: (value: string) => string, claims: Map<string, Claim[]>) => {
    for (const [value, all] of claims) {
      const distinct = new Set(all.map((c) => c.version));
      if (distinct.size < 2) continue;
      for (const claim of all) {
        const others = all.filter((c) => c.version !== claim.version);
        bag.error(
          ruleId,
          `${what(value)} of version ${claim.version} is also that of version ${[...new Set(others.map((c) => c.version))].join(', ')}: ` +
            'a decoder could not tell the versions apart. Give each version its own.',
          claim.at,
          others.map((c) => ({ message: `version ${c.version}`, at: c.at })),
        );
      }
    }
  };
  const publicIds = new Map<string, Claim[]>();
  const texts = new Map<string, Claim[]>();
  const namespaces = new Map<string, Claim[]>();
  for (const v of versions) {
    const id = v.identity;
    claim(publicIds, String(id.publicId), { version: v.version, at: id.at.publicId });
    claim(texts, id.publicIdText, { version: v.version, at: id.at.publicIdText });
    for (const other of id.otherPublicIdTexts) claim(texts, other, { version: v.version, at: id.at.otherPublicIdTexts });
    claim(namespaces, id.namespaces.csp.uri, { version: v.version, at: id.at.csp });
  }
  check('duplicate-public-id', (v) => `Public id ${hex(Number(v))}`, publicIds);
  check('duplicate-public-id-text', (v) => `Public id text \`${v}\``, texts);
  check('duplicate-namespace', (v) => `CSP namespace \`${v}\``, namespaces);
}

function claim(map: Map<string, Claim[]>, key: string, c: Claim): void {
  const list = map.get(key);
  if (list) list.push(c);
  else map.set(key, [c]);
}
