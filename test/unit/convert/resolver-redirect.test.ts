// A Consul ServiceResolver redirect (every request and connection for a service goes to another
// service) becomes, in each target, a route of that service with the one backend: for TCP as well as
// HTTP where the target routes them apart. A port the target requires is asked for, never invented;
// a redirect to another datacenter, peer or partition is converted only to Consul.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';

const REDIRECT = `apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceResolver
metadata:
  name: web
  namespace: shop
spec:
  redirect:
    service: web-v2
`;

const REMOTE = `apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceResolver
metadata:
  name: web
  namespace: shop
spec:
  redirect:
    service: web
    datacenter: dc2
`;

const SERVICE_PARENT = [{ group: '', kind: 'Service', name: 'web' }];
const PORT_NEED = [{ what: 'the port of Service web-v2', line: 7 }];

describe('convert: Consul ServiceResolver redirect', function () {
  this.timeout(20_000);

  it('→ Istio: a VirtualService of the service with the other service as its one destination, for HTTP and TCP', () => {
    const c = convertPolicies(REDIRECT, 'istio');
    const [vs] = ofKind(c, 'VirtualService');
    assert.deepStrictEqual(vs.spec, {
      hosts: ['web'],
      http: [{ route: [{ destination: { host: 'web-v2' }, weight: 100 }], retries: { attempts: 0 } }],
      tcp: [{ route: [{ destination: { host: 'web-v2' }, weight: 100 }] }],
    });
    assert.match(c.file.output, /# A VirtualService rather than an HTTPRoute: it sends TCP connections to the other service as well as HTTP requests\./);
    assert.deepStrictEqual([c.file.dropped, c.invalid], [[], []]);
  });

  it('→ Gateway API: an HTTPRoute and a TCPRoute of the Service, the backend port asked for', () => {
    const c = convertPolicies(REDIRECT, 'gateway-api');
    const spec = { parentRefs: SERVICE_PARENT, rules: [{ backendRefs: [{ name: 'web-v2', weight: 100 }] }] };
    assert.deepStrictEqual(c.docs.map(d => [d.kind, (d.metadata as { name: string }).name, d.spec]), [['HTTPRoute', 'web', spec], ['TCPRoute', 'web', spec]]);
    assert.match(c.file.output, /# mesh-lens: set the port of Service web-v2\n {4}- name: web-v2\n {6}weight: 100\n/);
    assert.deepStrictEqual([c.file.needs, c.file.dropped], [PORT_NEED, []]);
    assert.match(c.file.output, /# The source sent all traffic for web to web-v2, whatever its protocol: this route takes the traffic that is not HTTP\.\napiVersion: gateway\.networking\.k8s\.io\/v1\nkind: TCPRoute\n/);
  });

  it('→ Linkerd: an HTTPRoute and a TCPRoute of the Service', () => {
    const c = convertPolicies(REDIRECT, 'linkerd');
    assert.deepStrictEqual(c.docs.map(d => `${d.apiVersion} ${d.kind}`), ['gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1alpha2 TCPRoute']);
    assert.deepStrictEqual([c.file.needs, c.file.dropped], [PORT_NEED, []]);
  });

  it('→ Kuma: a MeshHTTPRoute and a MeshTCPRoute to the other MeshService (the HTTP route takes HTTP traffic)', () => {
    const c = convertPolicies(REDIRECT, 'kuma');
    const to = { kind: 'MeshService', name: 'web', namespace: 'shop' };
    const backendRefs = [{ kind: 'MeshService', name: 'web-v2', weight: 100 }];
    assert.deepStrictEqual(ofKind(c, 'MeshHTTPRoute')[0].spec, { targetRef: { kind: 'Mesh' }, to: [{ targetRef: to, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], default: { backendRefs } }] }] });
    assert.deepStrictEqual(ofKind(c, 'MeshTCPRoute')[0].spec, { targetRef: { kind: 'Mesh' }, to: [{ targetRef: to, rules: [{ default: { backendRefs } }] }] });
    assert.match(c.file.output, /# The source sent all traffic for web to web-v2, whatever its protocol: this route takes the traffic that is not HTTP\. Kuma gives the MeshHTTPRoute priority for HTTP traffic\.\napiVersion: kuma\.io\/v1alpha1\nkind: MeshTCPRoute\n/);
    assert.deepStrictEqual([c.file.dropped, c.invalid], [[], []]);
  });

  it('→ Consul: the ServiceResolver redirect as it was, with no L7 protocol asked of the service', () => {
    const c = convertPolicies(REDIRECT, 'consul');
    assert.deepStrictEqual(c.docs, [{ apiVersion: 'consul.hashicorp.com/v1alpha1', kind: 'ServiceResolver', metadata: { name: 'web', namespace: 'shop' }, spec: { redirect: { service: 'web-v2' } } }]);
    assert.deepStrictEqual([c.file.dropped, c.file.needs], [[], []]);
  });

  it('a redirect to another datacenter: kept for Consul, dropped with the reason elsewhere', () => {
    const consul = convertPolicies(REMOTE, 'consul');
    assert.deepStrictEqual(ofKind(consul, 'ServiceResolver')[0].spec, { redirect: { datacenter: 'dc2' } });
    const istio = convertPolicies(REMOTE, 'istio');
    assert.deepStrictEqual(istio.docs, []);
    assert.deepStrictEqual(istio.file.dropped.map(d => [d.field, d.reason]), [['spec.redirect', 'The redirect names where Consul looks the service up (redirect.datacenter), which only Consul can say; routing to a Service of that name in this cluster would send the traffic elsewhere, so it is not converted.']]);
  });
});
