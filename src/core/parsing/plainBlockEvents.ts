import { EVENT_ID } from 'js-yaml';
import type { Event } from 'js-yaml';

// A fast path for the YAML most manifests are written in: block mappings and sequences of plain or
// simply quoted one-line scalars, with comments. It gives exactly the events js-yaml's parseEvents gives
// for such a document (a unit test compares the two on every document of the corpus and on random
// edits of them), in a third of the time, since it reads a line at a time instead of a character.
// Anything else (flow collections, anchors, aliases, tags, block or multi-line scalars, escapes, tabs,
// CR, complex keys, directives, odd indentation, errors) returns undefined, and the caller hands the
// document to js-yaml, which is the reference: this file never decides what YAML means on its own.

const STYLE_PLAIN = 1, STYLE_SINGLE = 2, STYLE_DOUBLE = 3;
const MAX_DEPTH = 100;

/** Characters js-yaml rejects or treats specially anywhere: control characters, tab, CR, DEL, C1, non-characters and surrogates. */
const UNUSUAL = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;
/** A plain key: starts with a letter, digit or underscore; no indicator, quote or space inside. */
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

interface Line {
  indent: number; start: number; end: number;
  /** A comment line indented deeper follows: js-yaml reads a plain scalar ending this line differently. */
  deeperComment?: true;
}

class Bail extends Error {}
const bail = (): never => { throw new Bail(); };

