// A default-deny posture stays default-deny in every target that can say it, and where it cannot,
// the report says how to keep it.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';

const ISTIO_DENY_ALL = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-all
  namespace: shop
spec: {}
`;

describe('convert policies: default deny', function () {
  this.timeout(20_000);

  it('Istio AuthorizationPolicy with an empty spec stays as written in Istio', () => {
    const c = convertPolicies(ISTIO_DENY_ALL, 'istio');
    assert.strictEqual(c.file.output, '');
    assert.deepStrictEqual(c.file.carried.map(u => u.feature), ['workload_to_workload_authorization']);
    assert.deepStrictEqual(c.file.dropped, []);
  });

  it('→ Kuma: a Deny from the whole mesh, saying Kuma allows by default', () => {
    const c = convertPolicies(ISTIO_DENY_ALL, 'kuma');
    const [mtp] = ofKind(c, 'MeshTrafficPermission');
    assert.strictEqual(mtp.metadata.namespace, 'shop');
    assert.deepStrictEqual(mtp.spec, { targetRef: { kind: 'Mesh' }, from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Deny' } }] });
    assert.match(c.file.output, /Kuma allows every caller by default/);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('→ Consul: a "*" deny intention for every service', () => {
    const c = convertPolicies(ISTIO_DENY_ALL, 'consul');
    const [si] = ofKind(c, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec, { destination: { name: '*' }, sources: [{ name: '*', action: 'deny' }] });
    assert.deepStrictEqual(c.invalid, []);
  });

  it('→ Linkerd: asks for the namespace\'s deny default inbound policy', () => {
    const c = convertPolicies(ISTIO_DENY_ALL, 'linkerd');
    assert.deepStrictEqual(c.file.needs.map(n => n.what), ['the annotation config.linkerd.io/default-inbound-policy: deny on namespace shop (then restart its pods) to deny every call that is not authorized']);
  });

  it('→ Gateway API: dropped with the reason', () => {
    const c = convertPolicies(ISTIO_DENY_ALL, 'gateway-api');
    assert.deepStrictEqual(c.file.dropped.map(d => d.reason), ['Gateway API has no authorization policy; keep the mesh\'s own authorization resources next to the routes.']);
    assert.deepStrictEqual(c.file.resources, []);
  });

  it('Kuma Deny from the whole mesh and Consul "*" deny → Istio deny-all', () => {
    const kuma = `apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: deny-all
  namespace: shop
spec:
  targetRef:
    kind: Mesh
  from:
  - targetRef:
      kind: Mesh
    default:
      action: Deny
`;
    const k = convertPolicies(kuma, 'istio');
    assert.deepStrictEqual(ofKind(k, 'AuthorizationPolicy')[0].spec, {});
    assert.strictEqual(ofKind(k, 'AuthorizationPolicy')[0].metadata.namespace, 'shop');
    const consul = `apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceIntentions
metadata:
  name: deny-all
spec:
  destination:
    name: "*"
  sources:
  - name: "*"
    action: deny
`;
    const c = convertPolicies(consul, 'istio');
    const [ap] = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(ap.spec, {});
    assert.strictEqual(ap.metadata.namespace, 'istio-system');
    assert.ok(c.file.needs.some(n => n.what.startsWith('the Istio root namespace')));
  });

  it('a deny-all in Istio\'s root namespace is mesh-wide: Kuma denies from the control plane\'s namespace, Linkerd says the install value', () => {
    const mesh = ISTIO_DENY_ALL.replace('namespace: shop', 'namespace: istio-system');
    const k = convertPolicies(mesh, 'kuma');
    const [mtp] = ofKind(k, 'MeshTrafficPermission');
    assert.strictEqual(mtp.metadata.namespace, 'kuma-system');
    assert.deepStrictEqual(k.file.needs.map(n => n.what), [
      'confirmation that istio-system is the Istio root namespace (meshConfig.rootNamespace): this policy is converted as one for the whole mesh',
      'the namespace of the Kuma control plane in metadata.namespace (kuma-system unless Kuma was installed elsewhere): a policy there applies to the whole mesh',
    ]);
    const l = convertPolicies(mesh, 'linkerd');
    assert.match(l.file.dropped[0].reason, /install or upgrade Linkerd with proxy\.defaultInboundPolicy=deny/);
    const i = convertPolicies(mesh, 'istio');
    assert.deepStrictEqual([i.file.output, i.file.needs], ['', []]);
  });

  it('an ALLOW policy keeps denying everyone else in Consul with a "*" deny', () => {
    const c = convertPolicies(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: reviews
  namespace: shop
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: reviews
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/web"]
`, 'consul');
    const [si] = ofKind(c, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec, { destination: { name: 'reviews' }, sources: [{ name: 'web', action: 'allow' }, { name: '*', action: 'deny' }] });
  });
});
