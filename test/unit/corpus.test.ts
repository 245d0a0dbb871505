import * as assert from 'node:assert';
import { join } from 'node:path';
import { analyze } from '../../src/core/index';
import { toJsonFile } from '../../src/core/outputs/report';
import { FIXTURES, fixture } from './fixtures';

import { readAnswers, score } from '../../scripts/corpus-score.mjs';

const dir = join(FIXTURES, 'corpus');
const answers = readAnswers(dir);
const files = [...new Set(answers.map(a => a.file))];
const results = new Map(files.map(f => [f, toJsonFile(f, analyze(fixture('corpus', f)))]));

describe('corpus: real manifests against ANSWERS.tsv', () => {
  const r = score(dir, (p: string) => results.get(p.slice(dir.length + 1))!);

  it('finds every sure resource on its kind line', () => {
    assert.deepStrictEqual(r.misses.filter(m => m.confidence === 'sure' && m.feature === 'resource'), []);
  });
  it('finds every sure mesh annotation and label', () => {
    assert.deepStrictEqual(r.misses.filter(m => m.confidence === 'sure' && m.feature === 'annotation'), []);
  });
  it('finds every sure feature use, line-exact, with its field path', () => {
    assert.deepStrictEqual(r.misses.filter(m => m.confidence === 'sure' && m.feature !== 'resource' && m.feature !== 'annotation'), []);
  });
  it('reports no feature use the key does not list', () => {
    assert.deepStrictEqual(r.extras, []);
  });
  it('gives negatives nothing at all (plain Kubernetes, non-Kubernetes YAML, Helm templates)', () => {
    assert.deepStrictEqual(r.negatives, []);
  });
  it('finds most unsure rows too (judgement calls)', () => {
    const [hit, all] = r.use.unsure;
    assert.ok(hit / all >= 0.8, `${hit}/${all}`);
  });
  it('finds the meshes the key lists for every positive file', () => {
    for (const f of files) {
      const want = new Set(answers.filter(a => a.file === f && a.mesh !== '-').map(a => a.mesh));
      if (want.size === 0) continue;
      const got = results.get(f)!;
      const seen = new Set([...got.resources.map(x => x.mesh), ...got.annotations.map(x => x.mesh), ...got.uses.map(x => x.mesh)]);
      const missing = [...want].filter(m => !seen.has(m) && answers.some(a => a.file === f && a.mesh === m && a.confidence === 'sure'));
      assert.deepStrictEqual(missing, [], f);
    }
  });
});
