// The comparison table and the portability summary above it, rendered from a MatrixView.
import type { CellDetail, MatrixCell, MatrixRow, MatrixView } from '../core/compare/matrix';
import type { CellDetails } from './cellDetails';
import type { CellGrid } from './cellGrid';
import { h } from './elements';

function cellContent(cell: MatrixCell): HTMLElement {
  const td = h('td', { class: `lvl lvl-${cell.level}${cell.isTarget ? ' target pinned' : ''}${cell.icon ? '' : ' info'}` });
  if (cell.icon) td.append(h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, cell.icon));
  td.append(h('span', { class: 'text' }, cell.text));
  if (cell.icon && cell.text !== cell.label && !cell.text.startsWith(cell.label)) {
    td.append(h('span', { class: 'sr-only' }, ` (${cell.label})`));
  }
  if (cell.was2022) td.append(h('span', { class: 'was' }, cell.was2022));
  return td;
}

export function renderTable(table: HTMLTableElement, grid: CellGrid, details: CellDetails, v: MatrixView, clearFilters: () => void): void {
  grid.rows = [];
  grid.info = new Map();
  details.rowPlaces.clear();
  const width = 1 + (v.hasUsage ? 1 : 0) + v.columns.length;

  const head = h('tr');
  const headCells: HTMLElement[] = [];
  const featureHead = grid.cell(h('th', { class: 'feature-col', attrs: { scope: 'col' } }, 'Feature'), 'head\u0000label', 'Feature',
    [{ term: 'Rows', text: `${v.shownRows} of ${v.totalRows} shown` }]);
  headCells.push(featureHead);
  if (v.hasUsage) {
    headCells.push(grid.cell(h('th', { class: 'used-col', attrs: { scope: 'col' } }, h('span', { class: 'name' }, 'Used here'), h('span', { class: 'sub' }, 'file / workspace')),
      'head\u0000used', 'Used here', [
        { term: 'File', text: v.activePath ?? 'no active mesh file' },
        { term: 'How', text: 'Press Enter on a count to list the places; choosing one opens the file there.' },
      ]));
  }
  for (const col of v.columns) {
    // The target column is pinned next to Feature, so scrolling sideways never hides it.
    const th = h('th', { class: `mesh-col${col.isTarget ? ' target pinned' : ''}${col.statusText ? ' has-status' : ''}`, attrs: { scope: 'col' } },
      h('span', { class: 'name' }, col.name),
      col.isTarget ? h('span', { class: 'badge target-badge' }, 'Target') : null,
      col.type === 'api' ? h('span', { class: 'badge' }, 'API') : null,
      col.statusText ? h('span', { class: 'sub status-text' }, col.statusText) : null);
    if (col.checked) th.append(h('span', { class: 'sub checked' }, `checked ${col.checked}`));
    const lines: CellDetail[] = [];
    if (col.isTarget) lines.push({ term: 'Target', text: v.target?.label ?? col.name });
    lines.push({ term: 'Status', text: col.statusText || 'Active' });
    if (col.status.note) lines.push({ term: 'Note', text: col.status.note });
    if (col.status.sources?.length) lines.push({ term: col.status.sources.length > 1 ? 'Sources' : 'Source', text: col.status.sources.map(x => x.title).join('; '), links: col.status.sources });
    if (col.checked) lines.push({ term: 'Facts checked', text: col.checked });
    if (col.versionChecked) lines.push({ term: 'Checked at', text: col.versionChecked });
    headCells.push(grid.cell(th, `head\u0000mesh:${col.mesh}`, col.name, lines));
  }
  head.append(...headCells);
  grid.rows.push(headCells);
  const parts: HTMLElement[] = [h('thead', {}, head)];

  for (const section of v.sections) {
    const body = h('tbody', { attrs: { 'aria-label': section.label } });
    // The band spans the table; its title sticks to the left edge so it stays readable when scrolled sideways.
    const sectionCell = grid.cell(h('th', { class: 'section-head', attrs: { scope: 'rowgroup', colspan: String(width) } },
      h('span', { class: 'section-title' }, h('span', { class: 'section-label' }, section.label),
        h('span', { class: 'sub' }, ` ${section.rows.length} row${section.rows.length === 1 ? '' : 's'}`))),
    `section:${section.id}\u0000section`, section.label, [{ term: 'Rows shown', text: String(section.rows.length) }]);
    body.append(h('tr', { class: 'section-row' }, sectionCell));
    grid.rows.push([sectionCell]);
    for (const row of section.rows) body.append(renderRow(grid, details, v, row));
    parts.push(body);
  }
  if (!v.sections.length) {
    const clear = h('button', { class: 'secondary', attrs: { type: 'button', 'data-key': 'clear-filters' } }, 'Show all rows');
    clear.addEventListener('click', clearFilters);
    const empty = grid.cell(h('td', { class: 'empty', attrs: { colspan: String(width) } }, 'No rows match. ', clear), 'empty\u0000empty', 'No rows', []);
    parts.push(h('tbody', {}, h('tr', { class: 'empty-row' }, empty)));
    grid.rows.push([empty]);
  }
  table.replaceChildren(h('caption', { class: 'sr-only' }, 'Feature support by mesh. Arrow keys move between cells; each cell describes its source and confidence.'), ...parts);
}

