// Istio manifests converted to Istio lose nothing Istio can say: the kinds Istio has no other API for
// stay exactly as written (AuthorizationPolicy, PeerAuthentication, RequestAuthentication, ServiceEntry,
// DestinationRule), and so do a Gateway or a mesh VirtualService the model cannot hold whole. The other
// targets still read them through the model and say what they leave out.
import * as assert from 'node:assert';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertTarget } from '../../../src/core/convert/model';
import { writtenDocuments } from './policyHarness';

const convert = (text: string, target: ConvertTarget) => convertFiles([{ path: 'in.yaml', text }], target, catalogView())[0];

const SECURITY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: httpbin
  namespace: foo
spec:
  selector:
    matchLabels:
      app: httpbin
  rules:
  - from:
    - source:
        requestPrincipals: ["testing@secure.istio.io/testing@secure.istio.io"]
    when:
    - key: request.auth.claims[iss]
      values: ["testing@secure.istio.io"]
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: foo
spec:
  jwtRules:
  - issuer: testing@secure.istio.io
    jwksUri: https://example.com/jwks.json
    fromHeaders:
    - name: x-jwt
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: other
  namespace: other
spec:
  exportTo:
  - "."
  hosts:
  - other.bookinfo.com
`;

const DESTINATION_RULES = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: originate-tls-for-googleapis
spec:
  host: www.googleapis.com
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
    portLevelSettings:
    - port:
        number: 443
      tls:
        mode: SIMPLE
`;

