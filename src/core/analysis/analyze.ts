import type { AnalyzeOptions, Catalog, FeatureUse, Finding, MeshAnnotation, ParseProblem, Resource, Target } from '../model';
import { CatalogView, formatTarget, parseTarget } from '../catalog';
import { inventoryDocument } from './inventory';
import { LineIndex } from '../parsing/lines';
import { splitDocuments } from '../parsing/yamlTree';
import { readDirectives, Directives } from '../parsing/directives';
import { DEFAULT_SEVERITIES, judgeResources, judgeUses } from './judge';
import { judgeReadByTarget } from './readByTarget';
import { DocEntry, FileAnalysis, anchorAt } from './fileAnalysis';
import { DocRun, DocumentTable } from './documentTable';

export { FileAnalysis } from './fileAnalysis';

/** The inventory of a whole file, before judging (target-independent). */
export interface FileInventory {
  resources: Resource[];
  annotations: MeshAnnotation[];
  uses: FeatureUse[];
  problems: ParseProblem[];
  documents: number;
}

/** Where an edit happened, in offsets: [start, oldEnd) of the previous text became [start, newEnd). */
export interface ChangedRegion { start: number; oldEnd: number; newEnd: number }

/** Two successive edit regions as one (the second in the coordinates of the text after the first). */
export function composeRegions(a: ChangedRegion, b: ChangedRegion): ChangedRegion {
  const bDelta = b.newEnd - b.oldEnd;
  const map = (x: number) => (x < b.start ? x : x >= b.oldEnd ? x + bDelta : b.newEnd);
  const start = Math.min(a.start, b.start);
  const newEnd = Math.max(map(a.newEnd), b.newEnd);
  const totalDelta = (a.newEnd - a.oldEnd) + bDelta;
  return { start, oldEnd: Math.max(start, newEnd - totalDelta), newEnd };
}

/** The previous analysis: its text, its documents and its directives. */
interface Previous { text: string; table: DocumentTable; directives: Directives }

/**
 * Analyses YAML text. Keeps each `---` document's results, so re-analysis after an edit parses only the
 * documents that changed and re-uses the others' as they are (moved ones are shifted when read). Given
 * the region an edit changed (what an editor knows), it does not even scan the unchanged documents and
 * copies only the chunk of documents the edit is in; given only the text, it re-uses the previous
 * documents whose text is unchanged.
 */
export class Analyzer {
  readonly view: CatalogView;
  private prev: Previous | undefined;
  /** How many analyses re-used the previous documents from a changed region, and how many scanned all. */
  readonly runs = { incremental: 0, full: 0 };

  constructor(catalog: Catalog | CatalogView) {
    this.view = catalog instanceof CatalogView ? catalog : new CatalogView(catalog);
  }

  /** A new document's entry: its inventory (document-relative) and its items placed where it stands. */
  private read(docText: string, lineBase: number, docIndex: number): DocEntry {
    let lines: LineIndex | undefined; // built on the first position asked (most documents have none)
    const inv = inventoryDocument(docText, this.view.data, this.view.detectorIndex, o => (lines ??= new LineIndex(docText)).position(o));
    return { inv, anchor: anchorAt(inv, lineBase, docIndex) };
  }

  private entries(text: string, change?: ChangedRegion): Previous {
    const inc = change && this.prev ? this.incremental(text, change, this.prev) : undefined;
    if (inc) { this.runs.incremental++; return (this.prev = inc); }
    this.runs.full++;
    // Without a region, documents whose text is unchanged keep their entries (matched by text).
    const before = new Map<string, DocEntry>();
    if (this.prev) {
      const { text: t, table } = this.prev;
      for (const ch of table.chunks) {
        for (let a = 0; a < ch.docs.length; a++) {
          const d = t.slice(ch.starts[a] + ch.offsetShift, ch.ends[a] + ch.offsetShift);
          if (!before.has(d)) before.set(d, ch.docs[a]);
        }
      }
    }
    const ranges = splitDocuments(text);
    const run: DocRun = { starts: [], ends: [], lineBases: [], docs: [] };
    const used = new Set<DocEntry>();
    let line = 0, at = 0;
    for (let docIndex = 0; docIndex < ranges.length; docIndex++) {
      const r = ranges[docIndex];
      line += countLines(text, at, r.start); at = r.start;
      const docText = text.slice(r.start, r.end);
      let e = before.size ? before.get(docText) : undefined;
      if (e && used.has(e)) e = { inv: e.inv, anchor: e.anchor, judged: e.judged }; // the same text twice: one entry per place
      if (e) used.add(e); else e = this.read(docText, line, docIndex);
      run.starts.push(r.start); run.ends.push(r.end); run.lineBases.push(line); run.docs.push(e);
    }
    return (this.prev = { text, table: DocumentTable.of(run), directives: readDirectives(text) });
  }

