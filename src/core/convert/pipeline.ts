// The conversion of a run: files in, whole converted files and their reports out. Every document that
// is not a recognised mesh resource passes through byte for byte; each mesh resource is read into the
// neutral model by its mesh's reader, then written by the target's writer, and replaced in place by
// the output; proxy-injection keys of workloads are rewritten in place. Never throws.
import type { CatalogView } from '../catalog';
import { inventoryOfParsed } from '../analysis/inventory';
import type { Resource } from '../model';
import { LineIndex } from '../parsing/lines';
import type { YDocument } from '../parsing/yamlTree';
import { deref, getValue, parseDocument, scalarText, splitDocuments } from '../parsing/yamlTree';
import type { ConvertedFile, InputContext, ReadContext, Reader, WriteContext, Writer } from './contract';
import type { ConvertTarget, ConvertTargetId, Gateway, ParentRef, Route, ServiceInfo, SourceRef, Subset } from './model';
import { SourceTracker, SourceView } from './source';
import { READERS } from './readers';
import { WRITERS } from './writers';
import { RunInput } from './inputContext';
import type { TextEdit } from './injection';
import { rewriteInjection } from './injection';
import { sourceMetadata } from './resourceOutput';
import { keptSubsets, keptUses } from './keptResources';
import { unusedFields } from './unusedFields';
import { emptiedAnnotationKeys, hasPolicyAnnotations, isAnnotationCarrier, isPolicyAnnotationField, policyAnnotationRemovals, serviceAnnotationInsert } from './serviceAnnotations';
import { addDrop, addNeed, usesOf, writeResource } from './resourceWriting';
import type { DocSlot, FileWork, ResourceWork } from './resourceWriting';

export { CONVERT_TARGETS, parseConvertTarget } from './targets';
export { targetSupports } from './resourceWriting';

/** The target as the report names it: with the newest version Mesh Lens knows when none was given. */
export function formatConvertTarget(target: ConvertTarget, catalog: CatalogView): string {
  const version = target.version ?? catalog.meshes.get(target.id)?.latestVersion;
  return version ? `${target.id}@${version}` : target.id;
}

/** Parses a document of the file from a string ending where it ends (a slice shares the file's memory), so
 *  the template check's search for `{{` stops at the document's end instead of scanning the rest of the file. */
function parseSlot(text: string, slot: { index: number; range: { start: number; end: number } }): YDocument {
  return parseDocument(text.slice(0, slot.range.end), slot.range, slot.index);
}

/** Fields of a resource the pipeline itself accounts for: identity, carried metadata, server-written state. */
const PIPELINE_FIELDS: string[][] = [
  ['apiVersion'], ['kind'], ['status'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'labels'], ['metadata', 'annotations'],
  ['metadata', 'uid'], ['metadata', 'resourceVersion'], ['metadata', 'generation'], ['metadata', 'creationTimestamp'],
  ['metadata', 'managedFields'], ['metadata', 'selfLink'],
];
const NOT_YET = 'Mesh Lens does not convert this field yet.';

/** The readers and writers a run uses (tests pass their own to exercise the pipeline alone). */
export interface Registries { readers: Reader[]; writers: Partial<Record<ConvertTargetId, Writer>> }

