import type { AnalysisResult, AnalyzeOptions, Catalog, FeatureUse, Finding, MeshAnnotation, ParseProblem, Range, Resource, Target } from './model';
import { CatalogView, formatTarget, parseTarget } from './catalog';
import { DocInventory, inventoryDocument } from './inventory';
import { LineIndex } from './lines';
import { splitDocuments } from './yamlTree';
import { readDirectives, isSuppressed } from './directives';
import { DEFAULT_SEVERITIES, judgeResources, judgeUses } from './judge';

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

/**
 * Analyses YAML text. Keeps each `---` document's results keyed by its text, so re-analysis after an
 * edit parses only the documents that changed and re-uses the others' results as they were.
 */
export class Analyzer {
  readonly view: CatalogView;
  private cache = new Map<string, DocEntry>();

  constructor(catalog: Catalog | CatalogView) {
    this.view = catalog instanceof CatalogView ? catalog : new CatalogView(catalog);
  }

  private entries(text: string): DocEntry[] {
    const ranges = splitDocuments(text);
    const lines = new LineIndex(text);
    const next = new Map<string, DocEntry>();
    const docs = ranges.map((range, docIndex) => {
      const docText = text.slice(range.start, range.end);
      const lineBase = lines.lineOf(range.start); // 0-based line of the document's first line
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
    return docs;
  }

  inventory(text: string): FileInventory {
    const docs = this.entries(text);
    const out: FileInventory = { resources: [], annotations: [], uses: [], problems: [], documents: docs.length };
    for (const e of docs) {
      const p = e.placed!;
      push(out.resources, p.resources); push(out.annotations, p.annotations); push(out.uses, p.uses); push(out.problems, p.problems);
    }
    return out;
  }

  analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
    const docs = this.entries(text);
    const directives = readDirectives(text);
    const fileTarget = parseTarget(this.view, directives.target);
    const target: Target | null = fileTarget ?? options.target ?? null;
    const sev = { ...DEFAULT_SEVERITIES, ...options.severities };
    const key = JSON.stringify([formatTarget(target), sev]);
    const disabled = new Set(options.disabled ?? []);
    const suppress = directives.file !== null || directives.lines.size > 0;

    const out: AnalysisResult = { resources: [], annotations: [], uses: [], findings: [], problems: [], target, targetFromFile: !!fileTarget };
    for (const e of docs) {
      const p = e.placed!;
      if (!e.judged || e.judged.key !== key || e.judged.placed !== p) {
        const findings = [...judgeResources(this.view, p.resources, target), ...judgeUses(this.view, p.uses, target, sev)];
        findings.sort(byPosition);
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
  const rb = (r: Range): Range => ({ line: r.line + lineBase, column: r.column, endLine: r.endLine + lineBase, endColumn: r.endColumn });
  return {
    lineBase, docIndex,
    resources: inv.resources.map(({ span: _s, ...r }) => ({ ...r, docIndex, range: rb(r.range) })),
    annotations: inv.annotations.map(({ span: _s, ...a }) => ({ ...a, docIndex, range: rb(a.range) })),
    uses: inv.uses.map(({ span: _s, ...u }) => ({ ...u, docIndex, range: rb(u.range) })),
    problems: inv.error ? [{ message: inv.error.message, docIndex, range: (r => ({ ...r, endColumn: r.column + 1 }))(rb(inv.error.range)) }] : [],
  };
}

let shared: { catalog: Catalog; analyzer: Analyzer } | undefined;

/** One-shot analysis with a shared analyzer for the given catalog. */
export function analyze(text: string, catalog: Catalog, options: AnalyzeOptions = {}): AnalysisResult {
  if (!shared || shared.catalog !== catalog) shared = { catalog, analyzer: new Analyzer(catalog) };
  return shared.analyzer.analyze(text, options);
}