  /** Re-uses the previous documents outside the changed region; undefined when the hint does not fit. */
  private incremental(text: string, c: ChangedRegion, prev: Previous): Previous | undefined {
    const t = prev.table, n = t.length, delta = c.newEnd - c.oldEnd;
    if (n === 0 || text.length - prev.text.length !== delta || c.start < 0 || c.start > c.oldEnd || c.oldEnd > prev.text.length || c.newEnd > text.length) return undefined;
    if (c.start <= 1 && (text.charCodeAt(0) === 0xfeff || prev.text.charCodeAt(0) === 0xfeff)) return undefined;
    // The documents the edit touches, and one more on each side (their `---` lines are untouched).
    const i = Math.max(0, t.lastStartingAtOrBefore(c.start) - 1), j = Math.min(n - 1, t.lastStartingAtOrBefore(c.oldEnd) + 1);
    const regionStart = i === 0 ? 0 : t.start(i);
    const regionNewEnd = j === n - 1 ? text.length : t.end(j) + delta;
    const subRanges = splitDocuments(text.slice(regionStart, regionNewEnd));
    const lineDelta = countLines(text, c.start, c.newEnd) - countLines(prev.text, c.start, c.oldEnd);

    // The region's documents; an untouched neighbour keeps its entry.
    const old: { start: number; end: number; doc: DocEntry }[] = [];
    for (let k = i; k <= j; k++) old.push({ start: t.start(k), end: t.end(k), doc: t.doc(k) });
    const run: DocRun = { starts: [], ends: [], lineBases: [], docs: [] };
    let line = i === 0 ? 0 : t.lineBase(i), at = regionStart;
    let reusable = 0; // the region's previous documents, in order
    for (const sr of subRanges) {
      const start = sr.start + regionStart, end = sr.end + regionStart;
      line += countLines(text, at, start); at = start;
      const docText = text.slice(start, end);
      let e: DocEntry | undefined;
      for (let k = reusable; k < old.length && !e; k++) {
        if (old[k].end - old[k].start === docText.length && prev.text.startsWith(docText, old[k].start)) { e = old[k].doc; reusable = k + 1; }
      }
      run.starts.push(start); run.ends.push(end); run.lineBases.push(line); run.docs.push(e ?? this.read(docText, line, i + run.docs.length));
    }
    const table = t.splice(i, j, run, delta, lineDelta);
    // Directives: re-read only when the edit could have touched one.
    const near = text.slice(Math.max(0, c.start - 16), Math.min(text.length, c.newEnd + 16));
    const quiet = prev.directives.target === undefined && prev.directives.file === null && prev.directives.lines.size === 0;
    const directives = quiet && !near.includes('mesh-lens') && !prev.text.slice(Math.max(0, c.start - 16), c.oldEnd + 16).includes('mesh-lens') ? prev.directives : readDirectives(text);
    return { text, table, directives };
  }

  inventory(text: string, change?: ChangedRegion): FileInventory {
    const p = this.entries(text, change);
    const result = new FileAnalysis(p.table, p.directives, null, false, [], false);
    return { resources: result.resources, annotations: result.annotations, uses: result.uses, problems: result.problems, documents: p.table.length };
  }

  analyze(text: string, options: AnalyzeOptions = {}, change?: ChangedRegion): FileAnalysis {
    const p = this.entries(text, change);
    const { directives } = p;
    const fileTarget = parseTarget(this.view, directives.target);
    const target: Target | null = fileTarget ?? options.target ?? null;
    const sev = { ...DEFAULT_SEVERITIES, ...options.severities };
    // Rules turned off in the settings or for the whole file drop out when judging; line comments when read.
    const off = new Set(options.disabled ?? []);
    const fileOff = directives.file;
    let key = JSON.stringify([formatTarget(target), sev, [...off].sort(), fileOff && [...fileOff].sort()]);
    if (p.table.key === key) key = p.table.key; // one string object: the per-document checks compare references
    const kept = (f: Finding) => !off.has(f.rule) && !(fileOff && (fileOff.size === 0 || fileOff.has(f.rule)));
    const judge = (e: DocEntry): Finding[] => {
      if (!e.judged || e.judged.key !== key) {
        const a = e.anchor;
        let findings = [...judgeResources(this.view, a.resources, target), ...judgeReadByTarget(this.view, a.resources, a.uses, target, sev.notRead), ...judgeUses(this.view, a.uses, target, sev)];
        if (off.size > 0 || fileOff) findings = findings.filter(kept);
        findings.sort(byPosition);
        e.judged = { key, findings };
      }
      return e.judged.findings;
    };
    // Same options: only the chunks an edit rebuilt need judging.
    const table = p.table.judgedFor(key, judge);
    this.prev = { text: p.text, table, directives };
    const fileProblems: ParseProblem[] = [];
    if (directives.target !== undefined && !fileTarget && directives.targetLine) {
      const line = directives.targetLine;
      fileProblems.push({
        message: `Unknown target "${directives.target}" in the mesh-lens target comment: expected one of ${[...this.view.targets.keys()].join(', ')}, optionally with @version`,
        range: { line, column: 1, endLine: line, endColumn: 2 }, docIndex: 0,
      });
    }
    return new FileAnalysis(table, directives, target, !!fileTarget, fileProblems, true);
  }
}

/** Newlines in text[a, b). */
function countLines(t: string, a: number, b: number): number {
  let n = 0;
  for (let k = t.indexOf('\n', a); k !== -1 && k < b; k = t.indexOf('\n', k + 1)) n++;
  return n;
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.line - b.range.line || a.range.column - b.range.column || a.rule.localeCompare(b.rule);
}
