// The compare panel's view model: catalog + panel state + feature uses -> what the panel shows.
// Pure (no vscode, no Node built-ins): the host uses it for exports, the webview bundle for rendering,
// so the page and an export always agree on what is shown.
import type {
  Catalog, Confidence, Feature, FeatureUse, Mesh, MeshStatus, OwnerId, Qualifier, Range, SeedCell,
  Source, SupportCell, SupportLevel, Target, TargetId,
} from '../model';
import { escapeHtml, sourceTitles } from '../sources';

/** The part of the catalog the panel needs (what the host sends to the page). */
export type CompareCatalog = Pick<Catalog, 'meshes' | 'sections' | 'cells'> & { targets?: Catalog['targets'] };

export function compareCatalogOf(catalog: CompareCatalog): CompareCatalog {
  return { meshes: catalog.meshes, sections: catalog.sections, cells: catalog.cells, targets: catalog.targets };
}

export interface UsageFile { uri: string; path: string; uses: FeatureUse[] }
/** Feature uses of the workspace, per file; `activeUri` is the file in the active editor. */
export interface Usage { files: UsageFile[]; activeUri?: string }

export type UsedOnly = 'off' | 'file' | 'workspace';

/** Serialisable panel state (webview getState/setState, the panel serializer). */
export interface ComparePanelState {
  filter: string;
  hiddenSections: string[];
  /** Column order chosen by the user; empty means the default: target first, then catalog order. */
  meshOrder: string[];
  hiddenMeshes: string[];
  differencesOnly: boolean;
  usedOnly: UsedOnly;
  /** Feature the panel was opened for (quick fix, hover): scrolled to and highlighted. */
  focusFeature?: string;
  scrollTop?: number;
}

