/**
 * The plain element tree the codec reads and writes. It is deliberately the same shape as a DOM-less
 * XML tree: element names and attribute names are the spec's names, text is text. Typed content is
 * text too (an integer is `"401"`, a date-time `"20010925T165859Z"`), so that a tree decoded from
 * WBXML and a tree parsed from XML text compare equal.
 */

import { badStructure } from './errors.js';
import { overLimit } from './options.js';

/** One element: its name, its attributes (`xmlns` included) and its children in order. */
export interface CspElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly CspNode[];
}

/**
 * A child: an element, a text, or raw OPAQUE bytes (binary content such as a `ContentData` the
 * sender wrote as OPAQUE; it round-trips as OPAQUE).
 */
export type CspNode = CspElement | string | Uint8Array;

/**
 * Attribute objects have no Object.prototype in their chain, so an attribute named `__proto__` or
 * `constructor` is data and nothing added to Object.prototype shows up in them. They are instances
 * of a class whose (frozen, empty) prototype has a null prototype, rather than `Object.create(null)`
 * objects: V8 keeps those as slow dictionaries, five times the memory (187 bytes against 34 for
 * one attribute), which a hostile message of many attributes would multiply.
 */
const Attributes = /*@__PURE__*/ attributesClass();

// (made in a function marked pure, so that a bundle that makes no attributes drops it)
function attributesClass(): new () => object {
  class Attributes {}
  Object.setPrototypeOf(Attributes.prototype, null);
  Reflect.deleteProperty(Attributes.prototype, 'constructor');
  Object.freeze(Attributes.prototype);
  return Attributes;
}

/** A new, empty attributes object of that class (the decoder and the XML reader fill it). */
export function emptyAttributes(): Record<string, string> {
  return new Attributes() as Record<string, string>;
}

/** Shared by every element without attributes (frozen: the tree is read-only). */
export const NO_ATTRIBUTES: Record<string, string> = /*@__PURE__*/ Object.freeze(/*@__PURE__*/ emptyAttributes());

/**
 * A caller's element as a walk reads it: each part read once and checked, so that what is checked
 * is what is used (a getter is asked once, and cannot hand the walk one value to check and another
 * to use). `attributes` is the element's own, or {@link NO_ATTRIBUTES} when it has none — also when
 * what it reads is the `attributes` other code put on Object.prototype (a hand-built element may
 * leave the property out, and would then inherit that object and write it everywhere).
 */
export interface ElementParts {
  el: CspElement;
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: readonly CspNode[];
}

/** A holder for {@link readElement}, one per walk (its fields are overwritten element after element). */
export function elementParts(): ElementParts {
  return { el: { name: '', attributes: NO_ATTRIBUTES, children: [] }, name: '', attributes: NO_ATTRIBUTES, children: [] };
}

/**
 * Checks that `node` is an element — an object with a string name, an attributes object (or none)
 * and a children array — and reads its parts into `into`; a `bad-structure` error at `at` otherwise.
 */
export function readElement(node: unknown, at: { where(): { path: string } }, into: ElementParts): void {
  if (node === null || typeof node !== 'object') {
    throw badStructure(`a child that is neither an element, a string nor a Uint8Array (${typeof node})`, at.where());
  }
  const el = node as Partial<CspElement>;
  const name: unknown = el.name;
  if (typeof name !== 'string') throw badStructure('an element without a string name', at.where());
  const children: unknown = el.children;
  if (!Array.isArray(children)) throw badStructure(`<${name}> has no children array`, at.where());
  const attributes: unknown = el.attributes;
  if (attributes !== undefined && (attributes === null || typeof attributes !== 'object')) {
    throw badStructure(`<${name}> has attributes that are not an object`, at.where());
  }
  into.el = el as CspElement;
  into.name = name;
  into.children = children;
  into.attributes =
    attributes === undefined ||
    (attributes === (Object.prototype as { attributes?: unknown }).attributes && !Object.hasOwn(el, 'attributes'))
      ? NO_ATTRIBUTES
      : (attributes as Readonly<Record<string, string>>);
}

/** Builds an element; a convenience for hand-written trees. */
export function element(name: string, attributes: Readonly<Record<string, string>> = {}, children: readonly CspNode[] = []): CspElement {
  return { name, attributes, children };
}

/** True for an element child (as opposed to text or bytes). */
export function isElement(node: CspNode): node is CspElement {
  return typeof node === 'object' && !(node instanceof Uint8Array);
}

/** The concatenated text of an element's text children (bytes and elements skipped). */
export function textOf(el: CspElement): string {
  let s = '';
  for (const c of el.children) if (typeof c === 'string') s += c;
  return s;
}

/**
 * The path of an element for error messages, `/WV-CSP-Message/Session/ContentSize`; a very deep
 * one keeps its first and last names (`/a/b/…(9,984 more)…/y/z`), so that a message stays short.
 */
export function elementPath(names: readonly string[]): string {
  if (names.length <= 24) return '/' + names.join('/');
  return `/${names.slice(0, 8).join('/')}/…(${names.length - 16} more)…/${names.slice(-8).join('/')}`;
}

/** What {@link walkTree} calls, in document order. */
export interface TreeVisitor {
  /**
   * An element starts (its parts read once, see {@link ElementParts}); `depth` is 0 for the root.
   * `elementsOnly`: it has children and all are elements (told only when {@link scansChildren}).
   */
  start(name: string, attributes: Readonly<Record<string, string>>, elementsOnly: boolean, depth: number): void;
  /** Whether `start` needs `elementsOnly`: the walk then reads the children before the start (each once). */
  readonly scansChildren: boolean;
  text(text: string): void;
  bytes(bytes: Uint8Array): void;
  /** The element started last and not ended yet ends. */
  end(depth: number): void;
  /** Where the walk is, for error messages. */
  where(): { path: string };
}

