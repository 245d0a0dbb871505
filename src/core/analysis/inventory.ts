import type { Catalog, Detector, FeatureUse, MeshAnnotation, OwnerId, Range, Resource, Span } from '../model';
import { LineIndex } from '../parsing/lines';
import {
  YDocument, YNode, YEntry, parseDocument, deref, getKey, getValue, mapEntries, scalarText, seqItems,
} from '../parsing/yamlTree';

// What one YAML document contains, in coordinates relative to the document's own text:
// offsets from its first character, lines from 1. analyze.ts re-bases them into the file.

/** Where something is in its document: range (lines from 1) and span (offsets from 0), both document-relative. */
export interface Located { range: Range; span: Span }
export type DocResource = Omit<Resource, 'docIndex' | 'range'> & Located;
export type DocAnnotation = Omit<MeshAnnotation, 'docIndex' | 'range'> & Located;
export type DocUse = Omit<FeatureUse, 'docIndex' | 'range'> & Located;

export interface DocInventory {
  resources: DocResource[];
  annotations: DocAnnotation[];
  uses: DocUse[];
  error?: { message: string } & Located;
  template?: boolean;
}

/** Document-relative offset -> document-relative 1-based line and column. */
export type PositionOf = (offset: number) => { line: number; column: number };

export function rangeBetween(pos: PositionOf, start: number, end: number): Range {
  const a = pos(start), b = end > start ? pos(end) : a;
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

type PathSeg = { k: 'key'; name: string } | { k: 'index' } | { k: 'anyKey' };

interface Condition { segs: PathSeg[]; values?: string[]; fromRoot: boolean }

/** `x` exact, `x*` prefix, `*x` suffix, `*x*` contains. */
export function valueMatches(v: string | undefined, patterns: string[]): boolean {
  if (v === undefined) return false;
  for (const p of patterns) {
    const pre = p.startsWith('*'), post = p.endsWith('*') && p.length > 1;
    const core = p.slice(pre ? 1 : 0, post ? -1 : undefined);
    if (pre && post ? v.includes(core) : pre ? v.endsWith(core) : post ? v.startsWith(core) : v === p) return true;
  }
  return false;
}
interface CompiledDetector { d: Detector; segs: PathSeg[]; has: Condition[]; lacks: Condition[] }

/** `[].weight`, `[].tls.mode=AUTO_PASSTHROUGH|X`; a leading `/` starts at the resource instead of the match. */
function compileConditions(v: string | string[] | undefined): Condition[] {
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(compileCondition);
}

function compileCondition(text: string): Condition {
  const fromRoot = text.startsWith('/');
  const body = fromRoot ? text.slice(1) : text;
  const eq = body.indexOf('=');
  const path = eq < 0 ? body : body.slice(0, eq);
  return { fromRoot, segs: path ? compilePath(path) : [], ...(eq < 0 ? {} : { values: body.slice(eq + 1).split('|') }) };
}

/** The detectors of one group/kind as a prefix tree of their paths, so a resource is walked once. */
export interface PathTrie {
  keys: Map<string, PathTrie>;
  index?: PathTrie;
  anyKey?: PathTrie;
  ends: CompiledDetector[];
}

function trieOf(detectors: CompiledDetector[]): PathTrie {
  const root: PathTrie = { keys: new Map(), ends: [] };
  for (const c of detectors) {
    let t = root;
    for (const seg of c.segs) {
      if (seg.k === 'key') {
        let next = t.keys.get(seg.name);
        if (!next) { next = { keys: new Map(), ends: [] }; t.keys.set(seg.name, next); }
        t = next;
      } else if (seg.k === 'index') t = (t.index ??= { keys: new Map(), ends: [] });
      else t = (t.anyKey ??= { keys: new Map(), ends: [] });
    }
    t.ends.push(c);
  }
  return root;
}

/** Detectors indexed for lookup by apiVersion group + kind, compiled once per catalog. */
export class DetectorIndex {
  private readonly byGroupKind = new Map<string, CompiledDetector[]>();
  private readonly tries = new Map<string, PathTrie>();
  readonly annotationExact = new Map<string, Detector[]>();
  readonly annotationPrefix: Detector[] = [];

  constructor(detectors: Detector[]) {
    for (const d of detectors) {
      if (d.annotation) {
        if (d.annotation.endsWith('*')) this.annotationPrefix.push(d);
        else push(this.annotationExact, d.annotation, d);
        continue;
      }
      for (const path of d.paths ?? []) {
        const c: CompiledDetector = { d, segs: compilePath(path), has: compileConditions(d.has), lacks: compileConditions(d.lacks) };
        for (const g of d.groups ?? ['*']) for (const k of d.kinds ?? ['*']) push(this.byGroupKind, `${g}|${k}`, c);
      }
    }
  }

  forResource(group: string, kind: string): CompiledDetector[] {
    return [
      ...(this.byGroupKind.get(`${group}|${kind}`) ?? []),
      ...(this.byGroupKind.get(`${group}|*`) ?? []),
      ...(this.byGroupKind.get(`*|${kind}`) ?? []),
    ];
  }

  trie(group: string, kind: string): PathTrie {
    const k = `${group}|${kind}`;
    let t = this.tries.get(k);
    if (!t) { t = trieOf(this.forResource(group, kind)); this.tries.set(k, t); }
    return t;
  }

  forAnnotation(key: string): Detector[] {
    const exact = this.annotationExact.get(key) ?? [];
    if (this.annotationPrefix.length === 0) return exact;
    return exact.concat(this.annotationPrefix.filter(d => key.startsWith(d.annotation!.slice(0, -1))));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) { const a = m.get(k); if (a) a.push(v); else m.set(k, [v]); }

export function compilePath(path: string): PathSeg[] {
  const segs: PathSeg[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]{}]*)((?:\[\]|\{\})*)$/.exec(part);
    if (!m) throw new Error(`bad detector path segment "${part}" in "${path}"`);
    if (m[1] === '*') segs.push({ k: 'anyKey' });
    else if (m[1]) segs.push({ k: 'key', name: m[1] });
    for (let i = 0; i < m[2].length; i += 2) segs.push(m[2][i] === '[' ? { k: 'index' } : { k: 'anyKey' });
  }
  return segs;
}

