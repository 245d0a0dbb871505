import * as assert from 'node:assert';
import { analyze, getCatalog } from '../../src/core/index';
import { fixture, fixtureFiles, readMarkers } from './fixtures';

// Each file in test/fixtures/detectors is real-looking YAML with a `# ^ feature` marker under every key
// that must be reported; nothing else may be.
describe('detectors: hand-written fixtures with markers', () => {
  const files = fixtureFiles('detectors');
  it('has fixtures', () => assert.ok(files.length > 0));
  for (const f of files) {
    it(f, () => {
      const text = fixture('detectors', f);
      const want = readMarkers(text).map(m => `${m.line}:${m.column} ${m.feature}`).sort();
      const r = analyze(text);
      assert.deepStrictEqual(r.problems, []);
      const got = r.uses.map(u => `${u.range.line}:${u.range.column} ${u.feature}`).sort();
      assert.deepStrictEqual(got, want);
    });
  }
  it('every detector is exercised by a fixture', () => {
    const fired = new Set<string>();
    for (const f of files) for (const u of analyze(fixture('detectors', f)).uses) fired.add(u.detector);
    const silent = getCatalog().detectors.map(d => d.id).filter(id => !fired.has(id));
    assert.deepStrictEqual(silent, []);
  });
});
