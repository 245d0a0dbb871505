import * as assert from 'node:assert';
import { istioReader } from '../../../src/core/convert/readers/istio';
import { inputFixture, readEach, readOne, withoutOrigins } from './readerHarness';
import type { ReadResult } from './readerHarness';

function only(result: ReadResult) {
  assert.deepStrictEqual(result.unused, [], 'every spec field is carried or dropped with a reason');
  return result.fragment!;
}

const vs = (spec: string, meta = '  name: r\n  namespace: ns\n') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
${meta}spec:
${spec}`;

describe('convert: Istio reader', () => {
  describe('reviews-canary.yaml (VirtualService + DestinationRule)', () => {
    const [service, virtualService, destinationRule] = readEach(inputFixture('istio', 'reviews-canary.yaml'), istioReader);

    it('leaves plain Services to the pipeline', () => {
      assert.strictEqual(service.fragment, undefined);
    });

    it('reads a mesh route whose parent is the Service, rules in order, subsets and weights kept', () => {
      const fragment = only(virtualService);
      assert.deepStrictEqual(virtualService.dropped, []);
      assert.strictEqual(fragment.routes.length, 1);
      const route = fragment.routes[0];
      assert.deepStrictEqual(withoutOrigins({ ...route, rules: [] }), {
        protocol: 'http', name: 'reviews', namespace: 'bookinfo', parents: [{ kind: 'Service', name: 'reviews' }],
        hostnames: [], rules: [], ordered: true,
      });
      assert.deepStrictEqual(route.from, { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'reviews', namespace: 'bookinfo', line: 20, docIndex: 1 });
      assert.deepStrictEqual(withoutOrigins(route.rules), [
        {
          name: 'jason', matches: [{ headers: [{ name: 'end-user', type: 'Exact', value: 'jason' }], queryParams: [] }],
          backends: [{ ref: { name: 'reviews', subset: 'v2' }, weight: 100 }], mirrors: [],
        },
        {
          name: 'default', matches: [],
          backends: [{ ref: { name: 'reviews', subset: 'v1' }, weight: 90 }, { ref: { name: 'reviews', subset: 'v3' }, weight: 10 }],
          mirrors: [], timeouts: { request: 10_000 },
          retry: { attempts: 3, perTryTimeout: 2000, conditions: ['gateway-error', 'connect-failure'], codes: [503] },
        },
      ]);
      assert.deepStrictEqual(route.rules[1].retry!.origin, { path: 'spec.http[1].retries', line: 49 });
      assert.deepStrictEqual(route.rules[1].backends[1].origin, { path: 'spec.http[1].route[1].weight', line: 47 });
    });

    it('reads subsets with the DestinationRule\'s namespace and its traffic policy as a resilience policy of the host', () => {
      const fragment = only(destinationRule);
      assert.deepStrictEqual(withoutOrigins(fragment.subsets), ['v1', 'v2', 'v3'].map(v => ({ host: 'reviews', namespace: 'bookinfo', name: v, labels: { version: v } })));
      assert.deepStrictEqual(withoutOrigins(fragment.policies), [{
        type: 'resilience', name: 'reviews', namespace: 'bookinfo', service: { name: 'reviews', namespace: 'bookinfo' },
        connectionPool: { maxPendingRequests: { value: 100 } },
      }]);
      assert.deepStrictEqual(destinationRule.dropped, []);
    });
  });

  describe('ratings-http-features.yaml (every HTTP rule action)', () => {
    const result = readOne(inputFixture('istio', 'ratings-http-features.yaml'), istioReader);
    const route = only(result).routes[0];
    const rule = (name: string) => withoutOrigins(route.rules.find(r => r.name === name)!);

    it('attaches to the Service a FQDN host names, in its namespace', () => {
      assert.deepStrictEqual(withoutOrigins(route.parents), [{ kind: 'Service', name: 'ratings', namespace: 'bookinfo' }]);
    });

    it('reads fault delay and abort with their percentages', () => {
      assert.deepStrictEqual(rule('fault-test').fault, { delay: { fixed: 7000, percent: 10 }, abort: { httpStatus: 500, percent: 0.5 } });
    });

    it('reads a mirror with its fractional percentage, and header changes', () => {
      const r = rule('shadow-v2');
      assert.deepStrictEqual(r.mirrors, [{ backend: { name: 'ratings', subset: 'v2' }, percent: 25.5 }]);
      assert.deepStrictEqual(r.requestHeaders, { set: { 'x-shadow': 'true' }, add: { 'x-trace': 'ratings' }, remove: ['x-debug'] });
      assert.deepStrictEqual(r.responseHeaders, { set: { 'cache-control': 'no-store' }, add: {}, remove: [] });
      assert.deepStrictEqual(r.backends, [{ ref: { name: 'ratings', subset: 'v1', port: 9080 }, weight: 100 }]);
    });

    it('reads a redirect (authority → hostname) with no backends', () => {
      const r = rule('moved');
      assert.deepStrictEqual(r.redirect, { path: { type: 'ReplaceFullPath', value: '/ratings' }, hostname: 'ratings.example.com', statusCode: 301 });
      assert.deepStrictEqual(r.backends, []);
    });

    it('reads a rewrite of a prefix match as ReplacePrefixMatch, authority → hostname', () => {
      assert.deepStrictEqual(rule('strip-version').rewrite, { path: { type: 'ReplacePrefixMatch', value: '/' }, hostname: 'ratings-internal' });
    });

    it('reads CORS (max age in seconds) and drops an origin given by prefix', () => {
      assert.deepStrictEqual(rule('browser').cors, {
        allowOrigins: ['https://books.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-user'],
        exposeHeaders: ['x-rating-id'], allowCredentials: true, maxAge: 86_400,
      });
    });

    it('reads a direct response, a timeout and mirrors[]', () => {
      assert.deepStrictEqual(rule('maintenance').directResponse, { status: 503, body: 'Ratings administration is closed for maintenance.' });
      const d = rule('default');
      assert.deepStrictEqual(d.timeouts, { request: 1500 });
      assert.deepStrictEqual(d.mirrors, [{ backend: { name: 'ratings-canary' }, percent: 5 }]);
    });

    it('says what it did not convert, and keeps exportTo for the writers (only Istio can say it)', () => {
      assert.deepStrictEqual(result.dropped, [
        { field: 'spec.http[4].corsPolicy.allowOrigins[1]', reason: 'An allowed origin given by prefix or regular expression is not converted; list the origins exactly.' },
      ]);
      assert.deepStrictEqual(route.exportTo, { namespaces: ['.'], origin: { path: 'spec.exportTo', line: 12 } });
    });
  });

  describe('productpage-matches.yaml (match conditions)', () => {
    const result = readOne(inputFixture('istio', 'productpage-matches.yaml'), istioReader);
    const route = only(result).routes[0];

    it('reads regex paths, header prefix and presence, query, port; a method regex becomes one match per method', () => {
      const base = {
        path: { type: 'RegularExpression', value: '/products/[0-9]+' },
        headers: [{ name: 'x-client', type: 'Prefix', value: 'mobile-' }, { name: 'x-canary', type: 'Present', value: '' }],
        queryParams: [{ name: 'format', type: 'Exact', value: 'json' }], port: { value: 9080 },
      };
      assert.deepStrictEqual(withoutOrigins(route.rules[0].matches), [{ ...base, method: { value: 'GET' } }, { ...base, method: { value: 'HEAD' } }]);
    });

    it('keeps an Istio prefix as written (the writer says what changes), the match marked widened by its dropped conditions', () => {
      assert.deepStrictEqual(withoutOrigins(route.rules[1].matches), [{ path: { type: 'PathPrefix', value: '/api' }, headers: [], queryParams: [], widened: true }]);
    });

    it('never widens silently: each inexpressible condition is dropped on its field, saying the rule takes more', () => {
      const more = 'so this rule would also take requests that do not meet this condition.';
      assert.deepStrictEqual(result.dropped, [
        { field: 'spec.http[1].match[0].withoutHeaders', reason: `A match on headers being absent cannot be expressed in the target, ${more}` },
        { field: 'spec.http[1].match[0].sourceLabels', reason: `Matching on the labels of the calling workload cannot be expressed in the target, ${more}` },
        { field: 'spec.http[1].match[0].ignoreUriCase', reason: `Case-insensitive path matching cannot be expressed in the target, ${more}` },
        { field: 'spec.http[1].match[0].authority', reason: `Matching on the authority (Host) inside a rule cannot be expressed in the target, ${more}` },
      ]);
    });

    it('keeps the rules in their order, the catch-all last', () => {
      assert.deepStrictEqual(route.rules.map(r => r.name ?? '(none)'), ['reads', 'not-internal', '(none)']);
      assert.strictEqual(route.ordered, true);
    });
  });

  describe('bookinfo-gateway.yaml (Gateway and gateway-bound routes)', () => {
    const [gateway, bookinfo, details] = readEach(inputFixture('istio', 'bookinfo-gateway.yaml'), istioReader);

    it('reads one listener per host with the namespaces each admits, and asks for the GatewayClass', () => {
      const g = only(gateway).gateways[0];
      assert.deepStrictEqual(withoutOrigins(g), {
        name: 'bookinfo-gateway', namespace: 'bookinfo', selector: { istio: 'ingressgateway' },
        listeners: [
          { name: 'http', port: 8080, protocol: 'HTTP', allowedRoutes: { from: 'All' } },
          { name: 'https-bookinfo-example-com', port: 443, protocol: 'HTTPS', hostname: 'bookinfo.example.com', allowedRoutes: { from: 'Same' }, tls: { mode: 'Terminate', certificateRefs: [{ name: 'bookinfo-cert' }] } },
          { name: 'https-shop-example-com', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', allowedRoutes: { from: 'Selector', namespace: 'shop' }, tls: { mode: 'Terminate', certificateRefs: [{ name: 'bookinfo-cert' }] } },
        ],
      });
      assert.strictEqual(g.className, undefined);
      // The GatewayClass is asked for once, by the writer of the Gateway.
      assert.deepStrictEqual(gateway.needs, []);
      assert.deepStrictEqual(gateway.dropped, []);
    });

    it('binds a route to its Gateway; host `*` gives no hostname', () => {
      const route = only(bookinfo).routes[0];
      assert.deepStrictEqual(withoutOrigins(route.parents), [{ kind: 'Gateway', name: 'bookinfo-gateway' }]);
      assert.deepStrictEqual(route.hostnames, []);
      assert.deepStrictEqual(withoutOrigins(route.rules[0].matches.map(m => m.path)), [
        { type: 'Exact', value: '/productpage' }, { type: 'PathPrefix', value: '/static' }, { type: 'Exact', value: '/login' },
        { type: 'Exact', value: '/logout' }, { type: 'PathPrefix', value: '/api/v1/products' },
      ]);
      assert.deepStrictEqual(withoutOrigins(route.rules[0].backends), [{ ref: { name: 'productpage', port: 9080 }, weight: 100 }]);
    });

    it('gives a route bound to `ns/gateway` and `mesh` both parents; Service hosts are mesh parents, others hostnames', () => {
      const route = only(details).routes[0];
      assert.deepStrictEqual(withoutOrigins(route.parents), [
        { kind: 'Gateway', namespace: 'istio-system', name: 'shared-gateway' }, { kind: 'Service', name: 'details' },
      ]);
      assert.deepStrictEqual(route.hostnames, ['details.example.com']);
    });
  });

  describe('edge-tls-tcp.yaml (TLS modes, TLS and TCP routes)', () => {
    const [gateway, streams] = readEach(inputFixture('istio', 'edge-tls-tcp.yaml'), istioReader);

    it('maps TLS modes: MUTUAL terminates (client check dropped), PASSTHROUGH is a TLS listener, AUTO_PASSTHROUGH is a mesh server', () => {
      const g = only(gateway).gateways[0];
      assert.deepStrictEqual(withoutOrigins(g.listeners), [
        { name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com', allowedRoutes: { from: 'All' } },
        { name: 'https-shop', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', allowedRoutes: { from: 'All' }, tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-cert' }] } },
        { name: 'tls-db', port: 8443, protocol: 'TLS', hostname: 'db.example.com', allowedRoutes: { from: 'All' }, tls: { mode: 'Passthrough', certificateRefs: [] } },
        { name: 'mongo', port: 27017, protocol: 'TCP', allowedRoutes: { from: 'All' } },
      ]);
      assert.deepStrictEqual(gateway.dropped, [
        { field: 'spec.servers[0].tls.httpsRedirect', reason: 'Redirecting HTTP to HTTPS is not converted; add a route with a RequestRedirect filter to the HTTP listener.' },
        { field: 'spec.servers[1].tls.mode', reason: 'Requiring client certificates is not converted; the listener terminates TLS without checking them.' },
        { field: 'spec.servers[1].tls.minProtocolVersion', reason: 'TLS versions and cipher suites are not converted; the target\'s defaults apply.' },
      ]);
      assert.deepStrictEqual(withoutOrigins(g.meshServers), [
        { port: { number: 15443, name: 'tls-mesh', protocol: 'TLS' }, hosts: ['*.local'], tlsMode: 'AUTO_PASSTHROUGH' },
      ]);
      assert.deepStrictEqual(gateway.unused, []);
    });

    it('reads tls[] and tcp[] as two routes (suffixed names), SNI hosts and ports as matches', () => {
      const routes = only(streams).routes;
      assert.deepStrictEqual(routes.map(r => [r.name, r.protocol, r.hostnames]), [['edge-streams-1', 'tls', ['db.example.com']], ['edge-streams-2', 'tcp', []]]);
      assert.deepStrictEqual(withoutOrigins(routes[0].rules), [{
        matches: [{ headers: [], queryParams: [], sniHosts: ['db.example.com'], port: { value: 8443 } }],
        backends: [{ ref: { name: 'postgres', namespace: 'data', port: 5432 }, weight: 100 }], mirrors: [],
      }]);
      assert.deepStrictEqual(withoutOrigins(routes[1].rules[0].backends), [
        { ref: { name: 'mongo', namespace: 'data', port: 27017 }, weight: 80 },
        { ref: { name: 'mongo-replica', namespace: 'data', port: 27017 }, weight: 20 },
      ]);
      assert.deepStrictEqual(streams.dropped, [{
        field: 'spec.tcp[0].match[0].sourceSubnet',
        reason: 'Matching on the caller\'s IP range cannot be expressed in the target, so this rule would also take connections that do not meet this condition.',
      }]);
    });
  });

  describe('edge cases', () => {
    it('a host outside the cluster is no mesh parent: a named one is kept for the writers that route external hosts, a wildcard as a mesh host only Istio attaches to', () => {
      const r = readOne(vs(`  hosts: [api.example.com, reviews, "*.example.org"]
  http:
  - route:
    - destination: {host: reviews}
