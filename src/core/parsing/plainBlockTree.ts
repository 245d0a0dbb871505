import { YScalar } from './yamlNodes';
import type { YMap, YNode, YSeq } from './yamlNodes';

// A fast path for the YAML most manifests are written in: block mappings and sequences of plain or
// simply quoted one-line scalars, with comments. It builds exactly the tree js-yaml's events build for
// such a document (a unit test compares the two on every document of the project's fixtures and on
// random edits of them), several times faster, since it reads a line at a time instead of a character
// and makes no events. Anything else (flow collections, anchors, aliases, tags, block or multi-line
// scalars, escapes, tabs, CR, complex or quoted keys, directives, odd indentation, errors) returns
// undefined, and the caller hands the document to js-yaml, which stays the reference: this file never
// decides what YAML means on its own.

const MAX_DEPTH = 100;

/**
 * Signs, found in one scan without parsing, of a document the fast path would leave anyway: characters
 * js-yaml rejects or treats specially anywhere (control characters, tab, CR, DEL, C1, non-characters and
 * surrogates); a value that opens a block scalar, flow collection, anchor, alias or tag; a line that
 * starts with a quoted, flow or complex key. Such a document goes straight to js-yaml, rather than
 * starting a parse only to abandon it.
 */
const OUTSIDE = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]|: +[|>[{&*!]|^ *(?:- +)?["'[{?]/m;

// Thrown to leave the subset: a constant, not an Error, since capturing a stack trace for each document
// handed to js-yaml would cost more than the fast path saves on a file of large CRDs.
const BAIL = Object.freeze({ bail: true });
const bail = (): never => { throw BAIL; };

/**
 * The tree of the document `docText`, which is `text` from `start` on; undefined when it is not in the
 * plain block subset, or holds no node. Scalars index `text`, so their values are read from it.
 */
export function plainBlockTree(text: string, start: number, docText: string): YNode | undefined {
  if (OUTSIDE.test(docText)) return undefined;
  try {
    return new Reader(text, start, start + docText.length).document();
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

class Reader {
  // The document's content lines (neither blank nor comment), as parallel arrays: where the content
  // starts, its column, where it ends (before a comment and trailing spaces), and whether a comment line
  // indented deeper follows it (js-yaml then reads a plain scalar ending the line differently). Lines
  // are read as the parse needs them, so a document outside the subset costs only up to where it leaves it.
  private readonly indents: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly deeperComment: boolean[] = [];
  private at = 0;
  private depth = 0;
  private pos: number;
  private first = true;

  constructor(private readonly src: string, private readonly docStart: number, private readonly docEnd: number) {
    this.pos = docStart;
  }

  /** Whether content line `n` exists, reading lines up to it (and the comments right after it). */
  private has(n: number): boolean {
    while (this.indents.length <= n + 1 && this.pos < this.docEnd) this.readLine();
    return n < this.indents.length;
  }

  private readLine(): void {
    const src = this.src, pos = this.pos;
    const nl = src.indexOf('\n', pos);
    const end = nl === -1 || nl > this.docEnd ? this.docEnd : nl;
    this.pos = end + 1;
    let i = pos;
    while (i < end && src.charCodeAt(i) === 32) i++;
    if (i === end) return;
    const c = src.charCodeAt(i);
    const last = this.indents.length - 1;
    if (c === 35 /* # */) {
      if (last >= 0 && i - pos > this.indents[last]) this.deeperComment[last] = true;
      return;
    }
    if (i === pos && (c === 45 || c === 46) && (src.startsWith('---', i) || src.startsWith('...', i))) {
      // A document marker: only a bare `---` opening the document is in the subset.
      if (!this.first || c === 46 || trimmedEnd(src, i + 3, end) !== i + 3) bail();
    } else if (c === 37 /* % */ && i === pos) {
      bail();
    } else {
      this.indents.push(i - pos);
      this.starts.push(i);
      this.ends.push(trimmedEnd(src, i, end));
      this.deeperComment.push(false);
    }
    this.first = false;
  }

  /** Whether the content of line `n` is a sequence entry (`-` then a space or nothing). */
  private isEntry(n: number): boolean {
    return this.src.charCodeAt(this.starts[n]) === 45 && isBlank(this.src, this.starts[n] + 1, this.ends[n]);
  }

  document(): YNode | undefined {
    if (!this.has(0)) return undefined;
    if (this.indents[0] !== 0) bail();
    const root = this.node(0, this.starts[0]);
    if (this.has(this.at)) bail();
    return root;
  }

  /** A block node whose first line is the current one, starting at `from` on it, at column `indent`. */
  private node(indent: number, from: number): YMap | YSeq {
    if (++this.depth > MAX_DEPTH) bail();
    const lineEnd = this.ends[this.at];
    let node: YMap | YSeq;
    if (this.src.charCodeAt(from) === 45 /* - */ && isBlank(this.src, from + 1, lineEnd)) node = this.sequence(indent, from);
    else if (keyEnd(this.src, from, lineEnd) !== -1) node = this.mapping(indent, from);
    else return bail(); // a scalar where a collection was expected: a multi-line scalar or an error
    this.depth--;
    return node;
  }

  private sequence(indent: number, from: number): YSeq {
    const seq: YSeq = { t: 'seq', start: from, end: from, items: [], flow: false };
    let start = from;
    for (;;) {
      const line = this.at, lineEnd = this.ends[line];
      let i = start + 1;
      while (i < lineEnd && this.src.charCodeAt(i) === 32) i++;
      let item: YNode;
      if (i === lineEnd) {
        // `-` alone: its item is the block below, indented more.
        this.at++;
        if (!this.has(this.at) || this.indents[this.at] <= indent) bail();
        item = this.node(this.indents[this.at], this.starts[this.at]);
      } else if (this.src.charCodeAt(i) === 45 && isBlank(this.src, i + 1, lineEnd)) {
        return bail(); // `- - x`: a compact nested sequence
      } else if (keyEnd(this.src, i, lineEnd) !== -1) {
        item = this.node(i - this.starts[line] + this.indents[line], i);
      } else {
        item = this.scalar(i, lineEnd);
        this.at++;
      }
      seq.items.push(item);
      if (item.end > seq.end) seq.end = item.end;
      if (!this.has(this.at) || this.indents[this.at] < indent) break;
      if (this.indents[this.at] > indent) bail();
      if (!this.isEntry(this.at)) break; // the parent mapping's next key
      start = this.starts[this.at];
    }
    return seq;
  }

  private mapping(indent: number, from: number): YMap {
    const map: YMap = { t: 'map', start: from, end: from, entries: [], flow: false };
    let start = from;
    for (;;) {
      const lineEnd = this.ends[this.at];
      const colon = keyEnd(this.src, start, lineEnd);
      if (colon === -1) bail();
      const key = new YScalar(start, colon, false, this.src);
      let i = colon + 1;
      while (i < lineEnd && this.src.charCodeAt(i) === 32) i++;
      let value: YNode;
      if (i === lineEnd) {
        this.at++;
        const more = this.has(this.at);
        if (more && this.indents[this.at] > indent) value = this.node(this.indents[this.at], this.starts[this.at]);
        else if (more && this.indents[this.at] === indent && this.isEntry(this.at)) value = this.node(indent, this.starts[this.at]);
        else value = YScalar.empty(this.docStart - 1, this.src);
      } else {
        value = this.scalar(i, lineEnd);
        this.at++;
      }
      map.entries.push({ key, value }); // a plain key is never the merge key `<<`
      const end = value.end > key.end ? value.end : key.end;
      if (end > map.end) map.end = end;
      if (!this.has(this.at) || this.indents[this.at] < indent) break;
      if (this.indents[this.at] > indent) bail(); // a multi-line scalar, or an error
      start = this.starts[this.at];
    }
    return map;
  }

  /** A one-line scalar from `i` to the line's end (comments already trimmed off by `lineEnd`). */
  private scalar(i: number, end: number): YScalar {
    const src = this.src;
    const c = src.charCodeAt(i);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = src.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close === -1 || close >= end) bail();
      if (c === 34 && src.lastIndexOf('\\', close) > i) bail();
      // `''` inside single quotes, or text after the closing quote: not the simple case.
      if (close + 1 !== end) bail();
      return new YScalar(i, close + 1, true, src);
    }
    if (INDICATORS.includes(c) || ((c === 45 || c === 63 || c === 58) && (i + 1 === end || src.charCodeAt(i + 1) === 32))) bail();
    // A plain scalar may not hold `: ` or end with `:` (a mapping on one line), nor ` #` (already cut).
    for (let j = i; j < end - 1; j++) if (src.charCodeAt(j) === 58 && src.charCodeAt(j + 1) === 32) bail();
    if (src.charCodeAt(end - 1) === 58) bail();
    // has() read this line's following comments when it first reached the line.
    if (this.deeperComment[this.at]) bail();
    return new YScalar(i, end, false, src);
  }
}

/** Indicators that start something other than a plain scalar: flow, anchor, alias, tag, block scalar, comment, reserved. */
const INDICATORS = [91, 93, 123, 125, 44, 35, 38, 42, 33, 124, 62, 37, 64, 96]; // [ ] { } , # & * ! | > % @ `

/**
 * Where a plain key that starts at `i` ends (its colon), or -1 when the line is not `key:` or `key: …`
 * with a plain key: a letter, digit or underscore, then those or `.`, `/`, `-`.
 */
function keyEnd(src: string, i: number, end: number): number {
  if (!isKeyChar(src.charCodeAt(i), true)) return -1;
  let colon = i + 1;
  while (colon < end && isKeyChar(src.charCodeAt(colon), false)) colon++;
  if (colon === end || src.charCodeAt(colon) !== 58) return -1;
  return colon + 1 === end || src.charCodeAt(colon + 1) === 32 ? colon : -1;
}

function isKeyChar(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (!first && (c === 46 || c === 47 || c === 45));
}

/** The end of a line's content: before a ` #` comment and trailing spaces. */
function trimmedEnd(src: string, start: number, end: number): number {
  let e = end;
  for (let i = start + 1; i < end; i++) if (src.charCodeAt(i) === 35 && src.charCodeAt(i - 1) === 32) { e = i - 1; break; }
  while (e > start && src.charCodeAt(e - 1) === 32) e--;
  return e;
}

function isBlank(src: string, from: number, end: number): boolean {
  return from >= end || src.charCodeAt(from) === 32;
}
