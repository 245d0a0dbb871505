import * as assert from 'node:assert';
import type { Gateway, ModelFragment, Route, RouteMatch, RouteRule, ServicePolicy, Subset } from '../../../src/core/convert/model';
import { emptyFragment } from '../../../src/core/convert/model';
import type { OutDoc, OutMap } from '../../../src/core/convert/output';
import { commentsOf } from '../../../src/core/convert/output';
import { consulWriter } from '../../../src/core/convert/writers/consul';
import { validateAgainstCrds } from './crdValidator';
import { at, sourceRef, writeContext } from './writerContext';

const ISTIO_VS = sourceRef('networking.istio.io/v1', 'VirtualService', 'reviews', 'bookinfo');
const HTTPROUTE = sourceRef('gateway.networking.k8s.io/v1', 'HTTPRoute', 'reviews', 'bookinfo');

function rule(path: string, extra: Partial<RouteRule> = {}): RouteRule {
  return { matches: [], backends: [], mirrors: [], origin: at(path), ...extra };
}
function match(path: string, extra: Partial<RouteMatch> = {}): RouteMatch {
  return { headers: [], queryParams: [], origin: at(path), ...extra };
}
function meshRoute(from: typeof ISTIO_VS, rules: RouteRule[], extra: Partial<Route> = {}): Route {
  return {
    protocol: 'http', name: 'reviews', namespace: 'bookinfo', hostnames: [], rules, ordered: from === ISTIO_VS, from, origin: at('spec'),
    parents: [{ kind: 'Service', name: 'reviews', origin: at('spec.hosts[0]') }], ...extra,
  };
}
function fragment(parts: Partial<ModelFragment>): ModelFragment {
  return { ...emptyFragment(), ...parts };
}
const backend = (name: string, weight: number, path: string, subset?: string) => ({ ref: { name, subset, origin: at(path) }, weight, origin: at(path) });
const subsets: Subset[] = ['v1', 'v2'].map(v => ({ host: 'reviews', namespace: 'bookinfo', name: v, labels: { version: v }, origin: at(`spec.subsets[${v === 'v1' ? 0 : 1}]`), from: sourceRef('networking.istio.io/v1', 'DestinationRule', 'reviews', 'bookinfo') }));

function write(frag: ModelFragment) {
  const record = writeContext({ id: 'consul' });
  const docs = consulWriter.write(frag, record.ctx);
  return { ...record, docs, objs: docs.map(d => d.obj) };
}
const kinds = (docs: OutDoc[]) => docs.map(d => `${d.obj.kind}/${(d.obj.metadata as OutMap).name}${d.generated ? ' (generated)' : ''}`);
const spec = (o: OutMap) => o.spec as OutMap;

function assertValid(objs: OutMap[]) {
  for (const o of objs) assert.deepStrictEqual(validateAgainstCrds(o), [], `${o.kind} ${(o.metadata as OutMap).name}`);
}

