// The "Compare meshes" page. Bundled for the browser to dist/compare.js. It gets all data by
// postMessage, builds the view with the same buildMatrix the host exports with, and sets every
// string with textContent (never innerHTML), so nothing from data or manifests can run.
import { buildMatrix, normalizeState, sheetSource, type CompareCatalog, type ComparePanelState, type MatrixView, type Usage } from '../core/compare/matrix';
import { isHostToPage, type PageToHost } from '../core/compare/compareProtocol';
import type { Target } from '../core/model';
import { linkUrl } from '../core/sources';
import { CellDetails, sourceItem } from './cellDetails';
import { CellGrid } from './cellGrid';
import { h } from './elements';
import { renderSummary, renderTable } from './matrixTable';
import { Pickers } from './pickers';

interface VsCodeApi { postMessage(message: PageToHost): void; getState(): unknown; setState(state: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

let catalog: CompareCatalog | null = null;
let usage: Usage = { files: [] };
let target: Target | null = null;
let state: ComparePanelState = normalizeState(vscode.getState());
let view: MatrixView | null = null;

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

/** A new state from a control: shown at once, saved (and told to the host) shortly after. */
function change(next: ComparePanelState, immediate = false): void {
  state = next;
  render();
  saveState(immediate);
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
const summaryBox = h('details', { class: 'summary', attrs: { id: 'summary', 'aria-labelledby': 'summary-title' } });
const statusLine = h('p', { class: 'status', attrs: { id: 'status', role: 'status', 'aria-live': 'polite' } });
const legend = h('p', { class: 'legend', attrs: { id: 'legend' } });
const table = h('table', { attrs: { id: 'matrix', role: 'grid', 'aria-labelledby': 'title', 'aria-describedby': 'status' } });
const tableWrap = h('div', { class: 'table-wrap', attrs: { id: 'table-wrap' } }, table);
const grid = new CellGrid(table, tableWrap);
const details = new CellDetails(grid, table, tableWrap, send);
const pickers = new Pickers({
  grid,
  getState: () => state,
  change: next => change(next),
  sectionIds: () => catalog?.sections.map(s => s.id) ?? [],
});

/** Says once what the "2022:" marks under cells are, with a link to the sheet. */
function renderLegend(): void {
  const sheet = catalog ? sheetSource(catalog) : undefined;
  const name = 'the learnk8s service-mesh comparison sheet of May 2022';
  legend.replaceChildren(
    h('span', { class: 'was' }, '2022: …'),
    ' under a cell is what ',
    sheet ? sourceItem({ ...sheet, title: name }, 'source sheet-link') : name,
    ' said, where it differs from today’s fact (“blank”: the sheet left the cell empty). This table grew from that sheet.');
}

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
      pickers.sections, pickers.meshes),
    summaryBox, statusLine, legend, tableWrap, details.tip, details.places);
  app.removeAttribute('aria-busy');
}

// ---- layout that depends on the width ------------------------------------------------------------

/** Narrow panels start with the summary closed; once the user opens or closes it, that choice stays. */
const NARROW = 1000;
let summaryChoice: boolean | undefined;
function fitToWidth(): void {
  const open = summaryChoice ?? document.documentElement.clientWidth >= NARROW;
  if (summaryBox.open !== open && !summaryBox.classList.contains('empty')) summaryBox.open = open;
  // The pinned target column sits right of the Feature column, whose width depends on the rows shown.
  const feature = table.tHead?.rows[0]?.cells[0];
  if (feature) table.style.setProperty('--feature-col-width', `${feature.getBoundingClientRect().width}px`);
  pickers.place();
}
new ResizeObserver(fitToWidth).observe(table);
window.addEventListener('resize', fitToWidth);
summaryBox.addEventListener('click', event => {
  if (!(event.target as Element).closest('summary')) return;
  if (summaryBox.classList.contains('empty')) event.preventDefault();
  else summaryChoice = !summaryBox.open;
});

// ---- rendering --------------------------------------------------------------------------------

