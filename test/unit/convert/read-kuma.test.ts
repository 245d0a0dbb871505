import * as assert from 'node:assert';
import { kumaReader } from '../../../src/core/convert/readers/kuma';
import { inputFixture } from './inputFixture';
import { readEach } from './readerHarness';
import { bare } from './modelShape';

const read = (file: string, input?: Parameters<typeof readEach>[2]) => readEach(inputFixture('kuma', file), kumaReader, input);

describe('convert: Kuma reader', () => {
  it('reads a MeshHTTPRoute: the MeshService is the parent, every match, filter and weighted subset backend', () => {
    const [r] = read('meshhttproute.yaml');
    assert.deepStrictEqual(r.unused, []);
    assert.deepStrictEqual(r.dropped, [{
      field: 'spec.to[0].rules[2].default.filters[0].urlRewrite.hostToBackendHostname',
      reason: 'Rewriting the Host header to the backend\'s hostname has no equivalent; set the hostname to rewrite to instead.',
    }]);
    const [route] = r.fragment!.routes;
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'reviews', namespace: 'bookinfo', port: 9080 }]);
    assert.strictEqual(route.ordered, false);
    assert.strictEqual(route.name, 'reviews-route');
    assert.strictEqual(route.namespace, 'bookinfo');
    assert.deepStrictEqual(route.hostnames, ['reviews.bookinfo.svc.cluster.local']);
    const [canary, redirect, rewrite] = route.rules;
    assert.deepStrictEqual(bare(canary.matches), [{
      path: { type: 'PathPrefix', value: '/api' },
      method: { value: 'GET' },
      headers: [
        { name: 'x-user', type: 'Exact', value: 'tester' },
        { name: 'x-debug', type: 'Present', value: '' },
        { name: 'x-region', type: 'Prefix', value: 'eu-' },
      ],
      queryParams: [{ name: 'page', type: 'RegularExpression', value: '[0-9]+' }],
    }]);
    assert.deepStrictEqual(bare(canary.requestHeaders), { set: { 'x-canary': 'true' }, add: { 'x-via': 'kuma' }, remove: ['x-legacy'] });
    assert.deepStrictEqual(bare(canary.responseHeaders), { set: {}, add: {}, remove: ['server'] });
    assert.deepStrictEqual(bare(canary.mirrors), [{ backend: { name: 'reviews-shadow', namespace: 'bookinfo' }, percent: 12.5 }]);
    assert.deepStrictEqual(bare(canary.backends), [
      { ref: { name: 'reviews', namespace: 'bookinfo', port: 9080, subset: 'v1' }, weight: 90 },
      { ref: { name: 'reviews', namespace: 'bookinfo', port: 9080, subset: 'v2' }, weight: 10 },
    ]);
    assert.deepStrictEqual(canary.backends[1].origin, { path: 'spec.to[0].rules[0].default.backendRefs[1]', line: 71 });
    assert.deepStrictEqual(bare(r.fragment!.subsets), [
      { host: 'reviews', namespace: 'bookinfo', name: 'v1', labels: { version: 'v1' } },
      { host: 'reviews', namespace: 'bookinfo', name: 'v2', labels: { version: 'v2' } },
    ]);
    assert.deepStrictEqual(bare(redirect.redirect), { scheme: 'https', hostname: 'reviews.example.com', path: { type: 'ReplaceFullPath', value: '/new' }, statusCode: 301 });
    assert.deepStrictEqual(redirect.backends, [], 'a redirect has no backends');
    assert.deepStrictEqual(bare(rewrite.rewrite), { hostname: 'legacy.bookinfo', path: { type: 'ReplacePrefixMatch', value: '/' } });
    assert.deepStrictEqual(bare(rewrite.backends), [{ ref: { name: 'reviews', namespace: 'bookinfo', port: 9080 }, weight: 1 }],
      'a rule without backendRefs goes to the route\'s own service');
  });

  it('reads the universal form, never widening a match on a missing header and saying which callers it lost', () => {
    const [, r] = read('meshhttproute.yaml');
    assert.deepStrictEqual(r.unused, []);
    const absent = 'A match on a missing header has no equivalent in the converted route; '
      + 'this match is left out so the route never takes requests it did not take before.';
    assert.deepStrictEqual(r.dropped, [
      { field: 'spec.targetRef', reason: 'The route applies only to callers selected by MeshSubset with kuma.io/zone=east; '
        + 'the converted route applies to every caller, so apply it only where those callers run or narrow it by hand.' },
      { field: 'spec.to[0].rules[0].matches[0].headers[0]', reason: absent },
      { field: 'spec.to[0].rules[1].matches[0].headers[0]', reason: absent },
      { field: 'spec.to[0].rules[1]', reason: 'Every match of this rule was left out, so the rule is left out too.' },
    ]);
    const [route] = r.fragment!.routes;
    assert.strictEqual(route.name, 'web-to-backend');
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'backend', namespace: 'kuma-demo', port: 3001 }]);
    assert.deepStrictEqual(route.rules.map(rule => bare(rule.matches)), [
      [{ path: { type: 'PathPrefix', value: '/public' }, headers: [], queryParams: [] }],
      [{ method: { value: 'POST' }, headers: [], queryParams: [] }],
    ]);
    assert.deepStrictEqual(bare(route.rules[1].backends), [{ ref: { name: 'backend', namespace: 'kuma-demo', port: 3001 }, weight: 1 }]);
  });

  it('says when a universal-form resource belongs to a mesh other than the default one', () => {
    const [r] = readEach('type: MeshTimeout\nname: t\nmesh: payments\nspec:\n  to:\n  - targetRef: {kind: MeshService, name: ledger}\n'
      + '    default: {http: {requestTimeout: 2s}}\n', kumaReader);
    assert.deepStrictEqual(r.dropped, [{ field: 'mesh', reason: 'Mesh Lens converts into one mesh; that this resource belongs to the mesh "payments" is not carried.' }]);
    assert.deepStrictEqual(bare(r.fragment!.servicePolicies), [{ service: { name: 'ledger' }, protocol: 'http', timeouts: { request: 2000 } }]);
  });

  it('reads a MeshHTTPRoute under a MeshGateway as a route of that gateway', () => {
    const [, , r] = read('meshhttproute.yaml');
    assert.deepStrictEqual(r.unused, []);
    assert.deepStrictEqual(r.dropped, []);
    const [route] = r.fragment!.routes;
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Gateway', name: 'edge-gateway' }]);
    assert.deepStrictEqual(route.hostnames, ['shop.example.com']);
    assert.deepStrictEqual(bare(route.rules[0].backends), [{ ref: { name: 'frontend', namespace: 'kuma-demo', port: 8080 }, weight: 1 }]);
  });

  it('finds a MeshService selected by labels and the number of its named port, or asks for it', () => {
    const routeOf = (input?: Parameters<typeof read>[1]) => read('meshhttproute.yaml', input)[3];
    const withService = routeOf({
      service: (name, namespace) => name === 'api' && namespace === 'kuma-demo'
        ? { name, namespace, ports: [{ name: 'http', port: 8080 }], line: 1 } : undefined,
    });
    assert.deepStrictEqual([withService.unused, withService.needs], [[], []]);
    assert.deepStrictEqual(bare(withService.fragment!.routes[0].parents), [{ kind: 'Service', name: 'api', namespace: 'kuma-demo', port: 8080 }]);
    assert.deepStrictEqual(withService.dropped, [{
      field: 'spec.targetRef',
      reason: 'The route applies only to callers selected by the mesh\'s Gateway proxies; '
        + 'the converted route applies to every caller, so apply it only where those callers run or narrow it by hand.',
    }]);

    const without = routeOf();
    assert.deepStrictEqual(without.needs, [{ what: 'the port number of port "http" of Service api', line: 185 }]);
    assert.deepStrictEqual(bare(without.fragment!.routes[0].parents), [{ kind: 'Service', name: 'api', namespace: 'kuma-demo' }]);
  });

  it('reads a MeshTCPRoute into a weighted TCP route', () => {
    const [r] = read('meshtcproute.yaml');
    assert.deepStrictEqual([r.unused, r.dropped], [[], []]);
    const [route] = r.fragment!.routes;
    assert.strictEqual(route.protocol, 'tcp');
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'redis' }]);
    assert.deepStrictEqual(bare(route.rules[0].backends), [{ ref: { name: 'redis' }, weight: 80 }, { ref: { name: 'redis-next' }, weight: 20 }]);
  });

  it('reads MeshRetry entries as service policies with Envoy retry conditions', () => {
    const [docs, payments] = read('meshretry.yaml', {
      resources: (owner, kind) => owner === 'kuma' && kind === 'MeshHTTPRoute'
        ? [{ apiVersion: 'kuma.io/v1alpha1', kind, name: 'payments-route', namespace: 'shop', line: 1,
          spec: { to: [{ targetRef: { kind: 'MeshService', name: 'payments' } }] } }]
        : [],
    });
    assert.deepStrictEqual([docs.unused, docs.dropped], [[], []]);
    assert.deepStrictEqual(bare(docs.fragment!.servicePolicies), [{
      service: { name: 'backend', namespace: 'kuma-demo' }, callers: 'MeshService web', callersOrigin: { path: 'spec.targetRef', line: 7 }, protocol: 'http',
      retry: { attempts: 10, conditions: ['5xx'], codes: [], backoff: { base: 15000, max: 1_200_000 } },
    }]);

    assert.deepStrictEqual(payments.unused, []);
    assert.deepStrictEqual(payments.dropped, [
      { field: 'spec.to[0].default.http.retryOn[3]', reason: 'Retrying only requests with some methods has no equivalent; the converted retries apply to every method.' },
      { field: 'spec.to[0].default.http.rateLimitedBackOff', reason: 'A back-off driven by rate-limit response headers has no equivalent; the plain back-off applies.' },
      { field: 'spec.to[0].default.http.retriableResponseHeaders', reason: 'Retrying on response headers has no equivalent; only the listed conditions trigger a retry.' },
      { field: 'spec.to[0].default.tcp', reason: 'TCP connection retries have no equivalent in the converted routes.' },
      { field: 'spec.to[1].targetRef', reason: 'A policy for every service of the mesh has no single-service equivalent; set it on the routes of each service.' },
      { field: 'spec.to[1].default', reason: 'These settings are not converted, since the targetRef beside them is not.' },
    ]);
    assert.deepStrictEqual(bare(payments.fragment!.servicePolicies), [
      { service: { name: 'payments' }, protocol: 'http', retry: { attempts: 3, perTryTimeout: 1500, conditions: ['gateway-error', 'connect-failure'], codes: [503] } },
      { service: { name: 'payments' }, protocol: 'grpc', retry: { attempts: 2, conditions: ['cancelled', 'unavailable'], codes: [] } },
      { service: { name: 'payments' }, route: { name: 'payments-route' }, protocol: 'http', retry: { attempts: 4, conditions: [], codes: [] } },
    ]);
  });

  it('says which MeshHTTPRoute a retry policy needs when it is not in the input', () => {
    const [, payments] = read('meshretry.yaml');
    assert.deepStrictEqual(payments.dropped.slice(-2), [{
      field: 'spec.to[2].targetRef',
      reason: 'The MeshHTTPRoute "payments-route" this policy targets is not in the input, so the service it applies to is unknown; convert them together.',
    }, { field: 'spec.to[2].default', reason: 'These settings are not converted, since the targetRef beside them is not.' }]);
  });

  it('reads MeshTimeout request and idle timeouts and drops the others with reasons', () => {
    const [client, server] = read('meshtimeout.yaml');
    assert.deepStrictEqual(client.unused, []);
    assert.deepStrictEqual(client.dropped.map(d => d.field), [
      'spec.to[0].default.connectionTimeout', 'spec.to[0].default.http.streamIdleTimeout', 'spec.to[0].default.http.maxStreamDuration',
      'spec.to[0].default.http.maxConnectionDuration', 'spec.to[0].default.http.requestHeadersTimeout',
    ]);
    assert.strictEqual(client.dropped[0].reason, 'A connection timeout has no equivalent in the converted timeouts, which cover requests and idle connections.');
    assert.deepStrictEqual(bare(client.fragment!.servicePolicies), [{ service: { name: 'payments' }, protocol: 'http', timeouts: { idle: 3_600_000, request: 3000 } }]);

    assert.deepStrictEqual([server.unused, server.dropped], [[], []]);
    assert.deepStrictEqual(bare(server.fragment!.servicePolicies), [{
      service: { name: 'orders' }, callers: 'MeshSubset with kuma.io/service=web_shop_svc_80', callersOrigin: { path: 'spec.from[0].targetRef', line: 34 }, protocol: 'http', timeouts: { request: 500 },
    }]);
  });

  it('reads MeshFaultInjection on the server side: the service is the top targetRef, the callers the from or SPIFFE matches', () => {
    const [untargeted, ratings] = read('meshfaultinjection.yaml');
    assert.deepStrictEqual(untargeted.unused, []);
    assert.deepStrictEqual(untargeted.dropped, [{
      field: 'spec.from[0]',
      reason: 'The policy applies to every service selected by MeshSubset with app=backend; Mesh Lens converts policies for one named service only.',
    }]);
    assert.deepStrictEqual(untargeted.fragment!.servicePolicies, []);

    assert.deepStrictEqual(ratings.unused, []);
    assert.deepStrictEqual(ratings.dropped, [{ field: 'spec.from[0].default.http[1].responseBandwidth', reason: 'Limiting response bandwidth has no equivalent in the target.' }]);
    assert.deepStrictEqual(bare(ratings.fragment!.servicePolicies), [
      { service: { name: 'ratings' }, protocol: 'http', fault: { delay: { fixed: 7000, percent: 0.5 } } },
      { service: { name: 'ratings' }, protocol: 'http', fault: { abort: { httpStatus: 503, percent: 10 } } },
      {
        service: { name: 'ratings' }, callers: 'SPIFFE ID prefix spiffe://default.east.mesh.local/ns/bookinfo/', callersOrigin: { path: 'spec.rules[0].matches', line: 46 }, protocol: 'http',
        fault: { abort: { httpStatus: 418 } },
      },
    ]);
  });

  it('reads a simple legacy TrafficRoute split and leaves the other legacy kinds out with a reason', () => {
    const [route, retry] = read('legacy.yaml');
    assert.deepStrictEqual(route.unused, []);
    assert.deepStrictEqual(route.dropped, [{ field: 'spec.conf.loadBalancer', reason: 'Mesh Lens does not convert load balancing and failover yet.' }]);
    const [r] = route.fragment!.routes;
    assert.deepStrictEqual(bare(r.parents), [{ kind: 'Service', name: 'backend', namespace: 'default', port: 80 }]);
    assert.deepStrictEqual(bare(r.rules[0].backends), [
      { ref: { name: 'backend', namespace: 'default', port: 80, subset: 'v1' }, weight: 90 },
      { ref: { name: 'backend', namespace: 'default', port: 80, subset: 'v2' }, weight: 10 },
    ]);
    assert.deepStrictEqual(retry.unused, []);
    assert.deepStrictEqual(retry.dropped, [{
      field: 'spec',
      reason: 'Kuma\'s legacy Retry policy is not converted; rewrite it as a Mesh* policy with Kuma\'s migration guide, then convert that.',
    }]);
  });
});
