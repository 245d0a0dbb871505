import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { analyze, parseTarget, catalogView } from '../../src/core/index';
import type { AnalysisResult, Finding } from '../../src/core/index';
import { FIXTURES, REPO } from './fixtures';

// Version-aware targets: `mesh@version` judges against that version (cells' since/removedIn and
// api-versions.yaml), `mesh` against the latest version the data knows.

const run = (text: string, target?: string): AnalysisResult => {
  const t = target === undefined ? null : parseTarget(catalogView(), target);
  if (target !== undefined) assert.ok(t, `target ${target} parses`);
  return analyze(text, { target: t ?? null });
};
const brief = (f: Finding) => `${f.rule} ${f.kind} ${f.field} ${f.severity}`;
const byRule = (r: AnalysisResult, rule: string) => r.findings.filter(f => f.rule === rule);

const LINKERD_2_17 = `apiVersion: policy.linkerd.io/v1alpha1
kind: HTTPLocalRateLimitPolicy
metadata:
  name: web-rl
  namespace: emojivoto
spec:
  targetRef:
    group: policy.linkerd.io
    kind: Server
    name: web-http
  total:
    requestsPerSecond: 100
---
apiVersion: policy.linkerd.io/v1alpha1
kind: EgressNetwork
metadata:
  name: all-egress
  namespace: linkerd-egress
spec:
  trafficPolicy: Allow
`;

const VS_V1 = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
`;

const TRAFFIC_ROUTE = `apiVersion: kuma.io/v1alpha1
kind: TrafficRoute
mesh: default
metadata:
  name: web-to-backend
spec:
  sources:
  - match:
      kuma.io/service: web
  destinations:
  - match:
      kuma.io/service: backend
  conf:
    destination:
      kuma.io/service: backend
`;

const RETRY_BUDGET = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    retryBudget:
      percent: 20
`;

describe('versions: data', () => {
  const view = catalogView();
  it('support cells carry clean since/removedIn versions (text kept in sinceNote)', () => {
    for (const [mesh, cells] of Object.entries(view.data.cells)) {
      for (const [feature, c] of Object.entries(cells)) {
        for (const v of [c.since, c.removedIn]) if (v !== undefined) assert.match(v, /^\d+\.\d+(\.\d+)?$/, `${mesh}/${feature}: ${v}`);
      }
    }
  });
  it('Linkerd rate limiting and egress are 2.17+, Istio retry budget 1.27+, as the data says', () => {
    assert.strictEqual(view.cell('linkerd', 'rate_limiting')?.since, '2.17');
    assert.strictEqual(view.cell('linkerd', 'egress_gateway')?.since, '2.17');
    assert.strictEqual(view.cell('istio', 'retry_budget')?.since, '1.27');
  });
  it('Consul versions are consul-k8s chart versions', () => {
    assert.match(view.meshes.get('consul')!.latestVersion!, /^2\.0/);
    assert.strictEqual(view.cell('consul', 'mtls_permissive_mode')?.since, '1.2.0'); // Consul 1.16 / consul-k8s 1.2.0
    assert.strictEqual(view.cell('consul', 'abort_injection')?.since, '1.4.0'); // Consul Enterprise 1.18
  });
  it('messages name the consul-k8s version line, not a Consul version', () => {
    const sd = 'apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceDefaults\nmetadata: {name: web}\nspec:\n  mutualTLSMode: permissive\n';
    const f = analyze(sd, { target: { mesh: 'consul', version: '1.1' } }).findings.find(x => x.feature === 'mtls_permissive_mode')!;
    assert.strictEqual(f.message, 'mTLS permissive mode (spec.mutualTLSMode) is not supported by Consul (consul-k8s 1.1) — added in consul-k8s 1.2.0');
    assert.deepStrictEqual(analyze(sd, { target: { mesh: 'consul', version: '1.2' } }).findings.filter(x => x.feature === 'mtls_permissive_mode'), []);
  });
  it('Kuma legacy kinds are deprecated, not removed (no release removed them)', () => {
    const rule = view.data.apiVersions.find(a => a.group === 'kuma.io' && a.kinds?.includes('TrafficRoute'));
    assert.ok(rule);
    assert.strictEqual(rule.deprecated, true);
    assert.strictEqual(rule.removedIn, undefined);
    for (const a of view.data.apiVersions) for (const v of [a.since, a.removedIn]) if (v !== undefined) assert.match(v, /^\d+\.\d+(\.\d+)?$/);
  });
});

