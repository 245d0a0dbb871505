// The "Compare meshes" page. Bundled for the browser to dist/compare.js. It gets all data by
// postMessage, builds the view with the same buildMatrix the host exports with, and sets every
// string with textContent (never innerHTML), so nothing from data or manifests can run.
import {
  buildMatrix, moveMesh, normalizeState,
  type CellDetail, type CompareCatalog, type ComparePanelState, type MatrixCell, type MatrixRow, type MatrixView, type Usage, type UsePlace,
} from '../core/compare/matrix';
import { isHostToPage, type PageToHost } from '../core/compare/compareProtocol';
import type { Source, Target } from '../core/model';
import { linkUrl } from '../core/sources';

interface VsCodeApi { postMessage(message: PageToHost): void; getState(): unknown; setState(state: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

let catalog: CompareCatalog | null = null;
let usage: Usage = { files: [] };
let target: Target | null = null;
let state: ComparePanelState = normalizeState(vscode.getState());
let view: MatrixView | null = null;

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; attrs?: Record<string, string> } = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

function send(message: PageToHost): void {
  vscode.postMessage(message);
}

let postTimer: ReturnType<typeof setTimeout> | undefined;
function saveState(immediate = false): void {
  vscode.setState(state);
  clearTimeout(postTimer);
  const post = () => send({ type: 'stateChanged', state });
  if (immediate) post();
  else postTimer = setTimeout(post, 250);
}

// ---- static skeleton -------------------------------------------------------------------------

const app = document.getElementById('app') as HTMLElement;
const targetName = h('strong', { class: 'target-name' });
const pickTargetButton = h('button', { class: 'secondary', attrs: { type: 'button' } }, 'Change target…');
const exportMd = h('button', { attrs: { type: 'button', 'data-key': 'export-md' } }, 'Export Markdown');
const exportCsv = h('button', { attrs: { type: 'button', 'data-key': 'export-csv' } }, 'Export CSV');
const filterInput = h('input', { attrs: { type: 'search', id: 'filter', placeholder: 'Feature, description or cell text', autocomplete: 'off', spellcheck: 'false' } });
const diffBox = h('input', { attrs: { type: 'checkbox', id: 'differences-only' } });
const usedSelect = h('select', { attrs: { id: 'used-only' } },
  h('option', { attrs: { value: 'off' } }, 'All rows'),
  h('option', { attrs: { value: 'file' } }, 'Used in the active file'),
  h('option', { attrs: { value: 'workspace' } }, 'Used in the workspace'));
const sectionsSummary = h('summary', {}, 'Sections');
const sectionsList = h('ul', { class: 'choice-list', attrs: { 'aria-label': 'Sections shown' } });
const sectionsAll = h('button', { class: 'secondary', attrs: { type: 'button' } }, 'Show all');
const sectionsNone = h('button', { class: 'secondary', attrs: { type: 'button' } }, 'Hide all');
const sectionsPicker = h('details', { class: 'picker', attrs: { id: 'sections-picker' } }, sectionsSummary,
  h('div', { class: 'popover' }, sectionsList, h('div', { class: 'row-buttons' }, sectionsAll, sectionsNone)));
const meshesSummary = h('summary', {}, 'Meshes');
const meshesList = h('ol', { class: 'choice-list', attrs: { 'aria-label': 'Mesh columns, in order' } });
const meshesAll = h('button', { class: 'secondary', attrs: { type: 'button' } }, 'Show all');
const meshesReset = h('button', { class: 'secondary', attrs: { type: 'button' } }, 'Default order');
const meshesPicker = h('details', { class: 'picker', attrs: { id: 'mesh-picker' } }, meshesSummary,
  h('div', { class: 'popover' }, meshesList, h('div', { class: 'row-buttons' }, meshesAll, meshesReset)));
const summaryBox = h('section', { class: 'summary', attrs: { id: 'summary', 'aria-labelledby': 'summary-title' } });
const statusLine = h('p', { class: 'status', attrs: { id: 'status', role: 'status', 'aria-live': 'polite' } });
const table = h('table', { attrs: { id: 'matrix', role: 'grid', 'aria-labelledby': 'title', 'aria-describedby': 'status' } });
const tableWrap = h('div', { class: 'table-wrap', attrs: { id: 'table-wrap' } }, table);
const tip = h('div', { class: 'tip', attrs: { id: 'cell-tip', role: 'tooltip', hidden: '' } });
const placesBox = h('div', { class: 'places', attrs: { id: 'places', role: 'dialog', hidden: '' } });

function buildSkeleton(): void {
  app.replaceChildren(
    h('header', { class: 'bar' },
      h('h1', { attrs: { id: 'title' } }, 'Compare meshes'),
      h('div', { class: 'target-picker' }, h('span', {}, 'Target: '), targetName, pickTargetButton),
      h('div', { class: 'exports' }, exportMd, exportCsv)),
    h('div', { class: 'controls', attrs: { role: 'search', 'aria-label': 'Rows and columns' } },
      h('label', { class: 'filter' }, h('span', {}, 'Filter'), filterInput),
      h('label', { class: 'check' }, diffBox, h('span', {}, 'Differences only')),
      h('label', {}, h('span', {}, 'Used here'), usedSelect),
      sectionsPicker, meshesPicker),
    summaryBox, statusLine, tableWrap, tip, placesBox);
  app.removeAttribute('aria-busy');
}

// ---- grid bookkeeping -------------------------------------------------------------------------

/** Every navigable cell, row by row; section rows have one cell. */
let grid: HTMLElement[][] = [];
const keyOf = new WeakMap<Element, string>();
let byKey = new Map<string, HTMLElement>();
let tipFor = new Map<string, { title: string; details: CellDetail[] }>();
const rowPlaces = new Map<string, { label: string; places: UsePlace[] }>();
let current: { r: number; c: number } = { r: 0, c: 0 };
let wantedColumn = 0;

function register(el: HTMLElement, key: string): HTMLElement {
  keyOf.set(el, key);
  byKey.set(key, el);
  return el;
}

function gridCell(el: HTMLElement, key: string, title: string, details: CellDetail[]): HTMLElement {
  el.tabIndex = -1;
  el.classList.add('cell');
  register(el, key);
  tipFor.set(key, { title, details });
  return el;
}

function positionOf(el: Element | null): { r: number; c: number } | null {
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r].indexOf(el as HTMLElement);
    if (c >= 0) return { r, c };
  }
  return null;
}

