import type { AnalysisResult, AnalyzeOptions, Catalog, FeatureUse, Finding, MeshAnnotation, ParseProblem, Range, Resource, Target } from '../model';
import { CatalogView, formatTarget, parseTarget } from '../catalog';
import { DocInventory, inventoryDocument } from './inventory';
import { LineIndex } from '../parsing/lines';
import { splitDocuments } from '../parsing/yamlTree';
import { readDirectives, isSuppressed, Directives } from '../parsing/directives';
import { DEFAULT_SEVERITIES, judgeResources, judgeUses } from './judge';
import { judgeReadByTarget } from './readByTarget';

/** The inventory of a whole file, before judging (target-independent). */
export interface FileInventory {
  resources: Resource[];
  annotations: MeshAnnotation[];
  uses: FeatureUse[];
  problems: ParseProblem[];
  documents: number;
}

/** One `---` document's results: its inventory, placed in the file, and judged for one set of options. */
interface DocEntry {
  inv: DocInventory;
  placed?: { lineBase: number; docIndex: number; resources: Resource[]; annotations: MeshAnnotation[]; uses: FeatureUse[]; problems: ParseProblem[] };
  judged?: { key: string; placed: NonNullable<DocEntry['placed']>; findings: Finding[] };
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

interface Previous { text: string; ranges: { start: number; end: number }[]; lineBases: number[]; docs: DocEntry[]; directives: Directives }

/**
 * Analyses YAML text. Keeps each `---` document's results keyed by its text, so re-analysis after an
 * edit parses only the documents that changed and re-uses the others' results as they were. Given the
 * region an edit changed (what an editor knows), it does not even scan the unchanged documents.
 */
export class Analyzer {
  readonly view: CatalogView;
  private cache = new Map<string, DocEntry>();
  private prev: Previous | undefined;
  /** How many analyses re-used the previous documents from a changed region, and how many scanned all. */
  readonly runs = { incremental: 0, full: 0 };

  constructor(catalog: Catalog | CatalogView) {
    this.view = catalog instanceof CatalogView ? catalog : new CatalogView(catalog);
  }

  private entries(text: string, change?: ChangedRegion): DocEntry[] {
    const inc = change && this.prev ? this.incremental(text, change, this.prev) : undefined;
    if (inc) { this.runs.incremental++; return inc; }
    this.runs.full++;
    const ranges = splitDocuments(text);
    const lineBases: number[] = [];
    const lines = new LineIndex(text);
    const next = new Map<string, DocEntry>();
    const docs = ranges.map((range, docIndex) => {
      const docText = text.slice(range.start, range.end);
      const lineBase = lines.lineOf(range.start); // 0-based line of the document's first line
      lineBases.push(lineBase);
      let e = next.get(docText) ?? this.cache.get(docText);
      if (e && next.has(docText)) e = { inv: e.inv }; // the same text twice in one file: place it twice
      if (!e) {
        const pos = (o: number) => { const p = lines.position(range.start + o); return { line: p.line - lineBase, column: p.column }; };
        e = { inv: inventoryDocument(docText, this.view.data, this.view.detectorIndex, pos) };
      }
      next.set(docText, e);
      if (!e.placed || e.placed.lineBase !== lineBase || e.placed.docIndex !== docIndex) e.placed = place(e.inv, lineBase, docIndex);
      return e;
    });
    // Keep only the documents of the latest text (bounded memory).
    this.cache = next;
    this.prev = { text, ranges, lineBases, docs, directives: readDirectives(text) };
    return docs;
  }

