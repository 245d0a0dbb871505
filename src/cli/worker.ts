// mesh-lens worker thread: analyses batches of files for the CLI and posts back each file's rendered text.
// Also exports the per-file step, so small runs do the same work in-process.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, catalogView } from '../core/index';
import type { AnalyzeOptions } from '../core/index';
import { failsRun, jsonFileChunks, textFileChunks, toJsonFile } from '../core/outputs/report';
import { sarifFileChunks, sarifRuleIndex } from '../core/outputs/sarif';

export interface FileJob {
  /** Absolute path to read. */
  abs: string;
  /** Path shown in the output ('/'-separated, relative to the working directory). */
  rel: string;
  options: AnalyzeOptions;
}
/** How the main thread will print a file: the worker renders it, so only strings cross back. */
export interface RenderOptions {
  format: 'text' | 'json' | 'sarif';
  quiet: boolean;
  /** Lowest severity rank that fails the run (hint 0 … error 3); Infinity: never. */
  failRank: number;
}
/**
 * A file's result: its text in the output format, in chunks (in-process: made as they are written;
 * from a worker: made there), and `fail` when it has a finding at or above the threshold; or an error.
 */
export interface FileOutcome { chunks?: Iterable<string>; fail?: boolean; error?: string }

export interface BatchRequest { id: number; jobs: FileJob[]; render: RenderOptions }
export interface BatchResponse { id: number; outcomes: FileOutcome[] }

/** Analyses one file and renders it for the run's format (the analysis is held only until its chunks are written). */
export class FileChecker {
  private readonly analyzer = new Analyzer(catalogView());
  private sarifRules: Map<string, number> | undefined;

  constructor(private readonly render: RenderOptions) {}

  check(job: FileJob): FileOutcome {
    let text: string;
    try {
      text = readFileSync(job.abs, 'utf8');
    } catch (e) {
      return { error: `cannot read ${job.rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    const result = this.analyzer.analyze(text, job.options);
    const fail = failsRun(result, this.render.failRank);
    switch (this.render.format) {
      case 'text': return { chunks: textFileChunks(job.rel, result, this.render.quiet), fail };
      case 'json': return { chunks: jsonFileChunks(job.rel, result), fail };
      default: return { chunks: sarifFileChunks(toJsonFile(job.rel, result), (this.sarifRules ??= sarifRuleIndex(this.analyzer.view))), fail };
    }
  }
}

if (parentPort && (workerData as { meshLensWorker?: boolean } | undefined)?.meshLensWorker) {
  const port = parentPort;
  let checker: FileChecker | undefined;
  port.on('message', (m: BatchRequest) => {
    checker ??= new FileChecker(m.render);
    const outcomes = m.jobs.map(j => {
      const o = checker!.check(j);
      return o.chunks ? { ...o, chunks: [...o.chunks] } : o;
    });
    port.postMessage({ id: m.id, outcomes } satisfies BatchResponse);
  });
}
