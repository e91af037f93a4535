/**
 * The documents of a spec folder indexed by id, and the checks on how they refer to each other:
 * unique ids, one versions document, compositions that name documents of the right kind and
 * version, and documents no version uses.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import type { DocumentRef } from '../model/types.js';
import type { CompositionDecl, DocumentKind, Located, ParsedDocument, VersionsMeta } from '../parse/types.js';
import { didYouMean } from '../common/did-you-mean.js';

export interface Composition {
  readonly version: string;
  readonly base: ParsedDocument;
  readonly changeRequests: readonly ParsedDocument[];
  readonly datatypes: ParsedDocument | undefined;
  readonly decl: CompositionDecl;
}

export interface Corpus {
  readonly documents: ReadonlyMap<string, ParsedDocument>;
  readonly versionsDocument: ParsedDocument | undefined;
  readonly compositions: readonly Composition[];
}

export function documentRef(doc: ParsedDocument): DocumentRef {
  return {
    id: doc.meta.id.value,
    kind: doc.meta.kind,
    title: doc.meta.title.value,
    status: doc.meta.status.value,
    source: doc.meta.source.value,
    specPath: doc.specPath,
    path: doc.path,
  };
}

/** @param unreadableHint added to messages about a missing id (see compose.ts) */
export function indexCorpus(parsed: readonly ParsedDocument[], bag: DiagnosticBag, unreadableHint = ''): Corpus {
  const documents = new Map<string, ParsedDocument>();
  for (const doc of parsed) {
    const id = doc.meta.id.value;
    const other = documents.get(id);
    if (other) {
      bag.error(
        'duplicate-document-id',
        `Document id \`${id}\` is already used by \`${other.path}\`; ids must be unique.`,
        doc.meta.id.at,
        [{ message: `\`${id}\` first used here`, at: other.meta.id.at }],
      );
      continue;
    }
    documents.set(id, doc);
  }
  const versionsDocs = [...documents.values()].filter((d) => d.meta.kind === 'versions');
  if (versionsDocs.length === 0) {
    bag.error(
      'missing-versions-document',
      "No versions document in the spec folder: add one (`kind: versions`) that lists each version's public id and namespaces and, in `compose`, its base document and change requests.",
    );
    return { documents, versionsDocument: undefined, compositions: [] };
  }
  for (const extra of versionsDocs.slice(1)) {
    bag.error(
      'duplicate-versions-document',
      `Only one versions document is allowed; \`${versionsDocs[0]!.path}\` is the first.`,
      extra.meta.at,
    );
  }
  const versionsDocument = versionsDocs[0]!;
  const meta = versionsDocument.meta as VersionsMeta;
  const used = new Set<string>([meta.id.value]);
  const compositions: Composition[] = [];
  for (const decl of meta.compose) {
    const version = decl.version.value;
    const find = (ref: Located<string>, kind: DocumentKind, role: string): ParsedDocument | undefined => {
      const doc = documents.get(ref.value);
      if (!doc) {
        const candidates = [...documents.values()].filter((d) => d.meta.kind === kind).map((d) => d.meta.id.value);
        bag.error(
          'unknown-document',
          `No ${role} document with id \`${ref.value}\` in the spec folder${didYouMean(ref.value, candidates)}.${unreadableHint}`,
          ref.at,
        );
        return undefined;
      }
      used.add(ref.value);
      if (doc.meta.kind !== kind) {
        bag.error('wrong-document-kind', `\`${ref.value}\` is a ${doc.meta.kind} document, not a ${role}.`, ref.at, [
          { message: 'its front matter', at: doc.meta.at },
        ]);
        return undefined;
      }
      const docVersion = 'version' in doc.meta ? doc.meta.version : undefined;
      if (docVersion && docVersion.value !== version) {
        bag.error(
          'version-mismatch',
          `\`${ref.value}\` is for version ${docVersion.value}, but is composed into version ${version}.`,
          ref.at,
          [{ message: `\`version: "${docVersion.value}"\``, at: docVersion.at }],
        );
        return undefined;
      }
      return doc;
    };
    const base = find(decl.base, 'base', 'base');
    const changeRequests: ParsedDocument[] = [];
    const seen = new Set<string>();
    for (const ref of decl.changeRequests) {
      if (seen.has(ref.value)) {
        bag.error('duplicate-change-request', `Change request \`${ref.value}\` is listed twice for version ${version}.`, ref.at);
        continue;
      }
      seen.add(ref.value);
      const cr = find(ref, 'change-request', 'change-request');
      if (cr) changeRequests.push(cr);
    }
    const datatypes = decl.datatypes ? find(decl.datatypes, 'datatypes', 'datatypes') : undefined;
    if (base && changeRequests.length === decl.changeRequests.length && (datatypes || !decl.datatypes)) {
      compositions.push({ version, base, changeRequests, datatypes, decl });
    }
  }
  for (const doc of documents.values()) {
    if (!used.has(doc.meta.id.value)) {
      bag.warning(
        'unused-document',
        `Document \`${doc.meta.id.value}\` is not composed into any version; add it to \`compose\` in ${versionsDocument.path} or remove it.`,
        doc.meta.id.at,
      );
    }
  }
  return { documents, versionsDocument, compositions };
}
