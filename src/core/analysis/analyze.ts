import type { AnalyzeOptions, Catalog, FeatureUse, Finding, MeshAnnotation, ParseProblem, Resource, Target } from '../model';
import { CatalogView, formatTarget, parseTarget } from '../catalog';
import { inventoryDocument } from './inventory';
import { LineIndex } from '../parsing/lines';
import { splitDocuments } from '../parsing/yamlTree';
import { readDirectives, Directives } from '../parsing/directives';
import { DEFAULT_SEVERITIES, judgeResources, judgeUses } from './judge';
import { judgeReadByTarget } from './readByTarget';
import { DocEntry, FileAnalysis, anchorAt } from './fileAnalysis';

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

/** The previous analysis: its text and each document's offsets, first line and entry (parallel arrays). */
interface Previous { text: string; starts: number[]; ends: number[]; lineBases: number[]; docs: DocEntry[]; directives: Directives }

/**
 * Analyses YAML text. Keeps each `---` document's results, so re-analysis after an edit parses only the
 * documents that changed and re-uses the others' as they are (moved ones are shifted when read). Given
 * the region an edit changed (what an editor knows), it does not even scan the unchanged documents;
 * given only the text, it re-uses the previous documents whose text is unchanged.
 */
export class Analyzer {
  readonly view: CatalogView;
  private prev: Previous | undefined;
  /** The documents the last incremental run replaced: [at, at + removed) became [at, at + added). */
  private spliced: { at: number; removed: number; added: number } | undefined;
  /** The last analysis's options key and findings per document, re-used when only a region changed. */
  private lastJudged: { key: string; findings: Finding[][] } | undefined;
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
    this.spliced = undefined;
    // Without a region, documents whose text is unchanged keep their entries (matched by text).
    const before = new Map<string, DocEntry>();
    if (this.prev) {
      const p = this.prev;
      for (let k = 0; k < p.docs.length; k++) {
        const t = p.text.slice(p.starts[k], p.ends[k]);
        if (!before.has(t)) before.set(t, p.docs[k]);
      }
    }
    const ranges = splitDocuments(text);
    const starts: number[] = [], ends: number[] = [], lineBases: number[] = [], docs: DocEntry[] = [];
    const used = new Set<DocEntry>();
    let line = 0, at = 0;
    for (let docIndex = 0; docIndex < ranges.length; docIndex++) {
      const r = ranges[docIndex];
      line += countLines(text, at, r.start); at = r.start;
      const docText = text.slice(r.start, r.end);
      let e = before.size ? before.get(docText) : undefined;
      if (e && used.has(e)) e = { inv: e.inv, anchor: e.anchor, judged: e.judged }; // the same text twice: one entry per place
      if (e) used.add(e); else e = this.read(docText, line, docIndex);
      starts.push(r.start); ends.push(r.end); lineBases.push(line); docs.push(e);
    }
    return (this.prev = { text, starts, ends, lineBases, docs, directives: readDirectives(text) });
  }

  /** Re-uses the previous documents outside the changed region; undefined when the hint does not fit. */
  private incremental(text: string, c: ChangedRegion, prev: Previous): Previous | undefined {
    const S = prev.starts, E = prev.ends, n = S.length, delta = c.newEnd - c.oldEnd;
    if (n === 0 || text.length - prev.text.length !== delta || c.start < 0 || c.start > c.oldEnd || c.oldEnd > prev.text.length || c.newEnd > text.length) return undefined;
    if (c.start <= 1 && (text.charCodeAt(0) === 0xfeff || prev.text.charCodeAt(0) === 0xfeff)) return undefined;
    // The documents the edit touches, and one more on each side (their `---` lines are untouched).
    const i = Math.max(0, lastStartingAtOrBefore(S, c.start) - 1), j = Math.min(n - 1, lastStartingAtOrBefore(S, c.oldEnd) + 1);
    const regionStart = i === 0 ? 0 : S[i];
    const regionNewEnd = j === n - 1 ? text.length : E[j] + delta;
    const subRanges = splitDocuments(text.slice(regionStart, regionNewEnd));
    const lineDelta = countLines(text, c.start, c.newEnd) - countLines(prev.text, c.start, c.oldEnd);

    // The region's documents, then the previous arrays copied whole (one allocation each, no growth) with
    // the region spliced in and the later documents shifted in place.
    const rStarts: number[] = [], rEnds: number[] = [], rLines: number[] = [], rDocs: DocEntry[] = [];
    let line = i === 0 ? 0 : prev.lineBases[i], at = regionStart;
    let reusable = i; // the region's previous documents, in order: an untouched neighbour keeps its entry
    for (const sr of subRanges) {
      const start = sr.start + regionStart, end = sr.end + regionStart;
      line += countLines(text, at, start); at = start;
      const docText = text.slice(start, end);
      let e: DocEntry | undefined;
      for (let k = reusable; k <= j && !e; k++) {
        if (E[k] - S[k] === docText.length && prev.text.startsWith(docText, S[k])) { e = prev.docs[k]; reusable = k + 1; }
      }
      rStarts.push(start); rEnds.push(end); rLines.push(line); rDocs.push(e ?? this.read(docText, line, i + rDocs.length));
    }
    const removed = j - i + 1;
    const starts = S.slice(), ends = E.slice(), lineBases = prev.lineBases.slice(), docs = prev.docs.slice();
    starts.splice(i, removed, ...rStarts); ends.splice(i, removed, ...rEnds); lineBases.splice(i, removed, ...rLines); docs.splice(i, removed, ...rDocs);
    for (let k = i + rDocs.length; k < starts.length; k++) { starts[k] += delta; ends[k] += delta; }
    if (lineDelta !== 0) for (let k = i + rDocs.length; k < lineBases.length; k++) lineBases[k] += lineDelta;
    this.spliced = { at: i, removed, added: rDocs.length };
    // Directives: re-read only when the edit could have touched one.
    const near = text.slice(Math.max(0, c.start - 16), Math.min(text.length, c.newEnd + 16));
    const quiet = prev.directives.target === undefined && prev.directives.file === null && prev.directives.lines.size === 0;
    const directives = quiet && !near.includes('mesh-lens') && !prev.text.slice(Math.max(0, c.start - 16), c.oldEnd + 16).includes('mesh-lens') ? prev.directives : readDirectives(text);
    return { text, starts, ends, lineBases, docs, directives };
  }

  inventory(text: string, change?: ChangedRegion): FileInventory {
    const p = this.entries(text, change);
    this.lastJudged = undefined; // the next analysis judges every document against this text's list
    const result = new FileAnalysis(p.docs, p.lineBases, p.docs.map(() => []), p.directives, null, false, []);
    return { resources: result.resources, annotations: result.annotations, uses: result.uses, problems: result.problems, documents: p.docs.length };
  }

  analyze(text: string, options: AnalyzeOptions = {}, change?: ChangedRegion): FileAnalysis {
    const { docs, lineBases, directives } = this.entries(text, change);
    const fileTarget = parseTarget(this.view, directives.target);
    const target: Target | null = fileTarget ?? options.target ?? null;
    const sev = { ...DEFAULT_SEVERITIES, ...options.severities };
    // Rules turned off in the settings or for the whole file drop out when judging; line comments when read.
    const off = new Set(options.disabled ?? []);
    const fileOff = directives.file;
    const last = this.lastJudged;
    let key = JSON.stringify([formatTarget(target), sev, [...off].sort(), fileOff && [...fileOff].sort()]);
    if (last && last.key === key) key = last.key; // one string object: the per-document checks compare references
    const kept = (f: Finding) => !off.has(f.rule) && !(fileOff && (fileOff.size === 0 || fileOff.has(f.rule)));
    const judge = (e: DocEntry): Finding[] => {
      if (!e.judged || e.judged.key !== key) {
        const p = e.anchor;
        let findings = [...judgeResources(this.view, p.resources, target), ...judgeReadByTarget(this.view, p.resources, p.uses, target, sev.notRead), ...judgeUses(this.view, p.uses, target, sev)];
        if (off.size > 0 || fileOff) findings = findings.filter(kept);
        findings.sort(byPosition);
        e.judged = { key, findings };
      }
      return e.judged.findings;
    };
    let judged: Finding[][];
    const s = this.spliced;
    this.spliced = undefined;
    if (s && last && last.key === key && last.findings.length - s.removed + s.added === docs.length) {
      // Same options, one region replaced: only its documents need judging.
      judged = last.findings.slice();
      judged.splice(s.at, s.removed, ...docs.slice(s.at, s.at + s.added).map(judge));
    } else {
      judged = new Array(docs.length);
      for (let k = 0; k < docs.length; k++) judged[k] = judge(docs[k]);
    }
    this.lastJudged = { key, findings: judged };
    const fileProblems: ParseProblem[] = [];
    if (directives.target !== undefined && !fileTarget && directives.targetLine) {
      const line = directives.targetLine;
      fileProblems.push({
        message: `Unknown target "${directives.target}" in the mesh-lens target comment: expected one of ${[...this.view.targets.keys()].join(', ')}, optionally with @version`,
        range: { line, column: 1, endLine: line, endColumn: 2 }, docIndex: 0,
      });
    }
    return new FileAnalysis(docs, lineBases, judged, directives, target, !!fileTarget, fileProblems);
  }
}

/** The last k with starts[k] <= offset (0 when none). */
function lastStartingAtOrBefore(starts: number[], offset: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
  return lo;
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