/** One element being walked: which child comes next. */
interface WalkFrame {
  el: CspElement;
  children: readonly CspNode[];
  /** The children the scan read (a prefix: it stops at the first that is not an element), used instead of reading them again. */
  read: unknown[];
  next: number;
}

/** From this depth on a walk keeps the elements of its path in a set, to catch a cyclic tree. */
const CYCLE_CHECK_DEPTH = 32;

/**
 * The checks of every element a walk of a caller's tree enters — {@link walkTree}'s and the
 * encoder's own walk make the same ones, with the same errors: at most `maxDepth` deep, at most
 * `maxElements` elements (a shared subtree counts at each visit: that is what would be written),
 * and, from {@link CYCLE_CHECK_DEPTH} on, no element inside itself.
 */
export class ElementGuard {
  readonly #limits: { readonly maxDepth: number; readonly maxElements: number };
  #elements = 0;
  #onPath: Set<CspElement> | undefined;

  constructor(limits: { readonly maxDepth: number; readonly maxElements: number }) {
    this.#limits = limits;
  }

  /** The element read into `cur` is entered at `depth` (0 for the root); `at` says where for an error. */
  enter(cur: ElementParts, depth: number, at: { where(): { path: string } }): void {
    const limits = this.#limits;
    if (depth >= limits.maxDepth) throw overLimit(`an element at depth ${limits.maxDepth + 1}`, 'maxDepth', limits, at.where());
    if (++this.#elements > limits.maxElements) throw overLimit(`element ${this.#elements}`, 'maxElements', limits, at.where());
    if (depth >= CYCLE_CHECK_DEPTH) {
      const onPath = (this.#onPath ??= new Set());
      if (onPath.has(cur.el)) throw badStructure(`the tree is cyclic: <${cur.name}> contains itself`, at.where());
      onPath.add(cur.el);
    }
  }

  /** `el`, entered at `depth`, is left. */
  leave(el: CspElement, depth: number): void {
    if (depth >= CYCLE_CHECK_DEPTH) this.#onPath!.delete(el);
  }

  /** How many more elements `maxElements` lets through. */
  room(): number {
    return this.#limits.maxElements - this.#elements;
  }
}

/**
 * Walks a caller-built tree in document order with an explicit stack (no recursion: no depth can
 * overflow the call stack), checking what the types cannot promise at run time: every element is
 * an object with a string name, an attributes object (or none) and a children array; every child
 * is an element, a string or a Uint8Array; the tree is not cyclic; it nests at most `maxDepth` deep
 * and has at most `maxElements` elements (a tree that shares one subtree many times counts it each
 * time: that is what would be written). Each failure is a `WbxmlError` with the element path.
 */
export function walkTree(doc: unknown, visitor: TreeVisitor, limits: { readonly maxDepth: number; readonly maxElements: number }): void {
  const cur = elementParts();
  readElement(doc, visitor, cur);
  const guard = new ElementGuard(limits);
  // The open elements: frames reused per depth (one allocation per level, not per element).
  const frames: WalkFrame[] = [];
  let depth = 0;
  for (;;) {
    // The element read into `cur` starts at `depth`.
    const el = cur.el;
    const children = cur.children;
    guard.enter(cur, depth, visitor);
    // (the frames array is only read below its length: past it, `frames[depth]` is Array.prototype's)
    let frame: WalkFrame;
    if (depth < frames.length) {
      frame = frames[depth]!;
      frame.el = el;
      frame.children = children;
      frame.next = 0;
      // (only when the scan kept children: setting an array's length is a builtin call, a few
      // per cent of a walk that does not scan)
      if (frame.read.length !== 0) frame.read.length = 0;
    } else {
      frame = { el, children, read: [], next: 0 };
      frames.push(frame);
    }
    let elementsOnly = false;
    if (visitor.scansChildren) {
      // Read here once, and not again by the walk: a getter cannot pass the scan with elements and
      // then give the walk text. At most as many as maxElements lets through are kept.
      const n = children.length;
      const most = guard.room() + 1;
      const read = frame.read;
      elementsOnly = n > 0;
      for (let i = 0; i < n && i < most; i++) {
        const c: unknown = children[i];
        read.push(c);
        if (typeof c !== 'object' || c === null || c instanceof Uint8Array) {
          elementsOnly = false;
          break;
        }
      }
    }
    visitor.start(cur.name, cur.attributes, elementsOnly, depth);
    depth++;
    // Children of the innermost open element until one is an element (walked next) or none is left.
    for (;;) {
      const children = frame.children;
      const read = frame.read;
      if (frame.next < read.length || frame.next < children.length) {
        const i = frame.next++;
        const child: unknown = i < read.length ? read[i] : children[i];
        if (typeof child === 'string') visitor.text(child);
        // Not by its `children` (read once, by readElement) and not by what it inherits: a Uint8Array
        // is bytes even when Object.prototype has a `children` array.
        else if (child instanceof Uint8Array) visitor.bytes(child);
        else {
          readElement(child, visitor, cur); // (throws for what is not an element)
          break;
        }
        continue;
      }
      depth--;
      guard.leave(frame.el, depth);
      visitor.end(depth);
      if (depth === 0) return;
      frame = frames[depth - 1]!;
    }
  }
}