function setCurrent(r: number, c: number, focus: boolean): void {
  if (!grid.length) return;
  r = Math.max(0, Math.min(grid.length - 1, r));
  c = Math.max(0, Math.min(grid[r].length - 1, c));
  const previous = grid[current.r]?.[current.c];
  if (previous) previous.tabIndex = -1;
  current = { r, c };
  const el = grid[r][c];
  el.tabIndex = 0;
  if (focus) {
    el.focus({ preventScroll: true });
    scrollIntoWrap(el, false);
  }
}

/** Scrolls only the table (never the page) so the cell is clear of the sticky header and first column. */
function scrollIntoWrap(el: HTMLElement, center: boolean): void {
  const wrap = tableWrap.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const inHead = !!el.closest('thead');
  const top = wrap.top + (inHead ? 0 : table.tHead?.getBoundingClientRect().height ?? 0);
  const bottom = wrap.top + tableWrap.clientHeight;
  if (center) tableWrap.scrollTop += r.top + r.height / 2 - (top + bottom) / 2;
  else if (r.top < top) tableWrap.scrollTop -= top - r.top;
  else if (r.bottom > bottom) tableWrap.scrollTop += Math.min(r.bottom - bottom, r.top - top);
  if (el.classList.contains('feature-col') || el.classList.contains('section-head')) return;
  const left = wrap.left + (grid[0]?.[0]?.getBoundingClientRect().width ?? 0);
  const right = wrap.left + tableWrap.clientWidth;
  if (r.left < left) tableWrap.scrollLeft -= left - r.left;
  else if (r.right > right) tableWrap.scrollLeft += Math.min(r.right - right, r.left - left);
}

function moveTo(r: number, cWanted: number): void {
  const row = grid[Math.max(0, Math.min(grid.length - 1, r))];
  if (!row) return;
  setCurrent(r, row.length === 1 ? 0 : cWanted, true);
}

