// What a reader sees of a source resource: a read-only view over the YAML tree that knows each
// field's path (in `check`'s form) and line, and remembers which fields the reader used. Whatever a
// reader never touched is reported as not converted, so no field is ever lost without a word.
import type { YDocument, YNode } from '../parsing/yamlTree';
import { deref, mapEntries } from '../parsing/yamlTree';
import { childField, formatPath } from '../analysis/inventory';
import type { Origin } from './model';

export type PathPart = string | number;
const NO_PATH: PathPart[] = [];

/** Shared by every view of one resource: the document, positions, and the set of fields used. */
export class SourceTracker {
  /** Paths (formatted) that a reader consumed, whole subtrees included. */
  readonly consumed = new Set<string>();
  constructor(readonly doc: YDocument, readonly lineOf: (offset: number) => number) {}
}

export class SourceView {
  /** The view this one is a child of, and the step to it (a child keeps no path array of its own:
   *  readers make views by the hundred per resource). */
  private parent?: SourceView;
  private step?: PathPart;

  constructor(
    readonly tracker: SourceTracker,
    readonly node: YNode | undefined,
    private readonly rootPath: PathPart[],
    /** Offset of the key that names this node (the line a user looks at), or the node's own start. */
    readonly keyOffset: number,
  ) {}

  private child(node: YNode | undefined, step: PathPart, keyOffset: number): SourceView {
    const view = new SourceView(this.tracker, node, NO_PATH, keyOffset);
    view.parent = this;
    view.step = step;
    return view;
  }

  /** The path from the resource's root: `['spec', 'http', 0]`. */
  get path(): PathPart[] {
    return this.parent ? [...this.parent.path, this.step!] : this.rootPath;
  }

  private get resolved(): YNode | undefined { return deref(this.tracker.doc, this.node); }

  get exists(): boolean { return this.resolved !== undefined; }
  get isMap(): boolean { return this.resolved?.t === 'map'; }
  get isSeq(): boolean { return this.resolved?.t === 'seq'; }
  get isScalar(): boolean { return this.resolved?.t === 'scalar'; }
  private fieldText?: string;
  /** The path in `check`'s form: `spec.http[0].route[1].weight` (formatted once: readers ask for it often). */
  get field(): string {
    return (this.fieldText ??= this.parent ? childField(this.parent.field, this.step!) : formatPath(this.rootPath));
  }
  get line(): number { return this.tracker.lineOf(this.keyOffset); }
  get origin(): Origin { return { path: this.field, line: this.line }; }
  /** Start and end offsets of the node in the file (for in-place rewrites). */
  get span(): { start: number; end: number } | undefined {
    const n = this.resolved;
    return n ? { start: n.start, end: n.end } : undefined;
  }

  /** A child by key; a missing key gives a view that does not exist (every read on it is undefined). */
  get(key: string): SourceView {
    for (const e of mapEntries(this.tracker.doc, this.node)) {
      if (e.key.t === 'scalar' && e.key.value === key) return this.child(e.value, key, e.key.start);
    }
    return this.child(undefined, key, this.keyOffset);
  }

  /** Follows a dotted path of keys: `view.at('spec', 'http')`. */
  at(...keys: string[]): SourceView {
    let v: SourceView = this;
    for (const k of keys) v = v.get(k);
    return v;
  }

  items(): SourceView[] {
    const n = this.resolved;
    if (!n || n.t !== 'seq') return [];
    return n.items.map((item, i) => this.child(item, i, item.start));
  }

  entries(): [string, SourceView][] {
    const out: [string, SourceView][] = [];
    for (const e of mapEntries(this.tracker.doc, this.node)) {
      if (e.key.t !== 'scalar') continue;
      out.push([e.key.value, this.child(e.value, e.key.value, e.key.start)]);
    }
    return out;
  }

  keys(): string[] { return this.entries().map(([k]) => k); }

  /** The scalar's text; undefined for a missing field or a map/list. Does not mark it used. */
  peek(): string | undefined {
    const n = this.resolved;
    return n && n.t === 'scalar' ? n.value : undefined;
  }

  /** The scalar's text, marking the field used. */
  str(): string | undefined {
    const v = this.peek();
    if (v !== undefined) this.use();
    return v;
  }

  num(): number | undefined {
    const v = this.peek();
    if (v === undefined || v.trim() === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) return undefined;
    this.use();
    return n;
  }

  bool(): boolean | undefined {
    const v = this.peek();
    if (v === 'true' || v === 'True' || v === 'TRUE') { this.use(); return true; }
    if (v === 'false' || v === 'False' || v === 'FALSE') { this.use(); return false; }
    return undefined;
  }

  /** A list of scalars (a scalar alone counts as a one-item list). */
  strings(): string[] {
    if (this.isScalar) { const s = this.str(); return s === undefined ? [] : [s]; }
    const out: string[] = [];
    for (const it of this.items()) { const s = it.str(); if (s !== undefined) out.push(s); }
    if (this.exists) this.use();
    return out;
  }

  /** A map of scalars (labels, headers). */
  stringMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.entries()) { const s = v.str(); if (s !== undefined) out[k] = s; }
    if (this.exists) this.use();
    return out;
  }

  /** The whole subtree as plain data (for passing through fields a writer copies as they are). */
  plain(): unknown {
    this.use();
    return toPlain(this.tracker.doc, this.node, 0);
  }

  /** Marks this field (and everything under it) as carried or otherwise accounted for. */
  use(): this {
    this.tracker.consumed.add(this.field);
    return this;
  }

  /** Fields under this view that nobody used: the leaves (or smallest untouched subtrees) not consumed. */
  unused(): SourceView[] {
    const out: SourceView[] = [];
    const walk = (v: SourceView) => {
      if (!v.exists || this.tracker.consumed.has(v.field)) return;
      const anyBelow = hasConsumedBelow(this.tracker.consumed, v.field);
      if (!anyBelow) { out.push(v); return; }
      if (v.isMap) for (const [, c] of v.entries()) walk(c);
      else if (v.isSeq) for (const c of v.items()) walk(c);
    };
    walk(this);
    return out;
  }
}

function hasConsumedBelow(consumed: Set<string>, field: string): boolean {
  for (const c of consumed) if (c.length > field.length && c.startsWith(field) && (c[field.length] === '.' || c[field.length] === '[')) return true;
  return false;
}

function toPlain(doc: YDocument, node: YNode | undefined, depth: number): unknown {
  const n = deref(doc, node);
  if (!n || depth > 64) return undefined;
  if (n.t === 'scalar') return scalarValue(n.value, n.quoted);
  if (n.t === 'seq') return n.items.map(i => toPlain(doc, i, depth + 1));
  if (n.t === 'map') {
    const o: Record<string, unknown> = {};
    for (const e of mapEntries(doc, n)) if (e.key.t === 'scalar') o[e.key.value] = toPlain(doc, e.value, depth + 1);
    return o;
  }
  return undefined;
}

/** YAML 1.2 core schema scalars: null, booleans, numbers; anything else (or anything quoted) is a string. */
export function scalarValue(text: string, quoted: boolean): unknown {
  if (quoted) return text;
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  return text;
}
