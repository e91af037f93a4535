/**
 * Occupancy grids: which slots of a code page (64 tag tokens) or of a value-token block (16
 * tokens) are free, used by the base, newly assigned by the change request under review, or in
 * conflict — the picture a reviewer checks an assignment against.
 */
import type { ChangeRequestReport } from '../compose/types.js';
import type { Token, VersionModel } from '../model/types.js';

export type SlotState =
  /** WBXML reserves tag tokens 0x00-0x04 (global tokens). */
  | 'reserved'
  | 'free'
  /** Used by the base or by another change request. */
  | 'base'
  /** Added by this change request (an assigned placeholder, a stated new name, or a correction). */
  | 'new'
  /** Two or more names on the token that the spec does not declare as a deliberate duplicate. */
  | 'conflict'
  /** Two names on the token, declared deliberate in the spec (SMS, GROUP_ID/History). */
  | 'declared-duplicate';

export interface Slot {
  readonly token: number;
  readonly state: SlotState;
  readonly names: readonly string[];
}

export interface OccupancyGrid {
  /** `tag` grids cover a whole code page, `value` grids one block of 16 value tokens. */
  readonly kind: 'tag' | 'value';
  /** The code page, for tag grids. */
  readonly page?: number;
  readonly title: string;
  /** First token of the grid. */
  readonly from: number;
  /** Slots per row when drawn: 8 for a code page, 16 for a value block. */
  readonly columns: number;
  readonly slots: readonly Slot[];
}

const TAG_SLOTS = 64;
const VALUE_BLOCK = 16;

function slotState(tokens: readonly Token[], crId: string, declared: boolean): SlotState {
  if (tokens.length === 0) return 'free';
  const names = new Set(tokens.map((t) => t.name));
  if (names.size > 1) return declared ? 'declared-duplicate' : 'conflict';
  return tokens.some((t) => t.origin.change?.changeRequest === crId) ? 'new' : 'base';
}

/** The grids of every code page and value block the change request's rows resolve into. */
export function occupancyGrids(version: VersionModel, report: ChangeRequestReport): OccupancyGrid[] {
  const crId = report.document.id;
  const grids: OccupancyGrid[] = [];
  const pages = new Set<number>();
  const blocks = new Set<number>();
  for (const row of report.rows) {
    if (row.scope.kind === 'tag') pages.add(row.scope.page);
    else if (row.scope.kind === 'value') {
      // Blocks where the request changes something; rows that only restate the base need no picture.
      const tokens =
        row.status === 'assigned' || row.status === 'added' || row.status === 'corrected'
          ? [row.token!]
          : row.status === 'disagrees' && row.stated.kind === 'explicit'
            ? [row.stated.value]
            : [];
      if (row.erratum) tokens.push(row.erratum.stated);
      for (const t of tokens) blocks.add(t - (t % VALUE_BLOCK));
    }
  }
  const declaredTokens = new Set(version.duplicates.filter((d) => d.kind === 'token').map((d) => (d as { token: number }).token));
  const declaredNames = new Set(version.duplicates.filter((d) => d.kind === 'name').map((d) => (d as { name: string }).name));

  for (const page of [...pages].sort((a, b) => a - b)) {
    const cp = version.codePages.find((p) => p.page === page);
    const slots: Slot[] = [];
    for (let token = 0; token < TAG_SLOTS; token++) {
      const here = cp ? cp.tokens.filter((t) => t.token === token) : [];
      slots.push({
        token,
        state: token < 0x05 && here.length === 0 ? 'reserved' : slotState(here, crId, false),
        names: here.map((t) => t.name),
      });
    }
    grids.push({ kind: 'tag', page, title: cp ? cp.title : `code page ${page}`, from: 0, columns: 8, slots });
  }
  for (const from of [...blocks].sort((a, b) => a - b)) {
    const slots: Slot[] = [];
    for (let token = from; token < from + VALUE_BLOCK; token++) {
      const here = version.values.filter((v) => v.token === token);
      const declared = declaredTokens.has(token) || here.some((v) => declaredNames.has(v.name));
      slots.push({ token, state: slotState(here, crId, declared), names: here.map((v) => v.name) });
    }
    grids.push({ kind: 'value', title: 'Value tokens', from, columns: VALUE_BLOCK, slots });
  }
  return grids;
}
