// Caller identities across meshes: a service account in a namespace is the unit every mesh can name;
// trust domains and zones are not in a manifest, so a conversion that needs one asks for it.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';
import { inputFixture } from './readerHarness';

const ISTIO_ALLOW = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ratings-allow
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: ratings
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/frontend"]
`;

describe('convert policies: identities', function () {
  this.timeout(20_000);

  it('Istio principal → Linkerd identityRefs, with no trust domain needed', () => {
    const c = convertPolicies(ISTIO_ALLOW, 'linkerd');
    const [auth] = ofKind(c, 'MeshTLSAuthentication');
    assert.deepStrictEqual(auth.spec.identityRefs, [{ kind: 'ServiceAccount', name: 'frontend', namespace: 'shop' }]);
    assert.ok(!c.file.needs.some(n => /trust domain|zone/.test(n.what)), JSON.stringify(c.file.needs));
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Istio principal → Kuma SPIFFE ID, asking for the zone', () => {
    const c = convertPolicies(ISTIO_ALLOW, 'kuma');
    const [mtp] = ofKind(c, 'MeshTrafficPermission');
    assert.deepStrictEqual(mtp.spec.rules, [{ default: { allow: [{ spiffeID: { type: 'Exact', value: 'spiffe://default.<zone>.mesh.local/ns/shop/sa/frontend' } }] } }]);
    assert.ok(c.file.needs.some(n => n.what.startsWith('the zone name in the SPIFFE IDs')), JSON.stringify(c.file.needs));
    assert.match(c.file.output, /# mesh-lens: set the zone name in the SPIFFE IDs/);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Istio principal → Consul source named after the service account', () => {
    const c = convertPolicies(ISTIO_ALLOW, 'consul');
    const [si] = ofKind(c, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec.sources, [{ name: 'frontend', action: 'allow' }, { name: '*', action: 'deny' }]);
    assert.match(c.file.output, /consul-k8s registers a pod under its service account's name/);
  });

  it('Istio → Istio keeps the policy as written, with the trust domain of its principals', () => {
    const c = convertPolicies(ISTIO_ALLOW.replace('cluster.local/', 'corp.example/'), 'istio');
    assert.strictEqual(c.file.output, '');
    assert.deepStrictEqual(c.file.needs, []);
  });

  it('a namespace source → every service account of that namespace', () => {
    const c = convertPolicies(ISTIO_ALLOW.replace('principals: ["cluster.local/ns/shop/sa/frontend"]', 'namespaces: ["monitoring"]'), 'linkerd');
    const [auth] = ofKind(c, 'MeshTLSAuthentication');
    assert.deepStrictEqual(auth.spec.identityRefs, [{ kind: 'ServiceAccount', namespace: 'monitoring' }]);
  });

  it('Kuma SPIFFE ID → Istio principal in cluster.local, asking for the trust domain', () => {
    const kuma = `apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: backend
  namespace: demo
spec:
  targetRef:
    kind: Dataplane
    labels:
      app: backend
  rules:
  - default:
      allow:
      - spiffeID:
          type: Exact
          value: spiffe://default.zone-1.mesh.local/ns/demo/sa/web
`;
    const c = convertPolicies(kuma, 'istio');
    const [ap] = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(ap.spec.selector, { matchLabels: { app: 'backend' } });
    assert.deepStrictEqual(ap.spec.rules, [{ from: [{ source: { principals: ['cluster.local/ns/demo/sa/web'] } }] }]);
    assert.ok(c.file.needs.some(n => n.what === 'the trust domain of the Istio mesh in the principals, if it is not cluster.local'));
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Consul service name → an Istio principal of that account in any namespace', () => {
    const consul = `apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceIntentions
metadata:
  name: reviews
spec:
  destination:
    name: reviews
  sources:
  - name: productpage
    action: allow
`;
    const c = convertPolicies(consul, 'istio');
    const [ap] = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(ap.spec.rules, [{ from: [{ source: { principals: ['*/sa/productpage'] } }] }]);
    // Linkerd needs the namespace the Consul name does not carry.
    const l = convertPolicies(consul, 'linkerd');
    assert.ok(l.file.needs.some(n => n.what === 'the namespace of service productpage in identityRefs'));
  });

  it('Linkerd MeshTLSAuthentication + Server → Istio principals on the Server\'s pods and port', () => {
    const linkerd = `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: web-http
  namespace: emojivoto
spec:
  podSelector:
    matchLabels:
      app: web-svc
  port: 8080
---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata:
  name: web-callers
  namespace: emojivoto
spec:
  identityRefs:
  - kind: ServiceAccount
    name: vote-bot
---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata:
  name: web-authn
  namespace: emojivoto
spec:
  targetRef:
    group: policy.linkerd.io
    kind: Server
    name: web-http
  requiredAuthenticationRefs:
  - name: web-callers
    kind: MeshTLSAuthentication
    group: policy.linkerd.io
`;
    const c = convertPolicies(linkerd, 'istio');
    const ap = ofKind(c, 'AuthorizationPolicy').find(d => d.metadata.name === 'web-authn')!;
    assert.deepStrictEqual(ap.spec, {
      selector: { matchLabels: { app: 'web-svc' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/emojivoto/sa/vote-bot'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
    assert.deepStrictEqual(c.invalid, []);
  });

  it('SMI TrafficTarget → Consul: the destination service account names the service, a literal pathRegex is an exact path', () => {
    const smi = inputFixture('policies', 'smi-traffictarget.yaml');
    const c = convertPolicies(smi, 'consul');
    const [si] = ofKind(c, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec, {
      destination: { name: 'service-a' },
      sources: [{ name: 'prometheus', permissions: [{ action: 'allow', http: { pathExact: '/metrics', methods: ['GET'] } }] }, { name: '*', action: 'deny' }],
    });
    assert.deepStrictEqual(c.invalid, []);
  });

  it('SMI TrafficTarget without its HTTPRouteGroup in the input allows nothing, and says why', () => {
    const smi = inputFixture('policies', 'smi-traffictarget.yaml').split('---')[1];
    const c = convertPolicies(smi, 'istio');
    assert.deepStrictEqual(ofKind(c, 'AuthorizationPolicy')[0].spec.rules, undefined);
    assert.deepStrictEqual(c.file.dropped.map(d => d.reason), ['The HTTPRouteGroup "the-routes" is not in the input, so the requests it allows are unknown and left out: convert them together.']);
  });
});
