import * as assert from 'node:assert';
import { analyze, catalogView } from '../../src/core/index';
import { MAX_MESSAGE_LENGTH } from '../../src/core/analysis/judge';
import type { Target } from '../../src/core/index';

const mirrorVS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - mirror:
      host: reviews-v2
    retries:
      attempts: 3
      perTryTimeout: 2s
    route:
    - destination: {host: reviews, subset: v1}
      weight: 90
    - destination: {host: reviews, subset: v2}
      weight: 10
`;
const findings = (text: string, target: Target | null) => analyze(text, { target }).findings;
const first = (m: string) => m.split(' — ')[0];

describe('judging against a target mesh', () => {
  it('warns that Linkerd has no traffic mirroring, with the sheet message', () => {
    const f = findings(mirrorVS, { mesh: 'linkerd' }).find(x => x.feature === 'traffic_mirroring')!;
    assert.strictEqual(first(f.message), 'Traffic mirroring (spec.http[0].mirror) is not supported by Linkerd');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.support, 'unsupported');
    assert.strictEqual(f.target, 'linkerd');
  });

  it('says why after the dash with the target cell\'s summary (one sentence), or nothing rather than a cut sentence', () => {
    const view = catalogView();
    for (const target of ['linkerd', 'osm', 'consul'] as const) {
      for (const f of findings(mirrorVS, { mesh: target })) {
        const summary = view.cell(target, f.feature!)?.summary;
        const whole = `${first(f.message)} — ${summary}`;
        assert.strictEqual(f.message, summary && whole.length <= MAX_MESSAGE_LENGTH ? whole : first(f.message), f.message);
      }
    }
    for (const f of findings(mirrorVS, { mesh: 'osm' })) {
      const why = f.message.split(/ — |: /).slice(1).join(' ');
      assert.ok(!/^none\b/i.test(why), f.message);
      assert.ok(!/FACT-CHECK|\n/.test(f.message), f.message);
    }
  });

  it('says nothing for features the target supports', () => {
    const fs = findings(mirrorVS, { mesh: 'kuma' });
    const supported = ['traffic_mirroring', 'canary_releases', 'retries_and_timeout'].filter(id => catalogView().cell('kuma', id)?.level === 'supported');
    assert.ok(supported.length > 0);
    assert.ok(!fs.some(f => supported.includes(f.feature!)), JSON.stringify(fs.map(f => f.message)));
  });

  it('says "only partly supported" where only an escape hatch reaches the feature (Consul per-try timeout)', () => {
    const f = findings(mirrorVS, { mesh: 'consul' }).find(x => x.feature === 'timeout_per_retry')!;
    assert.match(f.message, /^Timeout per retry \(spec\.http\[0\]\.retries\.perTryTimeout\) is only partly supported by Consul/);
    assert.deepStrictEqual(f.qualifiers, ['escape_hatch_only']);
    assert.strictEqual(f.severity, 'information');
    assert.strictEqual(f.support, 'partial');
  });

  it('with no target, judges resources against their own mesh only (nothing for a plain VirtualService)', () => {
    assert.deepStrictEqual(findings(mirrorVS, null), []);
  });

  it('marks resources of archived projects, with or without a target', () => {
    const ts = `apiVersion: split.smi-spec.io/v1alpha2\nkind: TrafficSplit\nmetadata: {name: s}\nspec:\n  service: web\n  backends:\n  - {service: web-v1, weight: 90}\n`;
    const f = findings(ts, null);
    assert.strictEqual(f.length, 1);
    assert.strictEqual(f[0].rule, 'project-archived');
    assert.strictEqual(f[0].severity, 'information');
    assert.match(f[0].message, /^TrafficSplit is a resource of SMI, which is archived/);
    assert.strictEqual(f[0].range.line, 2);
  });

  it('judges a Gateway API route by what the target implements (Linkerd rejects RequestMirror)', () => {
    const hr = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{group: "", kind: Service, name: web}]
  rules:
  - filters:
    - type: RequestMirror
      requestMirror: {backendRef: {name: web-shadow, port: 80}}
    backendRefs: [{name: web, port: 80}]
`;
    const l = findings(hr, { mesh: 'linkerd' }).find(x => x.feature === 'traffic_mirroring')!;
    assert.ok(l, 'a finding for Linkerd');
    assert.strictEqual(first(l.message), 'Traffic mirroring (spec.rules[0].filters[0].type) is not supported by Linkerd');
    assert.deepStrictEqual([l.range.line, l.range.column, l.range.endColumn], [8, 7, 26]);
    assert.ok(!findings(hr, { mesh: 'istio' }).some(x => x.feature === 'traffic_mirroring'), 'Istio implements HTTPRouteRequestMirror');
  });

  it('flags experimental-channel Gateway API fields with no target', () => {
    const hr = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules:\n  - retry: {attempts: 2}\n    backendRefs: [{name: web, port: 80}]\n`;
    const f = findings(hr, null);
    assert.strictEqual(f.length, 1);
    assert.strictEqual(f[0].severity, 'information');
    assert.match(f[0].message, /experimental channel/);
  });

  it('tells Consul CE from Consul Enterprise', () => {
    const sd = `apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceDefaults\nmetadata: {name: web}\nspec:\n  protocol: http\n  rateLimits:\n    instanceLevel: {requestsPerSecond: 100}\n`;
    const ce = findings(sd, { mesh: 'consul' }).find(x => x.feature === 'rate_limiting');
    assert.ok(ce, 'Consul CE target warns');
    assert.strictEqual(ce!.severity, 'warning');
    assert.match(ce!.message, /Consul Enterprise only/);
    assert.ok(!findings(sd, { mesh: 'consul-enterprise' }).some(x => x.feature === 'rate_limiting'));
  });

  it('honours suppression comments on the next line and in the whole file', () => {
    const nextLine = mirrorVS.replace('  - mirror:', '  # mesh-lens-disable-next-line traffic_mirroring\n  - mirror:');
    assert.ok(!findings(nextLine, { mesh: 'consul' }).some(f => f.feature === 'traffic_mirroring'));
    assert.ok(findings(nextLine, { mesh: 'consul' }).some(f => f.feature === 'timeout_per_retry'));
    const other = mirrorVS.replace('  - mirror:', '  # mesh-lens-disable-next-line canary_releases\n  - mirror:');
    assert.ok(findings(other, { mesh: 'linkerd' }).some(f => f.feature === 'traffic_mirroring'));
    const file = '# mesh-lens-disable-file\n' + mirrorVS;
    assert.deepStrictEqual(findings(file, { mesh: 'linkerd' }), []);
  });

  it('a `# mesh-lens target:` comment overrides the given target', () => {
    const text = '# mesh-lens target: consul\n' + mirrorVS;
    const r = analyze(text, { target: { mesh: 'kuma' } });
    assert.deepStrictEqual(r.target, { mesh: 'consul' });
    assert.ok(r.targetFromFile);
    assert.ok(r.findings.some(f => f.feature === 'traffic_mirroring' && /Consul/.test(f.message)));
  });

  it('an unknown target in the comment is a clear problem, not a silent default', () => {
    const r = analyze('# mesh-lens target: linkerdd\n' + mirrorVS, { target: { mesh: 'kuma' } });
    assert.strictEqual(r.problems.length, 1);
    assert.match(r.problems[0].message, /Unknown target "linkerdd"/);
    assert.deepStrictEqual(r.target, { mesh: 'kuma' });
  });

  it('applies configured severities and turns a level off', () => {
    const f = analyze(mirrorVS, { target: { mesh: 'linkerd' }, severities: { unsupported: 'error' } }).findings.find(x => x.feature === 'traffic_mirroring')!;
    assert.strictEqual(f.severity, 'error');
    assert.deepStrictEqual(analyze(mirrorVS, { target: { mesh: 'linkerd' }, severities: { unsupported: 'off', partial: 'off', unknown: 'off', notRead: 'off' } }).findings, []);
  });

  it('disabled features are not reported', () => {
    assert.ok(!analyze(mirrorVS, { target: { mesh: 'linkerd' }, disabled: ['traffic_mirroring'] }).findings.some(f => f.feature === 'traffic_mirroring'));
  });
});