describe('convert: Consul writer', function () {
  // The first validation compiles the large Gateway API schemas.
  this.timeout(30_000);
  it('writes an Istio canary as a ServiceRouter in source order, a split through a service name of its own, a resolver for the subsets', () => {
    const canary = rule('spec.http[0]', {
      matches: [match('spec.http[0].match[0]', {
        path: { type: 'PathPrefix', value: '/api', origin: at('p') },
        headers: [{ name: 'x-canary', type: 'Exact', value: 'beta', origin: at('h') }],
      })],
      backends: [backend('reviews', 80, 'spec.http[0].route[0]', 'v1'), backend('reviews', 20, 'spec.http[0].route[1]', 'v2')],
      mirrors: [{ backend: { name: 'reviews-shadow', origin: at('spec.http[0].mirror') }, percent: 10, origin: at('spec.http[0].mirror') }],
      timeouts: { request: 6000, origin: at('spec.http[0].timeout') },
      retry: { attempts: 3, perTryTimeout: 1500, conditions: ['gateway-error', 'connect-failure', 'retriable-status-codes'], codes: [503], origin: at('spec.http[0].retries') },
    });
    const fallback = rule('spec.http[1]', { backends: [backend('reviews', 100, 'spec.http[1].route[0]', 'v1')] });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [canary, fallback])], subsets }));

    assert.deepStrictEqual(kinds(out.docs), [
      'ServiceRouter/reviews', 'ServiceSplitter/reviews-split-1 (generated)', 'ServiceResolver/reviews',
      'ServiceDefaults/reviews (generated)', 'ServiceDefaults/reviews-split-1 (generated)',
    ]);
    const [router, splitter, resolver, defaults] = out.objs;
    assert.deepStrictEqual(router, {
      apiVersion: 'consul.hashicorp.com/v1alpha1', kind: 'ServiceRouter', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        routes: [
          {
            match: { http: { pathPrefix: '/api', header: [{ name: 'x-canary', exact: 'beta' }] } },
            destination: { service: 'reviews-split-1', requestTimeout: '6s', numRetries: 3, retryOnConnectFailure: true, retryOn: ['gateway-error'], retryOnStatusCodes: [503] },
          },
          { destination: { service: 'reviews', serviceSubset: 'v1' } },
        ],
      },
    });
    assert.deepStrictEqual(commentsOf(router), ['Istio retried a failed request twice by default (connect-failure, refused-stream, unavailable, cancelled, retriable status codes); Consul retries only where a route says so.']);
    assert.deepStrictEqual(spec(splitter), { splits: [{ weight: 80, service: 'reviews', serviceSubset: 'v1' }, { weight: 20, service: 'reviews', serviceSubset: 'v2' }] });
    assert.deepStrictEqual(commentsOf(splitter), ['Consul splits a whole service, so the split of rule 1 of reviews has a service name of its own.']);
    assert.deepStrictEqual(spec(resolver), { subsets: { v1: { filter: 'Service.Meta.version == "v1"' }, v2: { filter: 'Service.Meta.version == "v2"' } } });
    assert.deepStrictEqual(spec(defaults), { protocol: 'http' });
    assert.deepStrictEqual(out.dropped, [
      { field: 'spec.http[0].retries', reason: 'Consul has no per-try timeout: each retry may use the rest of the request timeout.' },
      { field: 'spec.http[0].mirror', reason: 'Consul has no traffic mirroring.' },
    ]);
    assert.deepStrictEqual(out.needs.map(n => n.what), [
      'the annotation consul.hashicorp.com/service-meta-version: "v1" on the pods of subset v1 of reviews',
      'the annotation consul.hashicorp.com/service-meta-version: "v2" on the pods of subset v2 of reviews',
    ]);
    assertValid(out.objs);
  });

  it('splits the service itself when the split rule takes every request the others leave', () => {
    const jason = rule('spec.http[0]', {
      matches: [match('spec.http[0].match[0]', { headers: [{ name: 'end-user', type: 'Exact', value: 'jason', origin: at('h') }] })],
      backends: [backend('reviews', 100, 'spec.http[0].route[0]', 'v2')],
    });
    const rest = rule('spec.http[1]', {
      backends: [backend('reviews', 90, 'spec.http[1].route[0]', 'v1'), backend('reviews', 10, 'spec.http[1].route[1]', 'v2')],
      timeouts: { request: 10_000, origin: at('spec.http[1].timeout') },
      retry: { attempts: 0, conditions: [], codes: [], origin: at('spec.http[1].retries') },
    });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [jason, rest])], subsets }));
    assert.deepStrictEqual(kinds(out.docs), ['ServiceRouter/reviews', 'ServiceSplitter/reviews', 'ServiceResolver/reviews', 'ServiceDefaults/reviews (generated)']);
    assert.deepStrictEqual(spec(out.objs[0]).routes, [
      { match: { http: { header: [{ name: 'end-user', exact: 'jason' }] } }, destination: { service: 'reviews', serviceSubset: 'v2' } },
      { destination: { service: 'reviews', requestTimeout: '10s', numRetries: 0 } },
    ]);
    assert.deepStrictEqual(spec(out.objs[1]).splits, [{ weight: 90, service: 'reviews', serviceSubset: 'v1' }, { weight: 10, service: 'reviews', serviceSubset: 'v2' }]);
    assert.deepStrictEqual(commentsOf(out.objs[1]), ['Requests that no route of the ServiceRouter reviews takes go to reviews, which this splits.']);
    assertValid(out.objs);
  });

  it('sorts the rules of a specificity-sorted source most specific first, and keeps path-segment prefixes exact', () => {
    const api = rule('spec.rules[0]', {
      matches: [match('spec.rules[0].matches[0]', { path: { type: 'PathPrefix', value: '/api', origin: at('p') } })],
      backends: [backend('reviews-v2', 1, 'b')],
      rewrite: { path: { type: 'ReplacePrefixMatch', value: '/v2' }, origin: at('spec.rules[0].filters[0]') },
    });
    const health = rule('spec.rules[1]', { matches: [match('spec.rules[1].matches[0]', { path: { type: 'Exact', value: '/api/health', origin: at('p') } })], backends: [backend('health', 1, 'c')] });
    const rest = rule('spec.rules[2]', { backends: [backend('reviews', 1, 'd')] });
    const out = write(fragment({ routes: [meshRoute(HTTPROUTE, [rest, api, health], { ordered: false })] }));
    const [router] = out.objs;
    assert.deepStrictEqual(spec(router).routes, [
      { match: { http: { pathExact: '/api/health' } }, destination: { service: 'health' } },
      { match: { http: { pathExact: '/api' } }, destination: { service: 'reviews-v2', prefixRewrite: '/v2' } },
      { match: { http: { pathPrefix: '/api/' } }, destination: { service: 'reviews-v2', prefixRewrite: '/v2/' } },
    ]);
    assert.deepStrictEqual(commentsOf(router), [
      'Consul takes the first route that matches: these routes are sorted most specific first, the order in which HTTPRoute chose among them.',
      'Requests that no route here takes go to reviews itself, as rule 1 of reviews says.',
    ]);
    const prefix = ((spec(router).routes as OutMap[])[2].match as OutMap).http as OutMap;
    assert.deepStrictEqual(commentsOf(prefix, 'pathPrefix'), ['Consul\'s pathPrefix /api would also take /apix, so the exact path and the prefix /api/ keep the segment match of the source.']);
    assert.deepStrictEqual(kinds(out.docs).filter(k => k.startsWith('ServiceDefaults')), [
      'ServiceDefaults/reviews (generated)', 'ServiceDefaults/health (generated)', 'ServiceDefaults/reviews-v2 (generated)',
    ]);
    assertValid(out.objs);
  });

  it('splits a whole service with percentages that sum to 100, without a router', () => {
    const split = rule('spec.http[0]', { backends: [backend('reviews-a', 1, 'a'), backend('reviews-b', 1, 'b'), backend('reviews-c', 1, 'c')] });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [split])] }));
    assert.deepStrictEqual(kinds(out.docs), [
      'ServiceSplitter/reviews', 'ServiceDefaults/reviews (generated)', 'ServiceDefaults/reviews-a (generated)',
      'ServiceDefaults/reviews-b (generated)', 'ServiceDefaults/reviews-c (generated)',
    ]);
    assert.deepStrictEqual(spec(out.objs[0]).splits, [
      { weight: 33.34, service: 'reviews-a' }, { weight: 33.33, service: 'reviews-b' }, { weight: 33.33, service: 'reviews-c' },
    ]);
    assertValid(out.objs);
  });

  it('says what Consul cannot do: redirects, faults, CORS, port matches, unknown retry conditions', () => {
    const redirect = rule('spec.http[0]', {
      matches: [match('spec.http[0].match[0]', { path: { type: 'Exact', value: '/old', origin: at('p') } })],
      redirect: { path: { type: 'ReplaceFullPath', value: '/new' }, origin: at('spec.http[0].redirect') },
    });
    const byPort = rule('spec.http[1]', { matches: [match('spec.http[1].match[0]', { port: { value: 8080, origin: at('spec.http[1].match[0].port') } })], backends: [backend('reviews', 1, 'x')] });
    const faulty = rule('spec.http[2]', {
      backends: [backend('reviews', 1, 'y')],
      fault: { abort: { httpStatus: 503, percent: 5, origin: at('spec.http[2].fault.abort') }, origin: at('spec.http[2].fault') },
      cors: { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], origin: at('spec.http[2].corsPolicy') },
      retry: { attempts: 2, conditions: ['retriable-headers'], codes: [], origin: at('spec.http[2].retries') },
    });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [redirect, byPort, faulty])] }));
    assert.deepStrictEqual(out.dropped, [
      { field: 'spec.http[1].match[0].port', reason: 'A Consul route cannot match on the destination port, so this match is left out and the rule takes less than before.' },
      { field: 'spec.http[1]', reason: 'None of the matches of this rule can be written for Consul, so the rule is left out rather than taking every request.' },
      { field: 'spec.http[0].redirect', reason: 'Consul routers cannot redirect; the rule is left out, so its requests go to the next route that matches.' },
      { field: 'spec.http[2].retries', reason: 'Consul cannot retry on "retriable-headers"; the other conditions are kept.' },
      { field: 'spec.http[2].fault.abort', reason: 'Consul fault injection needs Consul Enterprise.' },
      { field: 'spec.http[2].corsPolicy', reason: 'Consul service routers cannot answer CORS requests; answer them in the application.' },
    ]);
    assert.deepStrictEqual(spec(out.objs[0]).routes, [{ destination: { service: 'reviews', numRetries: 2 } }]);
    assertValid(out.objs);
  });

  it('puts a service-wide retry and timeout on a catch-all route of the service\'s router', () => {
    const policy: ServicePolicy = {
      service: { name: 'ratings', namespace: 'bookinfo', origin: at('metadata') }, protocol: 'http',
      timeouts: { request: 2500, origin: at('metadata.annotations') },
      retry: { attempts: 2, conditions: ['5xx'], codes: [], origin: at('metadata.annotations') },
      from: sourceRef('v1', 'Service', 'ratings', 'bookinfo'), origin: at('metadata'),
    };
    const out = write(fragment({ servicePolicies: [policy] }));
    assert.deepStrictEqual(kinds(out.docs), ['ServiceRouter/ratings', 'ServiceDefaults/ratings (generated)']);
    assert.deepStrictEqual(spec(out.objs[0]).routes, [{ destination: { service: 'ratings', requestTimeout: '2500ms', numRetries: 2, retryOn: ['5xx'] } }]);
    assertValid(out.objs);
  });

  it('merges a service-wide retry into the router of the same resource, and writes nothing for a fault alone', () => {
    const r = rule('spec.http[0]', { matches: [match('spec.http[0].match[0]', { path: { type: 'Exact', value: '/a', origin: at('p') } })], backends: [backend('reviews', 1, 'a')] });
    const retry: ServicePolicy = {
      service: { name: 'reviews', namespace: 'bookinfo', origin: at('metadata') }, protocol: 'http',
      retry: { attempts: 1, conditions: ['reset'], codes: [], origin: at('metadata.annotations') },
      from: sourceRef('networking.istio.io/v1', 'VirtualService', 'reviews', 'bookinfo'), origin: at('metadata'),
    };
    const merged = write(fragment({ routes: [meshRoute(ISTIO_VS, [r])], servicePolicies: [retry] }));
    assert.deepStrictEqual(spec(merged.objs[0]).routes, [{ match: { http: { pathExact: '/a' } }, destination: { service: 'reviews', numRetries: 1, retryOn: ['reset'] } }]);

    const fault: ServicePolicy = {
      service: { name: 'ratings', namespace: 'bookinfo', origin: at('spec.targetRef') },
      fault: { delay: { fixed: 1000, percent: 10, origin: at('spec.from[0].default.http[0].delay') }, origin: at('spec.from[0].default.http[0]') },
      from: sourceRef('kuma.io/v1alpha1', 'MeshFaultInjection', 'ratings', 'bookinfo'), origin: at('spec'),
    };
    const faultOnly = write(fragment({ servicePolicies: [fault] }));
    assert.deepStrictEqual(faultOnly.docs, []);
    assert.deepStrictEqual(faultOnly.dropped, [{ field: 'spec.from[0].default.http[0].delay', reason: 'Consul fault injection needs Consul Enterprise.' }]);
  });

  it('writes gateway routes for Consul\'s API gateway, with retry and timeout filters', () => {
    const gateway: Gateway = {
      name: 'public', namespace: 'edge', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { from: 'All' }, origin: at('spec.servers[0]') }],
      from: sourceRef('networking.istio.io/v1', 'Gateway', 'public', 'edge'), origin: at('spec'),
    };
    const r = rule('spec.http[0]', {
      matches: [match('spec.http[0].match[0]', { path: { type: 'Exact', value: '/shop', origin: at('p') } })],
      backends: [backend('shop', 1, 'spec.http[0].route[0]')],
      timeouts: { request: 4000, origin: at('spec.http[0].timeout') },
      retry: { attempts: 2, conditions: ['connect-failure', '5xx'], codes: [], origin: at('spec.http[0].retries') },
    });
    const route = meshRoute(ISTIO_VS, [r], { name: 'shop', namespace: 'edge', hostnames: ['shop.example.com'], parents: [{ kind: 'Gateway', name: 'public', origin: at('spec.gateways[0]') }] });
    const out = write(fragment({ routes: [route], gateways: [gateway] }));
    assert.deepStrictEqual(kinds(out.docs), ['Gateway/public', 'HTTPRoute/shop', 'RouteRetryFilter/shop-retry', 'RouteTimeoutFilter/shop-timeout']);
    assert.strictEqual(spec(out.objs[0]).gatewayClassName, 'consul');
    const [written] = spec(out.objs[1]).rules as OutMap[];
    assert.deepStrictEqual(written.filters, [
      { type: 'ExtensionRef', extensionRef: { group: 'consul.hashicorp.com', kind: 'RouteRetryFilter', name: 'shop-retry' } },
      { type: 'ExtensionRef', extensionRef: { group: 'consul.hashicorp.com', kind: 'RouteTimeoutFilter', name: 'shop-timeout' } },
    ]);
    assert.deepStrictEqual(spec(out.objs[2]), { numRetries: 2, retryOnConnectFailure: true, retryOn: ['5xx'] });
    assert.deepStrictEqual(spec(out.objs[3]), { requestTimeout: '4s' });
    assert.deepStrictEqual(out.dropped, []);
    assertValid(out.objs);
  });
});
