import type { ApiVersionRule, FeatureUse, OwnerId, Source, SupportCell, SupportLevel, Target } from '../model';
import { CatalogView, compareVersions } from '../catalog';
import { FieldDoc, FieldDocIndex, KindDoc } from './fieldDocs';
import { inventoryDocument, formatPath, ownerOfAnnotationKey, compilePath, DocUse } from '../analysis/inventory';
import { DEFAULT_SEVERITIES, apiVersionRule, verdictFor } from '../analysis/judge';
import { firstConstruct } from '../analysis/readByTarget';
import { YNode, deref, getValue, parseDocument, scalarText, splitDocuments } from '../parsing/yamlTree';

export { hoverMarkdown, markdownCode, escapeMarkdown } from './markdown';

/** What the cursor is on, for a hover: the field, its schema doc, its feature and who supports it. */
export interface Description {
  owner: OwnerId;
  group: string;
  kind: string;
  apiVersion: string;
  /** Concrete path: spec.http[0].mirror; `kind` / `apiVersion` for those keys. */
  field: string;
  /** What was hovered: a key, a value, or the kind/apiVersion of the resource. */
  on: 'key' | 'value' | 'kind' | 'apiVersion' | 'annotation';
  /** 0-based offsets of the hovered token in the file. */
  span: { start: number; end: number };
  fieldDoc?: FieldDoc;
  kindDoc?: KindDoc;
  annotation?: { key: string; owner: OwnerId };
  feature?: { id: string; label: string; description?: string; use: DocUse };
  /** One cell per mesh (target first), for the feature. */
  support?: SupportRow[];
  target: Target | null;
  /** The target's equivalent construct for the feature (absent when it has none or does not support it). */
  targetConstruct?: string;
  /** The target's level for the feature, as the diagnostics judge it (versions included). */
  targetLevel?: SupportLevel;
  /** Why, in one sentence (the target cell's summary, or what the target version lacks), and the whole note. */
  targetSummary?: string;
  targetNote?: string;
  /** A parent field (`fault`): the features of the fields under it. */
  under?: FeatureVerdict[];
  /** Whether the target reads resources of the owner (undefined: no target, or the data does not say). */
  readByTarget?: boolean;
  /** On `kind`: the target's construct for what the resource does, and the features its fields can express. */
  resource?: { equivalent?: string; features: string[] };
  /** On `apiVersion`: what the catalog knows of this apiVersion and the kind's other versions. */
  versions?: ApiVersionFacts;
}

/** One feature under a parent field: its row across meshes and the target's verdict. */
export interface FeatureVerdict {
  id: string; label: string; description?: string; support: SupportRow[];
  targetLevel?: SupportLevel; targetSummary?: string; targetConstruct?: string; targetNote?: string;
}

export interface ApiVersionFacts {
  /** served / deprecated, or not served by the judged version, or not a version the owner serves at all. */
  status: 'served' | 'deprecated' | 'not-served' | 'unlisted' | 'unknown';
  /** The version it was judged against (the target's, when the target is the owner mesh). */
  judgedVersion?: string;
  rule?: ApiVersionRule;
  /** Every listed version of the kind's group, in the data's order. */
  all: ApiVersionRule[];
}

export interface SupportRow {
  mesh: string; name: string; level: SupportLevel; sources: Source[]; confidence: string; isTarget: boolean; qualifiers: string[];
  /** The 2022 sheet's text when its level differs from today's. */
  was2022?: string;
  /** ISO date the mesh's facts were checked. */
  checked?: string;
}

type Seg = string | number;

/** Finds the YAML node under `offset` and what the catalog knows about it. Never throws. */
export function describeAt(text: string, offset: number, view: CatalogView, fieldDocs: FieldDocIndex | undefined, target: Target | null): Description | undefined {
  try {
    return describe(text, offset, view, fieldDocs, target);
  } catch {
    return undefined;
  }
}