function onGridKey(event: KeyboardEvent): void {
  const pos = positionOf(event.target as Element);
  if (!pos) return;
  const { r, c } = pos;
  const wide = grid[r].length > 1;
  const page = Math.max(1, Math.floor(tableWrap.clientHeight / 28) - 2);
  let handled = true;
  switch (event.key) {
    case 'ArrowRight': if (wide) { setCurrent(r, c + 1, true); wantedColumn = current.c; } break;
    case 'ArrowLeft': if (wide) { setCurrent(r, c - 1, true); wantedColumn = current.c; } break;
    case 'ArrowDown': moveTo(Math.min(grid.length - 1, r + 1), wide ? c : wantedColumn); break;
    case 'ArrowUp': moveTo(Math.max(0, r - 1), wide ? c : wantedColumn); break;
    case 'PageDown': moveTo(Math.min(grid.length - 1, r + page), wide ? c : wantedColumn); break;
    case 'PageUp': moveTo(Math.max(0, r - page), wide ? c : wantedColumn); break;
    case 'Home':
      if (event.ctrlKey) moveTo(0, 0); else { setCurrent(r, 0, true); wantedColumn = 0; }
      break;
    case 'End':
      if (event.ctrlKey) moveTo(grid.length - 1, grid[grid.length - 1].length - 1);
      else { setCurrent(r, grid[r].length - 1, true); wantedColumn = current.c; }
      break;
    case 'Enter':
    case ' ': {
      const key = keyOf.get(grid[r][c]);
      if (key?.endsWith('\u0000used')) openPlaces(grid[r][c], key);
      else {
        // Into the cell's evidence links, if it has any (the tip may show the cell under the pointer).
        showTip(grid[r][c]);
        const links = tipLinks();
        if (links.length) { tipReturn = grid[r][c]; links[0].focus(); } else handled = false;
      }
      break;
    }
    case 'Escape': hideTip(); break;
    default: handled = false;
  }
  if (handled) event.preventDefault();
}

// ---- tooltip ----------------------------------------------------------------------------------

function showTip(el: HTMLElement): void {
  const key = keyOf.get(el);
  const content = key ? tipFor.get(key) : undefined;
  if (!content) { hideTip(); return; }
  const list = h('dl');
  for (const d of content.details) list.append(h('dt', {}, d.term), d.links?.length ? h('dd', { class: 'links' }, ...d.links.map(sourceItem)) : h('dd', {}, d.text));
  tip.replaceChildren(h('p', { class: 'tip-title' }, content.title), list);
  tip.hidden = false;
  const cell = el.getBoundingClientRect();
  const box = tip.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  // Touching the cell (no gap), so the pointer can move into the tip's links without crossing another cell.
  let top = cell.bottom - 1;
  if (top + box.height > vh - 4) top = Math.max(4, cell.top - box.height + 1);
  const left = Math.max(4, Math.min(cell.left, vw - box.width - 4));
  tip.style.top = `${Math.round(top)}px`;
  tip.style.left = `${Math.round(left)}px`;
}

function hideTip(): void {
  tip.hidden = true;
}

/** One piece of evidence: a real link (built with DOM APIs, http(s) only) or its title as text. */
function sourceItem(source: Source): HTMLElement {
  const url = linkUrl(source.url);
  if (!url) return h('span', { class: 'source' }, source.title);
  return h('a', { class: 'source', attrs: { href: url, title: url } }, source.title);
}

/** The links of the tip, for keyboard users (Enter on a cell moves into them). */
function tipLinks(): HTMLAnchorElement[] {
  return tip.hidden ? [] : [...tip.querySelectorAll<HTMLAnchorElement>('a.source')];
}

function describe(el: HTMLElement | null): void {
  for (const old of table.querySelectorAll('[aria-describedby="cell-tip"]')) old.removeAttribute('aria-describedby');
  if (el) { el.setAttribute('aria-describedby', 'cell-tip'); showTip(el); }
}

// ---- places list ("Used here") --------------------------------------------------------------

let placesReturn: HTMLElement | null = null;