/** Formats a concrete path the way ANSWERS.tsv writes it: spec.http[0].mirror, metadata.annotations["a.io/b"]. */
export function formatPath(path: (string | number)[]): string {
  let out = '';
  for (const p of path) out = childField(out, p);
  return out;
}

/** `parent` followed by one step, in formatPath's form (`spec.http` + 0 → `spec.http[0]`). */
export function childField(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z0-9_-]+$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

export function ownerOfGroup(catalog: Catalog, group: string): OwnerId | undefined {
  for (const g of catalog.recognition.groups) {
    if (group === g.group || (g.suffix && group.endsWith('.' + g.group))) return g.owner;
  }
  return undefined;
}

export function ownerOfAnnotationKey(catalog: Catalog, key: string): OwnerId | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return catalog.recognition.plainLabels[key];
  const domain = key.slice(0, slash);
  for (const d of catalog.recognition.annotationDomains) {
    if (domain === d.domain || (d.suffix && domain.endsWith('.' + d.domain))) return d.owner;
  }
  return undefined;
}

const WALK_BUDGET = 20000;

/** Analyses one document's text: recognition, mesh annotations and feature uses. Never throws.
 *  `pos` maps document offsets to document lines (by default a line index of the text). */
export function inventoryDocument(docText: string, catalog: Catalog, index: DetectorIndex, pos?: PositionOf): DocInventory {
  const doc = parseDocument(docText, { start: 0, end: docText.length }, 0);
  if (!pos && !doc.template) { const li = new LineIndex(docText); pos = o => li.position(o); }
  return inventoryOfParsed(doc, catalog, index, pos!);
}

