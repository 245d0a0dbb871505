// How much of each policy construct the converter carries, per source mesh and target: every input is
// converted to every target, the model the readers made tells which constructs (families) each resource
// holds and which source fields they came from, and the `dropped` report of that conversion tells
// whether those fields were carried (converted), some of them were not (partly), or none were (not).
// Families come from the model itself (a policy's `type`, the parts of a resilience policy, a route's
// retries and timeouts, a gateway), so a new kind of policy shows up without changing this file.
import type { CatalogView } from '../catalog';
import { Analyzer } from '../analysis/analyze';
import { LineIndex } from '../parsing/lines';
import { splitDocuments } from '../parsing/yamlTree';
import type { ConvertedFile, Reader } from './contract';
import type { ConvertTargetId, ModelFragment, Origin } from './model';
import { convertFiles } from './pipeline';
import { CONVERT_TARGETS } from './targets';
import { READERS } from './readers';
import { WRITERS } from './writers';
import { fieldWithin } from './featureReport';

export type Coverage = 'converted' | 'partly' | 'not';

export interface CoverageRow {
  /** The source mesh (owner id: `istio`, `kuma`, `osm`…). */
  source: string;
  /** The family id (`authz`, `outlierDetection`, `retriesTimeouts`…). */
  family: string;
  /** Per target; absent when no input of this row was converted to it. */
  cells: Partial<Record<ConvertTargetId, Coverage>>;
}

/** Families in the order a reader expects them, each recognised by its model key (a policy `type` or a
 *  part of a resilience policy); any other family follows, named from its key. */
const FAMILIES: [RegExp, string][] = [
  [/^authz$/, 'authorization'],
  [/^mtls$/, 'mTLS'],
  [/^jwt$/, 'request authentication (JWT)'],
  [/^outlierDetection$/, 'circuit breaking, outlier detection'],
  [/^connectionPool$/, 'connection pools'],
  [/^loadBalancer$/, 'load balancing'],
  [/^retriesTimeouts$/, 'retries and timeouts'],
  [/rate.?limit/i, 'rate limits'],
  [/health.?check/i, 'health checks'],
  [/^egress$/, 'egress'],
  [/^originateTls$/, 'TLS started to external hosts'],
  [/^ingress$/, 'ingress'],
];

function familyIndex(family: string): number {
  const i = FAMILIES.findIndex(([re]) => re.test(family));
  return i < 0 ? FAMILIES.length : i;
}

/** A family's name: known ones as listed, others from the model's own word (`retryBudget` → "retry budget"). */
export function familyName(family: string): string {
  return FAMILIES[familyIndex(family)]?.[1] ?? family.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Fields of a resilience policy that say what it applies to, not how: shared by each of its families. */
const RESILIENCE_SUBJECT = new Set(['type', 'name', 'namespace', 'service', 'callers', 'from', 'origin']);

/** A construct of a resource: the fields it is made of, and the fields that say what it applies to (a
 *  resilience policy's Service and callers), which count as dropped for it when they are. */
export interface Element { family: string; origins: Origin[]; subject: Origin[] }

function isOrigin(x: unknown): x is Origin {
  return !!x && typeof x === 'object' && typeof (x as Origin).path === 'string' && typeof (x as Origin).line === 'number';
}

/** Every source field a model element (and everything under it) came from. */
function originsOf(value: unknown, out: Origin[] = []): Origin[] {
  if (Array.isArray(value)) { for (const v of value) originsOf(v, out); return out; }
  if (!value || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'from' && v && typeof v === 'object' && 'docIndex' in v) continue; // the SourceRef, not a field
    if (k === 'origin' && isOrigin(v)) out.push(v); else originsOf(v, out);
  }
  return out;
}

/** The policy constructs one source resource holds, each with the source fields it came from. */
export function elementsOf(fragment: ModelFragment): Element[] {
  const out: Element[] = [];
  for (const p of fragment.policies ?? []) {
    if (p.type !== 'resilience') { out.push({ family: p.type, origins: originsOf(p), subject: [] }); continue; }
    const subject = [...originsOf(p.service), ...originsOf(p.callers)];
    for (const [key, value] of Object.entries(p)) {
      if (RESILIENCE_SUBJECT.has(key) || value === undefined) continue;
      out.push({ family: key, origins: originsOf(value), subject });
    }
  }
  const retries = [...fragment.routes.flatMap(r => r.rules.flatMap(rule => [rule.retry, rule.timeouts])), ...fragment.servicePolicies.flatMap(s => [s.retry, s.timeouts])];
  for (const x of retries) if (x) out.push({ family: 'retriesTimeouts', origins: originsOf(x), subject: [] });
  for (const g of fragment.gateways) out.push({ family: 'ingress', origins: originsOf(g), subject: [] });
  return out;
}

/** True when a dropped field is one of the element's fields, lies under one, or holds one. */
function touches(element: Element, field: string): boolean {
  return [...element.origins, ...element.subject].some(o => o.path && (fieldWithin(field, o.path) || fieldWithin(o.path, field)));
}

