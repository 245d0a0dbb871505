import { getScalarValue } from 'js-yaml';
import type { ScalarEvent } from 'js-yaml';

// The nodes of the light YAML tree (yamlTree.ts builds them from js-yaml's events, plainBlockTree.ts
// directly). Offsets are into the whole file text.

/**
 * What a scalar the plain block fast path read has instead of js-yaml's event: its value is the text
 * between its own offsets (one line, plain or quoted without escapes). One shared object, so the field
 * always holds an event-shaped object and V8 keeps one representation for every scalar.
 */
const LINE_SCALAR = { type: 4, valueStart: -1, valueEnd: -1, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style: 1, chomping: 1, indent: -1, fast: true } as unknown as ScalarEvent;

/**
 * A scalar; its text is decoded only when read (most values never are). `src` is the text its event's
 * offsets index; for a scalar the fast path read, the text its own offsets index.
 */
export class YScalar {
  readonly t = 'scalar' as const;
  anchor?: string;
  private decoded?: string;
  constructor(readonly start: number, readonly end: number, readonly quoted: boolean, private readonly src: string, private readonly ev: ScalarEvent = LINE_SCALAR) {}
  get value(): string {
    if (this.decoded !== undefined) return this.decoded;
    const ev = this.ev;
    if (ev === LINE_SCALAR) return (this.decoded = this.quoted ? this.src.slice(this.start + 1, this.end - 1) : this.src.slice(this.start, this.end));
    return (this.decoded = ev.fast ? this.src.slice(ev.valueStart, ev.valueEnd) : getScalarValue(this.src, ev));
  }
  /** The empty value of a key with none (`key:`), placed where js-yaml's event places it: just before its document. */
  static empty(at: number, src: string): YScalar {
    return new YScalar(at, at, false, src);
  }
}
export interface YMap { t: 'map'; start: number; end: number; entries: YEntry[]; anchor?: string; flow: boolean; merges?: boolean }
export interface YSeq { t: 'seq'; start: number; end: number; items: YNode[]; anchor?: string; flow: boolean }
export interface YAlias { t: 'alias'; start: number; end: number; name: string }
export type YNode = YScalar | YMap | YSeq | YAlias;
export interface YEntry { key: YNode; value: YNode }