export function convertFiles(inputs: { path: string; text: string }[], target: ConvertTarget, catalog: CatalogView,
  registries: Registries = { readers: READERS, writers: WRITERS }): ConvertedFile[] {
  const run = new RunInput();
  const reading: ReadRun = { registries, catalog, target, run, work: [], deferred: [], serviceSlots: new Map(), keptSubsets: [], keptGateways: [] };
  // Most resources are read while their file is parsed (the tree is dropped right after); one whose reader
  // looks at the rest of the input (a Service, a subset, another resource) is read again once every file is in.
  const files = inputs.map((input, index) => prepare(input, index, catalog, reading));
  for (const { f, res } of reading.deferred) handleResource(f, parseSlot(f.text, f.docs[res.docIndex]), res, reading, false);
  const work = keepRoutesOfKeptGateways(reading).sort((a, b) => a.file.index - b.file.index || a.docIndex - b.docIndex);
  for (const w of work) if (w.fragment) run.addSubsets(w.fragment.subsets);
  run.addSubsets(reading.keptSubsets);

  const generated = new Set<string>();
  const writer = registries.writers[target.id];
  for (const w of work) {
    if (!w.fragment || !writer) continue;
    try { writeResource(w, writer, target, catalog, run, generated, annotator(reading)); } catch (e) {
      w.file.report.errors.push({ message: `Mesh Lens could not write ${w.res.kind} ${w.source.name} for ${target.id}: ${(e as Error)?.message ?? String(e)}`, line: w.source.line });
    }
    w.fragment = undefined; // written: its model is no longer needed (subsets were collected above)
  }

  for (const f of files) {
    for (const slot of f.docs) {
      if (slot.converted || slot.skip || !slot.annotated) continue;
      const doc = parseSlot(f.text, slot);
      let inj;
      try { inj = rewriteInjection(f.text, doc, target.id); } catch { continue; }
      f.edits.push(...inj.edits);
      f.edits.push(...emptiedAnnotationKeys(f.text, doc, doc.root, f.edits));
      const useAt = (field: string) => usesOf(f, slot.index).find(u => u.field === field);
      for (const c of inj.carried) f.report.carried.push(entry(useAt(c.field)?.feature, { field: c.field, line: f.lines.lineOf(c.offset) + 1 }));
      for (const d of inj.dropped) f.report.dropped.push(entry(useAt(d.field)?.feature, { field: d.field, line: f.lines.lineOf(d.offset) + 1, reason: d.reason }));
    }
    f.report.output = applyEdits(f.text, f.edits);
    const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;
    f.report.carried.sort(byLine); f.report.dropped.sort(byLine); f.report.needs.sort(byLine); f.report.errors.sort(byLine);
    f.report.resources.sort((a, b) => a.from.line - b.from.line);
  }
  return files.map(f => f.report);
}

/** A report entry without an absent feature (the JSON has no `"feature": undefined`). */
function entry<T extends { feature?: string }>(feature: string | undefined, rest: Omit<T, 'feature'>): T {
  return (feature ? { feature, ...rest } : rest) as T;
}

/** What reading the resources of a run needs and collects. */
interface ReadRun {
  registries: Registries;
  catalog: CatalogView;
  target: ConvertTarget;
  run: RunInput;
  work: ResourceWork[];
  /** Resources whose reader asked about the rest of the input before all of it was in. */
  deferred: { f: FileWork; res: Resource }[];
  /** Where each plain Service of the input is, for writers that annotate it. */
  serviceSlots: Map<ServiceInfo, { f: FileWork; slot: DocSlot }>;
  /** Subsets declared by resources kept as they are. */
  keptSubsets: Subset[];
  /** Gateways kept as they are (an Istio Gateway converted to Istio would have lost a field). */
  keptGateways: Gateway[];
}

function prepare(input: { path: string; text: string }, index: number, catalog: CatalogView, reading: ReadRun): FileWork {
  const text = input.text;
  const lines = new LineIndex(text);
  const lineOf = (o: number) => lines.lineOf(o) + 1;
  const pos = (o: number) => lines.position(o);
  const f: FileWork = {
    index, path: input.path, text, lines, docs: [], resources: [], edits: [], usesByDoc: new Map(), commented: new Set(),
    report: { path: input.path, output: '', resources: [], carried: [], dropped: [], needs: [], errors: [] },
  };
  splitDocuments(text).forEach((range, docIndex) => {
    const slot: DocSlot = { index: docIndex, range, skip: true, annotated: false, converted: false };
    f.docs.push(slot);
    const doc = parseSlot(text, slot);
    if (doc.error) f.report.errors.push({ message: doc.error.message, line: lineOf(doc.error.offset) });
    if (doc.template || doc.error || !doc.root) return;
    slot.skip = false;
    const service = reading.run.addDocument(doc, lineOf);
    if (service) reading.serviceSlots.set(service, { f, slot });
    // The same inventory `check` makes, in file lines.
    let inv;
    try { inv = inventoryOfParsed(doc, catalog.data, catalog.detectorIndex, pos); } catch { return; }
    slot.annotated = inv.annotations.length > 0;
    if (inv.uses.length) f.usesByDoc.set(docIndex, inv.uses.map(u => ({ ...u, docIndex })));
    const mesh: Resource[] = [];
    for (const r of inv.resources) {
      const res: Resource = { ...r, docIndex };
      f.resources.push(res);
      if (r.via === 'apiVersion' && !r.definition) { reading.run.addResource(r.owner, doc, lineOf, () => parseSlot(text, slot)); mesh.push(res); }
      // A Service with Linkerd's retry and timeout annotations, a Namespace or workload with its default
      // inbound policy: those annotations are Linkerd's to read (once per document).
      else if (isAnnotationCarrier(r.apiVersion, r.kind) && !mesh.some(m => m.owner === 'linkerd' && m.kind === r.kind) && hasPolicyAnnotations(doc, doc.root)) mesh.push({ ...res, owner: 'linkerd' });
    }
    for (const res of mesh) handleResource(f, doc, res, reading, true);
  });
  return f;
}

