/**
 * The rows of each kind of table, as written: token rows, deliberate duplicates, data types,
 * versions and requirements. A row that cannot be read is reported and left out; the others are
 * still read, so one run shows every problem.
 */
import type { DiagnosticBag } from '../diagnostics.js';
import { type CellText, readToken } from './cells.js';
import { VERSION_NUMBER } from './front-matter.js';
import type { ReadTable } from './tables.js';
import type {
  AttributeStartRow,
  DataTypeName,
  DataTypeRow,
  DocumentKind,
  DuplicateDecl,
  Located,
  RequirementRow,
  TokenRow,
  VersionRow,
} from './types.js';

/** XML element and attribute names (no colon: CSP has no prefixed names). */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** How a table kind is named in messages. */
export function describeTableKind(kind: ReadTable['kind']): string {
  return {
    tag: '`Tag name | Token`',
    attrstart: 'attribute start token',
    value: 'value token',
    datatype: 'data type',
    version: 'versions',
    requirement: 'requirements',
    'duplicate-token': 'duplicate token',
    'duplicate-name': 'duplicate name',
  }[kind];
}

/** A name cell: non-empty, and an XML name where it names an element or attribute. */
function readName(cell: CellText, xmlName: boolean, what: string, bag: DiagnosticBag): Located<string> | undefined {
  if (cell.text === '') {
    bag.error('empty-cell', `Missing name in a ${what} row.`, cell.at);
    return undefined;
  }
  if (xmlName && !XML_NAME.test(cell.text)) {
    bag.error(
      'invalid-name',
      `\`${cell.text}\` is not an XML name (letters, digits, \`.\`, \`-\`, \`_\`; no spaces), so it cannot be an element or attribute name.`,
      cell.at,
    );
    return undefined;
  }
  return { value: cell.text, at: cell.at };
}

/** The rows of a tag, attribute start or value table. */
export function readTokenRows(
  table: ReadTable,
  documentKind: DocumentKind | undefined,
  bag: DiagnosticBag,
): { rows: TokenRow[]; attributeStarts: AttributeStartRow[] } {
  const rows: TokenRow[] = [];
  const attributeStarts: AttributeStartRow[] = [];
  const tokenColumn = table.kind === 'attrstart' ? 2 : 1;
  for (const { cells, at } of table.rows) {
    const name = readName(cells[0]!, table.kind !== 'value', describeTableKind(table.kind), bag);
    const what = name ? `\`${name.value}\`` : 'this row';
    const token = readToken(cells[tokenColumn]!, bag, what);
    const note = table.hasNote ? cells[cells.length - 1]!.raw : '';
    if (token?.kind === 'placeholder' && documentKind === 'base') {
      bag.error(
        'placeholder-in-base',
        `Placeholder \`${token.text}\` for ${what} in a base document: a base states published tokens; ` +
          'new tokens belong in a change request.',
        token.at,
      );
      continue;
    }
    if (!name || !token) continue;
    if (table.kind === 'attrstart') {
      const prefixCell = cells[1]!;
      if (prefixCell.text === '') {
        bag.error('empty-cell', `Missing attribute value prefix for ${what}.`, prefixCell.at);
        continue;
      }
      attributeStarts.push({ name, token, note, at, valuePrefix: { value: prefixCell.text, at: prefixCell.at } });
    } else {
      rows.push({ name, token, note, at });
    }
  }
  return { rows, attributeStarts };
}

function readHexList(cell: CellText, what: string, bag: DiagnosticBag): Located<number>[] | undefined {
  const out: Located<number>[] = [];
  for (const part of cell.text.split(',')) {
    const t = readToken({ text: part.trim(), at: cell.at }, bag, what);
    if (!t) return undefined;
    if (t.kind === 'placeholder') {
      bag.error('invalid-token', `A duplicate declaration needs assigned tokens, not \`${t.text}\`.`, cell.at);
      return undefined;
    }
    out.push({ value: t.value, at: cell.at });
  }
  return out;
}

