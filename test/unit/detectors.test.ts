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
      const markers = readMarkers(text);
      assert.ok(markers.length > 0, `${f} has no "# ^ feature" marker, so it would check nothing`);
      const r = analyze(text);
      assert.deepStrictEqual(r.problems, []);
      const lines = text.split(/\r?\n/);
      // Each marker: a use of that feature whose range starts on the marked key, at the caret's column.
      for (const m of markers) {
        const hit = r.uses.find(u => u.feature === m.feature && u.range.line === m.line && u.range.column === m.column);
        const near = r.uses.filter(u => u.range.line === m.line).map(u => `${u.feature} at column ${u.range.column}`);
        assert.ok(hit, `${f}:${m.line}:${m.column} \`${lines[m.line - 1].trim()}\` should be reported as ${m.feature}; on that line: ${near.join(', ') || 'nothing'}`);
        // The use names the key under the caret (the last segment of its field path).
        const key = /^[\s-]*([^:\s]+)/.exec(lines[m.line - 1].slice(m.column - 1))?.[1];
        if (key && /^[A-Za-z_][\w.-]*$/.test(key) && !/[\]"]$/.test(hit!.field)) {
          assert.ok(hit!.field === key || hit!.field.endsWith(`.${key}`) || hit!.field.includes(key), `${f}:${m.line}: field ${hit!.field} should name ${key}`);
        }
      }
      // And nothing unmarked.
      const want = markers.map(m => `${m.line}:${m.column} ${m.feature}`).sort();
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