describe('versions: judging mesh@version', () => {
  it('linkerd@2.14 and linkerd differ where Linkerd changed (rate limiting, EgressNetwork since 2.17)', () => {
    const old = run(LINKERD_2_17, 'linkerd@2.14');
    const latest = run(LINKERD_2_17, 'linkerd');
    assert.deepStrictEqual(latest.findings.map(brief), []);
    assert.deepStrictEqual(byRule(old, 'api-version-not-served').map(f => f.kind), ['HTTPLocalRateLimitPolicy', 'EgressNetwork']);
    for (const f of byRule(old, 'api-version-not-served')) assert.match(f.message, /not served by Linkerd 2\.14 — served since 2\.17/);
    const rl = old.findings.find(f => f.feature === 'rate_limiting');
    assert.ok(rl, old.findings.map(brief).join('\n'));
    assert.strictEqual(rl.severity, 'warning');
    assert.strictEqual(rl.targetVersion, '2.14');
    assert.match(rl.message, /added in Linkerd 2\.17/);
    const eg = old.findings.find(f => f.feature === 'egress_gateway');
    assert.ok(eg, old.findings.map(brief).join('\n'));
    assert.match(eg.message, /added in Linkerd 2\.17/);
  });
  it('linkerd@2.17 already has them', () => {
    assert.deepStrictEqual(run(LINKERD_2_17, 'linkerd@2.17').findings.map(brief), []);
  });

  it('networking.istio.io/v1 is not served by Istio 1.21; served by 1.22 and the latest', () => {
    const f = byRule(run(VS_V1, 'istio@1.21'), 'api-version-not-served');
    assert.strictEqual(f.length, 1);
    assert.strictEqual(f[0].severity, 'warning');
    assert.strictEqual(f[0].field, 'kind');
    assert.strictEqual(f[0].range.line, 2);
    assert.match(f[0].message, /^networking\.istio\.io\/v1 VirtualService is not served by Istio 1\.21 — served since 1\.22/);
    assert.deepStrictEqual(run(VS_V1, 'istio@1.22').findings.map(brief), []);
    assert.deepStrictEqual(run(VS_V1, 'istio').findings.map(brief), []);
  });

  it('Kuma legacy TrafficRoute: deprecated-construct (information) with no target and with kuma@2.14', () => {
    for (const target of [undefined, 'kuma@2.14', 'kuma']) {
      const r = run(TRAFFIC_ROUTE, target);
      const dep = byRule(r, 'deprecated-construct');
      assert.strictEqual(dep.length, 1, `${target}: ${r.findings.map(brief).join('; ')}`);
      assert.strictEqual(dep[0].severity, 'information');
      assert.strictEqual(dep[0].kind, 'TrafficRoute');
      assert.match(dep[0].message, /^kuma\.io\/v1alpha1 TrafficRoute is deprecated in Kuma/);
      assert.doesNotMatch(dep[0].message, /removed in/);
      assert.deepStrictEqual(byRule(r, 'api-version-not-served'), [], `${target}`);
    }
  });

  it('a feature Istio added in 1.27 (retryBudget) judged against istio@1.26: "added in Istio 1.27"', () => {
    const old = run(RETRY_BUDGET, 'istio@1.26');
    const f = old.findings.find(x => x.feature === 'retry_budget');
    assert.ok(f, old.findings.map(brief).join('\n'));
    assert.strictEqual(f.severity, 'warning');
    assert.match(f.message, /^Retry budget \(spec\.trafficPolicy\.retryBudget\) is not supported by Istio 1\.26 — added in Istio 1\.27/);
    assert.strictEqual(run(RETRY_BUDGET, 'istio@1.27').findings.filter(x => x.feature === 'retry_budget').length, 0);
    assert.strictEqual(run(RETRY_BUDGET, 'istio').findings.filter(x => x.feature === 'retry_budget').length, 0);
  });

  it('a version-less target and a target at the latest version judge alike', () => {
    const latest = catalogView().meshes.get('istio')!.latestVersion!;
    assert.deepStrictEqual(run(RETRY_BUDGET + '---\n' + VS_V1, `istio@${latest}`).findings.map(brief), run(RETRY_BUDGET + '---\n' + VS_V1, 'istio').findings.map(brief));
  });
});

describe('versions: CLI --target mesh@version', function () {
  this.timeout(20000); // spawns the built CLI (dist/cli.js, built by `node esbuild.mjs`) twice
  const CLI = join(REPO, 'dist/cli.js');
  const fixture = join(FIXTURES, 'detectors/linkerd-policy.yaml');
  const check = (target: string) => {
    const r = spawnSync(process.execPath, [CLI, 'check', fixture, '--target', target, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
    assert.ok(r.stdout, r.stderr);
    return { code: r.status, json: JSON.parse(r.stdout) };
  };
  it('linkerd@2.14 reports what linkerd (latest) does not', () => {
    const old = check('linkerd@2.14'), latest = check('linkerd');
    assert.strictEqual(old.json.target, 'linkerd@2.14');
    const rules = (j: { files: { findings: { rule: string; line: number }[] }[] }) => j.files.flatMap(f => f.findings.map(x => `${x.rule} ${x.line}`));
    const a = rules(old.json), b = rules(latest.json);
    assert.notDeepStrictEqual(a, b);
    for (const x of b) assert.ok(a.includes(x), `${x} is reported for linkerd but not for linkerd@2.14`);
    assert.ok(a.some(x => x.startsWith('api-version-not-served ')), a.join('\n'));
    assert.ok(a.some(x => x.startsWith('rate_limiting ')), a.join('\n'));
    assert.strictEqual(old.code, 1);
  });
});
