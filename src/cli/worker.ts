// mesh-lens worker thread: analyses batches of files for the CLI and posts back JSON-able results.
// Also exports the per-file step, so small runs do the same work in-process.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, catalogView } from '../core/index';
import type { AnalyzeOptions, Severity } from '../core/index';
import { toJsonFile } from '../core/outputs/report';
import type { JsonFile } from '../core/outputs/report';

export interface FileJob {
  /** Absolute path to read. */
  abs: string;
  /** Path shown in the output ('/'-separated, relative to the working directory). */
  rel: string;
  options: AnalyzeOptions;
}
/** How the main thread will print a file: the worker renders it, so only a string crosses back. */
export interface RenderOptions {
  format: 'text' | 'json' | 'sarif';
  quiet: boolean;
  /** Lowest severity rank that fails the run (hint 0 … error 3); Infinity: never. */
  failRank: number;
}
/**
 * A file's result: `text` (its text lines, or its JSON entry indented for the `files` array) for the
 * streaming formats, the JSON object for SARIF; `fail` when it has a finding at or above the threshold.
 */
export interface FileOutcome { text?: string; file?: JsonFile; fail?: boolean; error?: string }

export interface BatchRequest { id: number; jobs: FileJob[]; render: RenderOptions }
export interface BatchResponse { id: number; outcomes: FileOutcome[] }

export const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export function analyseFile(analyzer: Analyzer, job: FileJob, render: RenderOptions): FileOutcome {
  let text: string;
  try {
    text = readFileSync(job.abs, 'utf8');
  } catch (e) {
    return { error: `cannot read ${job.rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const jf = toJsonFile(job.rel, analyzer.analyze(text, job.options));
  const fail = jf.findings.some(f => RANK[f.severity] >= render.failRank) || (jf.errors.length > 0 && render.failRank <= RANK.error);
  switch (render.format) {
    case 'text': return { text: textLines(jf, render.quiet), fail };
    // Exactly what JSON.stringify(log, null, 2) prints for an item of the top-level `files` array.
    case 'json': return { text: '    ' + JSON.stringify(jf, null, 2).replace(/\n/g, '\n    '), fail };
    default: return { file: jf, fail };
  }
}

/** `path:line:col: severity message [rule]`, one line per finding (quiet: warnings and errors only). */
export function textLines(f: JsonFile, quiet: boolean): string {
  const lines: string[] = [];
  for (const e of f.errors) lines.push(`${f.path}:${e.line}:${e.column}: error ${e.message} [parse-error]`);
  for (const x of f.findings) {
    if (quiet && RANK[x.severity] < RANK.warning) continue;
    lines.push(`${f.path}:${x.line}:${x.column}: ${x.severity} ${x.message} [${x.feature ?? x.rule}]`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

if (parentPort && (workerData as { meshLensWorker?: boolean } | undefined)?.meshLensWorker) {
  const port = parentPort;
  const analyzer = new Analyzer(catalogView());
  port.on('message', (m: BatchRequest) => {
    const outcomes = m.jobs.map(j => analyseFile(analyzer, j, m.render));
    port.postMessage({ id: m.id, outcomes } satisfies BatchResponse);
  });
}
