// The CLI's JSON contract (version 1), shared by every machine-readable output, and the check command's
// text and JSON written as a stream: a document's opening, then each file's entry in chunks, then its closing.
import type { AnalysisResult, Finding, FeatureUse, MeshAnnotation, ParseProblem, Resource, Severity, Target } from '../model';

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

const targetText = (t: Target | null): string | null => (t ? (t.version ? `${t.mesh}@${t.version}` : t.mesh) : null);
const findingTarget = (f: Finding): string | null => (f.target ? (f.targetVersion ? `${f.target}@${f.targetVersion}` : f.target) : null);

export function toJsonFile(path: string, r: AnalysisResult): JsonFile {
  return {
    path,
    target: targetText(r.target),
    resources: r.resources.map(x => ({ mesh: x.owner, apiVersion: x.apiVersion, kind: x.kind, name: x.name ?? null, line: x.range.line, via: x.via })),
    annotations: r.annotations.map(a => ({ mesh: a.owner, key: a.key, value: a.value, field: a.field, kind: a.kind, line: a.range.line, column: a.range.column })),
    findings: r.findings.map(f => ({
      rule: f.rule, feature: f.feature ?? null, mesh: f.owner,
      target: findingTarget(f),
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

// ---- Streaming. Each piece is exactly what JSON.stringify(log, null, 2) prints at its place, so the
// document parses to the same object as the whole log would; entries are written straight from the
// analysis result, without an intermediate object per use or finding.

/** Chunks are cut at the first entry boundary past this many characters. */
export const CHUNK_SIZE = 1 << 16;

/**
 * An entry of a streamed array starts with this separator; the writer drops the comma of the document's
 * first entry (an entry cannot know whether another file wrote one before it).
 */
export const ENTRY_SEPARATOR = ',';

const str = (s: string | null | undefined): string => (s == null ? 'null' : JSON.stringify(s));
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** The JSON log up to its first file entry. */
export function jsonLogOpening(target: Target | null): string {
  return `{\n  "version": 1,\n  "target": ${str(targetText(target))},\n  "files": [`;
}

/** The JSON log after its last file entry (`wroteEntries`: whether it has any). */
export function jsonLogClosing(wroteEntries: boolean): string {
  return wroteEntries ? '\n  ]\n}\n' : ']\n}\n';
}

// Entries of the arrays inside a file entry: `{` at 8 spaces, keys at 10.
const K = '\n          ';
const resourceJson = (x: Resource) =>
  `{${K}"mesh": ${str(x.owner)},${K}"apiVersion": ${str(x.apiVersion)},${K}"kind": ${str(x.kind)},${K}"name": ${str(x.name)},${K}"line": ${num(x.range.line)},${K}"via": ${str(x.via)}\n        }`;
const annotationJson = (a: MeshAnnotation) =>
  `{${K}"mesh": ${str(a.owner)},${K}"key": ${str(a.key)},${K}"value": ${str(a.value)},${K}"field": ${str(a.field)},${K}"kind": ${str(a.kind)},${K}"line": ${num(a.range.line)},${K}"column": ${num(a.range.column)}\n        }`;
const findingJson = (f: Finding) => {
  const g = f.range;
  return `{${K}"rule": ${str(f.rule)},${K}"feature": ${str(f.feature)},${K}"mesh": ${str(f.owner)},${K}"target": ${str(findingTarget(f))},${K}"support": ${str(f.support)},${K}"severity": ${str(f.severity)},${K}"field": ${str(f.field)},`
    + `${K}"line": ${num(g.line)},${K}"column": ${num(g.column)},${K}"endLine": ${num(g.endLine)},${K}"endColumn": ${num(g.endColumn)},${K}"message": ${str(f.message)}`
    + `${f.equivalent ? `,${K}"equivalent": ${str(f.equivalent)}` : ''}${f.kind !== undefined ? `,${K}"kind": ${str(f.kind)},${K}"name": ${str(f.name)}` : ''}\n        }`;
};
const useJson = (u: FeatureUse) => {
  const g = u.range;
  return `{${K}"feature": ${str(u.feature)},${K}"mesh": ${str(u.owner)},${K}"kind": ${str(u.kind)},${K}"name": ${str(u.name)},${K}"field": ${str(u.field)},`
    + `${K}"line": ${num(g.line)},${K}"column": ${num(g.column)},${K}"endLine": ${num(g.endLine)},${K}"endColumn": ${num(g.endColumn)}\n        }`;
};
const errorJson = (p: ParseProblem) => `{${K}"message": ${str(p.message)},${K}"line": ${num(p.range.line)},${K}"column": ${num(p.range.column)}\n        }`;

/** `"key": [ … ]` of a file entry after `text`, yielding full chunks; returns the text not yet yielded. */
function* jsonArray<T>(text: string, key: string, items: readonly T[], render: (x: T) => string): Generator<string, string> {
  text += `,\n      "${key}": `;
  if (items.length === 0) return text + '[]';
  text += '[';
  for (let i = 0; i < items.length; i++) {
    text += (i ? ',\n        ' : '\n        ') + render(items[i]);
    if (text.length >= CHUNK_SIZE) { yield text; text = ''; }
  }
  return text + '\n      ]';
}

/** One file's entry in the log's `files` array (beginning with ENTRY_SEPARATOR), in chunks. */
export function* jsonFileChunks(path: string, r: AnalysisResult): Generator<string> {
  let text = `${ENTRY_SEPARATOR}\n    {\n      "path": ${str(path)},\n      "target": ${str(targetText(r.target))}`;
  text = yield* jsonArray(text, 'resources', r.resources, resourceJson);
  text = yield* jsonArray(text, 'annotations', r.annotations, annotationJson);
  text = yield* jsonArray(text, 'findings', r.findings, findingJson);
  text = yield* jsonArray(text, 'uses', r.uses, useJson);
  text = yield* jsonArray(text, 'errors', r.problems, errorJson);
  yield text + '\n    }';
}

export const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** `path:line:col: severity message [rule]`, one line per parse error and finding (quiet: warnings and errors only), in chunks. */
export function* textFileChunks(path: string, r: AnalysisResult, quiet: boolean): Generator<string> {
  let text = '';
  for (const e of r.problems) {
    text += `${path}:${e.range.line}:${e.range.column}: error ${e.message} [parse-error]\n`;
    if (text.length >= CHUNK_SIZE) { yield text; text = ''; }
  }
  for (const x of r.findings) {
    if (quiet && SEVERITY_RANK[x.severity] < SEVERITY_RANK.warning) continue;
    text += `${path}:${x.range.line}:${x.range.column}: ${x.severity} ${x.message} [${x.feature ?? x.rule}]\n`;
    if (text.length >= CHUNK_SIZE) { yield text; text = ''; }
  }
  if (text) yield text;
}

/** Whether a file fails the run: a finding at or above `failRank` (see SEVERITY_RANK; Infinity: never), or a parse error when errors fail it. */
export function failsRun(r: AnalysisResult, failRank: number): boolean {
  if (r.problems.length > 0 && failRank <= SEVERITY_RANK.error) return true;
  for (const f of r.findings) if (SEVERITY_RANK[f.severity] >= failRank) return true;
  return false;
}
