// What the panel shows next to a cell: the details tip (hover or focus; it holds evidence links the
// host opens) and the list of places a feature is used ("Used here"), both kept inside the viewport.
import type { UsePlace } from '../core/compare/matrix';
import type { PageToHost } from '../core/compare/compareProtocol';
import type { Source } from '../core/model';
import { linkUrl } from '../core/sources';
import type { CellGrid } from './cellGrid';
import { h } from './elements';

const MARGIN = 4;

/** One piece of evidence: a real link (built with DOM APIs, http(s) only) or its title as text. */
export function sourceItem(source: Source, className = 'source'): HTMLElement {
  const url = linkUrl(source.url);
  if (!url) return h('span', { class: className }, source.title);
  return h('a', { class: className, attrs: { href: url, title: url } }, source.title);
}

/**
 * Places `box` (position: fixed) below the anchor, or above it when only that side has room, always
 * inside the viewport; when neither side has room it takes the larger one and scrolls inside, so it
 * never covers the anchor.
 */
function placeNear(box: HTMLElement, anchor: DOMRect, gap: number): void {
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  box.style.maxHeight = `${vh - 2 * MARGIN}px`;
  const height = box.getBoundingClientRect().height;
  const below = vh - MARGIN - anchor.bottom - gap;
  const above = anchor.top - gap - MARGIN;
  const side = height <= below || (height > above && below >= above) ? 'below' : 'above';
  const room = Math.max(side === 'below' ? below : above, Math.min(height, 80));
  if (height > room) box.style.maxHeight = `${Math.floor(room)}px`;
  const size = box.getBoundingClientRect();
  const top = side === 'below' ? Math.min(anchor.bottom + gap, vh - MARGIN - size.height) : Math.max(MARGIN, anchor.top - gap - size.height);
  const left = Math.max(MARGIN, Math.min(anchor.left, vw - size.width - MARGIN));
  box.style.top = `${Math.round(top)}px`;
  box.style.left = `${Math.round(left)}px`;
}

export class CellDetails {
  readonly tip = h('div', { class: 'tip', attrs: { id: 'cell-tip', role: 'tooltip', hidden: '' } });
  readonly places = h('div', { class: 'places', attrs: { id: 'places', role: 'dialog', hidden: '' } });
  readonly rowPlaces = new Map<string, { label: string; places: UsePlace[] }>();
  /** The cell the tip describes. */
  private tipCell: HTMLElement | null = null;
  /** Where Escape in the tip's links goes back to. */
  private tipReturn: HTMLElement | null = null;
  private placesReturn: HTMLElement | null = null;

  constructor(private readonly grid: CellGrid, private readonly table: HTMLElement, private readonly wrap: HTMLElement, private readonly send: (m: PageToHost) => void) {
    this.listen();
  }

  showTip(el: HTMLElement): void {
    const key = this.grid.keyOf(el);
    const content = key ? this.grid.info.get(key) : undefined;
    if (!content) { this.hideTip(); return; }
    const list = h('dl');
    for (const d of content.details) list.append(h('dt', {}, d.term), d.links?.length ? h('dd', { class: 'links' }, ...d.links.map(s => sourceItem(s))) : h('dd', {}, d.text));
    this.tip.replaceChildren(h('p', { class: 'tip-title' }, content.title), list);
    this.tip.hidden = false;
    this.tipCell = el;
    this.placeTip();
  }

  /** Touching the cell (no gap), so the pointer can move into the tip's links without crossing another cell. */
  private placeTip(): void {
    if (!this.tipCell) return;
    const cell = this.tipCell.getBoundingClientRect();
    placeNear(this.tip, new DOMRect(cell.left, cell.top + 1, cell.width, cell.height - 2), 0);
  }

  hideTip(): void {
    this.tip.hidden = true;
    this.tipCell = null;
  }

  /** The table scrolled: the tip of the focused cell follows it while it is in view; a hover tip closes. */
  tableScrolled(): void {
    const cell = this.tipCell;
    if (!cell || this.tip.hidden) return;
    if (cell !== document.activeElement && !this.tip.contains(document.activeElement)) { this.hideTip(); return; }
    const r = cell.getBoundingClientRect();
    const w = this.wrap.getBoundingClientRect();
    if (r.bottom <= w.top || r.top >= w.bottom || r.right <= w.left || r.left >= w.right) this.hideTip();
    else this.placeTip();
  }

  /** The links of the tip, for keyboard users (Enter on a cell moves into them). */
  tipLinks(): HTMLAnchorElement[] {
    return this.tip.hidden ? [] : [...this.tip.querySelectorAll<HTMLAnchorElement>('a.source')];
  }

  /** Enter on a cell: its places list, or into its evidence links; false when it has neither. */
  enter(cell: HTMLElement): boolean {
    const key = this.grid.keyOf(cell);
    if (key?.endsWith('\u0000used')) { this.openPlaces(cell, key); return true; }
    // The tip may show the cell under the pointer: show this one's first.
    this.showTip(cell);
    const links = this.tipLinks();
    if (!links.length) return false;
    this.tipReturn = cell;
    links[0].focus();
    return true;
  }

