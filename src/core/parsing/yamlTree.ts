import { parseEvents, EVENT_ID } from 'js-yaml';
import type { ScalarEvent, Event } from 'js-yaml';
import { plainBlockTree } from './plainBlockTree';
import { YScalar } from './yamlNodes';
import type { YAlias, YEntry, YMap, YNode, YSeq } from './yamlNodes';

export { YScalar };
export type { YAlias, YEntry, YMap, YNode, YSeq };

// A light YAML tree built from js-yaml's event stream. Offsets are into the whole file text.
// Aliases are kept as references (never expanded here), so an alias bomb costs nothing to parse.

export interface YDocument {
  index: number;
  /** Offsets of the document's text in the file (from its `---` line, if any, to the next). */
  start: number;
  end: number;
  text: string;
  root?: YNode;
  anchors: Map<string, YNode>;
  error?: { message: string; offset: number };
  /** Skipped: Helm / Go template syntax outside quoted strings. */
  template?: boolean;
}

const SCALAR_SINGLE = 2, SCALAR_DOUBLE = 3;

/** Splits a file into YAML documents at `---` / `...` lines, the way a YAML parser counts them. */
export function splitDocuments(text: string): { start: number; end: number }[] {
  const bounds: number[] = [];
  const markers: boolean[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const bodyStart = pos;
  bounds.push(pos); markers.push(false);
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const c = text.charCodeAt(pos);
    if ((c === 45 /* - */ || c === 46 /* . */) && lineEnd - pos >= 3) {
      const three = text.startsWith('---', pos) ? 1 : text.startsWith('...', pos) ? 2 : 0;
      const next = text.charCodeAt(pos + 3);
      if (three && (pos + 3 >= lineEnd || next === 32 || next === 9 || next === 13)) {
        if (three === 1) { bounds.push(pos); markers.push(true); }
        else { bounds.push(nl === -1 ? text.length : nl + 1); markers.push(false); }
      }
    }
    pos = nl === -1 ? text.length : nl + 1;
  }
  bounds.push(text.length);
  const docs: { start: number; end: number }[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const a = bounds[i], b = bounds[i + 1];
    if (markers[i]) { docs.push({ start: a, end: b }); continue; }
    if (a < b && hasContent(text, a, b)) docs.push({ start: a, end: b });
  }
  if (docs.length === 0 && bodyStart < text.length && hasContent(text, bodyStart, text.length)) docs.push({ start: bodyStart, end: text.length });
  return docs;
}

function hasContent(text: string, a: number, b: number): boolean {
  let lineStart = true, inComment = false;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { lineStart = true; inComment = false; continue; }
    if (inComment || c === 32 || c === 9 || c === 13) continue;
    if (c === 35 && (lineStart || text.charCodeAt(i - 1) === 32)) { inComment = true; continue; }
    if (c === 37 && lineStart) { inComment = true; continue; } // %YAML directive
    return true;
  }
  return false;
}

/** `{{` outside quoted strings and comments: a Helm / Go template, not YAML we can judge. */
export function looksLikeTemplate(text: string, start: number, end: number): boolean {
  let i = text.indexOf('{{', start);
  while (i !== -1 && i < end) {
    const ls = text.lastIndexOf('\n', i - 1) + 1;
    let quote = 0, comment = false;
    for (let j = ls; j < i; j++) {
      const c = text.charCodeAt(j);
      if (quote) { if (c === quote) quote = 0; else if (c === 92 && quote === 34) j++; continue; }
      if (c === 34 || c === 39) quote = c;
      else if (c === 35 && (j === ls || text.charCodeAt(j - 1) === 32)) { comment = true; break; }
    }
    if (!quote && !comment) return true;
    i = text.indexOf('{{', i + 2);
  }
  return false;
}

/**
 * Parses one document of `text` (its range from splitDocuments) into a tree; never throws. Plain block
 * documents take the fast path (plainBlockTree.ts); `fastPath: false` sends every document to js-yaml,
 * for the test that compares the two.
 */
export function parseDocument(text: string, range: { start: number; end: number }, index: number, options: { fastPath?: boolean } = {}): YDocument {
  const docText = text.slice(range.start, range.end);
  const doc: YDocument = { index, start: range.start, end: range.end, text: docText, anchors: new Map() };
  if (looksLikeTemplate(text, range.start, range.end)) { doc.template = true; return doc; }
  if (options.fastPath !== false) {
    const root = plainBlockTree(text, range.start, docText);
    if (root) { doc.root = root; return doc; }
  }
  let events: Event[];
  try {
    events = parseEvents(docText, { maxDepth: 200 });
  } catch (e) {
    const mark = (e as { mark?: { position?: number } }).mark;
    const reason = (e as { reason?: string }).reason;
    const message = reason || String((e as Error).message || e).split('\n')[0];
    doc.error = { message: message.replace(/\s*\(\d+:\d+\)$/, ''), offset: range.start + Math.min(mark?.position ?? 0, docText.length) };
    return doc;
  }
  try {
    doc.root = buildTree(docText, events, range.start, doc.anchors);
  } catch (e) {
    doc.error = { message: String((e as Error).message || e), offset: range.start };
  }
  return doc;
}

