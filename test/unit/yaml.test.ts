import * as assert from 'node:assert';
import { analyze } from '../../src/core/index';

const VS = (name: string, extra = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts: [reviews]
  http:
  - mirror:
      host: reviews-v2
${extra}`;

describe('parsing: positions and robustness', () => {
  it('reports the mirror key on its exact range', () => {
    const r = analyze(VS('a'), { target: { mesh: 'linkerd' } });
    const f = r.findings.find(x => x.feature === 'traffic_mirroring')!;
    assert.deepStrictEqual(f.range, { line: 8, column: 5, endLine: 8, endColumn: 11 });
    assert.strictEqual(f.field, 'spec.http[0].mirror');
  });

  it('keeps positions right with CRLF line ends and a BOM', () => {
    const text = '\uFEFF' + VS('a').replace(/\n/g, '\r\n');
    const r = analyze(text, { target: { mesh: 'linkerd' } });
    const f = r.findings.find(x => x.feature === 'traffic_mirroring')!;
    assert.deepStrictEqual(f.range, { line: 8, column: 5, endLine: 8, endColumn: 11 });
    assert.strictEqual(r.resources[0].range.line, 2);
    assert.strictEqual(r.resources[0].range.column, 1);
  });

  it('one broken document does not hide the others, and says where it broke', () => {
    const text = `${VS('a')}---\napiVersion: v1\nkind: [unclosed\n---\n${VS('b')}`;
    const r = analyze(text, { target: { mesh: 'linkerd' } });
    assert.strictEqual(r.problems.length, 1);
    assert.strictEqual(r.problems[0].docIndex, 1);
    assert.ok(r.problems[0].range.line >= 11 && r.problems[0].range.line <= 13, `line ${r.problems[0].range.line}`);
    assert.deepStrictEqual(r.findings.filter(f => f.feature === 'traffic_mirroring').map(f => [f.docIndex, f.range.line]), [[0, 8], [2, 21]]);
  });

  it('tabs used for indentation are a parse problem, not a throw', () => {
    const r = analyze('apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n\thttp: []\n');
    assert.strictEqual(r.problems.length, 1);
    assert.strictEqual(r.problems[0].range.line, 4);
  });

  it('empty, comment-only and whitespace files give nothing', () => {
    for (const t of ['', '\n\n', '# just a comment\n', '---\n---\n', '\uFEFF', '...\n']) {
      const r = analyze(t, { target: { mesh: 'linkerd' } });
      assert.deepStrictEqual([r.resources.length, r.findings.length, r.problems.length], [0, 0, 0], JSON.stringify(t));
    }
  });

  it('skips Helm templates quietly but not quoted braces', () => {
    const helm = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  http:\n  - mirror: {host: x}\n`;
    assert.deepStrictEqual(analyze(helm, { target: { mesh: 'linkerd' } }).findings, []);
    const quoted = VS('a').replace('name: a', 'name: "{{ not a template }}"');
    assert.strictEqual(analyze(quoted, { target: { mesh: 'linkerd' } }).findings.filter(f => f.feature === 'traffic_mirroring').length, 1);
  });

  it('follows anchors, aliases and merge keys without expanding them', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r}
spec:
  trafficPolicy: &tp
    outlierDetection: {consecutive5xxErrors: 3}
  subsets:
  - name: v1
    trafficPolicy:
      <<: *tp
      loadBalancer: {simple: LEAST_REQUEST}
`;
    const r = analyze(text);
    const uses = r.uses.map(u => `${u.feature}@${u.field}:${u.range.line}`).sort();
    assert.deepStrictEqual(uses, [
      'load_balancing_options@spec.subsets[0].trafficPolicy.loadBalancer.simple:11',
      'outlier_detection@spec.subsets[0].trafficPolicy.outlierDetection:6',
      'outlier_detection@spec.trafficPolicy.outlierDetection:6',
    ]);
  });

  it('survives an alias bomb without hanging', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 30; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const text = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bomb}\nspec:\n  http: *a29\n${bomb.replace(/^/gm, '  ')}`;
    const t0 = Date.now();
    const r = analyze(text.replace('spec:\n  http: *a29\n', 'spec:\n  http: *a29\n  x:\n'), { target: { mesh: 'linkerd' } });
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(Array.isArray(r.findings));
  });

  it('analyses a 10 MB file of many documents, with lines right at the end', function () {
    this.timeout(120000);
    const doc = VS('x');
    const n = Math.ceil(10_000_000 / (doc.length + 4));
    const text = Array.from({ length: n }, (_, i) => VS(`vs-${i}`)).join('---\n');
    const r = analyze(text, { target: { mesh: 'linkerd' } });
    const mirrors = r.findings.filter(f => f.feature === 'traffic_mirroring');
    assert.strictEqual(mirrors.length, n);
    const lastLine = (n - 1) * 10 + 8;
    assert.strictEqual(mirrors[n - 1].range.line, lastLine);
  });

  it('never throws on hostile input', () => {
    const inputs = ['{', ']', ': :', '? a\n: b\n', '!!binary |\n  x', 'a: *missing\n', '%YAML 9.9\n---\na: 1', '\u0000\u0001', 'x: "unterminated', `${'['.repeat(5000)}`, 'kind: List\napiVersion: v1\nitems: 3\n'];
    for (const t of inputs) assert.doesNotThrow(() => analyze(t, { target: { mesh: 'kuma' } }), JSON.stringify(t));
  });
});
