import * as assert from 'node:assert';
import { gatewayApiReader } from '../../../src/core/convert/readers/gatewayApi';
import { inputFixture, readEach, readOne, withoutOrigins } from './readerHarness';
import type { ReadResult } from './readerHarness';

function only(result: ReadResult) {
  assert.deepStrictEqual(result.unused, [], 'every spec field is carried or dropped with a reason');
  return result.fragment!;
}

const route = (kind: string, spec: string, meta = '') => `apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata:
  name: r
${meta}spec:
${spec}`;

describe('convert: Gateway API reader', () => {
  describe('bookinfo.yaml (Gateway + HTTPRoute)', () => {
    const [gateway, httpRoute] = readEach(inputFixture('gateway-api', 'bookinfo.yaml'), gatewayApiReader);

    it('reads the class and listeners, a one-namespace selector as that namespace', () => {
      const g = only(gateway).gateways[0];
      assert.deepStrictEqual(withoutOrigins(g), {
        name: 'bookinfo-gateway', namespace: 'bookinfo', className: 'istio',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { from: 'Same' } },
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'bookinfo.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'bookinfo-cert' }] }, allowedRoutes: { from: 'Selector', namespace: 'shop' } },
        ],
      });
      assert.deepStrictEqual([gateway.dropped, gateway.needs], [[], []]);
    });

    it('reads an unordered route: parents, hostnames, matches, backends (weight 1 by default), timeouts', () => {
      const r = only(httpRoute).routes[0];
      assert.deepStrictEqual(withoutOrigins({ ...r, rules: [] }), {
        protocol: 'http', name: 'bookinfo', namespace: 'bookinfo', parents: [{ kind: 'Gateway', name: 'bookinfo-gateway' }],
        hostnames: ['bookinfo.example.com'], rules: [], ordered: false,
      });
      assert.strictEqual(r.rules[0].matches.length, 5);
      assert.deepStrictEqual(withoutOrigins(r.rules[0].backends), [{ ref: { name: 'productpage', port: 9080 }, weight: 1 }]);
      assert.deepStrictEqual(withoutOrigins(r.rules[0].timeouts), { request: 10_000, backendRequest: 2000 });
      assert.deepStrictEqual(r.rules[0].origin, { path: 'spec.rules[0]', line: 44 });
    });
  });

  describe('mesh-split.yaml (GAMMA route)', () => {
    const result = readOne(inputFixture('gateway-api', 'mesh-split.yaml'), gatewayApiReader);
    const r = only(result).routes[0];

    it('reads a Service parent with its port', () => {
      assert.deepStrictEqual(withoutOrigins(r.parents), [{ kind: 'Service', name: 'echo', port: 80 }]);
    });

    it('reads header, query and method matches, weights, a cross-namespace backend and the experimental retry', () => {
      assert.deepStrictEqual(withoutOrigins(r.rules[1]), {
        name: 'canary',
        matches: [{
          path: { type: 'PathPrefix', value: '/v2' }, method: { value: 'GET' },
          headers: [{ name: 'x-canary', type: 'Exact', value: 'true' }, { name: 'x-user', type: 'RegularExpression', value: '^tester-.*' }],
          queryParams: [{ name: 'debug', type: 'Exact', value: '1' }],
        }],
        backends: [{ ref: { name: 'echo-v1', port: 80 }, weight: 90 }, { ref: { name: 'echo-v2', namespace: 'canary', port: 80 }, weight: 10 }],
        mirrors: [], retry: { attempts: 2, codes: [502, 503], conditions: [], backoff: { base: 100 } },
      });
      assert.deepStrictEqual(result.dropped, []);
    });
  });

  describe('filters.yaml (every filter)', () => {
    const result = readOne(inputFixture('gateway-api', 'filters.yaml'), gatewayApiReader);
    const r = only(result).routes[0];
    const rule = (name: string) => withoutOrigins(r.rules.find(x => x.name === name)!);

    it('reads a Gateway parent in another namespace with its section', () => {
      assert.deepStrictEqual(withoutOrigins(r.parents), [{ kind: 'Gateway', name: 'edge', namespace: 'infra', sectionName: 'https' }]);
    });

    it('reads header modifiers', () => {
      assert.deepStrictEqual(rule('headers').requestHeaders, { set: { 'x-store': 'eu' }, add: { 'x-trace': 'cart' }, remove: ['x-debug'] });
      assert.deepStrictEqual(rule('headers').responseHeaders, { set: { 'cache-control': 'no-store' }, add: {}, remove: [] });
    });

    it('reads a redirect and a rewrite', () => {
      assert.deepStrictEqual(rule('moved').redirect, { scheme: 'https', hostname: 'shop.example.com', path: { type: 'ReplacePrefixMatch', value: '/store' }, statusCode: 301 });
      assert.deepStrictEqual(rule('moved').backends, []);
      assert.deepStrictEqual(rule('rewrite').rewrite, { hostname: 'catalog.internal', path: { type: 'ReplacePrefixMatch', value: '/' } });
    });

    it('reads mirrors with a percent and with a fraction (as a percentage)', () => {
      assert.deepStrictEqual(rule('shadow').mirrors, [
        { backend: { name: 'search-v2', port: 8080 }, percent: 20 },
        { backend: { name: 'search-audit', port: 8080 }, percent: 0.1 },
      ]);
    });

    it('reads CORS', () => {
      assert.deepStrictEqual(rule('cors').cors, {
        allowOrigins: ['https://www.foo.com', 'https://*.bar.com'], allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['*'],
        exposeHeaders: ['x-header-3', 'x-header-4'], allowCredentials: true, maxAge: 3600,
      });
    });

    it('drops backend filters, session persistence and ExtensionRef with reasons', () => {
      assert.deepStrictEqual(result.dropped, [
        { field: 'spec.rules[0].backendRefs[0].filters', reason: 'Filters on a single backend are not converted; only filters on the whole rule are.' },
        { field: 'spec.rules[3].sessionPersistence', reason: 'Mesh Lens does not convert session persistence yet.' },
        { field: 'spec.rules[5].filters[0]', reason: 'An ExtensionRef filter is specific to one implementation; Mesh Lens cannot carry it to another.' },
      ]);
      assert.deepStrictEqual(rule('extension').backends, [{ ref: { name: 'auth', port: 8080 }, weight: 1 }]);
    });
  });

  describe('grpc.yaml (GRPCRoute)', () => {
    const [, grpcRoute] = readEach(inputFixture('gateway-api', 'grpc.yaml'), gatewayApiReader);

    it('reads method matches (exact and regular expression) with headers', () => {
      const r = only(grpcRoute).routes[0];
      assert.strictEqual(r.protocol, 'grpc');
      assert.deepStrictEqual(withoutOrigins(r.rules[1].matches), [
        { headers: [{ name: 'magic', type: 'Exact', value: 'foo' }], queryParams: [], grpc: { type: 'Exact', service: 'com.example.Things', method: 'DoThing' } },
        { headers: [], queryParams: [], grpc: { type: 'RegularExpression', service: 'com\\.example\\.Things', method: 'List.*' } },
      ]);
      assert.deepStrictEqual(withoutOrigins(r.rules[1].requestHeaders), { set: {}, add: { 'x-routed-by': 'grpc-app-1' }, remove: [] });
      assert.deepStrictEqual(grpcRoute.dropped, []);
    });
  });

  describe('tls-tcp.yaml (TLS and TCP)', () => {
    const [gateway, tlsRoute, tcpRoute, grant] = readEach(inputFixture('gateway-api', 'tls-tcp.yaml'), gatewayApiReader);

    it('reads a passthrough listener and drops the route kinds a listener admits', () => {
      const g = only(gateway).gateways[0];
      assert.deepStrictEqual(withoutOrigins(g.listeners[0]), { name: 'db', port: 8443, protocol: 'TLS', hostname: 'db.example.com', tls: { mode: 'Passthrough', certificateRefs: [] }, allowedRoutes: { from: 'All' } });
      assert.deepStrictEqual(gateway.dropped, [{ field: 'spec.listeners[1].allowedRoutes.kinds', reason: 'Which route kinds a listener admits is not converted; the target admits the kinds that fit its protocol.' }]);
    });

    it('reads TLSRoute (v1alpha2) hostnames and TCPRoute weighted backends', () => {
      const tls = only(tlsRoute).routes[0];
      assert.deepStrictEqual([tls.protocol, tls.hostnames, withoutOrigins(tls.rules[0].backends)], ['tls', ['db.example.com'], [{ ref: { name: 'postgres', port: 5432 }, weight: 1 }]]);
      const tcp = only(tcpRoute).routes[0];
      assert.deepStrictEqual(withoutOrigins(tcp.rules[0].backends), [
        { ref: { name: 'mongo', namespace: 'data', port: 27017 }, weight: 3 },
        { ref: { name: 'mongo-replica', namespace: 'data', port: 27017 }, weight: 1 },
      ]);
    });

    it('a ReferenceGrant models nothing (the writers generate the grants they need) and loses nothing', () => {
      assert.deepStrictEqual(only(grant), { routes: [], gateways: [], subsets: [], servicePolicies: [] });
      assert.deepStrictEqual(grant.dropped, []);
    });
  });

  describe('edge cases', () => {
    it('drops a parent or backend that is neither a Gateway nor a Service', () => {
      const r = readOne(route('HTTPRoute', `  parentRefs:
  - {group: networking.x-k8s.io, kind: Mesh, name: m}
  - {name: g}
  rules:
  - backendRefs:
    - {group: multicluster.x-k8s.io, kind: ServiceImport, name: remote, port: 80}
    - {name: local, port: 80}
`), gatewayApiReader);
      const model = only(r).routes[0];
      assert.deepStrictEqual(withoutOrigins(model.parents), [{ kind: 'Gateway', name: 'g' }]);
      assert.deepStrictEqual(withoutOrigins(model.rules[0].backends), [{ ref: { name: 'local', port: 80 }, weight: 1 }]);
      assert.deepStrictEqual(r.dropped, [
        { field: 'spec.parentRefs[0]', reason: 'Mesh Lens converts routes attached to a Gateway or a Service, not to a Mesh.' },
        { field: 'spec.rules[0].backendRefs[0]', reason: 'Mesh Lens converts backends that are Services, not a ServiceImport; the traffic sent to it is not routed in the conversion.' },
      ]);
    });

    it('a path match without a type is a PathPrefix; a header without a type is Exact', () => {
      const r = readOne(route('HTTPRoute', `  rules:
  - matches:
    - path: {value: /a}
      headers: [{name: x, value: "1"}]
`), gatewayApiReader);
      assert.deepStrictEqual(withoutOrigins(only(r).routes[0].rules[0].matches), [{ path: { type: 'PathPrefix', value: '/a' }, headers: [{ name: 'x', type: 'Exact', value: '1' }], queryParams: [] }]);
    });

    it('drops a UDP listener and a selector that is not one namespace (routes then come from the same namespace)', () => {
      const r = readOne(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g}
spec:
  gatewayClassName: c
  listeners:
  - {name: dns, port: 53, protocol: UDP}
  - name: web
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Selector
        selector: {matchLabels: {team: web}}
`, gatewayApiReader);
      assert.deepStrictEqual(withoutOrigins(only(r).gateways[0].listeners), [{ name: 'web', port: 80, protocol: 'HTTP', allowedRoutes: { from: 'Same' } }]);
      assert.deepStrictEqual(r.dropped, [
        { field: 'spec.listeners[0]', reason: 'Mesh Lens converts HTTP, HTTPS, TLS and TCP listeners, not UDP.' },
        { field: 'spec.listeners[1].allowedRoutes.namespaces.selector', reason: 'Only a namespace selector on kubernetes.io/metadata.name is converted; routes are admitted from the Gateway\'s own namespace instead.' },
      ]);
    });

    it('reads Linkerd retry and timeout annotations on a Gateway API route; they win over the rule\'s own values', () => {
      const r = readOne(route('HTTPRoute', `  parentRefs: [{group: "", kind: Service, name: web, port: 80}]
  rules:
  - backendRefs: [{name: web, port: 80}]
    timeouts: {request: 5s}
`, `  annotations:
    retry.linkerd.io/http: "503"
    timeout.linkerd.io/request: 2s
`), gatewayApiReader);
      const rule = only(r).routes[0].rules[0];
      assert.deepStrictEqual(withoutOrigins(rule.retry), { conditions: [], codes: [503], attempts: 1 });
      assert.deepStrictEqual(withoutOrigins(rule.timeouts), { request: 2000 });
      assert.deepStrictEqual(rule.timeouts!.origin, { path: 'metadata.annotations["timeout.linkerd.io/request"]', line: 7 });
      assert.deepStrictEqual(r.dropped, [{
        field: 'spec.rules[0].timeouts.request',
        reason: 'The timeout.linkerd.io/request annotation of this route takes precedence over this value in Linkerd, so the annotation\'s value is converted instead.',
      }]);
    });
  });
});