function buildTree(src: string, events: Event[], base: number, anchors: Map<string, YNode>): YNode | undefined {
  type Frame = { node: YMap | YSeq; pendingKey?: YNode };
  const stack: Frame[] = [];
  let root: YNode | undefined;
  let docsSeen = 0;

  const attach = (node: YNode) => {
    const top = stack[stack.length - 1];
    if (!top) { if (root === undefined) root = node; return; }
    if (top.node.t === 'seq') { top.node.items.push(node); return; }
    if (top.pendingKey === undefined) { top.pendingKey = node; return; }
    if (top.pendingKey.t === 'scalar' && !top.pendingKey.quoted && top.pendingKey.value === '<<') top.node.merges = true;
    top.node.entries.push({ key: top.pendingKey, value: node });
    top.pendingKey = undefined;
  };
  const anchorOf = (e: { anchorStart: number; anchorEnd: number }) => e.anchorStart >= 0 ? src.slice(e.anchorStart, e.anchorEnd) : undefined;

  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        if (++docsSeen > 1) return root; // splitDocuments gives one document per call
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const anchor = anchorOf(e);
        const node: YMap | YSeq = e.type === EVENT_ID.MAPPING
          ? { t: 'map', start: base + e.start, end: base + e.start, entries: [], flow: e.style === 2 }
          : { t: 'seq', start: base + e.start, end: base + e.start, items: [], flow: e.style === 2 };
        if (anchor) { node.anchor = anchor; anchors.set(anchor, node); }
        attach(node);
        stack.push({ node });
        break;
      }
      case EVENT_ID.SCALAR: {
        const s = e as ScalarEvent;
        const quoted = s.style === SCALAR_SINGLE || s.style === SCALAR_DOUBLE;
        const node = new YScalar(base + (quoted ? s.valueStart - 1 : s.valueStart), base + (quoted ? s.valueEnd + 1 : s.valueEnd), quoted, src, s);
        const anchor = anchorOf(s);
        if (anchor) { node.anchor = anchor; anchors.set(anchor, node); }
        bumpEnd(stack, node.end);
        attach(node);
        break;
      }
      case EVENT_ID.ALIAS: {
        const node: YAlias = { t: 'alias', start: base + e.anchorStart - 1, end: base + e.anchorEnd, name: src.slice(e.anchorStart, e.anchorEnd) };
        bumpEnd(stack, node.end);
        attach(node);
        break;
      }
      case EVENT_ID.POP: {
        const f = stack.pop();
        if (f) bumpEnd(stack, f.node.end);
        break;
      }
    }
  }
  return root;
}

function bumpEnd(stack: { node: YMap | YSeq }[], end: number) {
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i].node.end >= end) break;
    stack[i].node.end = end;
  }
}

// ---- reading the tree ----

/** Follows an alias to its anchored node (one hop; anchors cannot be recursive in YAML). */
export function deref(doc: YDocument, node: YNode | undefined): YNode | undefined {
  return node && node.t === 'alias' ? doc.anchors.get(node.name) : node;
}

export function scalarText(doc: YDocument, node: YNode | undefined): string | undefined {
  const n = deref(doc, node);
  return n && n.t === 'scalar' ? n.value : undefined;
}

/** The entries of a map, with `<<` merge keys resolved (own keys win), bounded for safety. */
export function mapEntries(doc: YDocument, node: YNode | undefined): YEntry[] {
  const n = deref(doc, node);
  if (!n || n.t !== 'map') return [];
  if (!n.merges) return n.entries;
  const own: YEntry[] = [];
  const merged: YEntry[] = [];
  const seen = new Set<string>();
  for (const e of n.entries) {
    if (e.key.t === 'scalar' && e.key.value === '<<' && !e.key.quoted) continue;
    own.push(e);
    if (e.key.t === 'scalar') seen.add(e.key.value);
  }
  for (const e of n.entries) {
    if (!(e.key.t === 'scalar' && e.key.value === '<<' && !e.key.quoted)) continue;
    const v = deref(doc, e.value);
    const sources = v && v.t === 'seq' ? v.items : [e.value];
    for (const s of sources.slice(0, 64)) {
      const m = deref(doc, s);
      if (!m || m.t !== 'map') continue;
      for (const me of m.entries) {
        if (me.key.t !== 'scalar' || seen.has(me.key.value) || me.key.value === '<<') continue;
        seen.add(me.key.value);
        merged.push(me);
      }
    }
  }
  return own.concat(merged);
}

export function getKey(doc: YDocument, node: YNode | undefined, key: string): YEntry | undefined {
  for (const e of mapEntries(doc, node)) if (e.key.t === 'scalar' && e.key.value === key) return e;
  return undefined;
}

export function getValue(doc: YDocument, node: YNode | undefined, key: string): YNode | undefined {
  return deref(doc, getKey(doc, node, key)?.value);
}

export function seqItems(doc: YDocument, node: YNode | undefined): YNode[] {
  const n = deref(doc, node);
  return n && n.t === 'seq' ? n.items : [];
}
