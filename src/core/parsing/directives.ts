// Comments the engine honours, so the editor and the CLI agree:
//   # mesh-lens target: linkerd@2.14
//   # mesh-lens-disable-next-line [feature-id …]
//   # mesh-lens-disable-file [feature-id …]

export interface Directives {
  target?: string;
  targetLine?: number;
  /** 1-based line → rule ids suppressed on it (empty set: all). */
  lines: Map<number, Set<string>>;
  /** Rule ids suppressed in the whole file; null when none, empty set for all. */
  file: Set<string> | null;
}

const RE = /#\s*mesh-lens(?:\s+target\s*:\s*(\S+)|-(disable-next-line|disable-file)\b([^\n]*))/g;

export function readDirectives(text: string): Directives {
  const d: Directives = { lines: new Map(), file: null };
  if (text.indexOf('mesh-lens') === -1) return d;
  RE.lastIndex = 0;
  let line = 1, lastPos = 0;
  for (let m = RE.exec(text); m; m = RE.exec(text)) {
    // Only whole comments count: the `#` starts the line's content or follows a space.
    const before = text.charCodeAt(m.index - 1);
    if (m.index > 0 && before !== 10 && before !== 32 && before !== 9) continue;
    for (let i = text.indexOf('\n', lastPos); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    lastPos = m.index;
    if (m[1] !== undefined) {
      if (d.target === undefined) { d.target = m[1]; d.targetLine = line; }
      continue;
    }
    const ids = m[3].replace(/\s+--.*$/, '').split(/[\s,]+/).filter(Boolean);
    if (m[2] === 'disable-file') {
      if (ids.length === 0) d.file = new Set();
      else if (d.file === null) d.file = new Set(ids);
      else if (d.file.size > 0) ids.forEach(i => d.file!.add(i));
    } else {
      const prev = d.lines.get(line + 1);
      if (ids.length === 0 || (prev && prev.size === 0)) d.lines.set(line + 1, new Set());
      else d.lines.set(line + 1, new Set([...(prev ?? []), ...ids]));
    }
  }
  return d;
}

export function isSuppressed(d: Directives, rule: string, line: number): boolean {
  if (d.file && (d.file.size === 0 || d.file.has(rule))) return true;
  const l = d.lines.get(line);
  return !!l && (l.size === 0 || l.has(rule));
}
