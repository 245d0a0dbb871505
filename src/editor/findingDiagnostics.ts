// Findings as VS Code diagnostics, per `---` document: an unchanged document's diagnostics are re-used
// as they are, a moved one's get new ranges only, and past meshLens.maxFindingsPerFile one summary
// stands for the rest (so the editor's cost per keystroke is bounded too).
import * as vscode from 'vscode';
import { catalogView } from '../core/index';
import type { FileAnalysis, Finding, Severity, Target } from '../core/index';
import { featureDocUri } from './featureDocs';

export const DIAGNOSTIC_SOURCE = 'Mesh Lens';
/** The code of the summary diagnostic that stands for the findings past the cap. */
export const MORE_FINDINGS_CODE = 'more-findings';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, r.endColumn - 1);
}

/** A command link that opens the comparison at a feature (hover Markdown links and diagnostic codes). */
export function compareCommandLink(feature?: string): string {
  return feature ? `command:meshLens.compareMeshes?${encodeURIComponent(JSON.stringify([feature]))}` : 'command:meshLens.compareMeshes';
}

export function compareCommandUri(feature?: string): vscode.Uri {
  return vscode.Uri.parse(compareCommandLink(feature));
}

export function toDiagnostic(f: Finding, target: Target | null, lineShift = 0): vscode.Diagnostic {
  const r = f.range;
  const d = new vscode.Diagnostic(new vscode.Range(r.line - 1 + lineShift, r.column - 1, r.endLine - 1 + lineShift, r.endColumn - 1), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  const rule = f.feature ?? f.rule;
  // Only a feature has a row in Compare meshes; a rule (archived project, apiVersion…) links nowhere.
  d.code = f.feature && catalogView().features.has(f.feature) ? { value: rule, target: compareCommandUri(rule) } : rule;
  if (f.equivalent && target) {
    d.relatedInformation = [new vscode.DiagnosticRelatedInformation(
      new vscode.Location(featureDocUri(rule, target), new vscode.Position(0, 0)),
      `In ${catalogView().meshName(target.mesh)}: ${f.equivalent}`,
    )];
  }
  if (f.rule === 'deprecated-construct') d.tags = [vscode.DiagnosticTag.Deprecated];
  return d;
}

/** The same diagnostic `lines` lower (a new object: a published diagnostic is never changed). */
function moved(d: vscode.Diagnostic, lines: number): vscode.Diagnostic {
  const r = d.range;
  const o = new vscode.Diagnostic(new vscode.Range(r.start.line + lines, r.start.character, r.end.line + lines, r.end.character), d.message, d.severity);
  o.source = d.source; o.code = d.code; o.relatedInformation = d.relatedInformation; o.tags = d.tags;
  return o;
}

type Hidden = Map<string, { count: number; severity: Severity }>;

/**
 * Diagnostics of each document's judged findings, keyed by the findings array (the engine keeps it while
 * the document and the options are unchanged), with the line shift they were made for. Past the cap, a
 * chunk of documents the engine kept as it was adds its cached counts instead of being walked again.
 */
export class DiagnosticCache {
  private readonly byFindings = new WeakMap<readonly Finding[], { lineShift: number; diagnostics: vscode.Diagnostic[] }>();
  private readonly byGroup = new WeakMap<readonly (readonly Finding[])[], { total: number; rules: Hidden }>();

  /** The first `limit` findings of the file as diagnostics, and how many there are in all. */
  diagnostics(r: FileAnalysis, limit: number): { shown: vscode.Diagnostic[]; hidden: Hidden } {
    const shown: vscode.Diagnostic[] = [];
    const hidden: Hidden = new Map();
    for (const g of r.findingGroups()) {
      const counts = g.exact ? this.groupCounts(g.judged) : undefined;
      if (counts && counts.total === 0) continue;
      if (counts && shown.length >= limit) {
        for (const [rule, h] of counts.rules) addHidden(hidden, rule, h.count, h.severity);
        continue;
      }
      for (let k = g.first; k < g.first + g.count; k++) {
        const { findings, lineShift } = r.documentFindings(k);
        if (findings.length === 0) continue;
        const room = limit - shown.length;
        if (room > 0) {
          const ds = this.documentDiagnostics(findings, lineShift, r.target);
          for (let i = 0; i < ds.length && i < room; i++) shown.push(ds[i]);
        }
        for (let i = Math.max(0, room); i < findings.length; i++) addHidden(hidden, findings[i].rule, 1, findings[i].severity);
      }
    }
    return { shown, hidden };
  }

  /** How many findings a chunk of documents has, per rule (kept while the chunk is unchanged). */
  private groupCounts(judged: readonly (readonly Finding[])[]): { total: number; rules: Hidden } {
    let counts = this.byGroup.get(judged);
    if (!counts) {
      counts = { total: 0, rules: new Map() };
      for (const findings of judged) for (const f of findings) { counts.total++; addHidden(counts.rules, f.rule, 1, f.severity); }
      this.byGroup.set(judged, counts);
    }
    return counts;
  }

  private documentDiagnostics(findings: readonly Finding[], lineShift: number, target: Target | null): vscode.Diagnostic[] {
    const cached = this.byFindings.get(findings);
    if (cached && cached.lineShift === lineShift) return cached.diagnostics;
    const diagnostics = cached ? cached.diagnostics.map(d => moved(d, lineShift - cached.lineShift)) : findings.map(f => toDiagnostic(f, target, lineShift));
    this.byFindings.set(findings, { lineShift, diagnostics });
    return diagnostics;
  }
}

function addHidden(hidden: Hidden, rule: string, count: number, severity: Severity) {
  const h = hidden.get(rule);
  if (h) { h.count += count; if (RANK[severity] > RANK[h.severity]) h.severity = severity; } else hidden.set(rule, { count, severity });
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** What the rules that are not features are about, as the summary names them when no feature is hidden. */
const RULE_TOPICS: Record<string, string> = {
  'not-read-by-target': 'resources the target mesh does not read',
  'api-version-not-served': 'apiVersions that are not served',
  'deprecated-construct': 'deprecated apiVersions',
  'project-archived': 'resources of archived projects',
};

/** The diagnostic that stands for the findings past the cap: how many, the features found most among them, where to see them all. */
export function moreFindingsDiagnostic(hidden: Map<string, { count: number; severity: Severity }>, limit: number, shown: number): vscode.Diagnostic | undefined {
  if (hidden.size === 0) return undefined;
  const view = catalogView();
  const rules = [...hidden].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  let total = 0, severity: Severity = 'hint';
  for (const [, h] of rules) { total += h.count; if (RANK[h.severity] > RANK[severity]) severity = h.severity; }
  const count = (n: number) => n.toLocaleString('en-US');
  const features = rules.filter(([rule]) => view.features.has(rule)).slice(0, 2).map(([rule, h]) => `${view.featureLabel(rule)} (${count(h.count)})`);
  const about = features.length === 2 ? `The features found most among them are ${features[0]} and ${features[1]}.`
    : features.length === 1 ? `The feature found most among them is ${features[0]}.`
      : `They are about ${rules.map(([rule]) => RULE_TOPICS[rule] ?? rule).join(', ')}.`;
  const message = `${count(total)} more ${total === 1 ? 'finding is' : 'findings are'} not shown: this file has ${count(shown + total)}, more than meshLens.maxFindingsPerFile (${count(limit)}). ${about} Open Compare meshes or run \`mesh-lens report\` to see them all.`;
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), message, RANK[severity] >= RANK.warning ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
  d.source = DIAGNOSTIC_SOURCE;
  const top = rules.find(([rule]) => view.features.has(rule))?.[0];
  d.code = { value: MORE_FINDINGS_CODE, target: compareCommandUri(top) };
  return d;
}