export function defaultPanelState(): ComparePanelState {
  return { filter: '', hiddenSections: [], meshOrder: [], hiddenMeshes: [], differencesOnly: false, usedOnly: 'off' };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Accepts anything (a restored webview state, a message) and returns a valid state. */
export function normalizeState(value: unknown): ComparePanelState {
  const state = defaultPanelState();
  if (!value || typeof value !== 'object') return state;
  const v = value as Record<string, unknown>;
  if (typeof v.filter === 'string') state.filter = v.filter;
  state.hiddenSections = stringList(v.hiddenSections);
  state.meshOrder = stringList(v.meshOrder);
  state.hiddenMeshes = stringList(v.hiddenMeshes);
  state.differencesOnly = v.differencesOnly === true;
  if (v.usedOnly === 'file' || v.usedOnly === 'workspace') state.usedOnly = v.usedOnly;
  if (typeof v.focusFeature === 'string' && v.focusFeature) state.focusFeature = v.focusFeature;
  if (typeof v.scrollTop === 'number' && Number.isFinite(v.scrollTop) && v.scrollTop >= 0) state.scrollTop = v.scrollTop;
  return state;
}

export const LEVEL_ICONS: Record<SupportLevel, string> = {
  supported: '✔',
  partial: '◐',
  unsupported: '✖',
  unknown: '?',
  not_applicable: '–',
};

export const LEVEL_WORDS: Record<SupportLevel, string> = {
  supported: 'Supported',
  partial: 'Partial',
  unsupported: 'Unsupported',
  unknown: 'Unknown',
  not_applicable: 'Not applicable',
};

const QUALIFIER_WORDS: Record<Qualifier, string> = {
  enterprise_only: 'enterprise only',
  escape_hatch_only: 'escape hatch only',
  experimental: 'experimental',
  deprecated: 'deprecated',
  removed: 'removed',
};

/** The column a target highlights: the catalog's `base` of the target (Consul Enterprise is the Consul column). */
export function targetColumn(target: Target | TargetId | null | undefined, catalog?: CompareCatalog): OwnerId | null {
  if (!target) return null;
  const id = typeof target === 'string' ? target : target.mesh;
  return (catalog?.targets?.find(t => t.id === id)?.base ?? id) as OwnerId;
}

export function targetLabel(catalog: CompareCatalog, target: Target | null | undefined): string | null {
  if (!target) return null;
  const column = targetColumn(target, catalog);
  const mesh = catalog.meshes.find(m => m.id === column);
  const name = catalog.targets?.find(t => t.id === target.mesh)?.name ?? mesh?.name ?? target.mesh;
  return target.version ? `${name} ${target.version}` : name;
}

export interface MatrixColumn {
  mesh: OwnerId;
  name: string;
  type: Mesh['type'];
  isTarget: boolean;
  status: MeshStatus;
  /** "Archived (2023-12)", "Renamed → Traefik Mesh (2020-09)", "" when active. */
  statusText: string;
  versionChecked?: string;
  /** ISO date the mesh's facts were checked. */
  checked?: string;
}

export interface MeshChoice {
  mesh: OwnerId;
  name: string;
  shown: boolean;
  isTarget: boolean;
  statusText: string;
}

/** One line of a cell's details; `links` (evidence) are shown as links, `text` names them for exports and filters. */
export interface CellDetail { term: string; text: string; links?: Source[] }

export interface MatrixCell {
  mesh: OwnerId;
  meshName: string;
  level: SupportLevel;
  /** What the cell says: the level word with qualifiers/since, the sheet's own text, or an info row's fact. */
  text: string;
  /** Level icon; empty for info rows (their text is the fact). */
  icon: string;
  /** The level in words ("Supported"), for screen readers and exports. */
  label: string;
  /** The sources' titles, as one line (exports, filter). */
  source: string;
  sources: Source[];
  confidence: Confidence | 'unknown';
  seed?: SeedCell;
  changedSince2022: boolean;
  /** Short line under a changed cell: "2022: ✖". */
  was2022?: string;
  qualifiers: Qualifier[];
  since?: string;
  removedIn?: string;
  isTarget: boolean;
  /** Lines of the hover / focus tooltip. */
  details: CellDetail[];
}

export interface UsePlace {
  uri: string;
  path: string;
  range: Range;
  field: string;
  kind: string;
  name?: string;
  inActiveFile: boolean;
}

export interface MatrixRow {
  feature: Pick<Feature, 'id' | 'label' | 'description' | 'kind' | 'section'>;
  cells: MatrixCell[];
  used: { file: number; workspace: number };
  places: UsePlace[];
  /** Shown meshes disagree (judged levels, ignoring unknown / not applicable). */
  differs: boolean;
  isFocus: boolean;
}

export interface MatrixSection { id: string; label: string; rows: MatrixRow[] }

export interface SectionChoice { id: string; label: string; shown: boolean; rowCount: number; shownRowCount: number }

export interface MeshPortability {
  mesh: OwnerId;
  name: string;
  isTarget: boolean;
  supported: number;
  partial: number;
  unsupported: number;
  unknown: number;
  notApplicable: number;
  total: number;
  /** 'ce' when Consul was counted at its level without Enterprise (editions.ce); the name stays the column's. */
  edition?: 'ce';
  /** "Linkerd 9/14" */
  text: string;
}

export interface PortabilitySummary {
  /** Catalog features used anywhere in the workspace. */
  features: string[];
  meshes: MeshPortability[];
  /** "This workspace uses 14 features: Linkerd 9/14, Kuma 13/14." */
  text: string;
}

export interface MatrixView {
  state: ComparePanelState;
  target: { mesh: TargetId; column: OwnerId; label: string } | null;
  columns: MatrixColumn[];
  meshes: MeshChoice[];
  sections: MatrixSection[];
  sectionChoices: SectionChoice[];
  summary: PortabilitySummary;
  hasUsage: boolean;
  activePath?: string;
  totalRows: number;
  shownRows: number;
  /** Human description of the active filters ("" when none). */
  filterText: string;
}

export const SHEET_SOURCE_LABEL = '2022 comparison sheet (learnk8s, May 2022)';

/** Consul's level with the free edition only: the column, the target and the summary all say "Consul". */
const WITHOUT_ENTERPRISE = 'Without Enterprise';

/** The learnk8s sheet the catalog grew from, as the data links it (the "2022:" marks under cells are its values). */
export function sheetSource(catalog: CompareCatalog): Source | undefined {
  for (const cells of Object.values(catalog.cells)) {
    for (const cell of Object.values(cells ?? {})) {
      const source = cell?.sources?.find(s => s.url && /learnk8s/i.test(s.title));
      if (source) return source;
    }
  }
  return undefined;
}

/** Sources are data; the 2022 sheet is named the same way everywhere in the UI. */
export function sourceLabel(sources: readonly Source[] | undefined): string {
  if (!sources?.length) return 'no source recorded';
  return sources.every(s => /learnk8s/i.test(s.title)) ? SHEET_SOURCE_LABEL : sourceTitles(sources);
}

/** The cell's sources with the 2022 sheet named the usual way. */
function sourceLinks(sources: readonly Source[] | undefined): Source[] {
  return (sources ?? []).map(s => (/learnk8s/i.test(s.title) ? { ...s, title: SHEET_SOURCE_LABEL } : s));
}

function monthOrDate(date: string | undefined): string {
  return date ? ` (${date})` : '';
}

export function statusText(mesh: Mesh, meshes: readonly Mesh[]): string {
  const s = mesh.status ?? { state: 'active' };
  switch (s.state) {
    case 'archived': return `Archived${monthOrDate(s.date)}`;
    case 'discontinued': return `End of life${monthOrDate(s.date)}`;
    case 'dormant': return `Dormant${monthOrDate(s.date)}`;
    case 'renamed': {
      const to = mesh.renamedTo ? meshes.find(m => m.id === mesh.renamedTo)?.name ?? mesh.renamedTo : undefined;
      return `Renamed${to ? ` → ${to}` : ''}${monthOrDate(s.date)}`;
    }
    case 'no-data': return 'No data';
    default: return '';
  }
}

/** Sheet text that says more than a tick, a cross or a blank ("EWMA", "Treated as TCP", "In Dev"). */
function sheetWords(seed: SeedCell | undefined): string | undefined {
  const raw = seed?.value?.trim();
  if (!raw) return undefined;
  const bare = raw.replace(/[\uFE0E\uFE0F]/g, '').trim();
  if (['✔', '✖', '✓', '✗', '✕', '×'].includes(bare)) return undefined;
  return raw;
}

function seedSummary(seed: SeedCell): string {
  const words = sheetWords(seed);
  if (words) return words;
  if (seed.value == null || !seed.value.trim()) return 'blank';
  return LEVEL_ICONS[seed.level];
}

const NO_CELL_SOURCE = 'no data in the catalog';

function buildCell(feature: Feature, mesh: Mesh, cell: SupportCell | undefined, isTarget: boolean): MatrixCell {
  const base = { mesh: mesh.id, meshName: mesh.name, isTarget };
  const heading: CellDetail = { term: mesh.name, text: feature.label };
  if (!cell) {
    return {
      ...base, level: 'unknown', text: 'No data', icon: LEVEL_ICONS.unknown, label: LEVEL_WORDS.unknown,
      source: NO_CELL_SOURCE, sources: [], confidence: 'unknown', changedSince2022: false, qualifiers: [],
      details: [heading, { term: 'Level', text: 'Unknown (no data)' }, { term: 'Source', text: NO_CELL_SOURCE }],
    };
  }
  const source = sourceLabel(cell.sources);
  const sources = sourceLinks(cell.sources);
  const sourceDetail: CellDetail = { term: sources.length > 1 ? 'Sources' : 'Source', text: source, links: sources };
  const seed = cell.seed;
  const qualifiers = cell.qualifiers ?? [];
  const details: CellDetail[] = [heading];

  if (feature.kind === 'info') {
    const current = cell.construct?.trim() || undefined;
    const old = seed?.value?.trim() || undefined;
    const text = current ?? old ?? 'No data';
    const changed = !!current && !!old && current !== old;
    details.push({ term: 'Now', text });
    if (cell.note) details.push({ term: 'Note', text: cell.note });
    details.push(current || !old ? sourceDetail : { term: 'Source', text: SHEET_SOURCE_LABEL });
    details.push({ term: 'Confidence', text: cell.confidence });
    if (changed) details.push({ term: '2022 sheet', text: `${old}${seed ? ` (${seed.confidence})` : ''}` });
    return {
      ...base, level: cell.level, text, icon: '', label: 'Information', source, sources, confidence: cell.confidence,
      seed, changedSince2022: changed, qualifiers, since: cell.since ?? undefined,
      removedIn: cell.removedIn ?? undefined, details,
    };
  }

  const level = cell.level;
  const changed = !!seed && seed.level !== level;
  const words = sheetWords(seed);
  const extras = qualifiers.filter(q => q !== 'removed').map(q => QUALIFIER_WORDS[q] ?? q);
  if (cell.since) extras.push(`since ${cell.since}`);
  if (cell.removedIn) extras.push(`removed in ${cell.removedIn}`);
  else if (qualifiers.includes('removed')) extras.push('removed');
  const main = !changed && words ? words : LEVEL_WORDS[level] ?? level;
  const text = extras.length ? `${main} (${extras.join(', ')})` : main;

  details.push({ term: 'Level', text: `${LEVEL_ICONS[level] ?? ''} ${LEVEL_WORDS[level] ?? level}${extras.length ? ` (${extras.join(', ')})` : ''}`.trim() });
  if (cell.construct) details.push({ term: level === 'unsupported' ? 'Instead' : 'How', text: cell.construct });
  if (cell.editions?.ce) details.push({ term: WITHOUT_ENTERPRISE, text: cell.editions.ce });
  if (cell.summary) details.push({ term: 'In short', text: cell.summary });
  if (cell.note && cell.note !== cell.summary) details.push({ term: 'Note', text: cell.note });
  details.push(sourceDetail);
  details.push({ term: 'Confidence', text: cell.confidence });
  if (seed && (changed || source !== SHEET_SOURCE_LABEL)) {
    const then = `${LEVEL_ICONS[seed.level]} ${seedSummary(seed) === LEVEL_ICONS[seed.level] ? LEVEL_WORDS[seed.level] : `“${seedSummary(seed)}”`}`;
    details.push({
      term: '2022 sheet',
      text: `${then} (${seed.confidence})${changed ? ' — differs from the current fact' : ' — same level'}${seed.note ? `; ${seed.note}` : ''}`,
    });
  }
  return {
    ...base, level, text, icon: LEVEL_ICONS[level] ?? '?', label: LEVEL_WORDS[level] ?? level, source, sources,
    confidence: cell.confidence, seed, changedSince2022: changed,
    was2022: changed && seed ? `2022: ${seedSummary(seed)}` : undefined,
    qualifiers, since: cell.since ?? undefined, removedIn: cell.removedIn ?? undefined, details,
  };
}

function orderedMeshes(catalog: CompareCatalog, state: ComparePanelState, column: OwnerId | null): Mesh[] {
  const byId = new Map(catalog.meshes.map(m => [m.id as string, m]));
  const order: Mesh[] = [];
  const seen = new Set<string>();
  const push = (id: string) => {
    const mesh = byId.get(id);
    if (mesh && !seen.has(id)) { seen.add(id); order.push(mesh); }
  };
  if (state.meshOrder.length) state.meshOrder.forEach(push);
  else if (column) push(column);
  catalog.meshes.forEach(m => push(m.id));
  return order;
}

function placesByFeature(usage: Usage | undefined): Map<string, UsePlace[]> {
  const map = new Map<string, UsePlace[]>();
  for (const file of usage?.files ?? []) {
    const active = !!usage?.activeUri && file.uri === usage.activeUri;
    for (const use of file.uses) {
      let list = map.get(use.feature);
      if (!list) map.set(use.feature, (list = []));
      list.push({ uri: file.uri, path: file.path, range: use.range, field: use.field, kind: use.kind, name: use.name, inActiveFile: active });
    }
  }
  for (const list of map.values()) {
    list.sort((a, b) => Number(b.inActiveFile) - Number(a.inActiveFile) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
      || a.range.line - b.range.line || a.range.column - b.range.column);
  }
  return map;
}

/** Case-insensitive; every whitespace-separated term must occur in the label, description, id or a shown cell's text. */
export function matchesFilter(row: Pick<MatrixRow, 'feature' | 'cells'>, filter: string): boolean {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return true;
  const hay = [row.feature.label, row.feature.description ?? '', row.feature.id, ...row.cells.map(c => c.text)]
    .join('\n').toLowerCase();
  return terms.every(t => hay.includes(t));
}

/** Judged levels of the shown meshes disagree; unknown and not-applicable cells carry no opinion. */
export function rowDiffers(row: Pick<MatrixRow, 'feature' | 'cells'>): boolean {
  if (row.feature.kind === 'info') return false;
  const levels = new Set(row.cells.map(c => c.level).filter(l => l !== 'unknown' && l !== 'not_applicable'));
  return levels.size > 1;
}

const LEVEL_SET = new Set<string>(['supported', 'partial', 'unsupported', 'unknown', 'not_applicable']);

/** "partial (escape hatch only: …)" -> partial */
function editionLevel(text: string | undefined): SupportLevel | undefined {
  const word = text?.trim().split(/[\s(:;,]/)[0];
  return word && LEVEL_SET.has(word) ? (word as SupportLevel) : undefined;
}

function countLevels(catalog: CompareCatalog, features: string[], mesh: Mesh, isTarget: boolean, target: Target | null): MeshPortability {
  const p: MeshPortability = {
    mesh: mesh.id, name: mesh.name, isTarget, supported: 0, partial: 0, unsupported: 0, unknown: 0, notApplicable: 0,
    total: features.length, text: '',
  };
  // Consul means Consul CE unless the target is Consul Enterprise: count the CE level where it differs.
  const ce = mesh.id === 'consul' && !(target && target.mesh !== mesh.id && targetColumn(target, catalog) === mesh.id);
  for (const id of features) {
    const cell = catalog.cells[mesh.id]?.[id];
    const ceLevel = ce ? editionLevel(cell?.editions?.ce) : undefined;
    if (ceLevel) p.edition = 'ce';
    const level = ceLevel ?? cell?.level ?? 'unknown';
    if (level === 'supported') p.supported++;
    else if (level === 'partial') p.partial++;
    else if (level === 'unsupported') p.unsupported++;
    else if (level === 'not_applicable') p.notApplicable++;
    else p.unknown++;
  }
  p.text = `${p.name} ${p.supported}/${p.total}${p.edition === 'ce' ? ' (without Enterprise)' : ''}`;
  return p;
}

function describeFilters(state: ComparePanelState, catalog: CompareCatalog, hiddenMeshes: Mesh[]): string {
  const parts: string[] = [];
  if (state.filter.trim()) parts.push(`text “${state.filter.trim()}”`);
  if (state.differencesOnly) parts.push('differences only');
  if (state.usedOnly === 'file') parts.push('used in the active file');
  if (state.usedOnly === 'workspace') parts.push('used in the workspace');
  const hiddenSections = catalog.sections.filter(s => state.hiddenSections.includes(s.id)).map(s => s.label);
  if (hiddenSections.length) parts.push(`sections hidden: ${hiddenSections.join(', ')}`);
  if (hiddenMeshes.length) parts.push(`meshes hidden: ${hiddenMeshes.map(m => m.name).join(', ')}`);
  return parts.join('; ');
}

export function buildMatrix(
  catalog: CompareCatalog,
  stateIn: Partial<ComparePanelState> | undefined,
  usage?: Usage,
  target: Target | null = null,
): MatrixView {
  const state = normalizeState({ ...defaultPanelState(), ...stateIn });
  const column = targetColumn(target, catalog);
  const ordered = orderedMeshes(catalog, state, column);
  const hidden = new Set(state.hiddenMeshes);
  const shownMeshes = ordered.filter(m => !hidden.has(m.id));
  const columns: MatrixColumn[] = shownMeshes.map(m => ({
    mesh: m.id, name: m.name, type: m.type, isTarget: m.id === column, status: m.status ?? { state: 'active' },
    statusText: statusText(m, catalog.meshes), versionChecked: m.versionChecked, ...(m.checked ? { checked: m.checked } : {}),
  }));
  const meshes: MeshChoice[] = ordered.map(m => ({
    mesh: m.id, name: m.name, shown: !hidden.has(m.id), isTarget: m.id === column, statusText: statusText(m, catalog.meshes),
  }));

  const places = placesByFeature(usage);
  const hasUsage = places.size > 0;
  const hiddenSections = new Set(state.hiddenSections);
  const sections: MatrixSection[] = [];
  const sectionChoices: SectionChoice[] = [];
  let totalRows = 0;
  let shownRows = 0;

  for (const section of catalog.sections) {
    const choice: SectionChoice = { id: section.id, label: section.label, shown: !hiddenSections.has(section.id), rowCount: section.features.length, shownRowCount: 0 };
    sectionChoices.push(choice);
    totalRows += section.features.length;
    if (!choice.shown) continue;
    const rows: MatrixRow[] = [];
    for (const feature of section.features) {
      const cells = shownMeshes.map(m => buildCell(feature, m, catalog.cells[m.id]?.[feature.id], m.id === column));
      const featurePlaces = places.get(feature.id) ?? [];
      const row: MatrixRow = {
        feature: { id: feature.id, label: feature.label, description: feature.description, kind: feature.kind, section: feature.section ?? section.id },
        cells,
        used: { file: featurePlaces.filter(p => p.inActiveFile).length, workspace: featurePlaces.length },
        places: featurePlaces,
        differs: false,
        isFocus: state.focusFeature === feature.id,
      };
      row.differs = rowDiffers(row);
      if (state.differencesOnly && !row.differs) continue;
      if (state.usedOnly === 'file' && !row.used.file) continue;
      if (state.usedOnly === 'workspace' && !row.used.workspace) continue;
      if (!matchesFilter(row, state.filter)) continue;
      rows.push(row);
    }
    choice.shownRowCount = rows.length;
    shownRows += rows.length;
    if (rows.length) sections.push({ id: section.id, label: section.label, rows });
  }

  const known = new Set(catalog.sections.flatMap(s => s.features.filter(f => f.kind !== 'info').map(f => f.id)));
  const usedFeatures = [...places.keys()].filter(id => known.has(id)).sort();
  const perMesh = shownMeshes.map(m => countLevels(catalog, usedFeatures, m, m.id === column, target));
  const summary: PortabilitySummary = {
    features: usedFeatures,
    meshes: perMesh,
    text: usedFeatures.length
      ? `This workspace uses ${usedFeatures.length} feature${usedFeatures.length === 1 ? '' : 's'}: ${perMesh.map(p => p.text).join(', ')}.`
      : 'No mesh features found in this workspace.',
  };

  const activePath = usage?.activeUri ? usage.files.find(f => f.uri === usage.activeUri)?.path : undefined;
  const label = target ? targetLabel(catalog, target) : null;
  return {
    state,
    target: target && column && label ? { mesh: target.mesh, column, label } : null,
    columns, meshes, sections, sectionChoices, summary, hasUsage, activePath, totalRows, shownRows,
    filterText: describeFilters(state, catalog, ordered.filter(m => hidden.has(m.id))),
  };
}

/** The order the panel currently shows, so a move can be stored as a complete order. */
export function moveMesh(view: Pick<MatrixView, 'meshes'>, mesh: string, delta: number): string[] {
  const order = view.meshes.map(m => m.mesh as string);
  const from = order.indexOf(mesh);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) return order;
  order.splice(to, 0, ...order.splice(from, 1));
  return order;
}

export { escapeHtml };

/** What a cell shows, as one line: icon, text and the 2022 marker. */
export function cellLine(cell: MatrixCell): string {
  const main = cell.icon ? `${cell.icon} ${cell.text}` : cell.text;
  return cell.was2022 ? `${main} (${cell.was2022})` : main;
}

export function usedLine(row: MatrixRow): string {
  return `${row.used.file} / ${row.used.workspace}`;
}

function columnTitle(column: MatrixColumn): string {
  const parts = [column.name];
  if (column.isTarget) parts.push('(target)');
  if (column.statusText) parts.push(`— ${column.statusText}`);
  if (column.checked) parts.push(`(facts checked ${column.checked})`);
  return parts.join(' ');
}

function markdownCell(text: string): string {
  return text
    .replace(/([\\`*_[\]<>|#&])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, '<br>');
}

export function toMarkdown(view: MatrixView): string {
  const out: string[] = ['# Mesh comparison', ''];
  if (view.target) out.push(`Target: ${markdownCell(view.target.label)}`, '');
  if (view.filterText) out.push(`Shown: ${markdownCell(view.filterText)}`, '');
  out.push(`Rows: ${view.shownRows} of ${view.totalRows}`, '');
  if (view.hasUsage) {
    out.push(`Portability: ${markdownCell(view.summary.text)}`, '');
  }
  const head = ['Feature', ...view.columns.map(columnTitle)];
  if (view.hasUsage) head.push('Used here (file / workspace)');
  for (const section of view.sections) {
    out.push(`## ${markdownCell(section.label)}`, '');
    out.push(`| ${head.map(markdownCell).join(' | ')} |`);
    out.push(`|${head.map(() => ' --- ').join('|')}|`);
    for (const row of section.rows) {
      const cells = [row.feature.label, ...row.cells.map(cellLine)];
      if (view.hasUsage) cells.push(usedLine(row));
      out.push(`| ${cells.map(markdownCell).join(' | ')} |`);
    }
    out.push('');
  }
  if (!view.sections.length) out.push('No rows match.', '');
  return out.join('\n');
}

function csvField(text: string): string {
  // A leading = + - @ (or tab/CR) makes spreadsheets evaluate the field as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180: CRLF line ends, fields with comma, quote or line break quoted, quotes doubled. */
export function toCsv(view: MatrixView): string {
  const head = ['Section', 'Feature', ...view.columns.map(columnTitle)];
  if (view.hasUsage) head.push('Used in active file', 'Used in workspace');
  const lines = [head];
  for (const section of view.sections) {
    for (const row of section.rows) {
      const line = [section.label, row.feature.label, ...row.cells.map(cellLine)];
      if (view.hasUsage) line.push(String(row.used.file), String(row.used.workspace));
      lines.push(line);
    }
  }
  return lines.map(l => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}