/** The same for a document already parsed (the converter parses each document once); `pos` maps its offsets. */
export function inventoryOfParsed(doc: YDocument, catalog: Catalog, index: DetectorIndex, pos: PositionOf): DocInventory {
  const inv: DocInventory = { resources: [], annotations: [], uses: [] };
  if (doc.template) { inv.template = true; return inv; }
  const lines = { range: (a: number, b: number) => rangeBetween(pos!, a, b) };
  if (doc.error) {
    const at = doc.error.offset;
    inv.error = { message: doc.error.message, span: { start: at, end: at }, range: rangeBetween(pos, at, at) };
    return inv;
  }
  const root = deref(doc, doc.root);
  if (!root || root.t !== 'map') return inv;
  const kind = scalarText(doc, getValue(doc, root, 'kind'));
  const apiVersion = scalarText(doc, getValue(doc, root, 'apiVersion'));
  if (kind === 'List' && apiVersion === 'v1') {
    seqItems(doc, getValue(doc, root, 'items')).forEach((item, i) => inventoryObject(doc, deref(doc, item), ['items', i], catalog, index, lines, inv));
  } else {
    inventoryObject(doc, root, [], catalog, index, lines, inv);
  }
  return inv;
}

interface Ranger { range(start: number, end: number): Range }

