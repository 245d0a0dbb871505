// A file's `---` documents in chunks of a few hundred, copied on write: an edit copies the chunks it
// touches and the small chunk list, never one entry per document. Offsets and lines of a chunk are stored
// relative to its shift, so the documents after an edit move by changing one number per chunk.
import type { Finding } from '../model';
import type { DocEntry } from './fileAnalysis';

/** The documents per chunk when a file is read whole; an edit's chunk is split past twice this. */
export const CHUNK_SIZE = 256;

export interface Chunk {
  /** Offsets [start, end) and 0-based first lines, before adding `offsetShift` / `lineShift`. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly lineBases: readonly number[];
  readonly docs: readonly DocEntry[];
  readonly offsetShift: number;
  readonly lineShift: number;
  /** Each document's findings for the table's options key; undefined until judged. */
  readonly judged?: readonly Finding[][];
  /** Whether any document holds a resource, an annotation, a use or a problem (reading skips the others). */
  readonly has: Readonly<Record<'resources' | 'annotations' | 'uses' | 'problems', boolean>>;
}

/** Absolute positions of a run of documents. */
export interface DocRun { starts: number[]; ends: number[]; lineBases: number[]; docs: DocEntry[] }

export class DocumentTable {
  /** The index of each chunk's first document. */
  private readonly firsts: number[];
  readonly length: number;

  constructor(readonly chunks: readonly Chunk[], readonly key?: string) {
    this.firsts = new Array(chunks.length);
    let n = 0;
    for (let c = 0; c < chunks.length; c++) { this.firsts[c] = n; n += chunks[c].docs.length; }
    this.length = n;
  }

  static of(run: DocRun): DocumentTable {
    return new DocumentTable(chunksOf(run, 0, run.docs.length));
  }

  /** The chunk holding document k and k's index in it. */
  locate(k: number): { c: number; at: number } {
    const f = this.firsts;
    let lo = 0, hi = f.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (f[mid] <= k) lo = mid; else hi = mid - 1; }
    return { c: lo, at: k - f[lo] };
  }

  firstOf(c: number): number { return this.firsts[c]; }

  start(k: number): number { const { c, at } = this.locate(k), ch = this.chunks[c]; return ch.starts[at] + ch.offsetShift; }
  end(k: number): number { const { c, at } = this.locate(k), ch = this.chunks[c]; return ch.ends[at] + ch.offsetShift; }
  lineBase(k: number): number { const { c, at } = this.locate(k), ch = this.chunks[c]; return ch.lineBases[at] + ch.lineShift; }
  doc(k: number): DocEntry { const { c, at } = this.locate(k); return this.chunks[c].docs[at]; }

  /** The last document starting at or before `offset` (0 when none). */
  lastStartingAtOrBefore(offset: number): number {
    const ch = this.chunks;
    let lo = 0, hi = ch.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (ch[mid].starts[0] + ch[mid].offsetShift <= offset) lo = mid; else hi = mid - 1; }
    const s = ch[lo].starts, rel = offset - ch[lo].offsetShift;
    let a = 0, b = s.length - 1;
    while (a < b) { const mid = (a + b + 1) >> 1; if (s[mid] <= rel) a = mid; else b = mid - 1; }
    return this.firsts[lo] + a;
  }

  /**
   * Documents [i, j] replaced by `run` (absolute positions); the later documents move by `delta` offsets
   * and `lineDelta` lines. The chunks holding i..j are rebuilt (unjudged), later ones get a new shift.
   */
  splice(i: number, j: number, run: DocRun, delta: number, lineDelta: number): DocumentTable {
    const ci = this.locate(i).c;
    let cj = this.locate(j).c;
    const kept = (c: number, from: number, to: number, into: DocRun, d = 0, ld = 0) => {
      const ch = this.chunks[c];
      for (let a = from; a < to; a++) {
        into.starts.push(ch.starts[a] + ch.offsetShift + d); into.ends.push(ch.ends[a] + ch.offsetShift + d);
        into.lineBases.push(ch.lineBases[a] + ch.lineShift + ld); into.docs.push(ch.docs[a]);
      }
    };
    const merged: DocRun = { starts: [], ends: [], lineBases: [], docs: [] };
    kept(ci, 0, i - this.firsts[ci], merged);
    for (let a = 0; a < run.docs.length; a++) {
      merged.starts.push(run.starts[a]); merged.ends.push(run.ends[a]); merged.lineBases.push(run.lineBases[a]); merged.docs.push(run.docs[a]);
    }
    kept(cj, j + 1 - this.firsts[cj], this.chunks[cj].docs.length, merged, delta, lineDelta);
    // A small remainder takes the next chunk in, so deletions do not leave many tiny chunks.
    if (merged.docs.length < CHUNK_SIZE / 2 && cj + 1 < this.chunks.length) { cj++; kept(cj, 0, this.chunks[cj].docs.length, merged, delta, lineDelta); }
    const out: Chunk[] = this.chunks.slice(0, ci);
    for (const ch of chunksOf(merged, 0, merged.docs.length, 2 * CHUNK_SIZE)) out.push(ch);
    for (let c = cj + 1; c < this.chunks.length; c++) {
      const ch = this.chunks[c];
      out.push(delta === 0 && lineDelta === 0 ? ch : { ...ch, offsetShift: ch.offsetShift + delta, lineShift: ch.lineShift + lineDelta });
    }
    return new DocumentTable(out, this.key);
  }

  /** The same documents with every chunk's findings for `key` (judging only the chunks that lack them). */
  judgedFor(key: string, judge: (e: DocEntry) => Finding[]): DocumentTable {
    const same = this.key === key;
    if (same && this.chunks.every(ch => ch.judged)) return this;
    const chunks = this.chunks.map(ch => (same && ch.judged ? ch : { ...ch, judged: ch.docs.map(judge) }));
    return new DocumentTable(chunks, key);
  }
}

/** Chunks of run[from, to): CHUNK_SIZE documents each, or one chunk when it has at most `max`. */
function chunksOf(run: DocRun, from: number, to: number, max = CHUNK_SIZE): Chunk[] {
  const out: Chunk[] = [];
  if (to - from <= 0) return out;
  const pieces = to - from <= max ? 1 : Math.ceil((to - from) / CHUNK_SIZE);
  const size = Math.ceil((to - from) / pieces);
  for (let a = from; a < to; a += size) {
    const b = Math.min(to, a + size);
    const docs = run.docs.slice(a, b);
    const has = { resources: false, annotations: false, uses: false, problems: false };
    for (const e of docs) {
      const p = e.anchor;
      if (p.resources.length) has.resources = true;
      if (p.annotations.length) has.annotations = true;
      if (p.uses.length) has.uses = true;
      if (p.problems.length) has.problems = true;
    }
    out.push({ starts: run.starts.slice(a, b), ends: run.ends.slice(a, b), lineBases: run.lineBases.slice(a, b), docs, offsetShift: 0, lineShift: 0, has });
  }
  return out;
}