`), istioReader);
      assert.deepStrictEqual(withoutOrigins(only(r).routes[0].parents), [{ kind: 'Service', name: 'reviews' }]);
      assert.deepStrictEqual(only(r).routes[0].externalHosts, [{ host: 'api.example.com', origin: { path: 'spec.hosts[0]', line: 7 } }]);
      assert.deepStrictEqual(only(r).routes[0].meshHosts, [{ host: '*.example.org', origin: { path: 'spec.hosts[2]', line: 7 } }]);
      assert.deepStrictEqual([r.dropped, r.unused], [[], []]);
    });

    it('an empty exportTo exports to every namespace, like none', () => {
      const r = readOne(vs(`  hosts: [reviews]
  exportTo: []
  http:
  - route:
    - destination: {host: reviews}
`), istioReader);
      assert.deepStrictEqual([only(r).routes[0].exportTo, r.dropped, r.unused], [undefined, [], []]);
    });

    it('a VirtualService without hosts names no host (another one delegates to it)', () => {
      const r = readOne(vs(`  http:
  - route:
    - destination: {host: reviews}
`), istioReader);
      assert.deepStrictEqual([only(r).routes[0].parents, only(r).routes[0].namesNoHost], [[], true]);
    });

    it('several destinations without weights keep weight 0 (Istio\'s default); the writer guards against all-zero', () => {
      const r = readOne(vs(`  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
    - destination: {host: reviews, subset: v2}
      weight: 100