function renderRow(grid: CellGrid, details: CellDetails, v: MatrixView, row: MatrixRow): HTMLElement {
  const rowKey = `row:${row.feature.id}`;
  const tr = h('tr', { class: `${row.feature.kind === 'info' ? 'info-row' : 'feature-row'}${row.isFocus ? ' focus-feature' : ''}${row.used.workspace ? ' used' : ''}` });
  if (row.isFocus) tr.setAttribute('aria-current', 'true');
  const cells: HTMLElement[] = [];
  const labelDetails: CellDetail[] = [];
  if (row.feature.description) labelDetails.push({ term: 'What', text: row.feature.description });
  labelDetails.push({ term: 'Id', text: row.feature.id });
  if (row.feature.kind === 'info') labelDetails.push({ term: 'Kind', text: 'Information (not judged)' });
  if (v.hasUsage) labelDetails.push({ term: 'Used', text: `${row.used.file} in the active file, ${row.used.workspace} in the workspace` });
  cells.push(grid.cell(h('th', { class: 'feature-col', attrs: { scope: 'row' } }, row.feature.label), `${rowKey}\u0000label`, row.feature.label, labelDetails));
  if (v.hasUsage) {
    const usedKey = `${rowKey}\u0000used`;
    const td = row.used.workspace
      ? h('td', { class: 'used-col has-uses' }, h('span', { class: 'used-link' }, `${row.used.file} / ${row.used.workspace}`), h('span', { class: 'sr-only' }, ' (Enter lists the places)'))
      : h('td', { class: 'used-col' }, h('span', { attrs: { 'aria-hidden': 'true' } }, '–'), h('span', { class: 'sr-only' }, 'not used'));
    cells.push(grid.cell(td, usedKey, `Used here: ${row.feature.label}`, [
      { term: 'Active file', text: String(row.used.file) },
      { term: 'Workspace', text: String(row.used.workspace) },
      ...(row.used.workspace ? [{ term: 'Open', text: 'Enter or click lists the places' }] : []),
    ]));
    details.rowPlaces.set(usedKey, { label: row.feature.label, places: row.places });
  }
  for (const cell of row.cells) {
    const [first, ...rest] = cell.details;
    cells.push(grid.cell(cellContent(cell), `${rowKey}\u0000mesh:${cell.mesh}`, first ? `${first.term} — ${first.text}` : cell.meshName, rest));
  }
  tr.append(...cells);
  grid.rows.push(cells);
  return tr;
}

/**
 * The portability summary as a disclosure: its one-line form (the target's ratio) is always shown,
 * the ratios of every shown mesh when open. `box` is a <details> kept across renders, so its open state stays.
 */
export function renderSummary(box: HTMLDetailsElement, v: MatrixView): void {
  const title = h('h2', { attrs: { id: 'summary-title' } }, 'Portability');
  const features = v.summary.features.length;
  if (!v.hasUsage || !features) {
    box.classList.add('empty');
    box.replaceChildren(h('summary', { attrs: { tabindex: '-1' } }, title, h('span', { class: 'sub' }, v.summary.text)));
    return;
  }
  box.classList.remove('empty');
  const ratio = (m: MatrixView['summary']['meshes'][number]) => `${m.supported}/${m.total}`;
  const target = v.summary.meshes.find(m => m.isTarget);
  const line = target
    ? h('span', { class: 'summary-line' }, h('span', { class: 'name' }, target.name), ' ', h('span', { class: 'ratio' }, ratio(target)), h('span', { class: 'badge target-badge' }, 'Target'),
      h('span', { class: 'sub' }, ` of ${features} feature${features === 1 ? '' : 's'} used`))
    : h('span', { class: 'summary-line sub' }, `${features} feature${features === 1 ? '' : 's'} used; supported by ${v.summary.meshes.length} shown mesh${v.summary.meshes.length === 1 ? '' : 'es'}`);
  const items = v.summary.meshes.map(m => {
    const rest = [m.partial && `${m.partial} partial`, m.unsupported && `${m.unsupported} unsupported`, m.unknown && `${m.unknown} unknown`, m.edition === 'ce' && 'without Enterprise']
      .filter(Boolean).join(', ');
    return h('li', { class: m.isTarget ? 'target' : '' },
      h('span', { class: 'name' }, m.name), ' ',
      h('span', { class: 'ratio' }, ratio(m)),
      m.isTarget ? h('span', { class: 'badge target-badge' }, 'Target') : null,
      rest ? h('span', { class: 'sub' }, ` (${rest})`) : null);
  });
  box.replaceChildren(h('summary', {}, title, line),
    h('div', { class: 'summary-body' },
      h('p', {}, `This workspace uses ${features} mesh feature${features === 1 ? '' : 's'}; supported by each shown mesh:`),
      h('ul', { class: 'ratios' }, ...items)));
}
