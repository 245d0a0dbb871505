import type { AnalysisResult, AnalyzeOptions, Catalog, FeatureUse, Finding, MeshAnnotation, ParseProblem, Range, Resource, Span, Target } from './model';
import { CatalogView, parseTarget } from './catalog';
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

/**
 * Analyses YAML text. Keeps the inventory of each `---` document keyed by its text, so a
 * re-analysis after an edit only parses the documents that changed.
 */
export class Analyzer {
  readonly view: CatalogView;
  private cache = new Map<string, DocInventory>();
  private next = new Map<string, DocInventory>();

  constructor(catalog: Catalog | CatalogView) {
    this.view = catalog instanceof CatalogView ? catalog : new CatalogView(catalog);
  }

  inventory(text: string): FileInventory {
    const docs = splitDocuments(text);
    const lines = new LineIndex(text);
    const out: FileInventory = { resources: [], annotations: [], uses: [], problems: [], documents: docs.length };
    const next = this.next;
    docs.forEach((range, docIndex) => {
      const docText = text.slice(range.start, range.end);
      let inv = this.cache.get(docText) ?? next.get(docText);
      if (!inv) inv = inventoryDocument(docText, this.view.data, this.view.detectorIndex);
      next.set(docText, inv);
      const lineBase = lines.lineOf(range.start); // 0-based line of the document's first line
      const colShift = range.start === 1 && text.charCodeAt(0) === 0xfeff ? -1 : 0;
      const rb = (r: Range): Range => ({
        line: r.line + lineBase, column: r.line === 1 ? r.column + colShift : r.column,
        endLine: r.endLine + lineBase, endColumn: r.endLine === 1 ? r.endColumn + colShift : r.endColumn,
      });
      const sb = (s: Span): Span => ({ start: s.start + range.start, end: s.end + range.start });
      for (const r of inv.resources) out.resources.push({ ...r, docIndex, range: rb(r.range), span: sb(r.span) });
      for (const a of inv.annotations) out.annotations.push({ ...a, docIndex, range: rb(a.range), span: sb(a.span) });
      for (const u of inv.uses) out.uses.push({ ...u, docIndex, range: rb(u.range), span: sb(u.span) });
      if (inv.error) {
        const span = sb(inv.error.span);
        const p = lines.position(span.start);
        out.problems.push({ message: inv.error.message, docIndex, span, range: { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 } });
      }
    });
    // Keep only the documents of the latest text (bounded memory), swap generations.
    this.cache = next;
    this.next = new Map();
    return out;
  }

  analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
    const inv = this.inventory(text);
    return this.judge(text, inv, options);
  }

  judge(text: string, inv: FileInventory, options: AnalyzeOptions = {}): AnalysisResult {
    const directives = readDirectives(text);
    const fileTarget = parseTarget(this.view, directives.target);
    const target: Target | null = fileTarget ?? options.target ?? null;
    const sev = { ...DEFAULT_SEVERITIES, ...options.severities };
    const disabled = new Set(options.disabled ?? []);
    let findings: Finding[] = [...judgeResources(this.view, inv.resources, target), ...judgeUses(this.view, inv.uses, target, sev)];
    findings = findings.filter(f => !disabled.has(f.rule) && !isSuppressed(directives, f.rule, f.range.line));
    const problems = inv.problems.slice();
    if (directives.target !== undefined && !fileTarget && directives.targetLine) {
      const line = directives.targetLine;
      problems.push({
        message: `Unknown target "${directives.target}" in the mesh-lens target comment: expected one of ${[...this.view.targets.keys()].join(', ')}, optionally with @version`,
        range: { line, column: 1, endLine: line, endColumn: 2 }, span: { start: 0, end: 0 }, docIndex: 0,
      });
    }
    findings.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
    return {
      resources: inv.resources, annotations: inv.annotations, uses: inv.uses, findings, problems,
      target, targetFromFile: !!fileTarget,
    };
  }
}

let shared: { catalog: Catalog; analyzer: Analyzer } | undefined;

/** One-shot analysis with a shared analyzer for the given catalog. */
export function analyze(text: string, catalog: Catalog, options: AnalyzeOptions = {}): AnalysisResult {
  if (!shared || shared.catalog !== catalog) shared = { catalog, analyzer: new Analyzer(catalog) };
  return shared.analyzer.analyze(text, options);
}