  /** Re-uses the previous documents outside the changed region; undefined when the hint does not fit. */
  private incremental(text: string, c: ChangedRegion, prev: Previous): DocEntry[] | undefined {
    const R = prev.ranges, delta = c.newEnd - c.oldEnd;
    if (R.length === 0 || text.length - prev.text.length !== delta || c.start < 0 || c.start > c.oldEnd || c.oldEnd > prev.text.length || c.newEnd > text.length) return undefined;
    if (c.start <= 1 && (text.charCodeAt(0) === 0xfeff || prev.text.charCodeAt(0) === 0xfeff)) return undefined;
    const last = (o: number) => { let k = 0; while (k + 1 < R.length && R[k + 1].start <= o) k++; return k; };
    // The documents the edit touches, and one more on each side (their `---` lines are untouched).
    const i = Math.max(0, last(c.start) - 1), j = Math.min(R.length - 1, last(c.oldEnd) + 1);
    const regionStart = i === 0 ? 0 : R[i].start;
    const regionNewEnd = j === R.length - 1 ? text.length : R[j].end + delta;
    const sub = text.slice(regionStart, regionNewEnd);
    const subRanges = splitDocuments(sub).map(r => ({ start: r.start + regionStart, end: r.end + regionStart }));
    const countLines = (t: string, a: number, b: number) => { let n = 0; for (let k = t.indexOf('\n', a); k !== -1 && k < b; k = t.indexOf('\n', k + 1)) n++; return n; };
    const lineDelta = countLines(text, c.start, c.newEnd) - countLines(prev.text, c.start, c.oldEnd);
    const regionLine = i === 0 ? 0 : prev.lineBases[i];

    const ranges = R.slice(0, i), lineBases = prev.lineBases.slice(0, i), docs: DocEntry[] = prev.docs.slice(0, i);
    let line = regionLine, at = regionStart;
    for (const r of subRanges) {
      line += countLines(text, at, r.start); at = r.start;
      const docText = text.slice(r.start, r.end);
      const cached = this.cache.get(docText);
      // A fresh entry (cached ones may stand elsewhere in the file); its judged findings get shifted.
      ranges.push(r); lineBases.push(line);
      docs.push(cached ? { inv: cached.inv, judged: cached.judged } : { inv: inventoryDocument(docText, this.view.data, this.view.detectorIndex) });
    }
    for (let k = j + 1; k < R.length; k++) {
      ranges.push({ start: R[k].start + delta, end: R[k].end + delta });
      lineBases.push(prev.lineBases[k] + lineDelta);
      docs.push(prev.docs[k]);
    }
    docs.forEach((e, docIndex) => {
      if (!e.placed || e.placed.lineBase !== lineBases[docIndex] || e.placed.docIndex !== docIndex) e.placed = place(e.inv, lineBases[docIndex], docIndex);
    });
    // Directives: re-read only when the edit could have touched one.
    const near = text.slice(Math.max(0, c.start - 16), Math.min(text.length, c.newEnd + 16));
    const quiet = prev.directives.target === undefined && prev.directives.file === null && prev.directives.lines.size === 0;
    const directives = quiet && !near.includes('mesh-lens') && !prev.text.slice(Math.max(0, c.start - 16), c.oldEnd + 16).includes('mesh-lens') ? prev.directives : readDirectives(text);
    this.prev = { text, ranges, lineBases, docs, directives };
    return docs;
  }

  inventory(text: string, change?: ChangedRegion): FileInventory {
    const docs = this.entries(text, change);
    const out: FileInventory = { resources: [], annotations: [], uses: [], problems: [], documents: docs.length };
    for (const e of docs) {
      const p = e.placed!;
      push(out.resources, p.resources); push(out.annotations, p.annotations); push(out.uses, p.uses); push(out.problems, p.problems);
    }
    return out;
  }

