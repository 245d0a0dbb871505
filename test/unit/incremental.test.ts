import * as assert from 'node:assert';
import { Analyzer, catalogView, composeRegions } from '../../src/core/index';
import type { AnalysisResult, ChangedRegion, FileAnalysis, Target } from '../../src/core/index';
import { fixture } from './fixtures';

// The incremental path (an editor's changed region) must give exactly what a fresh analysis gives.
const base = [
  fixture('corpus', 'istio__istio__istio__samples_bookinfo_networking_bookinfo-gateway.yaml'),
  fixture('workspace', 'mirror.yaml'),
  fixture('corpus', 'istio__istio__istio__samples_bookinfo_networking_destination-rule-all-mtls.yaml'),
  fixture('workspace', 'plain.yaml'),
  fixture('workspace', 'reviews-90-10.yaml'),
].join('\n---\n');

const strip = (r: AnalysisResult) => JSON.parse(JSON.stringify({ r: r.resources, a: r.annotations, u: r.uses, f: r.findings, p: r.problems, t: r.target }));

function rng(seed: number) { return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }; }

describe('incremental re-analysis with a changed region', function () {
  this.timeout(60000); // dozens of full analyses to compare with
  const inserts = ['x', '\n', '\n---\n', ' ', ':', '- ', '  mirror:\n    host: a\n', '# mesh-lens-disable-next-line traffic_mirroring\n', '{{ .x }}', '[', '\r\n'];
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`matches a fresh analysis over 40 random edits (seed ${seed})`, () => {
      const rand = rng(seed);
      const inc = new Analyzer(catalogView());
      const opts = { target: { mesh: 'linkerd' as const } };
      let text = base;
      inc.analyze(text, opts);
      for (let step = 0; step < 40; step++) {
        const start = Math.floor(rand() * text.length);
        const del = rand() < 0.5 ? 0 : Math.floor(rand() * 12);
        const ins = rand() < 0.3 ? '' : inserts[Math.floor(rand() * inserts.length)];
        const next = text.slice(0, start) + ins + text.slice(Math.min(text.length, start + del));
        const oldEnd = Math.min(text.length, start + del);
        const got = strip(inc.analyze(next, opts, { start, oldEnd, newEnd: start + ins.length }));
        const want = strip(new Analyzer(catalogView()).analyze(next, opts));
        assert.deepStrictEqual(got, want, `step ${step}: replace [${start}, ${oldEnd}) with ${JSON.stringify(ins)}`);
        text = next;
      }
      assert.deepStrictEqual(inc.runs, { full: 1, incremental: 40 });
    });
  }

  for (const seed of [11, 12, 13, 14]) {
    it(`several edits between analyses, their regions composed (seed ${seed})`, () => {
      const rand = rng(seed);
      const inc = new Analyzer(catalogView());
      let text = base;
      inc.analyze(text, {});
      for (let round = 0; round < 15; round++) {
        let region: ChangedRegion | undefined;
        for (let e = 0, n = 1 + Math.floor(rand() * 4); e < n; e++) {
          const start = Math.floor(rand() * text.length);
          const oldEnd = Math.min(text.length, start + (rand() < 0.5 ? 0 : Math.floor(rand() * 8)));
          const ins = inserts[Math.floor(rand() * inserts.length)];
          text = text.slice(0, start) + ins + text.slice(oldEnd);
          const r = { start, oldEnd, newEnd: start + ins.length };
          region = region ? composeRegions(region, r) : r;
        }
        assert.deepStrictEqual(strip(inc.analyze(text, {}, region)), strip(new Analyzer(catalogView()).analyze(text, {})), `round ${round}`);
      }
      assert.deepStrictEqual(inc.runs, { full: 1, incremental: 15 });
    });
  }

  it('falls back to a full analysis when the hint does not fit the text', () => {
    const a = new Analyzer(catalogView());
    a.analyze(base, {});
    const next = base.replace('mirror:', 'mirror: ');
    const got = strip(a.analyze(next, {}, { start: 0, oldEnd: 0, newEnd: 5 }));
    assert.deepStrictEqual(got, strip(new Analyzer(catalogView()).analyze(next, {})));
    assert.deepStrictEqual(a.runs, { full: 2, incremental: 0 });
  });
});