  describe(el: HTMLElement | null): void {
    for (const old of this.table.querySelectorAll('[aria-describedby="cell-tip"]')) old.removeAttribute('aria-describedby');
    if (el) { el.setAttribute('aria-describedby', 'cell-tip'); this.showTip(el); }
  }

  openPlaces(cell: HTMLElement, key: string): void {
    const entry = this.rowPlaces.get(key);
    if (!entry || !entry.places.length) return;
    this.hideTip();
    this.placesReturn = cell;
    const items = entry.places.map(p => {
      const where = `${p.path}:${p.range.line}:${p.range.column}`;
      const what = [p.kind, p.name].filter(Boolean).join(' ');
      const button = h('button', { class: 'place', attrs: { type: 'button' } },
        h('span', { class: 'place-where' }, where),
        h('span', { class: 'place-what' }, `${what}${what ? ' · ' : ''}${p.field}`),
        p.inActiveFile ? h('span', { class: 'badge' }, 'active file') : null);
      button.addEventListener('click', () => this.send({ type: 'openLocation', uri: p.uri, range: p.range }));
      return h('li', {}, button);
    });
    const count = entry.places.length;
    const close = h('button', { class: 'secondary close', attrs: { type: 'button', 'aria-label': 'Close' } }, '✕');
    close.addEventListener('click', () => this.closePlaces());
    this.places.replaceChildren(
      h('div', { class: 'places-head' }, h('p', { class: 'tip-title', attrs: { id: 'places-title' } }, `${entry.label}: ${count} place${count === 1 ? '' : 's'}`), close),
      h('ul', {}, ...items));
    this.places.setAttribute('aria-labelledby', 'places-title');
    this.places.hidden = false;
    placeNear(this.places, cell.getBoundingClientRect(), 4);
    (this.places.querySelector('button.place') as HTMLElement | null)?.focus();
  }

  closePlaces(): void {
    if (this.places.hidden) return;
    const back = this.placesReturn;
    this.placesReturn = null;
    this.places.hidden = true;
    this.places.replaceChildren();
    back?.focus();
  }

  private listen(): void {
    const { tip, places, table } = this;
    places.addEventListener('keydown', event => {
      const buttons = [...places.querySelectorAll<HTMLElement>('button.place')];
      const i = buttons.indexOf(document.activeElement as HTMLElement);
      if (event.key === 'Escape') { event.preventDefault(); this.closePlaces(); }
      else if (event.key === 'ArrowDown' && buttons.length) { event.preventDefault(); buttons[(i + 1) % buttons.length].focus(); }
      else if (event.key === 'ArrowUp' && buttons.length) { event.preventDefault(); buttons[(i - 1 + buttons.length) % buttons.length].focus(); }
    });
    places.addEventListener('focusout', event => {
      if (!places.contains(event.relatedTarget as Node | null)) {
        places.hidden = true;
        places.replaceChildren();
        this.placesReturn = null;
      }
    });
    // The tip holds links: it stays while the pointer or the focus is in it, and opens links outside the page.
    tip.addEventListener('mouseleave', event => {
      if (table.contains(event.relatedTarget as Node | null)) return;
      const focused = document.activeElement;
      if (!(focused instanceof HTMLElement && (table.contains(focused) || tip.contains(focused)))) this.hideTip();
    });
    tip.addEventListener('focusout', event => {
      const to = event.relatedTarget as Node | null;
      if (!tip.contains(to) && !table.contains(to)) { this.tipReturn = null; this.hideTip(); }
    });
    tip.addEventListener('keydown', event => {
      const links = this.tipLinks();
      const i = links.indexOf(document.activeElement as HTMLAnchorElement);
      if (event.key === 'Escape') { event.preventDefault(); const back = this.tipReturn; this.tipReturn = null; back?.focus(); }
      else if (event.key === 'ArrowDown' && links.length) { event.preventDefault(); links[(i + 1) % links.length].focus(); }
      else if (event.key === 'ArrowUp' && links.length) { event.preventDefault(); links[(i - 1 + links.length) % links.length].focus(); }
    });
    table.addEventListener('mouseover', event => {
      const cell = (event.target as Element).closest('.cell');
      if (cell instanceof HTMLElement && this.grid.keyOf(cell)) this.showTip(cell);
    });
    table.addEventListener('mouseleave', event => {
      if (tip.contains(event.relatedTarget as Node | null)) return;
      const focused = document.activeElement;
      if (focused instanceof HTMLElement && table.contains(focused)) this.showTip(focused);
      else this.hideTip();
    });
    table.addEventListener('focusout', event => {
      const to = event.relatedTarget as Node | null;
      if (!table.contains(to) && !tip.contains(to)) { this.describe(null); this.hideTip(); }
    });
  }
}