  analyze(text: string, options: AnalyzeOptions = {}, change?: ChangedRegion): AnalysisResult {
    const docs = this.entries(text, change);
    const directives = this.prev!.directives;
    const fileTarget = parseTarget(this.view, directives.target);
    const target: Target | null = fileTarget ?? options.target ?? null;
    const sev = { ...DEFAULT_SEVERITIES, ...options.severities };
    const key = JSON.stringify([formatTarget(target), sev]);
    const disabled = new Set(options.disabled ?? []);
    const suppress = directives.file !== null || directives.lines.size > 0;

    const out: AnalysisResult = { resources: [], annotations: [], uses: [], findings: [], problems: [], target, targetFromFile: !!fileTarget };
    for (const e of docs) {
      const p = e.placed!;
      if (!e.judged || e.judged.key !== key) {
        const findings = [...judgeResources(this.view, p.resources, target), ...judgeReadByTarget(this.view, p.resources, p.uses, target, sev.notRead), ...judgeUses(this.view, p.uses, target, sev)];
        findings.sort(byPosition);
        e.judged = { key, placed: p, findings };
      } else if (e.judged.placed !== p) {
        // Same document, moved (lines inserted above it): shift the verdicts instead of judging again.
        const delta = p.lineBase - e.judged.placed.lineBase, docIndex = p.docIndex;
        const findings = e.judged.findings.map(f => shifted(f, delta, docIndex));
        e.judged = { key, placed: p, findings };
      }
      push(out.resources, p.resources); push(out.annotations, p.annotations); push(out.uses, p.uses); push(out.problems, p.problems);
      if (!suppress && disabled.size === 0) push(out.findings, e.judged.findings);
      else for (const f of e.judged.findings) if (!disabled.has(f.rule) && !isSuppressed(directives, f.rule, f.range.line)) out.findings.push(f);
    }
    if (directives.target !== undefined && !fileTarget && directives.targetLine) {
      const line = directives.targetLine;
      out.problems.push({
        message: `Unknown target "${directives.target}" in the mesh-lens target comment: expected one of ${[...this.view.targets.keys()].join(', ')}, optionally with @version`,
        range: { line, column: 1, endLine: line, endColumn: 2 }, docIndex: 0,
      });
    }
    return out;
  }
}

function push<T>(to: T[], from: T[]) { for (let i = 0; i < from.length; i++) to.push(from[i]); }

function byPosition(a: Finding, b: Finding): number {
  return a.range.line - b.range.line || a.range.column - b.range.column || a.rule.localeCompare(b.rule);
}

function place(inv: DocInventory, lineBase: number, docIndex: number): NonNullable<DocEntry['placed']> {
  // Explicit objects: spreading with a rest pattern is a slow path in V8 and this runs per edit.
  const rb = (r: Range): Range => ({ line: r.line + lineBase, column: r.column, endLine: r.endLine + lineBase, endColumn: r.endColumn });
  const resources: Resource[] = inv.resources.map(r => {
    const o: Resource = { owner: r.owner, apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace, docIndex, range: rb(r.range), via: r.via };
    if (r.definition) o.definition = true;
    return o;
  });
  const annotations: MeshAnnotation[] = inv.annotations.map(a => ({ owner: a.owner, key: a.key, value: a.value, field: a.field, kind: a.kind, name: a.name, docIndex, range: rb(a.range) }));
  const uses: FeatureUse[] = inv.uses.map(u => {
    const o: FeatureUse = { feature: u.feature, owner: u.owner, kind: u.kind, name: u.name, docIndex, field: u.field, range: rb(u.range), detector: u.detector };
    if (u.conformanceFeature) o.conformanceFeature = u.conformanceFeature;
    if (u.channel) o.channel = u.channel;
    return o;
  });
  const problems: ParseProblem[] = [];
  if (inv.error) { const r = rb(inv.error.range); problems.push({ message: inv.error.message, docIndex, range: { line: r.line, column: r.column, endLine: r.line, endColumn: r.column + 1 } }); }
  return { lineBase, docIndex, resources, annotations, uses, problems };
}

/** The same finding, moved by `delta` lines into document `docIndex`. */
function shifted(f: Finding, delta: number, docIndex: number): Finding {
  const o = Object.assign({}, f);
  o.docIndex = docIndex;
  o.range = { line: f.range.line + delta, column: f.range.column, endLine: f.range.endLine + delta, endColumn: f.range.endColumn };
  return o;
}
