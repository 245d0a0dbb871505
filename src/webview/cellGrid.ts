// The table as a grid of focusable cells (a section row has one cell): one roving tabindex, the keys
// that move it, and the scrolling that keeps the focused cell clear of the sticky header and columns.
import type { CellDetail } from '../core/compare/matrix';

export interface CellInfo { title: string; details: CellDetail[] }

export class CellGrid {
  /** Every navigable cell, row by row. */
  rows: HTMLElement[][] = [];
  /** Cells and controls by a key that survives a re-render, so focus can come back to the same thing. */
  byKey = new Map<string, HTMLElement>();
  info = new Map<string, CellInfo>();
  current = { r: 0, c: 0 };
  private readonly keys = new WeakMap<Element, string>();
  private wantedColumn = 0;

  constructor(private readonly table: HTMLTableElement, private readonly wrap: HTMLElement) {}

  register<T extends HTMLElement>(el: T, key: string): T {
    this.keys.set(el, key);
    this.byKey.set(key, el);
    return el;
  }

  keyOf(el: Element | null | undefined): string | undefined {
    return el ? this.keys.get(el) : undefined;
  }

  cell<T extends HTMLElement>(el: T, key: string, title: string, details: CellDetail[]): T {
    el.tabIndex = -1;
    el.classList.add('cell');
    this.register(el, key);
    this.info.set(key, { title, details });
    return el;
  }

  currentCell(): HTMLElement | undefined {
    return this.rows[this.current.r]?.[this.current.c];
  }

  positionOf(el: Element | null): { r: number; c: number } | null {
    for (let r = 0; r < this.rows.length; r++) {
      const c = this.rows[r].indexOf(el as HTMLElement);
      if (c >= 0) return { r, c };
    }
    return null;
  }

  /** A cell took the focus some other way (click, Tab): it becomes the current one. */
  focused(el: Element | null): { r: number; c: number } | null {
    const pos = this.positionOf(el);
    if (!pos) return null;
    if (pos.r !== this.current.r || pos.c !== this.current.c) this.setCurrent(pos.r, pos.c, false);
    if (this.rows[pos.r].length > 1) this.wantedColumn = pos.c;
    return pos;
  }

  setCurrent(r: number, c: number, focus: boolean): void {
    if (!this.rows.length) return;
    r = Math.max(0, Math.min(this.rows.length - 1, r));
    c = Math.max(0, Math.min(this.rows[r].length - 1, c));
    const previous = this.currentCell();
    if (previous) previous.tabIndex = -1;
    this.current = { r, c };
    const el = this.rows[r][c];
    el.tabIndex = 0;
    if (focus) {
      // Scroll first: the details shown on focus are placed at the cell where it ends up.
      this.scrollTo(el, false);
      el.focus({ preventScroll: true });
    }
  }

  moveTo(r: number, c: number): void {
    const row = this.rows[Math.max(0, Math.min(this.rows.length - 1, r))];
    if (row) this.setCurrent(r, row.length === 1 ? 0 : c, true);
  }

  /**
   * The part of the table's view that sticky columns leave uncovered for this cell: Feature on the left,
   * and the pinned target column on the side it is stuck to (next to Feature, or the right edge while its
   * own place is further right).
   */
  private clearSpan(el: HTMLElement): { left: number; right: number } {
    const wrap = this.wrap.getBoundingClientRect();
    let left = wrap.left;
    let right = wrap.left + this.wrap.clientWidth;
    const head = this.table.tHead?.rows[0];
    if (!head) return { left, right };
    const column = (el as HTMLTableCellElement).cellIndex;
    let featureRight = left;
    for (const th of head.cells) {
      if (th.cellIndex === column) continue;
      const r = th.getBoundingClientRect();
      if (th.classList.contains('feature-col')) { left += r.width; featureRight = r.right; }
      else if (th.classList.contains('pinned')) {
        if (r.left <= featureRight + 1) left += r.width;
        else if (r.right >= right - 1) right -= r.width;
      }
    }
    return { left, right };
  }

  /** Scrolls only the table (never the page) so the cell is clear of the sticky header and columns. */
  scrollTo(el: HTMLElement, center: boolean): void {
    const wrap = this.wrap.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const inHead = !!el.closest('thead');
    const top = wrap.top + (inHead ? 0 : this.table.tHead?.getBoundingClientRect().height ?? 0);
    const bottom = wrap.top + this.wrap.clientHeight;
    if (center) this.wrap.scrollTop += r.top + r.height / 2 - (top + bottom) / 2;
    else if (r.top < top) this.wrap.scrollTop -= top - r.top;
    else if (r.bottom > bottom) this.wrap.scrollTop += Math.min(r.bottom - bottom, r.top - top);
    if (el.classList.contains('feature-col') || el.classList.contains('section-head') || el.classList.contains('pinned')) return;
    // Twice: a scroll can move the pinned target from one side to the other, onto the cell.
    for (let pass = 0; pass < 2; pass++) {
      const cell = el.getBoundingClientRect();
      const { left, right } = this.clearSpan(el);
      if (cell.left < left) this.wrap.scrollLeft -= left - cell.left;
      else if (cell.right > right) this.wrap.scrollLeft += Math.min(cell.right - right, cell.left - left);
    }
  }

  /** Arrow keys, Page Up/Down, Home/End (Ctrl for the corners); false for any other key. */
  navigate(event: KeyboardEvent, pos: { r: number; c: number }): boolean {
    const { r, c } = pos;
    const rows = this.rows;
    const wide = rows[r].length > 1;
    const page = Math.max(1, Math.floor(this.wrap.clientHeight / 28) - 2);
    const column = wide ? c : this.wantedColumn;
    switch (event.key) {
      case 'ArrowRight': if (wide) { this.setCurrent(r, c + 1, true); this.wantedColumn = this.current.c; } return true;
      case 'ArrowLeft': if (wide) { this.setCurrent(r, c - 1, true); this.wantedColumn = this.current.c; } return true;
      case 'ArrowDown': this.moveTo(Math.min(rows.length - 1, r + 1), column); return true;
      case 'ArrowUp': this.moveTo(Math.max(0, r - 1), column); return true;
      case 'PageDown': this.moveTo(Math.min(rows.length - 1, r + page), column); return true;
      case 'PageUp': this.moveTo(Math.max(0, r - page), column); return true;
      case 'Home':
        if (event.ctrlKey) this.moveTo(0, 0); else { this.setCurrent(r, 0, true); this.wantedColumn = 0; }
        return true;
      case 'End':
        if (event.ctrlKey) this.moveTo(rows.length - 1, rows[rows.length - 1].length - 1);
        else { this.setCurrent(r, rows[r].length - 1, true); this.wantedColumn = this.current.c; }
        return true;
      default: return false;
    }
  }
}
