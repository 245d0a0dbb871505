// The CLI's JSON contract (version 1), shared by every machine-readable output.
import type { AnalysisResult, Severity } from '../model';

export interface JsonResource { mesh: string; apiVersion: string; kind: string; name: string | null; line: number; via: string }
export interface JsonFinding {
  rule: string; feature: string | null; mesh: string; target: string | null; support: string; severity: Severity;
  field: string; line: number; column: number; endLine: number; endColumn: number; message: string; equivalent?: string;
  /** The resource the finding is about (additive to version 1). */
  kind?: string; name?: string | null;
}
export interface JsonUse {
  feature: string; mesh: string; kind: string; name: string | null; field: string;
  line: number; column: number; endLine: number; endColumn: number;
}
export interface JsonError { message: string; line: number; column: number }
export interface JsonAnnotation { mesh: string; key: string; value: string; field: string; kind: string; line: number; column: number }
export interface JsonFile {
  path: string;
  /** The target this file was judged against (CLI flag, `.meshlens.yaml` or the file's own comment); additive to version 1. */
  target?: string | null; resources: JsonResource[]; annotations: JsonAnnotation[]; findings: JsonFinding[]; uses: JsonUse[]; errors: JsonError[];
}

export function toJsonFile(path: string, r: AnalysisResult): JsonFile {
  return {
    path,
    target: r.target ? (r.target.version ? `${r.target.mesh}@${r.target.version}` : r.target.mesh) : null,
    resources: r.resources.map(x => ({ mesh: x.owner, apiVersion: x.apiVersion, kind: x.kind, name: x.name ?? null, line: x.range.line, via: x.via })),
    annotations: r.annotations.map(a => ({ mesh: a.owner, key: a.key, value: a.value, field: a.field, kind: a.kind, line: a.range.line, column: a.range.column })),
    findings: r.findings.map(f => ({
      rule: f.rule, feature: f.feature ?? null, mesh: f.owner,
      target: f.target ? (f.targetVersion ? `${f.target}@${f.targetVersion}` : f.target) : null,
      support: f.support, severity: f.severity, field: f.field,
      line: f.range.line, column: f.range.column, endLine: f.range.endLine, endColumn: f.range.endColumn,
      message: f.message, ...(f.equivalent ? { equivalent: f.equivalent } : {}),
      ...(f.kind !== undefined ? { kind: f.kind, name: f.name ?? null } : {}),
    })),
    uses: r.uses.map(u => ({
      feature: u.feature, mesh: u.owner, kind: u.kind, name: u.name ?? null, field: u.field,
      line: u.range.line, column: u.range.column, endLine: u.range.endLine, endColumn: u.range.endColumn,
    })),
    errors: r.problems.map(p => ({ message: p.message, line: p.range.line, column: p.range.column })),
  };
}
