// Writing one mesh resource of a run: the target's writer over its model, with the comments, drops and
// needs it places, and the block that replaces the resource in its file (pipeline.ts runs the whole).
import type { CatalogView } from '../catalog';
import { compareVersions } from '../catalog';
import { versionIn } from '../analysis/judge';
import type { FeatureUse, Resource } from '../model';
import type { LineIndex } from '../parsing/lines';
import type { ConvertedFile, Reader, WriteContext, Writer } from './contract';
import type { ConvertTarget, ModelFragment, Origin, SourceRef } from './model';
import type { OutDoc, OutMap, OutValue } from './output';
import { comment, objectsIn } from './output';
import type { RunInput } from './inputContext';
import type { TextEdit } from './injection';
import { carryMetadata, resourceBlock } from './resourceOutput';
import type { SourceMetadata } from './resourceOutput';
import { featureReport } from './featureReport';
import { isPolicyAnnotationField } from './serviceAnnotations';

/** True when the target version has the construct: its support cell is supported or partial, within since/removedIn. */
export function targetSupports(catalog: CatalogView, target: ConvertTarget, feature: string): boolean {
  const cell = catalog.cell(target.id, feature);
  if (!cell || (cell.level !== 'supported' && cell.level !== 'partial')) return false;
  if (target.id === 'consul' && cell.qualifiers?.includes('enterprise_only')) return false;
  const since = versionIn(cell.since), removedIn = versionIn(cell.removedIn);
  if (target.version && since && compareVersions(target.version, since) < 0) return false;
  if (target.version && removedIn && compareVersions(target.version, removedIn) >= 0) return false;
  return true;
}

export interface FileWork {
  /** Its place among the run's files (resources are written in file order). */
  index: number;
  path: string;
  text: string;
  lines: LineIndex;
  /** The documents' places; their trees are parsed again when needed (a run never holds every tree at once). */
  docs: DocSlot[];
  /** The mesh resources and meshed workloads recognised in the file. */
  resources: Resource[];
  report: ConvertedFile;
  edits: TextEdit[];
  /** Feature uses by document index. */
  usesByDoc: Map<number, FeatureUse[]>;
  /** Offsets where a "cannot convert" comment was inserted. */
  commented: Set<number>;
}

/** One `---` document of a file. */
export interface DocSlot {
  index: number;
  range: { start: number; end: number };
  /** Template, broken or empty: passed through as it is. */
  skip: boolean;
  /** It carries mesh annotations or labels (proxy injection may need rewriting). */
  annotated: boolean;
  /** Replaced by a conversion, or left as it is with a comment: no injection rewrite. */
  converted: boolean;
}

/** One mesh resource on its way through reader and writer. */
export interface ResourceWork {
  file: FileWork;
  docIndex: number;
  /** Offsets of the resource's root node in the file (what its conversion replaces). */
  rootStart: number;
  rootEnd: number;
  res: Resource;
  reader: Reader;
  /** Left as it is: converting it to its own mesh would lose a field (Reader.keptWhenLossy). */
  kept?: true;
  /** The source's labels and annotations (the tree itself is not kept past reading). */
  metadata: SourceMetadata;
  source: SourceRef;
  fragment?: ModelFragment;
  /** Comments for the top of the resource's output (drops and needs without a better place). */
  top: string[];
  dropped: { field: string; line: number; reason: string; inert?: true }[];
  needs: { what: string; line: number }[];
  /** A plain Service read for its policy annotations only: it stays in place, less those annotations
   *  (removed by these edits; undefined when they could not be removed), and the policy follows it. */
  annotationsOnly?: { removals: TextEdit[] | undefined };
}

export function usesOf(f: FileWork, docIndex: number): FeatureUse[] {
  return f.usesByDoc.get(docIndex) ?? [];
}

export function addDrop(w: ResourceWork, origin: Origin, reason: string, placed = false, inert = false): void {
  if (w.dropped.some(d => d.field === origin.path && d.reason === reason)) return;
  w.dropped.push({ field: origin.path, line: origin.line, reason, ...(inert ? { inert: true as const } : {}) });
  if (!placed) w.top.push(`mesh-lens: not converted: ${origin.path} — ${reason}`);
}

export function addNeed(w: ResourceWork, what: string, origin: Origin, placed = false): void {
  if (!w.needs.some(n => n.what === what && n.line === origin.line)) w.needs.push({ what, line: origin.line });
  if (!placed && !w.top.includes(`mesh-lens: set ${what}`)) w.top.push(`mesh-lens: set ${what}`);
}