function describe(text: string, offset: number, view: CatalogView, fieldDocs: FieldDocIndex | undefined, target: Target | null): Description | undefined {
  const range = splitDocuments(text).find(d => offset >= d.start && offset <= d.end);
  if (!range) return undefined;
  const docText = text.slice(range.start, range.end);
  const rel = offset - range.start;
  const doc = parseDocument(docText, { start: 0, end: docText.length }, 0);
  if (!doc.root) return undefined;
  const inv = inventoryDocument(docText, view.data, view.detectorIndex);

  // The path to the token under the cursor.
  const path: Seg[] = [];
  let on: 'key' | 'value' = 'value';
  let token: YNode | undefined;
  let node: YNode | undefined = doc.root;
  for (let depth = 0; node && depth < 200; depth++) {
    const n: YNode | undefined = deref(doc, node);
    if (!n) break;
    if (n.t === 'map') {
      const e = n.entries.find(x => (rel >= x.key.start && rel <= x.key.end) || (rel >= x.value.start && rel <= x.value.end && x.value.t !== 'alias'));
      if (!e || e.key.t !== 'scalar') break;
      path.push(e.key.value);
      if (rel >= e.key.start && rel <= e.key.end) { on = 'key'; token = e.key; break; }
      node = e.value;
      if (e.value.t === 'scalar') { on = 'value'; token = e.value; break; }
    } else if (n.t === 'seq') {
      const i = n.items.findIndex(x => rel >= x.start && rel <= x.end);
      if (i < 0) break;
      path.push(i);
      node = n.items[i];
      if (node.t === 'scalar') { token = node; break; }
    } else break;
  }
  if (!token || path.length === 0) return undefined;

  // The object the path belongs to (a List item, or the document).
  let objPath: Seg[] = [];
  let objRoot: YNode | undefined = doc.root;
  if (path[0] === 'items' && typeof path[1] === 'number' && scalarText(doc, getValue(doc, doc.root, 'kind')) === 'List') {
    objPath = path.slice(0, 2);
    objRoot = deref(doc, (deref(doc, getValue(doc, doc.root, 'items')) as { items?: YNode[] } | undefined)?.items?.[path[1] as number]);
  }
  const local = path.slice(objPath.length);
  const apiVersion = scalarText(doc, getValue(doc, objRoot, 'apiVersion')) ?? '';
  const slash = apiVersion.lastIndexOf('/');
  let group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  let kind = scalarText(doc, getValue(doc, objRoot, 'kind')) ?? '';
  const resource = inv.resources.find(r => r.kind === kind || (!kind && r.owner === 'kuma'));
  if (!kind && resource) { kind = resource.kind; group = 'kuma.io'; }
  const field = formatPath(path);
  const span = { start: token.start + range.start, end: token.end + range.start };

  // Mesh annotations and labels, on any kind of object.
  const bag = local.length >= 3 ? local[local.length - 2] : undefined;
  const annotationKey = on === 'key' && (bag === 'annotations' || bag === 'labels') ? String(local[local.length - 1]) : undefined;
  const annotationOwner = annotationKey ? ownerOfAnnotationKey(view.data, annotationKey) : undefined;
  if (!resource && !annotationOwner) return undefined;
  const owner = (annotationOwner ?? resource!.owner) as OwnerId;

  const d: Description = { owner, group, kind, apiVersion, field, on, span, target };
  if (annotationKey && annotationOwner) { d.on = 'annotation'; d.annotation = { key: annotationKey, owner: annotationOwner }; }
  const reads = target ? view.targets.get(target.mesh)?.reads : undefined;
  if (reads) d.readByTarget = reads.includes(owner);
  if (local.length === 1 && (local[0] === 'kind' || local[0] === 'apiVersion' || (local[0] === 'type' && group === 'kuma.io'))) {
    d.on = local[0] === 'apiVersion' ? 'apiVersion' : 'kind';
    d.kindDoc = fieldDocs?.kind(group, kind);
    if (d.on === 'apiVersion') d.versions = apiVersionFacts(view, owner, apiVersion, kind, target);
    else d.resource = resourceFacts(view, group, kind, inv.uses.filter(u => u.kind === kind), target);
    return d;
  }
  if (fieldDocs && !d.annotation) {
    d.fieldDoc = fieldDocs.describe(group, kind, local) ?? undefined;
    d.kindDoc = fieldDocs.kind(group, kind);
  }

  // The feature: the use whose key is hovered, else the innermost use this path lies under.
  const inside = (u: DocUse) => rel >= u.span.start && rel <= u.span.end;
  const under = (u: DocUse) => field === u.field || field.startsWith(u.field + '.') || field.startsWith(u.field + '[');
  const candidates = inv.uses.filter(u => inside(u) || under(u)).sort((a, b) => b.field.length - a.field.length);
  const use = candidates[0];
  if (use) {
    const f = view.features.get(use.feature);
    d.feature = { id: use.feature, label: f?.label ?? use.feature, description: f?.description, use };
    d.support = supportRow(view, use.feature, target);
    if (target) Object.assign(d, targetVerdict(view, use, target));
  } else if (on === 'key' && !d.annotation) {
    const under = featuresUnder(view, group, kind, local, field, inv.uses);
    if (under.length) d.under = under.map(u => featureVerdict(view, u, target));
  }
  return d;
}