/** The rows of a `Duplicate token | …` or `Duplicate name | …` table. */
export function readDuplicates(table: ReadTable, bag: DiagnosticBag): DuplicateDecl[] {
  const out: DuplicateDecl[] = [];
  for (const { cells, at } of table.rows) {
    const [first, list, preferredCell, reasonCell] = cells as [CellText, CellText, CellText, CellText];
    if (table.kind === 'duplicate-token') {
      const tokens = readHexList(first, 'a duplicate token', bag);
      const names = list.text.split(',').map((n) => ({ value: n.trim(), at: list.at }));
      if (tokens?.length !== 1 || names.length < 2 || names.some((n) => n.value === '')) {
        if (tokens && (tokens.length !== 1 || names.length < 2)) {
          bag.error(
            'invalid-duplicate',
            'A duplicate token row names one token and at least two names (`3D | GROUP_ID, History | GROUP_ID | why`).',
            at,
          );
        }
        continue;
      }
      if (!names.some((n) => n.value === preferredCell.text)) {
        bag.error(
          'invalid-duplicate',
          `\`Decode as\` must be one of the names (${names.map((n) => `\`${n.value}\``).join(', ')}).`,
          preferredCell.at,
        );
        continue;
      }
      out.push({
        kind: 'token',
        token: tokens[0]!,
        names,
        preferred: { value: preferredCell.text, at: preferredCell.at },
        reason: reasonCell.raw,
        at,
      });
    } else {
      const tokens = readHexList(list, `duplicate name \`${first.text}\``, bag);
      const preferred = readHexList(preferredCell, '`Encode as`', bag);
      if (!tokens || !preferred) continue;
      if (first.text === '' || tokens.length < 2 || preferred.length !== 1) {
        bag.error('invalid-duplicate', 'A duplicate name row names one name and at least two tokens (`SMS | 43, 75 | 43 | why`).', at);
        continue;
      }
      if (!tokens.some((t) => t.value === preferred[0]!.value)) {
        bag.error('invalid-duplicate', '`Encode as` must be one of the tokens.', preferredCell.at);
        continue;
      }
      out.push({ kind: 'name', name: { value: first.text, at: first.at }, tokens, preferred: preferred[0]!, reason: reasonCell.raw, at });
    }
  }
  return out;
}

/** The rows of an `Element | Data type` table. */
export function readDataTypes(table: ReadTable, bag: DiagnosticBag): DataTypeRow[] {
  const out: DataTypeRow[] = [];
  for (const { cells, at } of table.rows) {
    const element = readName(cells[0]!, true, 'data type', bag);
    const typeCell = cells[1]!;
    const type = typeCell.text.toLowerCase().replace(/[-\s]/g, '');
    if (type !== 'integer' && type !== 'datetime') {
      bag.error('invalid-datatype', `Unknown data type \`${typeCell.text}\`: expected \`integer\` or \`datetime\`.`, typeCell.at);
      continue;
    }
    if (!element) continue;
    out.push({ element, type: { value: type as DataTypeName, at: typeCell.at }, note: table.hasNote ? cells[2]!.raw : '', at });
  }
  return out;
}

/** The rows of the versions table. */
export function readVersionRows(table: ReadTable, bag: DiagnosticBag): VersionRow[] {
  const out: VersionRow[] = [];
  for (const { cells, at } of table.rows) {
    const [version, publicId, text, others, root, csp, trc, pa] = cells as CellText[] as [
      CellText,
      CellText,
      CellText,
      CellText,
      CellText,
      CellText,
      CellText,
      CellText,
    ];
    if (!VERSION_NUMBER.test(version.text)) {
      bag.error('invalid-version', `Version \`${version.text}\` must be written major.minor, for example \`1.3\`.`, version.at);
      continue;
    }
    const id = readToken(publicId, bag, `the public id of ${version.text}`);
    if (id?.kind === 'placeholder') {
      bag.error(
        'invalid-public-id',
        `The public id of ${version.text} is the placeholder \`${id.text}\`: state the registered public id in hex (\`10\` is CSP 1.1's); placeholders belong in change requests.`,
        publicId.at,
      );
    }
    if (id?.kind !== 'explicit') continue;
    const empty = [text, root, csp, trc, pa].find((c) => c.text === '');
    if (empty) {
      bag.error('empty-cell', `Missing value in the row of version ${version.text}.`, empty.at);
      continue;
    }
    const loc = (c: CellText): Located<string> => ({ value: c.text, at: c.at });
    out.push({
      version: loc(version),
      publicId: { value: id.value, at: publicId.at },
      publicIdText: loc(text),
      otherPublicIdTexts: others.text === '' ? [] : others.text.split(',').map((t) => ({ value: t.trim(), at: others.at })),
      rootElement: loc(root),
      namespaces: { csp: loc(csp), trc: loc(trc), pa: loc(pa) },
      at,
    });
  }
  return out;
}

/** The rows of a change request's requirements table. */
export function readRequirements(table: ReadTable): RequirementRow[] {
  return table.rows.map(({ cells, at }) => ({ ref: cells[0]!.text, useCase: cells[1]!.raw, text: cells[2]!.raw, at }));
}