function openPlaces(cell: HTMLElement, key: string): void {
  const entry = rowPlaces.get(key);
  if (!entry || !entry.places.length) return;
  hideTip();
  placesReturn = cell;
  const items = entry.places.map(p => {
    const where = `${p.path}:${p.range.line}:${p.range.column}`;
    const what = [p.kind, p.name].filter(Boolean).join(' ');
    const button = h('button', { class: 'place', attrs: { type: 'button' } },
      h('span', { class: 'place-where' }, where),
      h('span', { class: 'place-what' }, `${what}${what ? ' · ' : ''}${p.field}`),
      p.inActiveFile ? h('span', { class: 'badge' }, 'active file') : null);
    button.addEventListener('click', () => {
      send({ type: 'openLocation', uri: p.uri, range: p.range });
    });
    return h('li', {}, button);
  });
  const count = entry.places.length;
  const close = h('button', { class: 'secondary close', attrs: { type: 'button', 'aria-label': 'Close' } }, '✕');
  close.addEventListener('click', closePlaces);
  placesBox.replaceChildren(
    h('div', { class: 'places-head' }, h('p', { class: 'tip-title', attrs: { id: 'places-title' } }, `${entry.label}: ${count} place${count === 1 ? '' : 's'}`), close),
    h('ul', {}, ...items));
  placesBox.setAttribute('aria-labelledby', 'places-title');
  placesBox.hidden = false;
  const rect = cell.getBoundingClientRect();
  const box = placesBox.getBoundingClientRect();
  const vh = document.documentElement.clientHeight;
  const vw = document.documentElement.clientWidth;
  placesBox.style.top = `${Math.round(rect.bottom + box.height > vh - 4 ? Math.max(4, rect.top - box.height - 4) : rect.bottom + 4)}px`;
  placesBox.style.left = `${Math.round(Math.max(4, Math.min(rect.left, vw - box.width - 4)))}px`;
  (placesBox.querySelector('button.place') as HTMLElement | null)?.focus();
}

function closePlaces(): void {
  if (placesBox.hidden) return;
  const back = placesReturn;
  placesReturn = null;
  placesBox.hidden = true;
  placesBox.replaceChildren();
  back?.focus();
}

placesBox.addEventListener('keydown', event => {
  const buttons = [...placesBox.querySelectorAll<HTMLElement>('button.place')];
  const i = buttons.indexOf(document.activeElement as HTMLElement);
  if (event.key === 'Escape') { event.preventDefault(); closePlaces(); }
  else if (event.key === 'ArrowDown' && buttons.length) { event.preventDefault(); buttons[(i + 1) % buttons.length].focus(); }
  else if (event.key === 'ArrowUp' && buttons.length) { event.preventDefault(); buttons[(i - 1 + buttons.length) % buttons.length].focus(); }
});
placesBox.addEventListener('focusout', event => {
  if (!placesBox.contains(event.relatedTarget as Node | null)) {
    placesBox.hidden = true;
    placesBox.replaceChildren();
    placesReturn = null;
  }
});

// ---- rendering --------------------------------------------------------------------------------

function cellContent(cell: MatrixCell): HTMLElement {
  const td = h('td', { class: `lvl lvl-${cell.level}${cell.isTarget ? ' target' : ''}${cell.icon ? '' : ' info'}` });
  if (cell.icon) td.append(h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, cell.icon));
  td.append(h('span', { class: 'text' }, cell.text));
  if (cell.icon && cell.text !== cell.label && !cell.text.startsWith(cell.label)) {
    td.append(h('span', { class: 'sr-only' }, ` (${cell.label})`));
  }
  if (cell.was2022) td.append(h('span', { class: 'was' }, cell.was2022));
  return td;
}

