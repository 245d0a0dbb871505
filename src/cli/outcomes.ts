// The check command's files, analysed in-process or by worker threads, handed over in job order.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FileChecker } from './worker';
import type { BatchRequest, BatchResponse, FileJob, FileOutcome, RenderOptions } from './worker';

/** Runs with at least this many files use worker threads. */
export const WORKER_THRESHOLD = 200;

/** Worker threads for a run: the --jobs value, else none below WORKER_THRESHOLD files, else the CPU count (at most 8). */
export function workerCount(jobs: number | undefined, files: number): number {
  if (jobs !== undefined) return jobs;
  if (files < WORKER_THRESHOLD) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * Each job's outcome in job order, as soon as it and all before it are done. In-process (one worker or
 * fewer), a file is analysed only when the previous one has been taken, so one file's result is held at a time.
 */
export async function* analyseInOrder(jobs: FileJob[], render: RenderOptions, workers: number, tick: (done: number) => void): AsyncGenerator<FileOutcome> {
  const workerFile = join(__dirname, 'cliWorker.js');
  if (workers <= 1 || !existsSync(workerFile)) {
    const checker = new FileChecker(render);
    for (let i = 0; i < jobs.length; i++) { yield checker.check(jobs[i]); tick(i + 1); }
    return;
  }
  const size = Math.max(8, Math.min(200, Math.ceil(jobs.length / (workers * 4))));
  const batches: { start: number; jobs: FileJob[] }[] = [];
  for (let s = 0; s < jobs.length; s += size) batches.push({ start: s, jobs: jobs.slice(s, s + size) });
  const done: (FileOutcome | undefined)[] = new Array(jobs.length);
  let flushed = 0, nextBatch = 0, failure: Error | undefined;
  let wake: (() => void) | undefined;
  const poke = () => { const w = wake; wake = undefined; w?.(); };
  const pool: Worker[] = [];
  const feed = (w: Worker) => {
    if (nextBatch >= batches.length) { void w.terminate(); return; }
    const id = nextBatch++;
    w.postMessage({ id, jobs: batches[id].jobs, render } satisfies BatchRequest);
  };
  for (let k = 0; k < Math.min(workers, batches.length); k++) {
    const w = new Worker(workerFile, { workerData: { meshLensWorker: true } });
    pool.push(w);
    w.on('message', (m: BatchResponse) => {
      const b = batches[m.id];
      m.outcomes.forEach((o, j) => { done[b.start + j] = o; });
      flushed += m.outcomes.length;
      tick(flushed);
      feed(w);
      poke();
    });
    w.on('error', e => { if (!failure) { failure = e; for (const p of pool) void p.terminate(); poke(); } });
    feed(w);
  }
  try {
    for (let next = 0; next < jobs.length; next++) {
      while (!done[next]) {
        if (failure) throw failure;
        await new Promise<void>(resolve => { wake = resolve; });
      }
      const o = done[next]!;
      done[next] = undefined;
      yield o;
    }
  } finally {
    for (const p of pool) void p.terminate();
  }
}