`), istioReader);
      assert.deepStrictEqual(only(r).routes[0].rules[0].backends.map(b => b.weight), [0, 100]);
    });

    it('a rewrite without a path match replaces the prefix `/`, made explicit as a match', () => {
      const r = readOne(vs(`  hosts: [reviews]
  http:
  - rewrite: {uri: /v2}
    route:
    - destination: {host: reviews}
`), istioReader);
      const rule = only(r).routes[0].rules[0];
      assert.deepStrictEqual(withoutOrigins(rule.matches), [{ headers: [], queryParams: [], path: { type: 'PathPrefix', value: '/' } }]);
      assert.deepStrictEqual(withoutOrigins(rule.rewrite), { path: { type: 'ReplacePrefixMatch', value: '/v2' } });
    });

    it('a rewrite of an exact match replaces the full path; one of mixed matches is dropped', () => {
      const exact = readOne(vs(`  hosts: [reviews]
  http:
  - match: [{uri: {exact: /a}}]
    rewrite: {uri: /b}
    route: [{destination: {host: reviews}}]
`), istioReader);
      assert.deepStrictEqual(withoutOrigins(only(exact).routes[0].rules[0].rewrite), { path: { type: 'ReplaceFullPath', value: '/b' } });
      const mixed = readOne(vs(`  hosts: [reviews]
  http:
  - match: [{uri: {exact: /a}}, {uri: {prefix: /c}}]
    rewrite: {uri: /b, uriRegexRewrite: {match: x, rewrite: y}}
    route: [{destination: {host: reviews}}]