function renderTable(v: MatrixView): void {
  grid = [];
  tipFor = new Map();
  rowPlaces.clear();
  const width = 1 + (v.hasUsage ? 1 : 0) + v.columns.length;

  const head = h('tr');
  const headCells: HTMLElement[] = [];
  const featureHead = gridCell(h('th', { class: 'feature-col', attrs: { scope: 'col' } }, 'Feature'), 'head\u0000label', 'Feature',
    [{ term: 'Rows', text: `${v.shownRows} of ${v.totalRows} shown` }]);
  headCells.push(featureHead);
  if (v.hasUsage) {
    headCells.push(gridCell(h('th', { class: 'used-col', attrs: { scope: 'col' } }, h('span', { class: 'name' }, 'Used here'), h('span', { class: 'sub' }, 'file / workspace')),
      'head\u0000used', 'Used here', [
        { term: 'File', text: v.activePath ?? 'no active mesh file' },
        { term: 'How', text: 'Press Enter on a count to list the places; choosing one opens the file there.' },
      ]));
  }
  for (const col of v.columns) {
    const th = h('th', { class: `mesh-col${col.isTarget ? ' target' : ''}${col.statusText ? ' has-status' : ''}`, attrs: { scope: 'col' } },
      h('span', { class: 'name' }, col.name),
      col.isTarget ? h('span', { class: 'badge target-badge' }, 'Target') : null,
      col.type === 'api' ? h('span', { class: 'badge' }, 'API') : null,
      col.statusText ? h('span', { class: 'sub status-text' }, col.statusText) : null);
    if (col.checked) th.append(h('span', { class: 'sub checked' }, `checked ${col.checked}`));
    const details: CellDetail[] = [];
    if (col.isTarget) details.push({ term: 'Target', text: v.target?.label ?? col.name });
    details.push({ term: 'Status', text: col.statusText || 'Active' });
    if (col.status.note) details.push({ term: 'Note', text: col.status.note });
    if (col.status.sources?.length) details.push({ term: col.status.sources.length > 1 ? 'Sources' : 'Source', text: col.status.sources.map(x => x.title).join('; '), links: col.status.sources });
    if (col.checked) details.push({ term: 'Facts checked', text: col.checked });
    if (col.versionChecked) details.push({ term: 'Checked at', text: col.versionChecked });
    headCells.push(gridCell(th, `head\u0000mesh:${col.mesh}`, col.name, details));
  }
  head.append(...headCells);
  grid.push(headCells);
  const parts: HTMLElement[] = [h('thead', {}, head)];

  for (const section of v.sections) {
    const body = h('tbody', { attrs: { 'aria-label': section.label } });
    const sectionCell = gridCell(h('th', { class: 'section-head', attrs: { scope: 'rowgroup', colspan: String(width) } }, h('span', { class: 'section-label' }, section.label),
      h('span', { class: 'sub' }, ` ${section.rows.length} row${section.rows.length === 1 ? '' : 's'}`)),
    `section:${section.id}\u0000section`, section.label, [{ term: 'Rows shown', text: String(section.rows.length) }]);
    body.append(h('tr', { class: 'section-row' }, sectionCell));
    grid.push([sectionCell]);
    for (const row of section.rows) body.append(renderRow(v, row));
    parts.push(body);
  }
  if (!v.sections.length) {
    const clear = h('button', { class: 'secondary', attrs: { type: 'button', 'data-key': 'clear-filters' } }, 'Show all rows');
    clear.addEventListener('click', () => {
      state = { ...state, filter: '', differencesOnly: false, usedOnly: 'off', hiddenSections: [] };
      render();
      saveState(true);
    });
    const empty = gridCell(h('td', { class: 'empty', attrs: { colspan: String(width) } }, 'No rows match. ', clear), 'empty\u0000empty', 'No rows', []);
    parts.push(h('tbody', {}, h('tr', { class: 'empty-row' }, empty)));
    grid.push([empty]);
  }
  table.replaceChildren(h('caption', { class: 'sr-only' }, 'Feature support by mesh. Arrow keys move between cells; each cell describes its source and confidence.'), ...parts);
}

function renderRow(v: MatrixView, row: MatrixRow): HTMLElement {
  const rowKey = `row:${row.feature.id}`;
  const tr = h('tr', { class: `${row.feature.kind === 'info' ? 'info-row' : 'feature-row'}${row.isFocus ? ' focus-feature' : ''}${row.used.workspace ? ' used' : ''}` });
  if (row.isFocus) tr.setAttribute('aria-current', 'true');
  const cells: HTMLElement[] = [];
  const labelDetails: CellDetail[] = [];
  if (row.feature.description) labelDetails.push({ term: 'What', text: row.feature.description });
  labelDetails.push({ term: 'Id', text: row.feature.id });
  if (row.feature.kind === 'info') labelDetails.push({ term: 'Kind', text: 'Information (not judged)' });
  if (v.hasUsage) labelDetails.push({ term: 'Used', text: `${row.used.file} in the active file, ${row.used.workspace} in the workspace` });
  cells.push(gridCell(h('th', { class: 'feature-col', attrs: { scope: 'row' } }, row.feature.label), `${rowKey}\u0000label`, row.feature.label, labelDetails));
  if (v.hasUsage) {
    const usedKey = `${rowKey}\u0000used`;
    const td = row.used.workspace
      ? h('td', { class: 'used-col has-uses' }, h('span', { class: 'used-link' }, `${row.used.file} / ${row.used.workspace}`), h('span', { class: 'sr-only' }, ' (Enter lists the places)'))
      : h('td', { class: 'used-col' }, h('span', { attrs: { 'aria-hidden': 'true' } }, '–'), h('span', { class: 'sr-only' }, 'not used'));
    cells.push(gridCell(td, usedKey, `Used here: ${row.feature.label}`, [
      { term: 'Active file', text: String(row.used.file) },
      { term: 'Workspace', text: String(row.used.workspace) },
      ...(row.used.workspace ? [{ term: 'Open', text: 'Enter or click lists the places' }] : []),
    ]));
    rowPlaces.set(usedKey, { label: row.feature.label, places: row.places });
  }
  for (const cell of row.cells) {
    const [first, ...rest] = cell.details;
    cells.push(gridCell(cellContent(cell), `${rowKey}\u0000mesh:${cell.mesh}`, first ? `${first.term} — ${first.text}` : cell.meshName, rest));
  }
  tr.append(...cells);
  grid.push(cells);
  return tr;
}