/** Reads one recognised mesh resource, or leaves it as it is when no reader takes it. */
function handleResource(f: FileWork, doc: YDocument, res: Resource, reading: ReadRun, early: boolean): void {
  const slot = f.docs[res.docIndex];
  const root = deref(doc, doc.root);
  if (!root || root.t !== 'map') return;
  const reader = reading.registries.readers.find(r => (r.owner === res.owner || (res.owner === 'osm' && r.owner === 'smi')) && r.kinds.includes(res.kind));
  const inList = scalarText(doc, getValue(doc, root, 'kind')) === 'List';
  // A Namespace or workload read for its policy annotation stays in place: its proxy injection is still rewritten.
  const annotated = isAnnotationCarrier(res.apiVersion, res.kind) && res.kind !== 'Service';
  slot.converted = !annotated;
  // The target's own kinds that no reader takes, or that it carries only in part, are already what the
  // target reads: kept as they are.
  const ownKind = res.owner === reading.target.id && (!reader || !!reader.keptInOwnMesh?.includes(res.kind));
  if (ownKind && !inList) { keepAsWritten(f, doc, res, reader, reading, annotated); return; }
  if (!reader || inList) { leaveUnconverted(f, doc, res, inList); return; }
  const outcome = startWork(f, doc, res, reader, reading, early);
  if (outcome === 'defer') reading.deferred.push({ f, res });
  else if (outcome?.kept) { keepAsWritten(f, doc, res, reader, reading, annotated); reading.keptGateways.push(...outcome.fragment?.gateways ?? []); }
  else if (outcome) reading.work.push(outcome);
}

/** The work left once a route attached to a Gateway kept as written is kept as written too: that Gateway is still the source mesh's. */
function keepRoutesOfKeptGateways(reading: ReadRun): ResourceWork[] {
  const kept = (p: ParentRef, route: Route) => p.kind === 'Gateway'
    && reading.keptGateways.some(g => g.name === p.name && (g.namespace ?? '') === (p.namespace ?? route.namespace ?? ''));
  return reading.work.filter(w => {
    if (w.res.owner !== reading.target.id || !w.fragment?.routes.some(r => r.parents.some(p => kept(p, r)))) return true;
    keepAsWritten(w.file, parseSlot(w.file.text, w.file.docs[w.docIndex]), w.res, w.reader, reading, false);
    return false;
  });
}

/** A resource of the target's own mesh left as it is: its uses are carried, less those the target version lacks (said above it). */
function keepAsWritten(f: FileWork, doc: YDocument, res: Resource, reader: Reader | undefined, reading: ReadRun, annotated: boolean): void {
  const uses = usesOf(f, doc.index).filter(u => !annotated || isPolicyAnnotationField(u.field));
  const kept = keptUses(uses, reading.catalog, reading.target);
  f.report.carried.push(...kept.carried);
  f.report.dropped.push(...kept.dropped);
  const at = lineStartOf(f.text, deref(doc, doc.root)!.start);
  if (kept.comments) f.edits.push({ start: at, end: at, text: kept.comments });
  if (reader) reading.keptSubsets.push(...keptSubsets(doc, o => f.lines.lineOf(o) + 1, res, reader, reading.target));
}

/** A resource no reader takes: left as it is, with a comment above it and every feature it uses dropped. */
function leaveUnconverted(f: FileWork, doc: YDocument, res: Resource, inList: boolean): void {
  const reason = inList ? `Mesh Lens cannot convert resources inside a List yet; write each ${res.kind} as its own document.` : `Mesh Lens cannot convert ${res.kind} yet.`;
  const uses = usesOf(f, doc.index).filter(u => u.kind === res.kind && u.name === res.name);
  if (uses.length) for (const u of uses) f.report.dropped.push({ feature: u.feature, field: u.field, line: u.range.line, reason });
  else f.report.dropped.push({ field: 'kind', line: res.range.line, reason });
  const root = deref(doc, doc.root)!;
  const at = lineStartOf(f.text, root.start);
  if (f.commented.has(at)) return; // one comment per List
  f.commented.add(at);
  f.edits.push({ start: at, end: at, text: `# mesh-lens: not converted: ${res.kind}${res.name && !inList ? ` ${res.name}` : ''} — ${reason}\n` });
}