`), istioReader);
      assert.strictEqual(only(mixed).routes[0].rules[0].rewrite, undefined);
      assert.deepStrictEqual(mixed.dropped, [
        { field: 'spec.http[0].rewrite.uri', reason: 'This rewrite replaces a prefix for some matches and the whole path for others; split the rule so each has one kind of path match.' },
        { field: 'spec.http[0].rewrite.uriRegexRewrite', reason: 'A regular-expression rewrite of the path has no equivalent in the target.' },
      ]);
    });

    it('reads the deprecated mirror_percent, a method prefix, retry extras and delegate', () => {
      const r = readOne(vs(`  hosts: [reviews]
  http:
  - match: [{method: {prefix: P}}]
    mirror: {host: reviews-shadow}
    mirror_percent: 30
    retries: {attempts: 2, retryOn: "5xx,unavailable,bogus", retryRemoteLocalities: true, backoff: 250ms}
    route: [{destination: {host: reviews}}]
  - delegate: {name: reviews-v2, namespace: other}
`), istioReader);
      const rules = only(r).routes[0].rules;
      assert.deepStrictEqual(rules[0].matches.map(m => m.method?.value), ['POST', 'PUT', 'PATCH']);
      assert.deepStrictEqual(withoutOrigins(rules[0].mirrors), [{ backend: { name: 'reviews-shadow' }, percent: 30 }]);
      assert.deepStrictEqual(withoutOrigins(rules[0].retry), { attempts: 2, conditions: ['5xx', 'unavailable'], codes: [], backoff: { base: 250 } });
      assert.deepStrictEqual(r.dropped, [
        { field: 'spec.http[0].retries.retryOn', reason: 'The retry condition bogus is not one Envoy knows, so it is not converted.' },
        { field: 'spec.http[0].retries.retryRemoteLocalities', reason: 'Retrying in other localities has no equivalent outside Istio.' },
        { field: 'spec.http[1].delegate', reason: 'Delegating a rule to another VirtualService has no equivalent; convert the delegate VirtualService on its own and give it this rule\'s parent.' },
      ]);
    });

    it('an unreadable duration is dropped on its field, never guessed', () => {
      const r = readOne(vs(`  hosts: [reviews]
  http:
  - timeout: soon
    route: [{destination: {host: reviews}}]
