// A file's analysis as per-document chunks. Each `---` document keeps the items it got where it was first
// read (its anchor); a document that moved since (lines inserted above it) is shifted only when read, so
// an edit costs what the edited documents cost, whatever the file's size.
import type { AnalysisResult, FeatureUse, Finding, MeshAnnotation, ParseProblem, Range, Resource, Target } from '../model';
import type { DocInventory } from './inventory';
import { isSuppressed, Directives } from '../parsing/directives';
import type { DocumentTable } from './documentTable';

/** A document's items placed in the file: lines from 1 for the whole file, and its document index. */
export interface Placed {
  lineBase: number;
  docIndex: number;
  resources: Resource[];
  annotations: MeshAnnotation[];
  uses: FeatureUse[];
  problems: ParseProblem[];
}

/** One `---` document of the file: what it holds, where it was first read, and its findings for one set of options. */
export interface DocEntry {
  inv: DocInventory;
  anchor: Placed;
  /** Copies for the latest other place the document was read at, made per kind on demand. */
  moved?: Partial<Placed> & { lineBase: number; docIndex: number };
  /** Findings for the options `key`, in the anchor's coordinates. */
  judged?: { key: string; findings: Finding[] };
}

type Kind = 'resources' | 'annotations' | 'uses' | 'problems';

/** The document's items of one kind where it stands now: the anchor's own arrays when it has not moved. */
function itemsAt<K extends Kind>(e: DocEntry, kind: K, lineBase: number, docIndex: number): Placed[K] {
  // An empty list stays empty wherever the document moves (most documents have no problems).
  if ((e.anchor.lineBase === lineBase && e.anchor.docIndex === docIndex) || e.anchor[kind].length === 0) return e.anchor[kind];
  if (!e.moved || e.moved.lineBase !== lineBase || e.moved.docIndex !== docIndex) e.moved = { lineBase, docIndex };
  return (e.moved[kind] ??= PLACE[kind](e.inv, lineBase, docIndex) as Placed[K]) as Placed[K];
}

/** A run of consecutive documents whose judged findings stay the same array while they are unchanged. */
export interface FindingGroup {
  /** The index of the first document, and how many there are. */
  first: number;
  count: number;
  /** Each document's findings as judged (the same array object while the chunk is unchanged). */
  judged: readonly (readonly Finding[])[];
  /** Whether `judged` is what documentFindings gives (no line suppression comment falls in these documents). */
  exact: boolean;
}

const NONE: readonly Finding[] = [];

/** Implements AnalysisResult: the flat arrays are built on first read (the CLI and reports read them). */
export class FileAnalysis implements AnalysisResult {
  private flat: Partial<Pick<AnalysisResult, Kind | 'findings'>> = {};
  private directiveLines?: number[];

  constructor(
    private readonly table: DocumentTable,
    private readonly directives: Directives,
    readonly target: Target | null,
    readonly targetFromFile: boolean,
    /** Problems about the file as a whole (an unknown target in the target comment). */
    private readonly fileProblems: ParseProblem[],
    /** Whether the table's judged findings belong to this result (not for an inventory). */
    private readonly judged: boolean,
  ) {}

  get documentCount(): number { return this.table.length; }

  /** Whether any document holds a mesh resource or annotation. */
  get hasMeshContent(): boolean {
    return this.table.chunks.some(ch => ch.has.resources || ch.has.annotations);
  }

  /**
   * Document k's findings as judged, without copying: their ranges are in the coordinates the document
   * was judged at; add `lineShift` to their lines. The array is the same object while the document and
   * the options are unchanged (the editor keys its diagnostics on it).
   */
  documentFindings(k: number): { findings: readonly Finding[]; lineShift: number } {
    const { c, at } = this.table.locate(k), ch = this.table.chunks[c];
    const lineBase = ch.lineBases[at] + ch.lineShift, lineShift = lineBase - ch.docs[at].anchor.lineBase;
    let findings = (this.judged && ch.judged?.[at]) || NONE;
    if (findings.length > 0 && this.directives.lines.size > 0) {
      const first = lineBase + 1, last = k + 1 < this.table.length ? this.table.lineBase(k + 1) + 1 : Infinity;
      if (this.hasDirectiveBetween(first, last)) {
        findings = findings.filter(f => !isSuppressed(this.directives, f.rule, f.range.line + lineShift));
      }
    }
    return { findings, lineShift };
  }

  /** The documents' findings by chunk, for readers that keep what they derive per chunk. */
  findingGroups(): FindingGroup[] {
    const chunks = this.table.chunks, out: FindingGroup[] = [];
    for (let c = 0; c < chunks.length; c++) {
      const ch = chunks[c], first = this.table.firstOf(c), count = ch.docs.length;
      const lineFirst = ch.lineBases[0] + ch.lineShift + 1;
      const lineLast = c + 1 < chunks.length ? chunks[c + 1].lineBases[0] + chunks[c + 1].lineShift + 1 : Infinity;
      const exact = this.directives.lines.size === 0 || !this.hasDirectiveBetween(lineFirst, lineLast);
      out.push({ first, count, judged: (this.judged && ch.judged) || new Array<readonly Finding[]>(count).fill(NONE), exact });
    }
    return out;
  }