describe('convert → Istio: Istio\'s own kinds stay as written', function () {
  this.timeout(30_000); // the first validation reads every vendored CRD

  it('keeps AuthorizationPolicy (claims conditions, requestPrincipals), RequestAuthentication, PeerAuthentication and ServiceEntry (exportTo) exactly as written', () => {
    const file = convert(SECURITY, { id: 'istio' });
    assert.deepStrictEqual([file.output, file.resources, file.dropped, file.needs], ['', [], [], []]);
    assert.deepStrictEqual(file.carried.map(c => [c.feature, c.field]), [
      ['workload_to_workload_authorization', 'spec.rules'],
      ['end_user_to_workload_authorization', 'spec.rules[0].from[0].source.requestPrincipals'],
      ['end_user_to_workload_authorization', 'spec.rules[0].when[0].key'],
      ['request_authentication', 'spec.jwtRules'],
      ['peer_authentication', 'spec.mtls'],
      ['multi_tenancy', 'spec.exportTo'],
      ['egress_gateway', 'spec.hosts'],
    ]);
  });

  it('other targets still read them through the model and say what they leave out', () => {
    const file = convert(SECURITY, { id: 'kuma' });
    assert.deepStrictEqual(file.dropped.filter(d => d.field.startsWith('spec.rules') || d.field === 'spec.exportTo').map(d => [d.field, d.reason]), [
      ['spec.rules[0].from[0].source.requestPrincipals', 'Requiring a JWT principal cannot be converted, so this rule is left out: the converted policy allows less than the original, never more.'],
      ['spec.rules[0].when[0]', 'The condition on request.auth.claims[iss] cannot be converted, so this rule is left out: the converted policy allows less than the original, never more.'],
      ['spec.exportTo', 'Limiting which namespaces see this destination is not converted; it is visible to every namespace.'],
    ]);
  });

  it('keeps DestinationRules as written: TLS origination, ISTIO_MUTUAL and per-port settings', () => {
    const file = convert(DESTINATION_RULES, { id: 'istio' });
    assert.deepStrictEqual([file.output, file.dropped], ['', []]);
    assert.deepStrictEqual(file.carried.map(c => [c.feature, c.field]), [
      ['mtls', 'spec.trafficPolicy.tls'],
      ['load_balancing_options', 'spec.trafficPolicy.loadBalancer.simple'],
      ['mtls', 'spec.trafficPolicy.portLevelSettings[0].tls'],
    ]);
  });

  it('keeps a kept kind as written for an older target version too, and says which field that version lacks', () => {
    const budget = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
spec:
  host: ratings
  trafficPolicy:
    retryBudget:
      percent: 25
`;
    assert.strictEqual(convert(budget, { id: 'istio', version: '1.27' }).output, '');
    const old = convert(budget, { id: 'istio', version: '1.26' });
    assert.strictEqual(old.output, `# mesh-lens: not converted: spec.trafficPolicy.retryBudget — Istio has this from version 1.27 on; the resource is kept as written, so remove this field before applying it to Istio 1.26.
${budget}`);
    assert.deepStrictEqual(old.dropped, [{
      feature: 'retry_budget', field: 'spec.trafficPolicy.retryBudget', line: 8,
      reason: 'Istio has this from version 1.27 on; the resource is kept as written, so remove this field before applying it to Istio 1.26.',
    }]);
  });

  it('a route to a subset of a kept DestinationRule, bound to a Gateway, goes to a Service of its own for that subset', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: reviews
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews.example.com
  gateways:
  - public
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
---
${DESTINATION_RULES.split('---\n')[0]}`;
    const file = convert(text, { id: 'istio' });
    assert.deepStrictEqual(file.needs, []);
    assert.strictEqual(file.output.split('---\n')[1], `# mesh-lens: converted from VirtualService reviews (line 13)
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
spec:
  parentRefs:
  - name: public
  hostnames:
  - reviews.example.com
  rules:
  - backendRefs:
    - name: reviews-v1
      port: 9080
`);
    assert.strictEqual(file.output.split('---\n')[2], `# generated by mesh-lens: a Service per subset, because Istio's Gateway API support routes only to Services (Service reviews, subset v1)
apiVersion: v1
kind: Service
metadata:
  name: reviews-v1
spec:
  selector:
    app: reviews
    version: v1
  ports:
  - name: http
    port: 9080
`);
    assert.deepStrictEqual(writtenDocuments(file).invalid, []);
  });

  it('keeps a mesh VirtualService as written when the model cannot hold all of it; one bound to a Gateway is converted and says what it loses', () => {
    const vs = (gateways: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
${gateways}  http:
  - match:
    - sourceLabels:
        app: productpage
    route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviews
        subset: v1
`;
    const mesh = convert(vs(''), { id: 'istio' });
    assert.deepStrictEqual([mesh.output, mesh.resources, mesh.dropped], ['', [], []]);
    assert.deepStrictEqual(mesh.carried.map(c => c.field), ['spec.http[0].match']);
    const bound = convert(vs('  gateways:\n  - public\n'), { id: 'istio' });
    assert.deepStrictEqual(bound.resources.map(r => r.kind), ['HTTPRoute']);
    assert.deepStrictEqual(bound.dropped.find(d => d.field === 'spec.http[0].match[0].sourceLabels')?.reason,
      'Matching on the labels of the calling workload cannot be expressed in the target, so this rule would also take requests that do not meet this condition.');
  });

  it('a Gateway the model cannot hold whole stays as written, and so do the VirtualServices bound to it, in any file of the run', () => {
    const gateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: shop
  namespace: edge
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - shop.example.com
    tls:
      mode: MUTUAL
      credentialName: shop-cert
`;
    const route = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: web
spec:
  hosts:
  - shop.example.com
  gateways:
  - edge/shop
  http:
  - route:
    - destination:
        host: shop
        port:
          number: 80
`;
    const files = convertFiles([{ path: 'gateway.yaml', text: gateway }, { path: 'route.yaml', text: route }], { id: 'istio' }, catalogView());
    assert.deepStrictEqual(files.map(f => [f.output, f.resources, f.dropped]), [['', [], []], ['', [], []]]);
    const alone = convert(route, { id: 'istio' });
    assert.deepStrictEqual(alone.resources.map(r => r.kind), ['HTTPRoute']);
    const kuma = convert(gateway, { id: 'kuma' });
    assert.deepStrictEqual(kuma.dropped.map(d => d.field), ['spec.servers[0].tls.mode']);
  });
});