function render(): void {
  if (!catalog) return;
  const active = document.activeElement;
  const activeKey = grid.keyOf(active);
  const currentKey = grid.keyOf(grid.currentCell());
  grid.byKey = new Map();
  view = buildMatrix(catalog, state, usage, target);
  state = view.state;

  targetName.textContent = view.target?.label ?? 'none';
  pickTargetButton.textContent = view.target ? 'Change target…' : 'Set target…';
  if (filterInput.value !== state.filter) filterInput.value = state.filter;
  diffBox.checked = state.differencesOnly;
  usedSelect.value = state.usedOnly;
  usedSelect.disabled = !view.hasUsage && state.usedOnly === 'off';
  pickers.render(view);
  renderSummary(summaryBox, view);
  renderTable(table, grid, details, view, () => change({ ...state, filter: '', differencesOnly: false, usedOnly: 'off', hiddenSections: [] }, true));
  statusLine.textContent = `Showing ${view.shownRows} of ${view.totalRows} rows and ${view.columns.length} of ${view.meshes.length} meshes${view.filterText ? ` (${view.filterText})` : ''}.`;
  fitToWidth();

  const restore = (currentKey && grid.byKey.get(currentKey)) || null;
  const pos = grid.positionOf(restore) ?? { r: Math.min(grid.current.r, grid.rows.length - 1), c: 0 };
  grid.setCurrent(pos.r, pos.c, false);
  if (activeKey) {
    const again = grid.byKey.get(activeKey);
    const currentCell = grid.currentCell();
    if (again && again !== document.activeElement) again.focus({ preventScroll: true });
    else if (!again && active && !active.isConnected && currentCell && table.contains(currentCell)) currentCell.focus({ preventScroll: true });
  }
  if (!details.tip.hidden) details.hideTip();
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
  const cell = grid.byKey.get(`row:${feature}\u0000label`);
  if (cell) {
    const pos = grid.positionOf(cell);
    if (pos) grid.setCurrent(pos.r, pos.c, false);
    cell.focus({ preventScroll: true });
    grid.scrollTo(cell, true);
  }
  state = { ...state, scrollTop: tableWrap.scrollTop };
  saveState(true);
}

// ---- events -----------------------------------------------------------------------------------

filterInput.addEventListener('input', () => change({ ...state, filter: filterInput.value }));
filterInput.addEventListener('keydown', event => {
  if (event.key === 'ArrowDown' && grid.rows.length > 1) { event.preventDefault(); grid.moveTo(1, 0); }
});
diffBox.addEventListener('change', () => change({ ...state, differencesOnly: diffBox.checked }));
usedSelect.addEventListener('change', () => {
  const value = usedSelect.value;
  change({ ...state, usedOnly: value === 'file' || value === 'workspace' ? value : 'off' });
});
pickTargetButton.addEventListener('click', () => send({ type: 'pickTarget' }));
exportMd.addEventListener('click', () => send({ type: 'export', format: 'markdown', state }));
exportCsv.addEventListener('click', () => send({ type: 'export', format: 'csv', state }));

table.addEventListener('keydown', event => {
  const pos = grid.positionOf(event.target as Element);
  if (!pos) return;
  let handled = grid.navigate(event, pos);
  if (!handled && (event.key === 'Enter' || event.key === ' ')) handled = details.enter(grid.rows[pos.r][pos.c]);
  if (!handled && event.key === 'Escape') { details.hideTip(); handled = true; }
  if (handled) event.preventDefault();
});
table.addEventListener('focusin', event => {
  const pos = grid.focused(event.target as Element);
  if (pos) details.describe(grid.rows[pos.r][pos.c]);
});
table.addEventListener('click', event => {
  const cell = (event.target as Element).closest('.cell');
  if (!(cell instanceof HTMLElement)) return;
  const key = grid.keyOf(cell);
  const pos = grid.positionOf(cell);
  if (pos) grid.setCurrent(pos.r, pos.c, true);
  if (key?.endsWith('\u0000used')) details.openPlaces(cell, key);
});
// Evidence links (in the tip) and the sheet link (in the legend): the host opens them in the browser,
// since a webview cannot navigate itself to another site.
document.addEventListener('click', event => {
  const a = (event.target as Element).closest('a.source');
  if (!(a instanceof HTMLAnchorElement)) return;
  event.preventDefault();
  const url = linkUrl(a.getAttribute('href') ?? undefined);
  if (url) send({ type: 'openLink', url });
});
let scrollTimer: ReturnType<typeof setTimeout> | undefined;
tableWrap.addEventListener('scroll', () => {
  details.tableScrolled();
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
      renderLegend();
      if (message.focusFeature) { reveal(message.focusFeature); break; }
      render();
      tableWrap.scrollTop = state.scrollTop ?? 0;
      vscode.setState(state);
      break;
    }
    case 'update':
      if (!catalog && !message.catalog) return;
      if (message.catalog) { catalog = message.catalog; renderLegend(); }
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