/** One element against the fields a conversion dropped: all of its fields, some, or none. */
function judge(element: Element, dropped: { field: string }[]): Coverage {
  const paths = [...new Set(element.origins.map(o => o.path).filter(Boolean))];
  // The most specific fields: what the element is made of.
  const leaves = paths.filter(p => !paths.some(q => q !== p && fieldWithin(q, p)));
  const lost = (p: string) => dropped.some(d => fieldWithin(p, d.field));
  if (leaves.length && leaves.every(lost)) return 'not';
  return dropped.some(d => touches(element, d.field)) ? 'partly' : 'converted';
}

/** Several elements of one row and target: converted when all are, not when none is, else partly. */
function combine(a: Coverage | undefined, b: Coverage): Coverage {
  if (!a || a === b) return b;
  return 'partly';
}

/** The 1-based line span of each document of a text. */
function documentLines(text: string): { from: number; to: number }[] {
  const lines = new LineIndex(text);
  return splitDocuments(text).map(r => ({ from: lines.lineOf(r.start) + 1, to: lines.lineOf(Math.max(r.start, r.end - 1)) + 1 }));
}

/** Converts every input to every target and sums up, per source mesh and family, how much was carried. */
export function convertCoverage(inputs: { path: string; text: string }[], catalog: CatalogView, explain?: (line: string) => void): CoverageRow[] {
  const analyzer = new Analyzer(catalog);
  const rows = new Map<string, CoverageRow>();
  for (const input of inputs) {
    const owners = new Map<number, string>();
    for (const r of analyzer.analyze(input.text).resources) if (r.via === 'apiVersion' && !owners.has(r.docIndex)) owners.set(r.docIndex, r.owner);
    const docs = documentLines(input.text);
    // Per document: its source mesh and, per target, the elements read (or undefined: not read for that target).
    const read = new Map<number, { owner: string; byTarget: Map<ConvertTargetId, Element[]> }>();
    const results = new Map<ConvertTargetId, ConvertedFile>();
    for (const target of CONVERT_TARGETS) {
      const readers: Reader[] = READERS.map(r => ({
        ...r,
        read: (kind, ctx) => {
          const fragment = r.read(kind, ctx);
          const doc = ctx.source.docIndex;
          if (fragment) {
            const entry = read.get(doc) ?? { owner: owners.get(doc) ?? r.owner, byTarget: new Map() };
            entry.byTarget.set(target, elementsOf(fragment)); // a resource read again (it needed the rest of the input) replaces its first reading
            read.set(doc, entry);
          }
          return fragment;
        },
      }));
      results.set(target, convertFiles([input], { id: target }, catalog, { readers, writers: WRITERS })[0]);
    }
    for (const [doc, entry] of read) {
      const span = docs[doc];
      const inDoc = (e: { line: number }) => !!span && e.line >= span.from && e.line <= span.to;
      // The elements as any target's reading saw them (a resource kept as it is for its own mesh is not read for it).
      const elements = [...entry.byTarget.values()].sort((a, b) => b.length - a.length)[0] ?? [];
      for (const element of elements) {
        const key = `${entry.owner}|${element.family}`;
        const row = rows.get(key) ?? { source: entry.owner, family: element.family, cells: {} };
        rows.set(key, row);
        for (const target of CONVERT_TARGETS) {
          const result = results.get(target)!;
          let verdict: Coverage | undefined;
          if (result.errors.some(inDoc)) verdict = 'not';
          else if (entry.byTarget.has(target)) verdict = judge(element, result.dropped.filter(inDoc));
          else if (entry.owner === target) verdict = 'converted'; // already the target's own resource: kept as it is
          if (verdict) row.cells[target] = combine(row.cells[target], verdict);
          if (explain && verdict !== 'converted') {
            const why = result.errors.filter(inDoc).map(e => e.message).concat(result.dropped.filter(inDoc).filter(d => touches(element, d.field)).map(d => `${d.field} — ${d.reason}`));
            explain(`${input.path}:${span?.from ?? 0} ${entry.owner} ${element.family} → ${target}: ${verdict ?? 'no result'}${why.length ? `\n    ${why.join('\n    ')}` : ''}`);
          }
        }
      }
    }
  }
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows.values()].sort((a, b) => text(a.source, b.source) || familyIndex(a.family) - familyIndex(b.family) || text(a.family, b.family));
}

const MARK: Record<Coverage, string> = { converted: '✅', partly: '⚠️', not: '❌' };

/** The README table: a legend line, then one row per source mesh and family, one column per target. */
export function renderCoverage(rows: CoverageRow[], catalog: CatalogView): string {
  const gaps = rows.some(r => CONVERT_TARGETS.some(t => !r.cells[t]));
  const out = [
    `✅ converted (nothing dropped) · ⚠️ partly (some fields dropped, each with its reason) · ❌ not converted (every field dropped)${gaps ? ' · — not read for that target' : ''}`,
    '',
    `| Source | Construct | ${CONVERT_TARGETS.map(t => catalog.meshName(t)).join(' | ')} |`,
    `|---|---|${CONVERT_TARGETS.map(() => ':-:').join('|')}|`,
  ];
  for (const r of rows) {
    out.push(`| ${catalog.meshName(r.source)} | ${familyName(r.family)} | ${CONVERT_TARGETS.map(t => { const c = r.cells[t]; return c ? MARK[c] : '—'; }).join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}