`), istioReader);
      assert.strictEqual(only(r).routes[0].rules[0].timeouts, undefined);
      assert.deepStrictEqual(r.dropped, [{ field: 'spec.http[0].timeout', reason: '"soon" is not a duration Mesh Lens can read.' }]);
    });

    it('an ISTIO_MUTUAL server is dropped whole; an HTTPS server without a Secret asks for one', () => {
      const r = readOne(`apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: g}
spec:
  servers:
  - port: {number: 15443, name: tls, protocol: TLS}
    hosts: ["*"]
    tls: {mode: ISTIO_MUTUAL}
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls: {mode: SIMPLE, serverCertificate: /etc/certs/cert.pem, privateKey: /etc/certs/key.pem}
`, istioReader);
      const g = only(r).gateways[0];
      assert.deepStrictEqual(withoutOrigins(g.listeners), [{ name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: { from: 'All' }, tls: { mode: 'Terminate', certificateRefs: [] } }]);
      assert.deepStrictEqual(r.dropped.map(d => d.field), ['spec.servers[0]', 'spec.servers[1].tls.serverCertificate', 'spec.servers[1].tls.privateKey']);
      assert.deepStrictEqual(r.needs, [
        { what: 'the Secret holding the certificate of this TLS server', line: 11 },
      ]);
    });

    it('reads a subset\'s own traffic policy as a policy for that subset; drops exportTo and workloadSelector of a DestinationRule; a FQDN host gives the namespace', () => {
      const r = readOne(`apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: dr, namespace: here}