/** The target's verdict on one use, judged as the diagnostics judge it (a target version, Gateway API conformance). */
function targetVerdict(view: CatalogView, use: DocUse, target: Target): Pick<Description, 'targetLevel' | 'targetSummary' | 'targetConstruct' | 'targetNote'> {
  const base = view.baseMesh(target.mesh);
  const cell = view.cell(base, use.feature);
  const v = verdictFor(view, { ...use, docIndex: 0, range: { line: 1, column: 1, endLine: 1, endColumn: 1 } } as FeatureUse, target, DEFAULT_SEVERITIES);
  const level: SupportLevel = v?.level ?? cell?.level ?? (use.owner === base ? 'supported' : 'unknown');
  const summary = v ? (v.detail ? sentence(v.detail) : undefined) : cell?.summary;
  // An equivalent is another mesh's construct: on the target's own resource it would name the field itself.
  const construct = use.owner === base ? undefined : v ? v.equivalent : level === 'supported' || level === 'partial' ? cell?.construct : undefined;
  return {
    targetLevel: level,
    ...(summary ? { targetSummary: summary } : {}),
    ...(construct ? { targetConstruct: construct } : {}),
    ...(cell?.note ? { targetNote: cell.note } : {}),
  };
}

/** "added in Linkerd 2.17" → "Added in Linkerd 2.17." (summaries are sentences already). */
function sentence(s: string): string {
  const t = s.trim();
  return `${t[0].toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

/** A feature as a use anywhere in the resource: what a parent field's features are judged with. */
type FeatureAt = Pick<DocUse, 'feature' | 'owner'> & Partial<DocUse>;

function featureVerdict(view: CatalogView, u: FeatureAt, target: Target | null): FeatureVerdict {
  const f = view.features.get(u.feature);
  const out: FeatureVerdict = { id: u.feature, label: f?.label ?? u.feature, description: f?.description, support: supportRow(view, u.feature, target) };
  if (target) Object.assign(out, targetVerdict(view, u as DocUse, target));
  return out;
}

/**
 * The features of the fields below a parent field: those used in the document under it, then those
 * its detectors find one field down (`fault` → `fault.delay`, `fault.abort`), once each.
 */
function featuresUnder(view: CatalogView, group: string, kind: string, local: Seg[], field: string, uses: DocUse[]): FeatureAt[] {
  const out: FeatureAt[] = [];
  const seen = new Set<string>();
  const add = (u: FeatureAt) => { if (!seen.has(u.feature) && view.features.get(u.feature)?.kind !== 'info') { seen.add(u.feature); out.push(u); } };
  for (const u of uses) if (u.kind === kind && (u.field.startsWith(field + '.') || u.field.startsWith(field + '['))) add(u);
  for (const c of view.detectorIndex.forResource(group, kind)) {
    for (const p of c.d.paths ?? []) {
      const segs = compilePath(p);
      if (segs.length <= local.length) continue;
      const matches = local.every((s, i) => {
        const g = segs[i];
        return g.k === 'key' ? s === g.name : g.k === 'index' ? typeof s === 'number' : typeof s === 'string';
      });
      // One field down: list items in between do not count.
      if (matches && segs.slice(local.length).filter(g => g.k !== 'index').length === 1) add({ feature: c.d.feature, owner: c.d.owner, ...(c.d.conformanceFeature ? { conformanceFeature: c.d.conformanceFeature } : {}) });
    }
  }
  return out;
}

/** On `kind`: the target's construct for the first feature of the resource it has, and every feature its detectors know. */
function resourceFacts(view: CatalogView, group: string, kind: string, uses: DocUse[], target: Target | null): NonNullable<Description['resource']> {
  const features: string[] = [];
  for (const c of view.detectorIndex.forResource(group, kind)) {
    const label = view.features.get(c.d.feature)?.kind === 'info' ? undefined : view.featureLabel(c.d.feature);
    if (label && !features.includes(label)) features.push(label);
  }
  let equivalent: string | undefined;
  if (target) {
    const base = view.baseMesh(target.mesh);
    for (const u of uses) {
      const cell = view.cell(base, u.feature);
      if (cell?.construct && (cell.level === 'supported' || cell.level === 'partial')) { equivalent = firstConstruct(cell.construct); break; }
    }
  }
  return { ...(equivalent ? { equivalent } : {}), features };
}

/** On `apiVersion`: served, deprecated or not served — by the owner, at the target's version when the target is the owner. */
function apiVersionFacts(view: CatalogView, owner: OwnerId, apiVersion: string, kind: string, target: Target | null): ApiVersionFacts {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const all = view.data.apiVersions.filter(a => a.group === group && (!a.kinds || a.kinds.includes(kind)));
  const rule = apiVersionRule(view, { apiVersion, kind });
  if (rule === 'unlisted') return { status: 'unlisted', all };
  if (!rule) return { status: 'unknown', all };
  const judgedVersion = target && view.baseMesh(target.mesh) === owner ? target.version : undefined;
  if (judgedVersion && ((rule.since && compareVersions(judgedVersion, rule.since) < 0) || (rule.removedIn && compareVersions(judgedVersion, rule.removedIn) >= 0))) {
    return { status: 'not-served', judgedVersion, rule, all };
  }
  return { status: rule.deprecated ? 'deprecated' : 'served', ...(judgedVersion ? { judgedVersion } : {}), rule, all };
}

/** Every mesh's support for a feature, the target first, then the order of the sheet. */
export function supportRow(view: CatalogView, feature: string, target: Target | null): SupportRow[] {
  const targetBase = target ? view.baseMesh(target.mesh) : undefined;
  const rows: SupportRow[] = [];
  for (const m of view.data.meshes) {
    const c: SupportCell | undefined = view.cell(m.id, feature);
    if (!c) continue;
    const was2022 = c.seed && c.seed.level !== c.level && c.seed.level !== 'unknown' ? (c.seed.value ?? 'blank') : undefined;
    rows.push({
      mesh: m.id, name: m.name, level: c.level, sources: c.sources ?? [], confidence: c.confidence, isTarget: m.id === targetBase,
      qualifiers: c.qualifiers ?? [], ...(was2022 ? { was2022 } : {}), ...(m.checked ? { checked: m.checked } : {}),
    });
  }
  return rows.sort((a, b) => Number(b.isTarget) - Number(a.isTarget));
}