/** The events of `text` (one document), or undefined when it is not in the plain block subset. */
export function plainBlockEvents(text: string): Event[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private at = 0;
  private readonly events: Event[] = [];
  private depth = 0;
  private explicitStart = false;

  constructor(private readonly src: string) {
    let pos = 0;
    let first = true;
    while (pos < src.length) {
      const nl = src.indexOf('\n', pos);
      const end = nl === -1 ? src.length : nl;
      let i = pos;
      while (i < end && src.charCodeAt(i) === 32) i++;
      const c = src.charCodeAt(i);
      const last = this.lines[this.lines.length - 1];
      if (i < end && c === 35 && last && i - pos > last.indent) last.deeperComment = true;
      if (i < end && c !== 35 /* # */) {
        if (i === pos && (c === 45 || c === 46) && (src.startsWith('---', i) || src.startsWith('...', i))) {
          // A document marker: only a bare `---` opening the document is in the subset.
          if (!first || src.charCodeAt(i) === 46 || trimmedEnd(src, i + 3, end) !== i + 3) bail();
          this.explicitStart = true;
        } else if (c === 37 /* % */ && i === pos) {
          bail();
        } else {
          this.lines.push({ indent: i - pos, start: i, end: trimmedEnd(src, i, end) });
        }
        first = false;
      }
      pos = end + 1;
    }
  }

  document(): Event[] | undefined {
    if (!this.lines.length) return undefined;
    this.events.push({ type: EVENT_ID.DOCUMENT, explicitStart: this.explicitStart, explicitEnd: false, directives: [] } as Event);
    const first = this.lines[0];
    if (first.indent !== 0) bail();
    this.node(0, first.start);
    if (this.at !== this.lines.length) bail();
    this.events.push(POP);
    return this.events;
  }

  /** A block node whose first line is the current one, starting at `from` on it, at column `indent`. */
  private node(indent: number, from: number): void {
    if (++this.depth > MAX_DEPTH) bail();
    const line = this.lines[this.at];
    if (this.src.charCodeAt(from) === 45 /* - */ && isBlank(this.src, from + 1, line.end)) this.sequence(indent, from);
    else if (keyEnd(this.src, from, line.end) !== -1) this.mapping(indent, from);
    else bail(); // a scalar where a collection was expected: a multi-line scalar or an error
    this.depth--;
  }

  private sequence(indent: number, from: number): void {
    this.events.push(collection(EVENT_ID.SEQUENCE, from));
    let start = from;
    for (;;) {
      const line = this.lines[this.at];
      let i = start + 1;
      while (i < line.end && this.src.charCodeAt(i) === 32) i++;
      if (i === line.end) {
        // `-` alone: its item is the block below, indented more.
        this.at++;
        const next = this.lines[this.at];
        if (!next || next.indent <= indent) bail();
        this.node(next.indent, next.start);
      } else if (this.src.charCodeAt(i) === 45 && isBlank(this.src, i + 1, line.end)) {
        bail(); // `- - x`: a compact nested sequence
      } else if (keyEnd(this.src, i, line.end) !== -1) {
        this.node(i - line.start + line.indent, i);
      } else {
        this.scalar(i, line.end);
        this.at++;
      }
      const next = this.lines[this.at];
      if (!next || next.indent < indent) break;
      if (next.indent > indent) bail();
      if (!(this.src.charCodeAt(next.start) === 45 && isBlank(this.src, next.start + 1, next.end))) break; // the parent mapping's next key
      start = next.start;
    }
    this.events.push(POP);
  }

  private mapping(indent: number, from: number): void {
    this.events.push(collection(EVENT_ID.MAPPING, from));
    let start = from;
    for (;;) {
      const line = this.lines[this.at];
      const colon = keyEnd(this.src, start, line.end);
      if (colon === -1) bail();
      this.events.push(scalarEvent(start, colon, STYLE_PLAIN, true));
      let i = colon + 1;
      while (i < line.end && this.src.charCodeAt(i) === 32) i++;
      if (i === line.end) {
        this.at++;
        const next = this.lines[this.at];
        if (next && next.indent > indent) this.node(next.indent, next.start);
        else if (next && next.indent === indent && this.src.charCodeAt(next.start) === 45 && isBlank(this.src, next.start + 1, next.end)) this.node(indent, next.start);
        else this.events.push(NULL_SCALAR);
      } else {
        this.scalar(i, line.end);
        this.at++;
      }
      const next = this.lines[this.at];
      if (!next || next.indent < indent) break;
      if (next.indent > indent) bail(); // a multi-line scalar, or an error
      start = next.start;
    }
    this.events.push(POP);
  }

  /** A one-line scalar from `i` to the line's end (comments already trimmed off by `lineEnd`). */
  private scalar(i: number, end: number): void {
    const src = this.src;
    const c = src.charCodeAt(i);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = src.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close === -1 || close >= end) bail();
      if (c === 34 && src.lastIndexOf('\\', close) > i) bail();
      // `''` inside single quotes, or text after the closing quote: not the simple case.
      if (close + 1 !== end) bail();
      this.events.push(scalarEvent(i + 1, close, c === 34 ? STYLE_DOUBLE : STYLE_SINGLE, true));
      return;
    }
    if (INDICATORS.includes(c) || ((c === 45 || c === 63 || c === 58) && (i + 1 === end || src.charCodeAt(i + 1) === 32))) bail();
    // A plain scalar may not hold `: ` or end with `:` (a mapping on one line), nor ` #` (already cut).
    for (let j = i; j < end - 1; j++) if (src.charCodeAt(j) === 58 && src.charCodeAt(j + 1) === 32) bail();
    if (src.charCodeAt(end - 1) === 58) bail();
    if (this.lines[this.at].deeperComment) bail();
    this.events.push(scalarEvent(i, end, STYLE_PLAIN, true));
  }
}

/** Indicators that start something other than a plain scalar: flow, anchor, alias, tag, block scalar, comment, reserved. */
const INDICATORS = [91, 93, 123, 125, 44, 35, 38, 42, 33, 124, 62, 37, 64, 96]; // [ ] { } , # & * ! | > % @ `

const POP = { type: EVENT_ID.POP } as Event;
const NULL_SCALAR = scalarEvent(-1, -1, STYLE_PLAIN, false);

function collection(type: typeof EVENT_ID.MAPPING | typeof EVENT_ID.SEQUENCE, start: number): Event {
  return { type, start, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style: 1 } as Event;
}

function scalarEvent(valueStart: number, valueEnd: number, style: number, fast: boolean): Event {
  return { type: EVENT_ID.SCALAR, valueStart, valueEnd, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style, chomping: 1, indent: -1, fast } as Event;
}

/** Where a plain key that starts at `i` ends (its colon), or -1 when the line is not `key:` or `key: …`. */
function keyEnd(src: string, i: number, end: number): number {
  let colon = i;
  while (colon < end && src.charCodeAt(colon) !== 58) colon++;
  if (colon === end) return -1;
  if (colon + 1 < end && src.charCodeAt(colon + 1) !== 32) return -1;
  return PLAIN_KEY.test(src.slice(i, colon)) ? colon : -1;
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
