import * as assert from 'node:assert';
import { Analyzer, catalogView, composeRegions } from '../../src/core/index';
import type { ChangedRegion } from '../../src/core/index';
import type { AnalysisResult } from '../../src/core/index';
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

describe('incremental re-analysis with a changed region', () => {
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