// Property-style checks (seeded, so a failure replays): after any sequence of edits, re-judgings and
// reads, an Analyzer kept across them says exactly what a fresh one says about the same text.
describe('incremental re-analysis equals a cold analysis (properties)', function () {
  this.timeout(60000);
  const mirror = fixture('workspace', 'mirror.yaml');
  // Many documents, some identical, with suppression comments and a file-level target to move around.
  const many = [
    '# mesh-lens-disable-next-line traffic_mirroring',
    ...Array.from({ length: 24 }, (_, i) => (i % 5 === 3 ? base : mirror.replace(/name: (\S+)/, `name: $1-${i % 7}`))),
  ].join('\n---\n');
  const pieces = ['x', '\n', '\n---\n', '---\n', ' ', ': ', '- ', '  mirror:\n    host: a\n', '# mesh-lens-disable-next-line\n', '# mesh-lens-disable-file traffic_mirroring\n',
    '# mesh-lens target: kuma\n', 'kind: MeshRetry\n', '{{ .x }}', '[', '"', '\r\n', '\t', 'apiVersion: networking.istio.io/v1alpha3\n'];
  const targets = [{ mesh: 'linkerd' as const }, { mesh: 'kuma' as const }, null, { mesh: 'istio' as const, version: '1.10' }];

  /** A random edit of `text`: usually small and local, sometimes a deletion across several documents. */
  function randomEdit(rand: () => number, text: string): { next: string; region: ChangedRegion } {
    const start = Math.floor(rand() * (text.length + 1));
    const span = rand() < 0.1 ? Math.floor(rand() * 2000) : rand() < 0.5 ? 0 : Math.floor(rand() * 12);
    const oldEnd = Math.min(text.length, start + span);
    const ins = rand() < 0.25 ? '' : pieces[Math.floor(rand() * pieces.length)].repeat(rand() < 0.1 ? 3 : 1);
    return { next: text.slice(0, start) + ins + text.slice(oldEnd), region: { start, oldEnd, newEnd: start + ins.length } };
  }

  /** The editor's view: each document's findings moved to where the document stands, in file order. */
  const perDocument = (r: FileAnalysis) => {
    const out: { rule: string; line: number; column: number; endLine: number; message: string }[] = [];
    for (let k = 0; k < r.documentCount; k++) {
      const { findings, lineShift } = r.documentFindings(k);
      for (const f of findings) out.push({ rule: f.rule, line: f.range.line + lineShift, column: f.range.column, endLine: f.range.endLine + lineShift, message: f.message });
    }
    return out;
  };
  const flatView = (r: FileAnalysis) => r.findings.map(f => ({ rule: f.rule, line: f.range.line, column: f.range.column, endLine: f.range.endLine, message: f.message }));

  for (const seed of [21, 22, 23, 24, 25, 26]) {
    it(`edits, target changes and disabled rules in a ${many.split('\n---\n').length}-document file (seed ${seed})`, () => {
      const rand = rng(seed);
      const inc = new Analyzer(catalogView());
      let text = many;
      let opts: { target: Target | null; disabled?: string[] } = { target: targets[0] };
      inc.analyze(text, opts);
      for (let step = 0; step < 30; step++) {
        let region: ChangedRegion = { start: 0, oldEnd: 0, newEnd: 0 };
        if (rand() < 0.15) {
          // Settings changed, text did not: re-judge what the engine has.
          opts = { target: targets[Math.floor(rand() * targets.length)], ...(rand() < 0.4 ? { disabled: ['not-read-by-target'] } : {}) };
        } else {
          const e = randomEdit(rand, text);
          text = e.next; region = e.region;
        }
        if (rand() < 0.1) {
          // The usage scan asks for the inventory alone: the next analysis starts from that list.
          inc.inventory(text, region);
          region = { start: 0, oldEnd: 0, newEnd: 0 };
        }
        const got = inc.analyze(text, opts, region);
        const want = new Analyzer(catalogView()).analyze(text, opts);
        assert.deepStrictEqual(strip(got), strip(want), `step ${step}`);
        assert.deepStrictEqual(perDocument(got), flatView(want), `step ${step}: per-document findings`);
        assert.strictEqual(got.hasMeshContent, want.resources.length > 0 || want.annotations.length > 0);
      }
      assert.strictEqual(inc.runs.full, 1);
    });
  }

  it('a result read after later analyses still describes its own text', () => {
    const rand = rng(31);
    const inc = new Analyzer(catalogView());
    const opts = { target: { mesh: 'linkerd' as const } };
    let text = many;
    const kept: { text: string; result: FileAnalysis }[] = [{ text, result: inc.analyze(text, opts) }];
    for (let step = 0; step < 12; step++) {
      const e = randomEdit(rand, text);
      text = e.next;
      kept.push({ text, result: inc.analyze(text, step % 4 === 3 ? { target: { mesh: 'kuma' } } : opts, e.region) });
    }
    kept.forEach(({ text, result }, i) => {
      const want = new Analyzer(catalogView()).analyze(text, i % 4 === 0 && i > 0 ? { target: { mesh: 'kuma' } } : opts);
      assert.deepStrictEqual(strip(result), strip(want), `result ${i}`);
    });
  });

  it('without a changed region (text only), unchanged documents are re-used and the results are the same', () => {
    const rand = rng(41);
    const inc = new Analyzer(catalogView());
    const opts = { target: { mesh: 'linkerd' as const } };
    let text = many;
    inc.analyze(text, opts);
    for (let step = 0; step < 20; step++) {
      text = randomEdit(rand, text).next;
      assert.deepStrictEqual(strip(inc.analyze(text, opts)), strip(new Analyzer(catalogView()).analyze(text, opts)), `step ${step}`);
    }
  });

  it('an unchanged document keeps its findings array, even when lines are inserted above it', () => {
    const inc = new Analyzer(catalogView());
    const opts = { target: { mesh: 'linkerd' as const } };
    const before = inc.analyze(many, opts);
    const at = many.indexOf('\n---\n') + 1; // the end of the first document
    const after = inc.analyze(many.slice(0, at) + '\n\n' + many.slice(at), opts, { start: at, oldEnd: at, newEnd: at + 2 });
    const last = before.documentCount - 1;
    assert.strictEqual(after.documentFindings(last).findings, before.documentFindings(last).findings);
    assert.strictEqual(after.documentFindings(last).lineShift, before.documentFindings(last).lineShift + 2);
  });
});

