import type { OwnerId, Source, SupportCell, SupportLevel, Target } from '../model';
import { CatalogView } from '../catalog';
import { escapeMarkdown, markdownSources } from '../sources';
import { FieldDoc, FieldDocIndex, KindDoc } from './fieldDocs';
import { inventoryDocument, formatPath, ownerOfAnnotationKey, DocUse } from '../analysis/inventory';
import { LineIndex } from '../parsing/lines';
import { YNode, deref, getValue, parseDocument, scalarText, splitDocuments } from '../parsing/yamlTree';

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
  /** The target's construct for the same feature (absent when it has none). */
  targetConstruct?: string;
  targetLevel?: SupportLevel;
  /** The target cell's one-sentence summary and its whole note. */
  targetSummary?: string;
  targetNote?: string;
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
  if (local.length === 1 && (local[0] === 'kind' || local[0] === 'apiVersion' || (local[0] === 'type' && group === 'kuma.io'))) {
    d.on = local[0] === 'apiVersion' ? 'apiVersion' : 'kind';
    d.kindDoc = fieldDocs?.kind(group, kind);
  } else if (fieldDocs && !d.annotation) {
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
    if (target) {
      const cell = view.cell(view.baseMesh(target.mesh), use.feature);
      d.targetLevel = cell?.level;
      d.targetConstruct = cell?.construct;
      d.targetSummary = cell?.summary;
      d.targetNote = cell?.note;
    }
  }
  return d;
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

const ICON: Record<SupportLevel, string> = { supported: '✔', partial: '◐', unsupported: '✖', unknown: '?', not_applicable: '–' };
const WORD: Record<SupportLevel, string> = { supported: 'supported', partial: 'partial', unsupported: 'not supported', unknown: 'unknown', not_applicable: 'n/a' };

export { escapeMarkdown };

/** A Markdown link title: quoted, with quotes and backslashes escaped, kept short. */
function linkTitle(s: string): string {
  const t = s.length > 300 ? s.slice(0, 299) + '…' : s;
  return `"${t.replace(/[\\"]/g, c => `\\${c}`).replace(/\s+/g, ' ')}"`;
}

/** A Markdown code span that survives backticks in its text. */
export function markdownCode(s: string): string {
  const ticks = (s.match(/`+/g) ?? []).reduce((m, t) => Math.max(m, t.length), 0);
  const fence = '`'.repeat(ticks + 1);
  return ticks ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

/** The hover text. `compareLink` is a command link opening the comparison at the feature (or undefined). */
export function hoverMarkdown(d: Description, view: CatalogView, compareLink?: (feature: string) => string): string {
  const out: string[] = [];
  const meshName = view.meshName(d.owner);
  const subject = d.on === 'annotation' ? `annotation ${markdownCode(d.annotation!.key)}`
    : d.on === 'kind' || d.on === 'apiVersion' ? `${escapeMarkdown(d.kind)} (${escapeMarkdown(d.apiVersion || d.group)})`
    : `${escapeMarkdown(d.kind)} ${markdownCode(d.field)}`;
  out.push(`**${escapeMarkdown(meshName)}** · ${subject}`);
  const status = view.meshes.get(d.owner)?.status;
  if (status && (status.state === 'archived' || status.state === 'discontinued' || status.state === 'dormant')) {
    out.push(`_${escapeMarkdown(meshName)} is ${status.state}${status.date ? ` (${status.date})` : ''}._`);
  }
  const docText = d.on === 'kind' || d.on === 'apiVersion' ? d.kindDoc?.description : d.fieldDoc?.description;
  if (docText) out.push(escapeMarkdown(docText));
  const facts: string[] = [];
  if (d.fieldDoc?.type) facts.push(`type ${markdownCode(d.fieldDoc.type)}`);
  if (d.fieldDoc?.enum?.length) facts.push(`one of ${d.fieldDoc.enum.map(markdownCode).join(', ')}${d.fieldDoc.enumMore ? ` (+${d.fieldDoc.enumMore} more)` : ''}`);
  if (d.fieldDoc?.experimental) facts.push('Gateway API experimental channel only');
  if ((d.on === 'kind' || d.on === 'apiVersion') && d.kindDoc?.versions?.length) facts.push(`served versions: ${d.kindDoc.versions.join(', ')}`);
  if (facts.length) out.push(facts.join(' · '));
  if (d.feature) {
    out.push(`**Feature:** ${escapeMarkdown(d.feature.label)}${d.feature.description ? ` — ${escapeMarkdown(d.feature.description)}` : ''}`);
    if (d.support) {
      // Each mesh links to the comparison; its tooltip says the level, the source and the 2022 value.
      const link = compareLink?.(d.feature.id);
      out.push(d.support.map(r => {
        const label = `${escapeMarkdown(r.name)} ${ICON[r.level]}${r.qualifiers.includes('enterprise_only') ? ' (Enterprise)' : ''}`;
        const tip = `${WORD[r.level]}${r.qualifiers.length ? ` (${r.qualifiers.join(', ').replace(/_/g, ' ')})` : ''} — ${r.sources[0]?.title ?? 'no source recorded'}${r.sources.length > 1 ? ` (+${r.sources.length - 1} more)` : ''} (${r.confidence})${r.checked ? `; facts checked ${r.checked}` : ''}${r.was2022 ? `; 2022 sheet: ${r.was2022}` : ''}`;
        const item = link ? `[${label}](${link} ${linkTitle(tip)})` : label;
        return r.isTarget ? `**${item}**` : item;
      }).join(' · '));
    }
    if (d.target) {
      const name = view.meshName(d.target.mesh);
      const level = d.targetLevel ?? 'unknown';
      const row = d.support?.find(r => r.isTarget);
      const checked = row?.checked ? `, facts checked ${row.checked}` : '';
      // The construct is a noun phrase: it names how the target does it (absent when it has none).
      const construct = d.targetConstruct && level !== 'unsupported' ? `: ${escapeMarkdown(d.targetConstruct)}` : '';
      out.push(`**In ${escapeMarkdown(name)}** (${WORD[level]}${checked})${construct}`);
      const story = [d.targetSummary, d.targetNote && d.targetNote !== d.targetSummary ? d.targetNote : undefined].filter(Boolean) as string[];
      if (story.length) out.push(story.map(escapeMarkdown).join(' '));
      if (row) {
        const links = markdownSources(row.sources);
        out.push(`_Evidence (${row.confidence}):_ ${links || 'no source recorded'}${row.was2022 ? ` · _the 2022 sheet said ${escapeMarkdown(row.was2022)}_` : ''}`);
      }
    }
    if (compareLink) out.push(`[Compare meshes…](${compareLink(d.feature.id)})`);
  }
  return out.join('\n\n');
}