function renderSummary(v: MatrixView): void {
  const title = h('h2', { attrs: { id: 'summary-title' } }, 'Portability');
  if (!v.hasUsage || !v.summary.features.length) {
    summaryBox.replaceChildren(title, h('p', { class: 'sub' }, v.summary.text));
    return;
  }
  const n = v.summary.features.length;
  const items = v.summary.meshes.map(m => {
    const rest = [m.partial && `${m.partial} partial`, m.unsupported && `${m.unsupported} unsupported`, m.unknown && `${m.unknown} unknown`]
      .filter(Boolean).join(', ');
    return h('li', { class: m.isTarget ? 'target' : '' },
      h('span', { class: 'name' }, m.name), ' ',
      h('span', { class: 'ratio' }, `${m.supported}/${m.total}`),
      m.isTarget ? h('span', { class: 'badge target-badge' }, 'Target') : null,
      rest ? h('span', { class: 'sub' }, ` (${rest})`) : null);
  });
  summaryBox.replaceChildren(title,
    h('p', {}, `This workspace uses ${n} mesh feature${n === 1 ? '' : 's'}; supported by each shown mesh:`),
    h('ul', { class: 'ratios' }, ...items));
}

function checkbox(key: string, checked: boolean, label: string, onChange: (checked: boolean) => void): HTMLElement {
  const box = h('input', { attrs: { type: 'checkbox' } });
  box.checked = checked;
  register(box, key);
  box.addEventListener('change', () => onChange(box.checked));
  return h('label', { class: 'check' }, box, h('span', {}, label));
}

function renderPickers(v: MatrixView): void {
  const shownSections = v.sectionChoices.filter(s => s.shown).length;
  sectionsSummary.textContent = `Sections (${shownSections}/${v.sectionChoices.length})`;
  sectionsList.replaceChildren(...v.sectionChoices.map(s => h('li', {}, checkbox(`section-box:${s.id}`, s.shown, `${s.label} (${s.shown ? `${s.shownRowCount}/` : ''}${s.rowCount})`, checked => {
    state = { ...state, hiddenSections: checked ? state.hiddenSections.filter(id => id !== s.id) : [...state.hiddenSections, s.id] };
    render();
    saveState();
  }))));

  const shownMeshes = v.meshes.filter(m => m.shown).length;
  meshesSummary.textContent = `Meshes (${shownMeshes}/${v.meshes.length})`;
  meshesList.replaceChildren(...v.meshes.map((m, i) => {
    const move = (delta: number, key: string) => {
      state = { ...state, meshOrder: moveMesh(v, m.mesh, delta) };
      render();
      saveState();
      byKey.get(key)?.focus();
    };
    const up = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': `Move ${m.name} left` } }, '↑');
    const down = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': `Move ${m.name} right` } }, '↓');
    up.disabled = i === 0;
    down.disabled = i === v.meshes.length - 1;
    register(up, `mesh-up:${m.mesh}`);
    register(down, `mesh-down:${m.mesh}`);
    up.addEventListener('click', () => move(-1, i - 1 === 0 ? `mesh-down:${m.mesh}` : `mesh-up:${m.mesh}`));
    down.addEventListener('click', () => move(1, i + 1 === v.meshes.length - 1 ? `mesh-up:${m.mesh}` : `mesh-down:${m.mesh}`));
    const label = `${m.name}${m.isTarget ? ' (target)' : ''}${m.statusText ? ` — ${m.statusText}` : ''}`;
    return h('li', {}, checkbox(`mesh-box:${m.mesh}`, m.shown, label, checked => {
      state = { ...state, hiddenMeshes: checked ? state.hiddenMeshes.filter(id => id !== m.mesh) : [...state.hiddenMeshes, m.mesh] };
      render();
      saveState();
    }), h('span', { class: 'move' }, up, down));
  }));
}