  get resources(): Resource[] { return (this.flat.resources ??= this.gather('resources')); }
  get annotations(): MeshAnnotation[] { return (this.flat.annotations ??= this.gather('annotations')); }
  get uses(): FeatureUse[] { return (this.flat.uses ??= this.gather('uses')); }
  get problems(): ParseProblem[] { return (this.flat.problems ??= this.gather('problems').concat(this.fileProblems)); }

  /** The first resource (placed where it stands) that `test` accepts, stopping there. */
  findResource(test: (r: Resource) => boolean): Resource | undefined {
    if (this.flat.resources) return this.flat.resources.find(test);
    const chunks = this.table.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const ch = chunks[c];
      if (!ch.has.resources) continue;
      for (let a = 0; a < ch.docs.length; a++) {
        const e = ch.docs[a];
        if (e.anchor.resources.length === 0) continue;
        const found = itemsAt(e, 'resources', ch.lineBases[a] + ch.lineShift, this.table.firstOf(c) + a).find(test);
        if (found) return found;
      }
    }
    return undefined;
  }

  get findings(): Finding[] {
    if (this.flat.findings) return this.flat.findings;
    const out: Finding[] = [];
    for (let k = 0; k < this.table.length; k++) {
      const { findings, lineShift } = this.documentFindings(k);
      if (findings.length === 0) continue;
      const same = lineShift === 0 && this.table.doc(k).anchor.docIndex === k;
      for (const f of findings) out.push(same ? f : shifted(f, lineShift, k));
    }
    return (this.flat.findings = out);
  }

  private gather<K extends Kind>(kind: K): Placed[K] {
    const out: Placed[K][number][] = [];
    const chunks = this.table.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const ch = chunks[c];
      if (!ch.has[kind]) continue;
      const first = this.table.firstOf(c);
      for (let a = 0; a < ch.docs.length; a++) {
        const items = itemsAt(ch.docs[a], kind, ch.lineBases[a] + ch.lineShift, first + a);
        for (let i = 0; i < items.length; i++) out.push(items[i]);
      }
    }
    return out as Placed[K];
  }

  /** Whether a line suppression comment applies to a line in [first, last). */
  private hasDirectiveBetween(first: number, last: number): boolean {
    const lines = (this.directiveLines ??= [...this.directives.lines.keys()].sort((a, b) => a - b));
    let lo = 0, hi = lines.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (lines[mid] < first) lo = mid + 1; else hi = mid; }
    return lo < lines.length && lines[lo] < last;
  }
}

/** The same finding, moved by `delta` lines into document `docIndex`. */
export function shifted(f: Finding, delta: number, docIndex: number): Finding {
  const o = Object.assign({}, f);
  o.docIndex = docIndex;
  o.range = { line: f.range.line + delta, column: f.range.column, endLine: f.range.endLine + delta, endColumn: f.range.endColumn };
  return o;
}

// Placing a document's items (document-relative lines from 1) at a line and document index. Explicit
// objects: spreading with a rest pattern is a slow path in V8.
function rangeAt(r: Range, lineBase: number): Range {
  return { line: r.line + lineBase, column: r.column, endLine: r.endLine + lineBase, endColumn: r.endColumn };
}

const PLACE: { [K in Kind]: (inv: DocInventory, lineBase: number, docIndex: number) => Placed[K] } = {
  resources: (inv, lineBase, docIndex) => inv.resources.map(r => {
    const o: Resource = { owner: r.owner, apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace, docIndex, range: rangeAt(r.range, lineBase), via: r.via };
    if (r.definition) o.definition = true;
    return o;
  }),
  annotations: (inv, lineBase, docIndex) => inv.annotations.map(a => ({ owner: a.owner, key: a.key, value: a.value, field: a.field, kind: a.kind, name: a.name, docIndex, range: rangeAt(a.range, lineBase) })),
  uses: (inv, lineBase, docIndex) => inv.uses.map(u => {
    const o: FeatureUse = { feature: u.feature, owner: u.owner, kind: u.kind, name: u.name, docIndex, field: u.field, range: rangeAt(u.range, lineBase), detector: u.detector };
    if (u.conformanceFeature) o.conformanceFeature = u.conformanceFeature;
    if (u.channel) o.channel = u.channel;
    return o;
  }),
  problems: (inv, lineBase, docIndex) => {
    if (!inv.error) return [];
    const r = rangeAt(inv.error.range, lineBase);
    return [{ message: inv.error.message, docIndex, range: { line: r.line, column: r.column, endLine: r.line, endColumn: r.column + 1 } }];
  },
};

/** A document's items placed where it stands when first read. */
export function anchorAt(inv: DocInventory, lineBase: number, docIndex: number): Placed {
  return {
    lineBase, docIndex,
    resources: PLACE.resources(inv, lineBase, docIndex), annotations: PLACE.annotations(inv, lineBase, docIndex),
    uses: PLACE.uses(inv, lineBase, docIndex), problems: PLACE.problems(inv, lineBase, docIndex),
  };
}