// A file of several hundred documents is kept in chunks: edits at and across chunk boundaries, `---`
// lines added and removed there, and runs of documents pasted or deleted (chunks split and merged).
describe('incremental re-analysis across chunks of documents', function () {
  this.timeout(120000);
  const mirror = fixture('workspace', 'mirror.yaml');
  const docs = Array.from({ length: 700 }, (_, i) => mirror.replace(/name: (\S+)/, `name: $1-${i}`));
  const sep = '\n---\n';
  const big = docs.join(sep);
  /** The offset where document k starts in `text` (documents split at `---` lines). */
  const docStart = (text: string, k: number) => { let at = 0; for (let d = 0; d < k; d++) { const n = text.indexOf(sep, at); if (n < 0) return at; at = n + sep.length; } return at; };
  const perDocument = (r: FileAnalysis) => {
    const out: string[] = [];
    for (let k = 0; k < r.documentCount; k++) {
      const { findings, lineShift } = r.documentFindings(k);
      for (const f of findings) out.push(`${f.rule}@${f.range.line + lineShift}:${f.range.column}`);
    }
    return out;
  };

  for (const seed of [51, 52, 53]) {
    it(`matches a cold analysis of ${docs.length} documents after edits around chunk boundaries (seed ${seed})`, () => {
      const rand = rng(seed);
      const inc = new Analyzer(catalogView());
      const opts = { target: { mesh: 'linkerd' as const } };
      let text = big;
      inc.analyze(text, opts);
      for (let step = 0; step < 25; step++) {
        const boundary = [255, 256, 257, 511, 512, 513, 100, 600][Math.floor(rand() * 8)];
        const at = docStart(text, boundary) + Math.floor(rand() * 3) - 1;
        let start = Math.max(0, Math.min(text.length, at));
        const kind = Math.floor(rand() * 6);
        let oldEnd = start, ins = '';
        if (kind === 0) ins = sep;                                                                // a new `---` line
        else if (kind === 1) { const s = text.lastIndexOf(sep, start); if (s >= 0) { start = s; oldEnd = s + sep.length; ins = '\n'; } } // a `---` line removed
        else if (kind === 2) oldEnd = Math.min(text.length, start + Math.floor(rand() * 4000));   // a deletion over several documents
        else if (kind === 3) ins = docs.slice(0, 300 + Math.floor(rand() * 300)).join(sep) + sep; // pasted documents: a chunk splits
        else if (kind === 4) oldEnd = Math.min(text.length, start + Math.floor(rand() * 60000));   // many documents deleted: chunks merge
        else ins = 'x';
        text = apply(start, oldEnd, ins);
      }
      assert.strictEqual(inc.runs.full, 1);

      function apply(start: number, oldEnd: number, ins: string): string {
        const next = text.slice(0, start) + ins + text.slice(oldEnd);
        const got = inc.analyze(next, opts, { start, oldEnd, newEnd: start + ins.length });
        const want = new Analyzer(catalogView()).analyze(next, opts);
        assert.deepStrictEqual(strip(got), strip(want), `replace [${start}, ${oldEnd}) with ${ins.length} characters`);
        assert.deepStrictEqual(perDocument(got), want.findings.map(f => `${f.rule}@${f.range.line}:${f.range.column}`));
        assert.strictEqual(got.documentCount, want.documentCount);
        return next;
      }
    });
  }
});
