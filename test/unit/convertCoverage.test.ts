// The README's policy coverage table is the converter's own result over its inputs: regenerated here in
// memory, it must equal the README's block, so a converter change that alters coverage fails until the
// README is regenerated (npm run convert:coverage).
import * as assert from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { catalogView } from '../../src/core/index';
import { convertCoverage, elementsOf, familyName, renderCoverage } from '../../src/core/convert/coverage';
import type { ModelFragment } from '../../src/core/convert/model';
import { FIXTURES, REPO } from './fixtures';

const view = catalogView();

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yamlFiles(p, out); else if (/\.ya?ml$/.test(f)) out.push(p);
  }
  return out;
}

describe('convert: policy coverage table', function () {
  this.timeout(120_000);

  it('README\'s table equals the one the converter gives over test/fixtures/convert/input/', () => {
    const inputDir = join(FIXTURES, 'convert/input');
    const inputs = yamlFiles(inputDir).map(p => ({ path: relative(inputDir, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
    const table = renderCoverage(convertCoverage(inputs, view), view);
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const m = /<!-- convert-coverage:start -->\n([\s\S]*?)<!-- convert-coverage:end -->/.exec(readme);
    assert.ok(m, 'README.md has the convert-coverage markers in its Convert section');
    assert.ok(m[1] === table, `README.md's policy coverage table is out of date: run npm run convert:coverage and commit README.md.\n\nExpected:\n${table}\nREADME.md has:\n${m[1]}`);
  });

  it('an Istio DestinationRule: each construct judged on its own fields, per target', () => {
    const rule = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
  namespace: shop
spec:
  host: ratings
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 60s
`;
    const rows = convertCoverage([{ path: 'ratings.yaml', text: rule }], view);
    assert.deepStrictEqual(renderCoverage(rows, view).split('\n').slice(2), [
      '| Source | Construct | Gateway API | Istio | Linkerd | Kuma | Consul |',
      '|---|---|:-:|:-:|:-:|:-:|:-:|',
      '| Istio | circuit breaking, outlier detection | ❌ | ✅ | ⚠️ | ✅ | ✅ |',
      '| Istio | load balancing | ❌ | ✅ | ❌ | ✅ | ✅ |',
      '',
    ]);
  });

  it('families come from the model: each part of a resilience policy is a row of its own, a new one named from its key', () => {
    const origin = { path: 'spec.rateLimit', line: 9 };
    const fragment = {
      routes: [], gateways: [], subsets: [], servicePolicies: [],
      policies: [{
        type: 'resilience', name: 'r', service: { name: 'ratings', origin: { path: 'spec.host', line: 7 } },
        localRateLimit: { requests: { value: 10, origin: { path: 'spec.rateLimit.requests', line: 10 } }, origin },
        from: { apiVersion: 'x', kind: 'X', name: 'r', line: 2, docIndex: 0 }, origin: { path: 'spec', line: 6 },
      }],
    } as unknown as ModelFragment;
    assert.deepStrictEqual(elementsOf(fragment).map(e => `${e.family}: ${e.origins.map(o => o.path).join(', ')} (for ${e.subject.map(o => o.path).join(', ')})`), [
      'localRateLimit: spec.rateLimit.requests, spec.rateLimit (for spec.host)',
    ]);
    assert.strictEqual(familyName('localRateLimit'), 'rate limits');
    assert.strictEqual(familyName('activeHealthCheck'), 'health checks');
    assert.strictEqual(familyName('retryBudget'), 'retry budget');
    assert.strictEqual(familyName('outlierDetection'), 'circuit breaking, outlier detection');
  });
});