spec:
  host: reviews.prod.svc.cluster.local
  exportTo: ["."]
  workloadSelector: {matchLabels: {app: web}}
  subsets:
  - name: v2
    labels: {version: v2}
    trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
  - labels: {version: v9}
`, istioReader);
      assert.deepStrictEqual(withoutOrigins(only(r).subsets), [{ host: 'reviews', namespace: 'prod', name: 'v2', labels: { version: 'v2' } }]);
      assert.deepStrictEqual(only(r).policies!.map(p => (p.type === 'resilience' ? [p.name, p.service.name, p.service.subset, p.loadBalancer?.algorithm?.value] : [])), [['dr-v2', 'reviews', 'v2', 'RoundRobin']]);
      assert.deepStrictEqual(r.dropped, [
        { field: 'spec.subsets[1]', reason: 'A subset without a name cannot be referenced, so it is not converted.' },
        { field: 'spec.exportTo', reason: 'Limiting which namespaces see these subsets has no equivalent; the generated Services are visible to every namespace.' },
        { field: 'spec.workloadSelector', reason: 'Applying these rules only to some calling workloads has no equivalent.' },
      ]);
    });

    it('maps server protocols: GRPC stays gRPC, HTTP2 serves as HTTP, MONGO as TCP; an unknown one is dropped', () => {
      const r = readOne(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: g}
spec:
  servers:
  - {port: {number: 9000, name: grpc, protocol: GRPC}, hosts: ["*"]}
  - {port: {number: 9001, name: h2, protocol: HTTP2}, hosts: ["*"]}
  - {port: {number: 27017, name: mongo, protocol: MONGO}, hosts: ["*"]}
  - {port: {number: 53, name: dns, protocol: UDP}, hosts: ["*"]}
`, istioReader);
      assert.deepStrictEqual(only(r).gateways[0].listeners.map(l => [l.name, l.protocol]), [['grpc', 'GRPC'], ['h2', 'HTTP'], ['mongo', 'TCP']]);
      assert.deepStrictEqual(r.dropped, [{ field: 'spec.servers[3]', reason: 'Mesh Lens converts servers with a port number and an HTTP, HTTPS, gRPC, TLS or TCP protocol, not UDP.' }]);
    });

    it('reads nothing from other groups\' kinds of the same name', () => {
      assert.strictEqual(readOne('apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec: {}\n', istioReader).fragment, undefined);
    });
  });
});