function inventoryObject(doc: YDocument, obj: YNode | undefined, prefix: (string | number)[], catalog: Catalog,
  index: DetectorIndex, lines: Ranger, inv: DocInventory) {
  if (!obj || obj.t !== 'map') return;
  const kindEntry = getKey(doc, obj, 'kind');
  let kind = scalarText(doc, kindEntry?.value);
  const apiVersion = scalarText(doc, getValue(doc, obj, 'apiVersion')) ?? '';
  const metadata = getValue(doc, obj, 'metadata');
  let name = scalarText(doc, getValue(doc, metadata, 'name'));
  const namespace = scalarText(doc, getValue(doc, metadata, 'namespace'));
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  let owner: OwnerId | undefined;
  let via: Resource['via'] = 'apiVersion';
  let anchorEntry: YEntry | undefined = kindEntry;
  let judgeGroup = group;

  if (kind && group) owner = ownerOfGroup(catalog, group);
  if (kind && !apiVersion) {
    for (const [o, kinds] of Object.entries(catalog.recognition.kindOnly)) if (kinds.includes(kind)) { owner = o as OwnerId; via = 'apiVersion'; }
  }
  if (!kind && !apiVersion) {
    // Kuma universal format: `type: MeshRetry` with name/mesh at the top level.
    const typeEntry = getKey(doc, obj, 'type');
    const type = scalarText(doc, typeEntry?.value);
    if (type && catalog.recognition.kumaUniversalKinds.includes(type) && (getKey(doc, obj, 'mesh') || getKey(doc, obj, 'name'))) {
      owner = 'kuma'; kind = type; anchorEntry = typeEntry; judgeGroup = 'kuma.io';
      name = scalarText(doc, getValue(doc, obj, 'name'));
    }
  }
  if (kind === 'CustomResourceDefinition' && group === 'apiextensions.k8s.io') {
    const spec = getValue(doc, obj, 'spec');
    const crdGroup = scalarText(doc, getValue(doc, spec, 'group'));
    const crdOwner = crdGroup ? ownerOfGroup(catalog, crdGroup) : undefined;
    if (crdOwner && kindEntry) {
      inv.resources.push({ owner: crdOwner, apiVersion, kind, name, namespace, range: lines.range(kindEntry.key.start, kindEntry.key.end), span: { start: kindEntry.key.start, end: kindEntry.key.end }, via: 'crd-definition', definition: true });
    }
    return; // a schema, not a use
  }

  if (owner && anchorEntry && kind) {
    inv.resources.push({ owner, apiVersion, kind, name, namespace, range: lines.range(anchorEntry.key.start, anchorEntry.key.end), span: { start: anchorEntry.key.start, end: anchorEntry.key.end }, via });
    const trie = index.trie(judgeGroup || (owner === 'smi' ? smiGroupOf(kind) : ''), kind);
    const seen = new Set<string>();
    const found: DocUse[] = [];
    walkTrie(doc, obj, trie, [], undefined, { left: WALK_BUDGET }, (c, keyNode, valueNode, path) => {
      if (c.d.owner !== owner) return;
      if (c.d.valueIn && !valueMatches(scalarText(doc, valueNode), c.d.valueIn)) return;
      if (c.has.some(h => !holds(doc, h.fromRoot ? obj : valueNode, h))) return;
      if (c.lacks.some(l => holds(doc, l.fromRoot ? obj : valueNode, l))) return;
      if (keyNode.t === 'map' && keyNode.entries.length) keyNode = keyNode.entries[0].key;
      const end = c.d.valueIn && valueNode ? Math.max(keyNode.end, valueNode.end) : keyNode.end;
      const field = formatPath(prefix.concat(path));
      const dedupe = `${c.d.feature}|${field}`;
      if (seen.has(dedupe)) return;
      seen.add(dedupe);
      // Explicit properties, not spreads in the literal: this runs per use and spreads take V8's slow path.
      const use: DocUse = { feature: c.d.feature, owner, kind: kind!, name, field, detector: c.d.id, range: lines.range(keyNode.start, end), span: { start: keyNode.start, end } };
      if (c.d.conformanceFeature) use.conformanceFeature = c.d.conformanceFeature;
      if (c.d.channel) use.channel = c.d.channel;
      found.push(use);
    });
    found.sort((a, b) => a.span.start - b.span.start);
    inv.uses.push(...found);
  }

  // Mesh annotations and labels, on the object and on pod templates.
  const kindName = kind ?? '-';
  const metaPaths: (string | number)[][] = [['metadata'], ['spec', 'template', 'metadata'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata']];
  let meshedBy: OwnerId | undefined;
  for (const mp of metaPaths) {
    let meta: YNode | undefined = obj;
    for (const k of mp) meta = getValue(doc, meta, k as string);
    if (!meta) continue;
    for (const bag of ['labels', 'annotations']) {
      for (const e of mapEntries(doc, getValue(doc, meta, bag))) {
        if (e.key.t !== 'scalar') continue;
        const key = e.key.value;
        const aOwner = ownerOfAnnotationKey(catalog, key);
        if (!aOwner) continue;
        meshedBy ??= aOwner;
        const path = prefix.concat(mp, [bag, key]);
        const field = formatPath(path);
        const range = lines.range(e.key.start, e.key.end);
        const span = { start: e.key.start, end: e.key.end };
        inv.annotations.push({ owner: aOwner, key, value: scalarText(doc, e.value) ?? '', field, kind: kindName, name, range, span });
        for (const d of index.forAnnotation(key)) {
          if (d.valueIn && !valueMatches(scalarText(doc, e.value), d.valueIn)) continue;
          inv.uses.push({ feature: d.feature, owner: d.owner, kind: kindName, name, field, detector: d.id, range, span });
        }
      }
    }
  }
  // An injected proxy container marks the workload as meshed too.
  const proxies = injectedProxies(doc, obj, catalog);
  for (const p of proxies) {
    meshedBy ??= p.owner;
    inv.annotations.push({ owner: p.owner, key: p.name, value: p.name, field: formatPath(prefix.concat(p.path)), kind: kindName, name, range: lines.range(p.node.start, p.node.end), span: { start: p.node.start, end: p.node.end } });
  }
  if (!owner && kind && meshedBy && kindEntry) {
    const via = inv.annotations.some(a => a.owner === meshedBy && !a.field.endsWith('.name')) ? 'annotation' : 'proxy-container';
    inv.resources.push({ owner: meshedBy, apiVersion, kind, name, namespace, range: lines.range(kindEntry.key.start, kindEntry.key.end), span: { start: kindEntry.key.start, end: kindEntry.key.end }, via });
  }
}

function smiGroupOf(kind: string): string {
  switch (kind) {
    case 'TrafficTarget': return 'access.smi-spec.io';
    case 'TrafficSplit': return 'split.smi-spec.io';
    case 'TrafficMetrics': return 'metrics.smi-spec.io';
    default: return 'specs.smi-spec.io';
  }
}

function injectedProxies(doc: YDocument, obj: YNode, catalog: Catalog): { owner: OwnerId; name: string; node: YNode; path: (string | number)[] }[] {
  const out: { owner: OwnerId; name: string; node: YNode; path: (string | number)[] }[] = [];
  const spec = getValue(doc, obj, 'spec');
  const podSpecs: [YNode | undefined, string[]][] = [[spec, ['spec']], [getValue(doc, getValue(doc, spec, 'template'), 'spec'), ['spec', 'template', 'spec']]];
  for (const [podSpec, base] of podSpecs) {
    for (const list of ['containers', 'initContainers']) {
      seqItems(doc, getValue(doc, podSpec, list)).forEach((c, i) => {
        const e = getKey(doc, c, 'name');
        const n = scalarText(doc, e?.value);
        const owner = n ? catalog.recognition.proxyContainers[n] : undefined;
        if (owner && e?.value) out.push({ owner, name: n!, node: deref(doc, e.value) ?? e.value, path: [...base, list, i, 'name'] });
      });
    }
  }
  return out;
}

function holds(doc: YDocument, node: YNode | undefined, cond: Condition): boolean {
  let ok = false;
  const budget = { left: 2000 };
  if (cond.segs.length === 0) {
    return cond.values ? valueMatches(scalarText(doc, node), cond.values) : node !== undefined;
  }
  walk(doc, node, cond.segs, 0, node, budget, v => {
    if (ok) return;
    if (!cond.values) { ok = true; return; }
    if (valueMatches(scalarText(doc, v), cond.values)) ok = true;
  });
  return ok;
}

/** Walks a resource along every detector path at once; `found` gets each path end reached. */
function walkTrie(doc: YDocument, node: YNode | undefined, t: PathTrie, path: (string | number)[], keyNode: YNode | undefined,
  budget: { left: number }, found: (c: CompiledDetector, key: YNode, value: YNode | undefined, path: (string | number)[]) => void) {
  if (--budget.left < 0) return;
  const n = deref(doc, node);
  if (keyNode) for (const c of t.ends) found(c, keyNode, n, path.slice());
  if (!n) return;
  if (n.t === 'map' && (t.keys.size || t.anyKey)) {
    for (const e of mapEntries(doc, n)) {
      if (e.key.t !== 'scalar') continue;
      const k = e.key.value;
      const next = t.keys.get(k);
      if (next) { path.push(k); walkTrie(doc, e.value, next, path, e.key, budget, found); path.pop(); }
      if (t.anyKey) { path.push(k); walkTrie(doc, e.value, t.anyKey, path, e.key, budget, found); path.pop(); }
    }
  } else if (n.t === 'seq' && t.index) {
    const items = n.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      path.push(i);
      walkTrie(doc, item, t.index, path, item.t === 'alias' ? item : (deref(doc, item) ?? item), budget, found);
      path.pop();
    }
  }
}

/** Walks one condition path (`has` / `lacks`); `found` gets the value at each end reached. */
function walk(doc: YDocument, node: YNode | undefined, segs: PathSeg[], i: number, keyNode: YNode | undefined,
  budget: { left: number }, found: (value: YNode | undefined) => void) {
  if (--budget.left < 0) return;
  if (i === segs.length) { if (keyNode) found(deref(doc, node)); return; }
  const seg = segs[i];
  const n = deref(doc, node);
  if (!n) return;
  if (seg.k === 'key') {
    const e = getKey(doc, n, seg.name);
    if (e) walk(doc, e.value, segs, i + 1, e.key, budget, found);
  } else if (seg.k === 'anyKey') {
    for (const e of mapEntries(doc, n)) {
      if (e.key.t !== 'scalar') continue;
      walk(doc, e.value, segs, i + 1, e.key, budget, found);
    }
  } else if (n.t === 'seq') {
    for (const item of n.items) walk(doc, item, segs, i + 1, item.t === 'alias' ? item : (deref(doc, item) ?? item), budget, found);
  }
}