function render(): void {
  if (!catalog) return;
  const active = document.activeElement;
  const activeKey = active ? keyOf.get(active) : undefined;
  const currentKey = grid[current.r]?.[current.c] ? keyOf.get(grid[current.r][current.c]) : undefined;
  byKey = new Map();
  view = buildMatrix(catalog, state, usage, target);
  state = view.state;

  targetName.textContent = view.target?.label ?? 'none';
  pickTargetButton.textContent = view.target ? 'Change target…' : 'Set target…';
  if (filterInput.value !== state.filter) filterInput.value = state.filter;
  diffBox.checked = state.differencesOnly;
  usedSelect.value = state.usedOnly;
  usedSelect.disabled = !view.hasUsage && state.usedOnly === 'off';
  renderPickers(view);
  renderSummary(view);
  renderTable(view);
  statusLine.textContent = `Showing ${view.shownRows} of ${view.totalRows} rows and ${view.columns.length} of ${view.meshes.length} meshes${view.filterText ? ` (${view.filterText})` : ''}.`;

  const restore = (currentKey && byKey.get(currentKey)) || null;
  const pos = positionOf(restore) ?? { r: Math.min(current.r, grid.length - 1), c: 0 };
  setCurrent(pos.r, pos.c, false);
  if (activeKey) {
    const again = byKey.get(activeKey);
    if (again && again !== document.activeElement) again.focus({ preventScroll: true });
    else if (!again && active && !active.isConnected && table.contains(grid[current.r]?.[current.c] ?? null)) grid[current.r][current.c].focus({ preventScroll: true });
  }
  if (!tip.hidden) hideTip();
}

function rowVisible(feature: string): boolean {
  return !!view?.sections.some(s => s.rows.some(r => r.feature.id === feature));
}

/** Scroll to a feature and highlight it, relaxing the filters that hide it. */
function reveal(feature: string): void {
  if (!catalog) return;
  const section = catalog.sections.find(s => s.features.some(f => f.id === feature));
  if (!section) return;
  state = { ...state, focusFeature: feature };
  render();
  if (!rowVisible(feature)) { state = { ...state, filter: '' }; render(); }
  if (!rowVisible(feature)) { state = { ...state, hiddenSections: state.hiddenSections.filter(id => id !== section.id) }; render(); }
  if (!rowVisible(feature)) { state = { ...state, differencesOnly: false, usedOnly: 'off' }; render(); }
  const cell = byKey.get(`row:${feature}\u0000label`);
  if (cell) {
    const pos = positionOf(cell);
    if (pos) setCurrent(pos.r, pos.c, false);
    cell.focus({ preventScroll: true });
    scrollIntoWrap(cell, true);
  }
  state = { ...state, scrollTop: tableWrap.scrollTop };
  saveState(true);
}

// ---- events -----------------------------------------------------------------------------------

filterInput.addEventListener('input', () => {
  state = { ...state, filter: filterInput.value };
  render();
  saveState();
});
filterInput.addEventListener('keydown', event => {
  if (event.key === 'ArrowDown' && grid.length > 1) { event.preventDefault(); moveTo(1, 0); }
});
diffBox.addEventListener('change', () => { state = { ...state, differencesOnly: diffBox.checked }; render(); saveState(); });
usedSelect.addEventListener('change', () => {
  const value = usedSelect.value;
  state = { ...state, usedOnly: value === 'file' || value === 'workspace' ? value : 'off' };
  render();
  saveState();
});
sectionsAll.addEventListener('click', () => { state = { ...state, hiddenSections: [] }; render(); saveState(); });
sectionsNone.addEventListener('click', () => { state = { ...state, hiddenSections: catalog?.sections.map(s => s.id) ?? [] }; render(); saveState(); });
meshesAll.addEventListener('click', () => { state = { ...state, hiddenMeshes: [] }; render(); saveState(); });
meshesReset.addEventListener('click', () => { state = { ...state, meshOrder: [] }; render(); saveState(); });
for (const picker of [sectionsPicker, meshesPicker]) {
  picker.addEventListener('keydown', event => {
    if (event.key === 'Escape' && picker.open) { event.preventDefault(); picker.open = false; (picker.querySelector('summary') as HTMLElement).focus(); }
  });
  picker.addEventListener('toggle', () => {
    if (picker.open) for (const other of [sectionsPicker, meshesPicker]) if (other !== picker) other.open = false;
  });
}
document.addEventListener('click', event => {
  // A click that re-rendered its own target (a picker's move button) is inside, not outside.
  if (!(event.target as Node).isConnected) return;
  for (const picker of [sectionsPicker, meshesPicker]) {
    if (picker.open && !picker.contains(event.target as Node)) picker.open = false;
  }
});
pickTargetButton.addEventListener('click', () => send({ type: 'pickTarget' }));
exportMd.addEventListener('click', () => send({ type: 'export', format: 'markdown', state }));
exportCsv.addEventListener('click', () => send({ type: 'export', format: 'csv', state }));