function startWork(f: FileWork, doc: YDocument, res: Resource, reader: Reader, reading: ReadRun, early: boolean): ResourceWork | 'defer' | undefined {
  const { target, run } = reading;
  const rootNode = deref(doc, doc.root)!;
  const tracker = new SourceTracker(doc, o => f.lines.lineOf(o) + 1);
  const root = new SourceView(tracker, doc.root, [], rootNode.start);
  // The line of its `kind:` key, where `check` reports the resource.
  const source: SourceRef = { apiVersion: res.apiVersion, kind: res.kind, name: res.name ?? '', namespace: res.namespace, line: res.range.line, docIndex: doc.index };
  const w: ResourceWork = { file: f, docIndex: doc.index, rootStart: rootNode.start, rootEnd: rootNode.end, res, reader, metadata: sourceMetadata(root, target.id, reading.catalog.data.recognition), source, top: [], dropped: [], needs: [] };
  let asked = false;
  const input: InputContext = {
    service: (name, namespace) => { asked = true; return run.service(name, namespace); },
    subset: (host, name, namespace) => { asked = true; return run.subset(host, name, namespace); },
    resources: (owner, kind) => { asked = true; return run.resources(owner, kind); },
  };
  const ctx: ReadContext = {
    root, source, target, input,
    drop: (field, reason) => {
      const origin = field instanceof SourceView ? field.use().origin : field;
      addDrop(w, origin, reason);
    },
    dropInert: (field, reason) => {
      const origin = field instanceof SourceView ? field.use().origin : field;
      addDrop(w, origin, reason, false, true);
    },
    need: (what, at) => addNeed(w, what, at),
  };
  try {
    w.fragment = reader.read(res.kind, ctx);
  } catch (e) {
    if (early && asked) return 'defer';
    f.report.errors.push({ message: `Mesh Lens could not convert ${res.kind} ${res.name ?? ''}: ${(e as Error)?.message ?? String(e)}`.replace(/ :/, ':'), line: source.line });
    return undefined;
  }
  if (early && asked) return 'defer';
  const annotationsOnly = isAnnotationCarrier(res.apiVersion, res.kind);
  if (!w.fragment) { if (!annotationsOnly) leaveUnconverted(f, doc, res, false); return undefined; }
  for (const p of PIPELINE_FIELDS) root.at(...p).use();
  for (const origin of unusedFields(doc, doc.root, tracker.consumed, o => f.lines.lineOf(o) + 1)) {
    if (!annotationsOnly || isPolicyAnnotationField(origin.path)) addDrop(w, origin, NOT_YET);
  }
  if (annotationsOnly) w.annotationsOnly = { removals: policyAnnotationRemovals(f.text, doc, doc.root) };
  // Converted to its own mesh, a resource whose reading lost a field stays as written when its reader says it can.
  if (res.owner === target.id && w.dropped.some(d => !d.inert) && reader.keptWhenLossy?.(res.kind, w.fragment)) w.kept = true;
  return w;
}

/** Annotations for a plain Service of the input, written in place in its own file (once per key). */
function annotator(reading: ReadRun): NonNullable<WriteContext['annotateService']> {
  return (name, namespace, annotations, from) => {
    const service = reading.run.service(name, namespace);
    const where = service && reading.serviceSlots.get(service);
    if (!where || where.slot.converted || where.slot.skip) return false;
    const doc = parseSlot(where.f.text, where.slot);
    const edit = serviceAnnotationInsert(where.f.text, doc, doc.root, annotations, `mesh-lens: from ${from}`);
    if (edit === 'present') return true;
    if (!edit || where.f.edits.some(e => e.start === edit.start && e.end === edit.end)) return false;
    where.f.edits.push(edit);
    return true;
  };
}

/** Start of the line holding `offset`; after the byte-order mark on the first line. */
function lineStartOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start;
}

/** Applies non-overlapping edits (in the file's line endings); '' when nothing changes. */
function applyEdits(text: string, edits: TextEdit[]): string {
  if (!edits.length) return '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.i - b.i);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) continue; // overlaps an earlier edit: keep the first
    parts.push(text.slice(at, e.start), eol === '\n' ? e.text : e.text.replace(/\r?\n/g, eol));
    at = e.end;
  }
  parts.push(text.slice(at));
  const out = parts.join('');
  if (out === text) return '';
  // A converted file ends with a line break, like every file a tool writes (the input may lack one).
  return out.endsWith('\n') ? out : out + eol;
}
