// Istio manifests converted to Istio: what an HTTPRoute or a Gateway API Gateway cannot carry (a route on
// ServiceEntry hosts or on no host, exportTo, an AUTO_PASSTHROUGH server) is written back as Istio's own
// kinds. The other targets keep dropping those, each with its reason.
import * as assert from 'node:assert';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import * as yaml from 'js-yaml';
import type { ConvertTarget, ConvertTargetId } from '../../../src/core/convert/model';
import { writtenDocuments } from './policyHarness';

const convert = (text: string, target: ConvertTarget) => convertFiles([{ path: 'in.yaml', text }], target, catalogView())[0];

const EGRESS_ROUTE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: rewrite-port-for-googleapis
spec:
  hosts:
  - www.googleapis.com
  exportTo:
  - "."
  http:
  - match:
    - port: 80
    route:
    - destination:
        host: www.googleapis.com
        port:
          number: 443
`;

const CROSS_NETWORK = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: cross-network-gateway
spec:
  selector:
    istio: eastwestgateway
  servers:
    - port:
        number: 15443
        name: tls
        protocol: TLS
      tls:
        mode: AUTO_PASSTHROUGH
      hosts:
        - "*.local"
`;

describe('convert → Istio: what only Istio\'s own kinds say is written back', function () {
  this.timeout(30_000); // the first validation reads every vendored CRD

  it('writes a route on ServiceEntry hosts as a VirtualService on those hosts, with its exportTo', () => {
    const file = convert(EGRESS_ROUTE, { id: 'istio' });
    assert.strictEqual(file.output, `# mesh-lens: converted from VirtualService rewrite-port-for-googleapis (line 2)
# A VirtualService rather than an HTTPRoute: it attaches to hosts that are not Services of the cluster, which only a VirtualService can.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: rewrite-port-for-googleapis
spec:
  hosts:
  - www.googleapis.com
  exportTo:
  - .
  http:
  - match:
    - port: 80
    route:
    - destination:
        host: www.googleapis.com
        port:
          number: 443
`);
    assert.deepStrictEqual(file.dropped, []);
    assert.deepStrictEqual(writtenDocuments(file).invalid, []);
  });

  it('a mesh route on a Service and a ServiceEntry host stays one VirtualService on both', () => {
    const file = convert(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
  - reviews.example.com
  http:
  - route:
    - destination:
        host: reviews
`, { id: 'istio' });
    assert.strictEqual(file.output, `# mesh-lens: converted from VirtualService reviews (line 2)
# A VirtualService rather than an HTTPRoute: it attaches to hosts that are not Services of the cluster, which only a VirtualService can.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
  - reviews.example.com
  http:
  - route:
    - destination:
        host: reviews
`);
    assert.deepStrictEqual(writtenDocuments(file).invalid, []);
  });

  it('a route bound to a Gateway becomes an HTTPRoute, which cannot say exportTo: dropped with its reason', () => {
    const file = convert(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
spec:
  hosts:
  - shop.example.com
  gateways:
  - public
  exportTo:
  - "."
  http:
  - route:
    - destination:
        host: shop
        port:
          number: 80
`, { id: 'istio' });
    assert.deepStrictEqual(file.resources.map(r => r.kind), ['HTTPRoute']);
    assert.deepStrictEqual(file.dropped.map(d => [d.field, d.reason]), [
      ['spec.exportTo', 'Limiting which namespaces see this route has no equivalent; the converted route applies to callers in every namespace.'],
    ]);
    assert.match(file.output, /^# mesh-lens: not converted: spec\.exportTo — Limiting which namespaces/m);
  });

  it('writes a VirtualService without hosts (one another VirtualService delegates to) as it was', () => {
    const file = convert(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-mirror
  namespace: default
spec:
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
    mirror:
      host: reviews
      subset: v1
`, { id: 'istio' });
    assert.strictEqual(file.output, `# mesh-lens: converted from VirtualService reviews-mirror (line 2)
# A VirtualService rather than an HTTPRoute: it names no host, so it takes traffic only where another VirtualService delegates to it.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-mirror
  namespace: default
spec:
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
    mirrors:
    - destination:
        host: reviews
        subset: v1
`);
    assert.deepStrictEqual(file.dropped, []);
    assert.deepStrictEqual(writtenDocuments(file).invalid, []);
  });

  it('writes a TLS route on an external host as a VirtualService tls section', () => {
    const file = convert(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cnn
spec:
  hosts:
  - edition.cnn.com
  tls:
  - match:
    - port: 443
      sniHosts:
      - edition.cnn.com
    route:
    - destination:
        host: edition.cnn.com
        port:
          number: 443
`, { id: 'istio' });
    assert.strictEqual(file.output, `# mesh-lens: converted from VirtualService cnn (line 2)
# A VirtualService rather than a TLSRoute: it attaches to hosts that are not Services of the cluster, which only a VirtualService can.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cnn
spec:
  hosts:
  - edition.cnn.com
  tls:
  - match:
    - sniHosts:
      - edition.cnn.com
      port: 443
    route:
    - destination:
        host: edition.cnn.com
        port:
          number: 443
`);
    assert.deepStrictEqual(writtenDocuments(file).invalid, []);
  });

  it('writes an AUTO_PASSTHROUGH server as an Istio Gateway server, as it was', () => {
    const file = convert(CROSS_NETWORK, { id: 'istio' });
    assert.strictEqual(file.output, `# mesh-lens: converted from Gateway cross-network-gateway (line 2)
# An Istio Gateway for the servers that carry Istio's own mesh traffic between clusters (AUTO_PASSTHROUGH), which a Gateway API Gateway cannot say; it stays on the gateway pods the source selected.
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: cross-network-gateway
spec:
  selector:
    istio: eastwestgateway
  servers:
  - port:
      number: 15443
      name: tls
      protocol: TLS
    tls:
      mode: AUTO_PASSTHROUGH
    hosts:
    - "*.local"
`);
    assert.deepStrictEqual([file.dropped, file.resources.map(r => `${r.apiVersion} ${r.kind}`)], [[], ['networking.istio.io/v1 Gateway']]);
    assert.deepStrictEqual(writtenDocuments(file).invalid, []);
  });

  it('a Gateway with HTTP and AUTO_PASSTHROUGH servers: a Gateway API Gateway for the routes, an Istio Gateway for the mesh server', () => {
    const file = convert(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: edge
spec:
  selector:
    istio: eastwestgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - shop.example.com
  - port:
      number: 15443
      name: tls
      protocol: TLS
    tls:
      mode: AUTO_PASSTHROUGH
    hosts:
    - "*.local"
`, { id: 'istio' });
    assert.strictEqual(file.output, `# mesh-lens: converted from Gateway edge (line 2)
# The source picked its gateway pods by labels (istio=eastwestgateway); a Gateway API Gateway gets its own from its GatewayClass.
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: edge
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    hostname: shop.example.com
    allowedRoutes:
      namespaces:
        from: All
---
# An Istio Gateway for the servers that carry Istio's own mesh traffic between clusters (AUTO_PASSTHROUGH), which a Gateway API Gateway cannot say; it stays on the gateway pods the source selected.
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: edge
spec:
  selector:
    istio: eastwestgateway
  servers:
  - port:
      number: 15443
      name: tls
      protocol: TLS
    tls:
      mode: AUTO_PASSTHROUGH
    hosts:
    - "*.local"
`);
    assert.deepStrictEqual(file.dropped, []);
    assert.deepStrictEqual(writtenDocuments(file).invalid, []);
  });

  // Kuma routes to an external host through the MeshExternalService a ServiceEntry of the input becomes,
  // and Consul's destinations take no route: each says so (external-routes.test.ts has the rest).
  const HOST_REASON: Record<string, string> = {
    'gateway-api': 'www.googleapis.com is not a Service of the cluster, so a mesh route cannot attach to it.',
    linkerd: 'www.googleapis.com is not a Service of the cluster, so a mesh route cannot attach to it.',
    kuma: 'www.googleapis.com is not a Service of the cluster, and no ServiceEntry of the input declares it, so there is no MeshExternalService for a Kuma route to apply to; convert them together.',
    consul: 'Consul sends calls to a host outside the cluster (a ServiceDefaults destination) through its terminating gateway with one catch-all route that no ServiceRouter or ServiceSplitter applies to, so this route for it cannot be written.',
  };
  for (const target of ['gateway-api', 'linkerd', 'kuma', 'consul'] as ConvertTargetId[]) {
    it(`→ ${target}: the mesh hosts, exportTo and AUTO_PASSTHROUGH server are dropped, each with its reason`, () => {
      const route = convert(EGRESS_ROUTE, { id: target });
      assert.deepStrictEqual(route.dropped.filter(d => d.field.startsWith('spec.hosts') || d.field === 'spec.exportTo').map(d => [d.field, d.reason]), [
        ['spec.hosts[0]', HOST_REASON[target]],
        ['spec.exportTo', 'Limiting which namespaces see this route has no equivalent; the converted route applies to callers in every namespace.'],
      ]);
      assert.ok(!route.resources.some(r => r.kind === 'VirtualService'));
      const gateway = convert(CROSS_NETWORK, { id: target });
      assert.deepStrictEqual(gateway.dropped.map(d => [d.field, d.reason]), [
        ['spec.servers[0]', 'A server with TLS mode AUTO_PASSTHROUGH carries Istio\'s own mesh traffic between clusters and has no equivalent.'],
      ]);
      assert.ok(!(yaml.loadAll(gateway.output) as { apiVersion?: string }[]).some(d => d?.apiVersion?.startsWith('networking.istio.io/')));
    });
  }
});