table.addEventListener('keydown', onGridKey);
table.addEventListener('focusin', event => {
  const pos = positionOf(event.target as Element);
  if (!pos) return;
  if (pos.r !== current.r || pos.c !== current.c) setCurrent(pos.r, pos.c, false);
  if (grid[pos.r].length > 1) wantedColumn = pos.c;
  describe(grid[pos.r][pos.c]);
});
table.addEventListener('focusout', event => {
  const to = event.relatedTarget as Node | null;
  if (!table.contains(to) && !tip.contains(to)) { describe(null); hideTip(); }
});
// The tip holds links: it stays while the pointer or the focus is in it, and opens links outside the page.
let tipReturn: HTMLElement | null = null;
tip.addEventListener('mouseleave', event => {
  if (table.contains(event.relatedTarget as Node | null)) return;
  const focused = document.activeElement;
  if (!(focused instanceof HTMLElement && (table.contains(focused) || tip.contains(focused)))) hideTip();
});
tip.addEventListener('focusout', event => {
  const to = event.relatedTarget as Node | null;
  if (!tip.contains(to) && !table.contains(to)) { tipReturn = null; hideTip(); }
});
tip.addEventListener('keydown', event => {
  const links = tipLinks();
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (event.key === 'Escape') { event.preventDefault(); const back = tipReturn; tipReturn = null; back?.focus(); }
  else if (event.key === 'ArrowDown' && links.length) { event.preventDefault(); links[(i + 1) % links.length].focus(); }
  else if (event.key === 'ArrowUp' && links.length) { event.preventDefault(); links[(i - 1 + links.length) % links.length].focus(); }
});
tip.addEventListener('click', event => {
  const a = (event.target as Element).closest('a.source');
  if (!(a instanceof HTMLAnchorElement)) return;
  // The host opens it in the browser (a webview cannot navigate itself to another site).
  event.preventDefault();
  const url = linkUrl(a.getAttribute('href') ?? undefined);
  if (url) send({ type: 'openLink', url });
});
table.addEventListener('mouseover', event => {
  const cell = (event.target as Element).closest('.cell');
  if (cell instanceof HTMLElement && keyOf.has(cell)) showTip(cell);
});
table.addEventListener('mouseleave', event => {
  if (tip.contains(event.relatedTarget as Node | null)) return;
  const focused = document.activeElement;
  if (focused instanceof HTMLElement && table.contains(focused)) showTip(focused);
  else hideTip();
});
table.addEventListener('click', event => {
  const cell = (event.target as Element).closest('.cell');
  if (!(cell instanceof HTMLElement)) return;
  const key = keyOf.get(cell);
  const pos = positionOf(cell);
  if (pos) setCurrent(pos.r, pos.c, true);
  if (key?.endsWith('\u0000used')) openPlaces(cell, key);
});
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
tableWrap.addEventListener('scroll', () => {
  hideTip();
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => { state = { ...state, scrollTop: Math.round(tableWrap.scrollTop) }; saveState(); }, 150);
});

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isHostToPage(message)) return;
  switch (message.type) {
    case 'init': {
      const first = !catalog;
      catalog = message.catalog;
      usage = message.usage;
      target = message.target;
      const saved = vscode.getState();
      state = normalizeState(saved ?? message.state);
      if (first) buildSkeleton();
      if (message.focusFeature) { reveal(message.focusFeature); break; }
      render();
      tableWrap.scrollTop = state.scrollTop ?? 0;
      vscode.setState(state);
      break;
    }
    case 'update':
      if (!catalog && !message.catalog) return;
      if (message.catalog) catalog = message.catalog;
      usage = message.usage;
      target = message.target;
      render();
      break;
    case 'reveal':
      reveal(message.feature);
      break;
  }
});

send({ type: 'ready' });