export function writeResource(w: ResourceWork, writer: Writer, target: ConvertTarget, catalog: CatalogView, run: RunInput, generated: Set<string>,
  annotateService: WriteContext['annotateService']): void {
  const f = w.file;
  // Comments placed on an output object, to move to the resource's header if that object is not written.
  const placed: { at: object; text: string }[] = [];
  const writeDrop = (origin: Origin, reason: string, at: OutMap | OutValue[] | undefined, key: string | undefined, inert: boolean) => {
    const text = `mesh-lens: not converted: ${origin.path} — ${reason}`;
    addDrop(w, origin, reason, !!at, inert);
    if (at) { comment(at, text, key); placed.push({ at, text }); }
  };
  const ctx: WriteContext = {
    target, catalog, input: run,
    drop: (origin, reason, at, key) => writeDrop(origin, reason, at, key, false),
    dropInert: (origin, reason, at, key) => writeDrop(origin, reason, at, key, true),
    need: (what, origin, at, key) => {
      addNeed(w, what, origin, !!at);
      if (at) { comment(at, `mesh-lens: set ${what}`, key); placed.push({ at, text: `mesh-lens: set ${what}` }); }
    },
    note: (text, at, key) => comment(at, text, key),
    annotateService,
    supports: feature => targetSupports(catalog, target, feature),
  };
  let docs: OutDoc[];
  try {
    docs = writer.write(w.fragment!, ctx);
  } catch (e) {
    f.report.errors.push({ message: `Mesh Lens could not write ${w.res.kind} ${w.source.name} for ${target.id}: ${(e as Error)?.message ?? String(e)}`, line: w.source.line });
    return;
  }
  const kept = docs.filter(d => {
    const meta = (d.obj.metadata ?? {}) as { name?: string; namespace?: string };
    if (!d.generated) return true;
    const key = `${String(d.obj.apiVersion)}|${String(d.obj.kind)}|${meta.namespace ?? ''}|${meta.name ?? ''}`;
    // One generated object per run (several routes share a per-subset Service); never one the input already has.
    if (generated.has(key)) return false;
    generated.add(key);
    return !(d.obj.apiVersion === 'v1' && d.obj.kind === 'Service' && meta.name && run.service(meta.name, meta.namespace)?.name === meta.name);
  });
  const written = objectsIn(kept.map(d => d.obj));
  for (const p of placed) if (!written.has(p.at) && !w.top.includes(p.text)) w.top.push(p.text);
  // The Service's own labels and annotations stay on the Service, not on the policy read from it.
  if (!w.annotationsOnly) for (const d of kept) if (!d.generated) carryMetadata(w.metadata, d.obj);
  if (w.annotationsOnly && !w.annotationsOnly.removals) {
    w.top.push(w.source.kind === 'Service'
      ? `mesh-lens: remove the retry.linkerd.io and timeout.linkerd.io annotations of Service ${w.source.name}: what they say is written below.`
      : `mesh-lens: remove the config.linkerd.io/default-inbound-policy annotation of ${w.source.kind} ${w.source.name}: what it says is written below.`);
  }
  if (!docs.length && !w.dropped.length && !w.needs.length) {
    w.top.push(`mesh-lens: ${catalog.meshName(target.id)} needs no resource of its own for this one: what it says is written into the other converted resources.`);
  }
  const block = resourceBlock(f.text, w.rootStart, w.rootEnd, w.source, w.top, kept);
  if (w.annotationsOnly) {
    // The Service stays; its policy follows it as documents of their own.
    f.edits.push(...(w.annotationsOnly.removals ?? []));
    const after = f.text.charCodeAt(block.end - 1) === 10 ? '' : '\n';
    f.edits.push({ start: block.end, end: block.end, text: `${after}---\n${block.text.replace(/^\n/, '')}` });
  } else f.edits.push(block);
  for (const d of kept) {
    const meta = (d.obj.metadata ?? {}) as { name?: string; namespace?: string };
    f.report.resources.push({
      apiVersion: String(d.obj.apiVersion ?? ''), kind: String(d.obj.kind ?? ''), name: String(meta.name ?? ''),
      ...(meta.namespace ? { namespace: String(meta.namespace) } : {}), generated: !!d.generated,
      from: { kind: w.source.kind, name: w.source.name, line: w.source.line },
    });
  }
  const uses = usesOf(f, w.docIndex).filter(u => !w.annotationsOnly || isPolicyAnnotationField(u.field));
  const { carried, dropped } = featureReport(uses, w.dropped);
  f.report.carried.push(...carried);
  f.report.dropped.push(...dropped);
  f.report.needs.push(...w.needs);
}
