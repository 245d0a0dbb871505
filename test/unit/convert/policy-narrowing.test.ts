// A condition the target cannot express never widens access: in an ALLOW policy the rule is left
// out (the conversion allows less) and in a DENY policy the condition is (the conversion denies
// more); the reason says which. Escape hatches and Enterprise-only settings are never emitted.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';

const ALLOW_GET = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ratings
  namespace: shop
spec:
  selector:
    matchLabels:
      app: ratings
  action: ACTION
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/web"]
    to:
    - operation:
        methods: ["GET"]
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/admin"]
`;

describe('convert policies: never widen access', function () {
  this.timeout(20_000);

  it('Kuma: an ALLOW rule with a method is left out, saying the policy allows less', () => {
    const c = convertPolicies(ALLOW_GET.replace('ACTION', 'ALLOW'), 'kuma');
    const [mtp] = ofKind(c, 'MeshTrafficPermission');
    assert.deepStrictEqual(mtp.spec.rules, [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://default.<zone>.mesh.local/ns/shop/sa/admin' } }] } }]);
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.reason]), [[
      'spec.rules[0].to[0]',
      'MeshTrafficPermission allows whole callers and has no port, method or path conditions, so this rule is left out: the converted policy allows less than the original, never more.',
    ]]);
    assert.match(c.file.output, /# mesh-lens: not converted: spec.rules\[0\].to\[0\] — MeshTrafficPermission allows whole callers/);
  });

  it('Kuma: a DENY rule with a method denies the whole caller, saying the policy denies more', () => {
    const c = convertPolicies(ALLOW_GET.replace('ACTION', 'DENY'), 'kuma');
    const [mtp] = ofKind(c, 'MeshTrafficPermission');
    assert.deepStrictEqual(mtp.spec.rules[0].default.deny.map((m: { spiffeID: { value: string } }) => m.spiffeID.value), [
      'spiffe://default.<zone>.mesh.local/ns/shop/sa/web', 'spiffe://default.<zone>.mesh.local/ns/shop/sa/admin',
    ]);
    assert.match(c.file.dropped[0].reason, /the converted policy denies more than the original\.$/);
  });

  it('Consul: methods become L7 permissions; a port condition leaves its ALLOW rule out', () => {
    const c = convertPolicies(ALLOW_GET.replace('ACTION', 'ALLOW').replace('methods: ["GET"]', 'methods: ["GET"]\n        ports: ["8080"]'), 'consul');
    const [si] = ofKind(c, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec.sources, [{ name: 'admin', action: 'allow' }, { name: '*', action: 'deny' }]);
    assert.deepStrictEqual(c.file.dropped.map(d => d.reason), ['Consul intentions have no port condition, so this rule is left out: the converted intentions allow less than the original, never more.']);
    const l7 = convertPolicies(ALLOW_GET.replace('ACTION', 'ALLOW'), 'consul');
    assert.deepStrictEqual(ofKind(l7, 'ServiceIntentions')[0].spec.sources[0], { name: 'web', permissions: [{ action: 'allow', http: { methods: ['GET'] } }] });
  });

  it('Linkerd: methods become an HTTPRoute on the Server that the authorization targets', () => {
    const c = convertPolicies(ALLOW_GET.replace('ACTION', 'ALLOW'), 'linkerd');
    const [route] = ofKind(c, 'HTTPRoute');
    assert.deepStrictEqual(route.spec, { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'ratings' }], rules: [{ matches: [{ method: 'GET' }] }] });
    const ap = ofKind(c, 'AuthorizationPolicy').find(d => d.spec.targetRef.kind === 'HTTPRoute');
    assert.deepStrictEqual(ap?.spec.requiredAuthenticationRefs, [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'ratings-1' }]);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Linkerd: a DENY policy is dropped with a reason that says the conversion would allow more', () => {
    const c = convertPolicies(ALLOW_GET.replace('ACTION', 'DENY'), 'linkerd');
    assert.deepStrictEqual(c.file.resources, []);
    assert.match(c.file.dropped[0].reason, /^Linkerd has no deny rules: .*would allow what it denies/);
  });

  it('Istio source: an exclusion (notPrincipals) in an ALLOW rule leaves the rule out', () => {
    const c = convertPolicies(ALLOW_GET.replace('ACTION', 'ALLOW').replace('principals: ["cluster.local/ns/shop/sa/web"]', 'notPrincipals: ["cluster.local/ns/shop/sa/web"]'), 'consul');
    const [si] = ofKind(c, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec.sources, [{ name: 'admin', action: 'allow' }, { name: '*', action: 'deny' }]);
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.reason]), [[
      'spec.rules[0].from[0].source.notPrincipals',
      'The exclusion notPrincipals cannot be converted, so this rule is left out: the converted policy allows less than the original, never more.',
    ]]);
  });

  it('Istio → Istio: the exclusion and its rule stay, since the policy is kept as written', () => {
    const c = convertPolicies(ALLOW_GET.replace('ACTION', 'ALLOW').replace('principals: ["cluster.local/ns/shop/sa/web"]', 'notPrincipals: ["cluster.local/ns/shop/sa/web"]'), 'istio');
    assert.strictEqual(c.file.output, '');
    assert.deepStrictEqual(c.file.dropped, []);
    assert.deepStrictEqual(c.file.carried.map(u => u.feature), ['workload_to_workload_authorization']);
  });

  it('Consul envoyExtensions (an escape hatch) are reported, never emitted', () => {
    const c = convertPolicies(`apiVersion: consul.hashicorp.com/v1alpha1
kind: ProxyDefaults
metadata:
  name: global
spec:
  mutualTLSMode: strict
  envoyExtensions:
  - name: builtin/lua
    arguments:
      script: "function envoy_on_request(h) end"
`, 'istio');
    assert.ok(!c.file.output.includes('builtin/lua'));
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.reason]), [['spec.envoyExtensions', 'Envoy extensions are an escape hatch and are never converted.']]);
    assert.deepStrictEqual(ofKind(c, 'PeerAuthentication')[0].spec, { mtls: { mode: 'STRICT' } });
  });

  it('Consul Enterprise source namespaces leave an allow source out', () => {
    const c = convertPolicies(`apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceIntentions
metadata:
  name: reviews
spec:
  destination:
    name: reviews
  sources:
  - name: web
    namespace: frontend
    action: allow
`, 'istio');
    assert.deepStrictEqual(ofKind(c, 'AuthorizationPolicy')[0].spec.rules, undefined);
    assert.match(c.file.dropped[0].reason, /Consul Enterprise feature, so this source is left out: the converted policy allows less/);
  });
});
