import type { Range } from '../model';

/** Maps 0-based offsets in a text to 1-based line/column (columns count UTF-16 units, like VS Code). */
export class LineIndex {
  private readonly starts: number[];

  constructor(text: string, private readonly firstLine = 1) {
    const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number { return this.starts.length; }

  /** 0-based line index of an offset. */
  lineOf(offset: number): number {
    const s = this.starts;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line0: number): number { return this.starts[Math.min(Math.max(line0, 0), this.starts.length - 1)]; }

  position(offset: number): { line: number; column: number } {
    const l = this.lineOf(offset);
    return { line: l + this.firstLine, column: Math.max(0, offset - this.starts[l]) + 1 };
  }

  range(start: number, end: number): Range {
    const a = this.position(start), b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}
