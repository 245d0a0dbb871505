// The "Sections" and "Meshes" popups: which sections and mesh columns are shown, and the column order.
// A popup opens under its button and stays inside the viewport, scrolling inside when it is taller.
import { moveMesh, type ComparePanelState, type MatrixView } from '../core/compare/matrix';
import type { CellGrid } from './cellGrid';
import { h } from './elements';

const MARGIN = 4;

export interface PickerHost {
  grid: CellGrid;
  getState(): ComparePanelState;
  /** Applies a new state: re-renders and saves it. */
  change(state: ComparePanelState): void;
  sectionIds(): string[];
}

/** Puts an open popup under its summary, moved left as far as needed to stay in the viewport. */
function placePopover(picker: HTMLDetailsElement): void {
  const popover = picker.querySelector<HTMLElement>('.popover');
  const summary = picker.querySelector('summary');
  if (!popover || !summary || !picker.open) return;
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  const anchor = summary.getBoundingClientRect();
  // Measure at the left edge first: there the popup gets the whole width it may use.
  popover.style.left = `${MARGIN}px`;
  popover.style.maxWidth = `${vw - 2 * MARGIN}px`;
  const spaceBelow = vh - anchor.bottom - MARGIN - 4;
  const spaceAbove = anchor.top - MARGIN - 4;
  const below = spaceBelow >= Math.min(popover.scrollHeight, 200) || spaceBelow >= spaceAbove;
  popover.style.maxHeight = `${Math.max(80, below ? spaceBelow : spaceAbove)}px`;
  const box = popover.getBoundingClientRect();
  popover.style.top = `${Math.round(below ? anchor.bottom + 4 : anchor.top - 4 - box.height)}px`;
  popover.style.left = `${Math.round(Math.max(MARGIN, Math.min(anchor.left, vw - box.width - MARGIN)))}px`;
}

function checkbox(grid: CellGrid, key: string, checked: boolean, label: string, onChange: (checked: boolean) => void): HTMLElement {
  const box = h('input', { attrs: { type: 'checkbox' } });
  box.checked = checked;
  grid.register(box, key);
  box.addEventListener('change', () => onChange(box.checked));
  return h('label', { class: 'check' }, box, h('span', {}, label));
}

export class Pickers {
  private readonly sectionsSummary = h('summary', {}, 'Sections');
  private readonly sectionsList = h('ul', { class: 'choice-list', attrs: { 'aria-label': 'Sections shown' } });
  private readonly meshesSummary = h('summary', {}, 'Meshes');
  private readonly meshesList = h('ol', { class: 'choice-list', attrs: { 'aria-label': 'Mesh columns, in order' } });
  readonly sections: HTMLDetailsElement;
  readonly meshes: HTMLDetailsElement;

  constructor(private readonly host: PickerHost) {
    const button = (text: string, onClick: () => void) => {
      const b = h('button', { class: 'secondary', attrs: { type: 'button' } }, text);
      b.addEventListener('click', onClick);
      return b;
    };
    const state = () => host.getState();
    this.sections = h('details', { class: 'picker', attrs: { id: 'sections-picker' } }, this.sectionsSummary,
      h('div', { class: 'popover' }, this.sectionsList, h('div', { class: 'row-buttons' },
        button('Show all', () => host.change({ ...state(), hiddenSections: [] })),
        button('Hide all', () => host.change({ ...state(), hiddenSections: host.sectionIds() })))));
    this.meshes = h('details', { class: 'picker', attrs: { id: 'mesh-picker' } }, this.meshesSummary,
      h('div', { class: 'popover' }, this.meshesList, h('div', { class: 'row-buttons' },
        button('Show all', () => host.change({ ...state(), hiddenMeshes: [] })),
        button('Default order', () => host.change({ ...state(), meshOrder: [] })))));
    this.listen();
  }

  render(v: MatrixView): void {
    const { grid } = this.host;
    const shownSections = v.sectionChoices.filter(s => s.shown).length;
    this.sectionsSummary.textContent = `Sections (${shownSections}/${v.sectionChoices.length})`;
    this.sectionsList.replaceChildren(...v.sectionChoices.map(s => h('li', {}, checkbox(grid, `section-box:${s.id}`, s.shown, `${s.label} (${s.shown ? `${s.shownRowCount}/` : ''}${s.rowCount})`, checked => {
      const state = this.host.getState();
      this.host.change({ ...state, hiddenSections: checked ? state.hiddenSections.filter(id => id !== s.id) : [...state.hiddenSections, s.id] });
    }))));

    const shownMeshes = v.meshes.filter(m => m.shown).length;
    this.meshesSummary.textContent = `Meshes (${shownMeshes}/${v.meshes.length})`;
    this.meshesList.replaceChildren(...v.meshes.map((m, i) => {
      const move = (delta: number, key: string) => {
        this.host.change({ ...this.host.getState(), meshOrder: moveMesh(v, m.mesh, delta) });
        grid.byKey.get(key)?.focus();
      };
      const up = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': `Move ${m.name} left` } }, '↑');
      const down = h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': `Move ${m.name} right` } }, '↓');
      up.disabled = i === 0;
      down.disabled = i === v.meshes.length - 1;
      grid.register(up, `mesh-up:${m.mesh}`);
      grid.register(down, `mesh-down:${m.mesh}`);
      up.addEventListener('click', () => move(-1, i - 1 === 0 ? `mesh-down:${m.mesh}` : `mesh-up:${m.mesh}`));
      down.addEventListener('click', () => move(1, i + 1 === v.meshes.length - 1 ? `mesh-up:${m.mesh}` : `mesh-down:${m.mesh}`));
      const label = `${m.name}${m.isTarget ? ' (target)' : ''}${m.statusText ? ` — ${m.statusText}` : ''}`;
      return h('li', {}, checkbox(grid, `mesh-box:${m.mesh}`, m.shown, label, checked => {
        const state = this.host.getState();
        this.host.change({ ...state, hiddenMeshes: checked ? state.hiddenMeshes.filter(id => id !== m.mesh) : [...state.hiddenMeshes, m.mesh] });
      }), h('span', { class: 'move' }, up, down));
    }));
    this.place();
  }

  /** Re-places the open popup (after a render or a resize). */
  place(): void {
    for (const picker of [this.sections, this.meshes]) placePopover(picker);
  }

  private listen(): void {
    const pickers = [this.sections, this.meshes];
    for (const picker of pickers) {
      picker.addEventListener('keydown', event => {
        if (event.key === 'Escape' && picker.open) { event.preventDefault(); picker.open = false; (picker.querySelector('summary') as HTMLElement).focus(); }
      });
      picker.addEventListener('toggle', () => {
        if (!picker.open) return;
        for (const other of pickers) if (other !== picker) other.open = false;
        placePopover(picker);
      });
    }
    document.addEventListener('click', event => {
      // A click that re-rendered its own target (a picker's move button) is inside, not outside.
      if (!(event.target as Node).isConnected) return;
      for (const picker of pickers) {
        if (picker.open && !picker.contains(event.target as Node)) picker.open = false;
      }
    });
    window.addEventListener('resize', () => this.place());
  }
}
