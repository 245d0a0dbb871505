import * as assert from 'node:assert';
import type { ModelFragment, Route, RouteMatch, RouteRule, ServicePolicy, Subset } from '../../../src/core/convert/model';
import { emptyFragment } from '../../../src/core/convert/model';
import type { OutDoc, OutMap } from '../../../src/core/convert/output';
import { commentsOf } from '../../../src/core/convert/output';
import { kumaWriter } from '../../../src/core/convert/writers/kuma';
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
function meshRoute(from = ISTIO_VS, rules: RouteRule[], extra: Partial<Route> = {}): Route {
  return {
    protocol: 'http', name: 'reviews', namespace: 'bookinfo', hostnames: ['reviews'], rules, ordered: from === ISTIO_VS, from, origin: at('spec'),
    parents: [{ kind: 'Service', name: 'reviews', origin: at('spec.hosts[0]') }], ...extra,
  };
}
function fragment(parts: Partial<ModelFragment>): ModelFragment {
  return { ...emptyFragment(), ...parts };
}
const backend = (name: string, weight: number, path: string, subset?: string) => ({ ref: { name, subset, port: 9080, origin: at(path) }, weight, origin: at(path) });
const subsets: Subset[] = ['v1', 'v2'].map(v => ({ host: 'reviews', namespace: 'bookinfo', name: v, labels: { version: v }, origin: at('spec.subsets'), from: sourceRef('networking.istio.io/v1', 'DestinationRule', 'reviews', 'bookinfo') }));
const reviewsService = { name: 'reviews', namespace: 'bookinfo', selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }], line: 1 };

function write(frag: ModelFragment, version?: string, input: Parameters<typeof writeContext>[1] = {}) {
  const record = writeContext({ id: 'kuma', version }, input);
  const docs = kumaWriter.write(frag, record.ctx);
  return { ...record, docs, objs: docs.map(d => d.obj) };
}
const kinds = (docs: OutDoc[]) => docs.map(d => `${d.obj.kind}/${(d.obj.metadata as OutMap).name}`);
const spec = (o: OutMap) => o.spec as OutMap;
const toOf = (o: OutMap) => (spec(o).to as OutMap[])[0];

function assertValid(objs: OutMap[]) {
  for (const o of objs) assert.deepStrictEqual(validateAgainstCrds(o), [], `${o.kind} ${(o.metadata as OutMap).name}`);
}

describe('convert: Kuma writer', function () {
  // The first validation compiles the large Gateway API schemas.
  this.timeout(30_000);
  it('writes an Istio canary as a MeshHTTPRoute per retry/timeout policy, with MeshTimeout, MeshRetry and a server-side fault', () => {
    const canary = rule('spec.http[0]', {
      matches: [match('spec.http[0].match[0]', {
        path: { type: 'PathPrefix', value: '/api', origin: at('spec.http[0].match[0].uri') },
        headers: [{ name: 'X-Canary', type: 'Prefix', value: 'beta', origin: at('spec.http[0].match[0].headers') }],
      })],
      backends: [backend('reviews', 80, 'spec.http[0].route[0]', 'v1'), backend('reviews', 20, 'spec.http[0].route[1]', 'v2')],
      mirrors: [{ backend: { name: 'reviews-shadow', port: 9080, origin: at('spec.http[0].mirror') }, percent: 12.5, origin: at('spec.http[0].mirror') }],
      timeouts: { request: 6000, origin: at('spec.http[0].timeout') },
      retry: { attempts: 3, perTryTimeout: 1500, conditions: ['gateway-error', 'connect-failure', 'retriable-status-codes'], codes: [503], origin: at('spec.http[0].retries') },
      fault: { delay: { fixed: 5000, percent: 0.5, origin: at('spec.http[0].fault.delay') }, origin: at('spec.http[0].fault') },
    });
    const fallback = rule('spec.http[1]', { backends: [backend('reviews', 100, 'spec.http[1].route[0]', 'v1')] });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [canary, fallback])], subsets }), '2.14', { services: [reviewsService] });

    assert.deepStrictEqual(kinds(out.docs), [
      'MeshHTTPRoute/reviews-1', 'MeshTimeout/reviews-1', 'MeshRetry/reviews-1',
      'MeshHTTPRoute/reviews-2', 'MeshTimeout/reviews-2', 'MeshFaultInjection/reviews-fault',
    ]);
    const [mhr1, timeout1, retry1, mhr2, timeout2, fault] = out.objs;
    assert.deepStrictEqual(mhr1, {
      apiVersion: 'kuma.io/v1alpha1', kind: 'MeshHTTPRoute',
      metadata: { name: 'reviews-1', namespace: 'bookinfo', labels: { 'kuma.io/mesh': 'default' } },
      spec: {
        targetRef: { kind: 'Mesh' },
        to: [{
          targetRef: { kind: 'MeshService', name: 'reviews', namespace: 'bookinfo' },
          rules: [{
            matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ type: 'Prefix', name: 'x-canary', value: 'beta' }] }],
            default: {
              filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { kind: 'MeshService', name: 'reviews-shadow', port: 9080 }, percentage: '12.5' } }],
              backendRefs: [
                { kind: 'MeshServiceSubset', name: 'reviews', port: 9080, tags: { version: 'v1' }, weight: 80 },
                { kind: 'MeshServiceSubset', name: 'reviews', port: 9080, tags: { version: 'v2' }, weight: 20 },
              ],
            },
          }],
        }],
      },
    });
    const rule1 = (toOf(mhr1).rules as OutMap[])[0];
    assert.deepStrictEqual(commentsOf((rule1.matches as OutMap[])[0], 'path'), ['Kuma compares a path prefix by whole segments: /api still matches /api/x but no longer /apix.']);
    assert.deepStrictEqual(commentsOf(((rule1.default as OutMap).filters as OutMap[])[0]), ['Kuma 2.14.0 to 2.14.3 send no mirrored traffic to a MeshService target, so on those releases this mirror has no effect.']);
    assert.deepStrictEqual(commentsOf(mhr1), [
      'Kuma applies timeouts and retries to a whole MeshHTTPRoute, so rule 1 of reviews has a MeshHTTPRoute of its own.',
      'Try these policies first with the label kuma.io/effect: shadow and compare with kumactl inspect dataplane --shadow before they take effect.',
    ]);
    assert.deepStrictEqual(spec(timeout1), { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'MeshHTTPRoute', name: 'reviews-1', namespace: 'bookinfo' }, default: { http: { requestTimeout: '6s' } } }] });
    assert.deepStrictEqual(spec(retry1), {
      targetRef: { kind: 'Mesh' },
      to: [{ targetRef: { kind: 'MeshHTTPRoute', name: 'reviews-1', namespace: 'bookinfo' }, default: { http: { numRetries: 3, perTryTimeout: '1500ms', retryOn: ['GatewayError', 'ConnectFailure', '503'] } } }],
    });
    assert.deepStrictEqual((toOf(mhr2).rules as OutMap[])[0], {
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      default: { backendRefs: [{ kind: 'MeshServiceSubset', name: 'reviews', port: 9080, tags: { version: 'v1' } }] },
    });
    assert.deepStrictEqual(commentsOf(mhr2), [
      'Kuma applies timeouts and retries to a whole MeshHTTPRoute, so rule 2 of reviews has a MeshHTTPRoute of its own.',
      'Istio retried a failed request twice by default (connect-failure, refused-stream, unavailable, cancelled, retriable status codes); Kuma\'s default MeshRetry retries up to 5 times.',
    ]);
    const http2 = (toOf(timeout2).default as OutMap).http as OutMap;
    assert.deepStrictEqual(http2, { requestTimeout: '0s' });
    assert.deepStrictEqual(commentsOf(http2, 'requestTimeout'), ['Istio set no request timeout here; Kuma\'s default MeshTimeout would end requests after 15 s, so 0s turns it off.']);
    assert.deepStrictEqual(spec(fault), { targetRef: { kind: 'Dataplane', labels: { app: 'reviews' } }, rules: [{ default: { http: [{ delay: { value: '5s', percentage: '0.5' } }] } }] });
    assert.deepStrictEqual(out.dropped, [{ field: 'spec.http[0].match[0]', reason: 'Kuma cannot limit fault injection to the requests of one route rule; the fault now applies to every request to reviews.' }]);
    assert.ok(commentsOf(fault).includes('Kuma injects faults on the server side: this affects every caller of reviews and every path.'));
    assert.deepStrictEqual(out.needs, []);
    assertValid(out.objs);
  });

  it('names the MeshHTTPRoutes of a split route after the source rules when they have names', () => {
    const jason = rule('spec.http[0]', { name: 'jason', matches: [match('spec.http[0].match[0]', { headers: [{ name: 'end-user', type: 'Exact', value: 'jason', origin: at('h') }] })], backends: [backend('reviews', 1, 'a')] });
    const rest = rule('spec.http[1]', { name: 'default', backends: [backend('reviews', 1, 'b')], timeouts: { request: 10_000, origin: at('spec.http[1].timeout') } });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [jason, rest])] }));
    assert.deepStrictEqual(kinds(out.docs), ['MeshHTTPRoute/reviews-jason', 'MeshTimeout/reviews-jason', 'MeshHTTPRoute/reviews-default', 'MeshTimeout/reviews-default']);
    assertValid(out.objs);
  });

  it('leaves out a rule an earlier rule shadows in a first-match source, and says which rules Kuma would now prefer', () => {
    const all = rule('spec.http[0]', { matches: [match('spec.http[0].match[0]', { headers: [{ name: 'x-user', type: 'Exact', value: 'ann', origin: at('h') }] })], backends: [backend('reviews', 1, 'a')] });
    const api = rule('spec.http[1]', { matches: [match('spec.http[1].match[0]', { path: { type: 'PathPrefix', value: '/api', origin: at('p') } })], backends: [backend('reviews-v2', 1, 'b')] });
    const apiV1 = rule('spec.http[2]', { matches: [match('spec.http[2].match[0]', { path: { type: 'PathPrefix', value: '/api/v1', origin: at('p') } })], backends: [backend('reviews-v1', 1, 'c')] });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [all, api, apiV1])] }));
    assert.deepStrictEqual(out.dropped, [{ field: 'spec.http[2]', reason: 'This rule is never reached in the source, because rule 2 before it takes every request it matches; Kuma picks the most specific rule, so it is left out to keep the routing the same.' }]);
    const rules = toOf(out.objs[0]).rules as OutMap[];
    assert.strictEqual(rules.length, 2);
    assert.deepStrictEqual(commentsOf(rules[1]), ['In the source, requests that match both this rule and rule 1 went to rule 1, which comes first; Kuma sends them here, to the more specific rule.']);
    assert.ok(commentsOf(out.objs[0]).includes('The source takes the first rule that matches, Kuma the most specific one: the rules were checked for requests that would change rule.'));
    assertValid(out.objs);
  });

  it('never widens a rule: a port match is left out, and a rule with no match left is left out too', () => {
    const byPort = rule('spec.http[0]', { matches: [match('spec.http[0].match[0]', { port: { value: 8080, origin: at('spec.http[0].match[0].port') } })], backends: [backend('reviews-v2', 1, 'a')] });
    const rest = rule('spec.http[1]', { backends: [backend('reviews', 1, 'b')] });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [byPort, rest])] }));
    assert.deepStrictEqual(out.dropped, [
      { field: 'spec.http[0].match[0].port', reason: 'A Kuma route cannot match on the destination port, so this match is left out and the rule takes less than before.' },
      { field: 'spec.http[0]', reason: 'None of the matches of this rule can be written for Kuma, so the rule is left out rather than taking every request.' },
    ]);
    assert.deepStrictEqual(toOf(out.objs[0]).rules, [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], default: { backendRefs: [{ kind: 'MeshService', name: 'reviews', port: 9080 }] } }]);
    assertValid(out.objs);
  });

  it('from Gateway API: no 0s timeout (the source had no mesh default to keep), a note on Kuma\'s defaults; query presence becomes a regex', () => {
    const r = rule('spec.rules[0]', {
      matches: [match('spec.rules[0].matches[0]', { queryParams: [{ name: 'debug', type: 'Present', value: '', origin: at('q') }], method: { value: 'get', origin: at('m') } })],
      backends: [backend('reviews', 1, 'spec.rules[0].backendRefs[0]')],
      requestHeaders: { set: { 'X-Env': 'prod' }, add: {}, remove: ['X-Debug'], origin: at('f') },
      redirect: undefined,
    });
    const out = write(fragment({ routes: [meshRoute(HTTPROUTE, [r], { ordered: false, parents: [{ kind: 'Service', name: 'reviews', port: 9080, origin: at('spec.parentRefs[0]') }] })] }), '2.14', { services: [reviewsService] });
    assert.deepStrictEqual(kinds(out.docs), ['MeshHTTPRoute/reviews']);
    const to = toOf(out.objs[0]);
    assert.deepStrictEqual(to.targetRef, { kind: 'MeshService', name: 'reviews', namespace: 'bookinfo', sectionName: 'http' });
    assert.deepStrictEqual(to.rules, [{
      matches: [{ queryParams: [{ type: 'RegularExpression', name: 'debug', value: '.*' }], method: 'GET' }],
      default: {
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }], remove: ['x-debug'] } }],
        backendRefs: [{ kind: 'MeshService', name: 'reviews', port: 9080 }],
      },
    }]);
    assert.ok(commentsOf(out.objs[0]).includes('Kuma\'s default MeshRetry retries failed requests up to 5 times and its default MeshTimeout ends a request after 15 s.'));
    assertValid(out.objs);
  });

  it('writes redirects without backends and gRPC retries in the grpc section', () => {
    const redirect = rule('spec.http[0]', {
      matches: [match('spec.http[0].match[0]', { path: { type: 'Exact', value: '/old', origin: at('p') } })],
      redirect: { scheme: 'https', hostname: 'new.example.com', path: { type: 'ReplaceFullPath', value: '/new' }, statusCode: 301, origin: at('spec.http[0].redirect') },
    });
    const grpcRule = rule('spec.http[1]', {
      matches: [match('spec.http[1].match[0]', { grpc: { service: 'shop.Cart', method: 'Add', type: 'Exact', origin: at('g') } })],
      backends: [backend('cart', 1, 'x')],
      retry: { attempts: 2, conditions: ['unavailable', 'cancelled', 'reset-before-request'], codes: [], origin: at('spec.http[1].retries') },
    });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [redirect, grpcRule])] }));
    const [mhr1, timeout1, mhr2, , retry2] = out.objs;
    assert.deepStrictEqual(kinds(out.docs), ['MeshHTTPRoute/reviews-1', 'MeshTimeout/reviews-1', 'MeshHTTPRoute/reviews-2', 'MeshTimeout/reviews-2', 'MeshRetry/reviews-2']);
    assert.deepStrictEqual(toOf(mhr1).rules, [{
      matches: [{ path: { type: 'Exact', value: '/old' } }],
      default: { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', hostname: 'new.example.com', path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 } }] },
    }]);
    assert.strictEqual(timeout1.kind, 'MeshTimeout');
    assert.deepStrictEqual(((toOf(mhr2).rules as OutMap[])[0].matches as OutMap[])[0], { path: { type: 'Exact', value: '/shop.Cart/Add' } });
    assert.deepStrictEqual(toOf(retry2).default, { grpc: { numRetries: 2, retryOn: ['Unavailable', 'Canceled'] } });
    assert.deepStrictEqual(out.dropped, [{ field: 'spec.http[1].retries', reason: 'Kuma MeshRetry cannot retry on "reset-before-request"; the other conditions are kept.' }]);
    assertValid(out.objs);
  });

  it('writes a TCP route per Service port and service-wide policies on the MeshService', () => {
    const tcp = meshRoute(ISTIO_VS, [
      rule('spec.tcp[0]', { matches: [match('spec.tcp[0].match[0]', { port: { value: 27017, origin: at('p') } })], backends: [backend('mongo-a', 3, 'a'), backend('mongo-b', 1, 'b')] }),
    ], { protocol: 'tcp', name: 'mongo', parents: [{ kind: 'Service', name: 'mongo', origin: at('spec.hosts[0]') }] });
    const policy: ServicePolicy = {
      service: { name: 'ratings', namespace: 'bookinfo', origin: at('metadata') }, protocol: 'http',
      timeouts: { request: 2500, origin: at('metadata.annotations') },
      retry: { attempts: 2, conditions: ['5xx'], codes: [], origin: at('metadata.annotations') },
      fault: { abort: { grpcStatus: 'UNAVAILABLE', origin: at('spec.fault.abort') }, origin: at('spec.fault') },
      from: sourceRef('v1', 'Service', 'ratings', 'bookinfo'), origin: at('metadata'),
    };
    const out = write(fragment({ routes: [tcp], servicePolicies: [policy] }));
    assert.deepStrictEqual(kinds(out.docs), ['MeshTCPRoute/mongo', 'MeshTimeout/ratings', 'MeshRetry/ratings']);
    assert.deepStrictEqual(spec(out.objs[0]).to, [{
      targetRef: { kind: 'MeshService', name: 'mongo', namespace: 'bookinfo', sectionName: '27017' },
      rules: [{ default: { backendRefs: [{ kind: 'MeshService', name: 'mongo-a', port: 9080, weight: 3 }, { kind: 'MeshService', name: 'mongo-b', port: 9080, weight: 1 }] } }],
    }]);
    assert.deepStrictEqual(commentsOf(toOf(out.objs[0]).targetRef as OutMap, 'sectionName'), ['Kuma names a MeshService port after the Service port\'s name when it has one: use that name instead of 27017 if so.']);
    assert.deepStrictEqual(spec(out.objs[1]).to, [{ targetRef: { kind: 'MeshService', name: 'ratings', namespace: 'bookinfo' }, default: { http: { requestTimeout: '2500ms' } } }]);
    assert.deepStrictEqual(spec(out.objs[2]).to, [{ targetRef: { kind: 'MeshService', name: 'ratings', namespace: 'bookinfo' }, default: { http: { numRetries: 2, retryOn: ['5xx'] } } }]);
    assert.deepStrictEqual(out.dropped, [{ field: 'spec.fault.abort', reason: 'Kuma fault injection aborts only with an HTTP status, not a gRPC status.' }]);
    assertValid(out.objs);
  });

  it('scopes service-wide policies as the source did: to one route, or to the callers of the policy\'s namespace', () => {
    const base = { protocol: 'http' as const, from: sourceRef('split.smi-spec.io/v1alpha4', 'Retry', 'retry', 'curl'), origin: at('spec') };
    const callers: ServicePolicy = { ...base, service: { name: 'httpbin', namespace: 'httpbin', origin: at('spec.destinations[0]') }, callers: 'ServiceAccount curl in namespace curl', retry: { attempts: 5, conditions: ['5xx'], codes: [], origin: at('spec.retryPolicy') } };
    const scoped: ServicePolicy = { ...base, service: { name: 'httpbin', namespace: 'curl', origin: at('spec.to[0]') }, route: { name: 'httpbin-route', namespace: 'curl' }, timeouts: { request: 3000, origin: at('spec.to[0].default') } };
    const out = write(fragment({ servicePolicies: [callers, scoped] }));
    assert.deepStrictEqual(kinds(out.docs), ['MeshRetry/retry-1', 'MeshTimeout/retry-2']);
    assert.ok(commentsOf(out.objs[0]).includes('The source applied this only to ServiceAccount curl in namespace curl; Kuma applies it to callers in namespace curl.'));
    assert.deepStrictEqual(toOf(out.objs[1]).targetRef, { kind: 'MeshHTTPRoute', name: 'httpbin-route', namespace: 'curl' });
    assertValid(out.objs);
  });

  it('injects a fault on the Service\'s proxies by their kuma.io/service tag when the input lacks the Service, and asks for what is missing', () => {
    const r = rule('spec.http[0]', {
      backends: [backend('ratings', 1, 'spec.http[0].route[0]')],
      fault: { abort: { httpStatus: 503, percent: 10, origin: at('spec.http[0].fault.abort') }, origin: at('spec.http[0].fault') },
    });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [r], { name: 'ratings', parents: [{ kind: 'Service', name: 'ratings', origin: at('spec.hosts[0]') }] })] }));
    const fault = out.objs.find(o => o.kind === 'MeshFaultInjection')!;
    assert.deepStrictEqual(spec(fault), {
      targetRef: { kind: 'MeshSubset', tags: { 'kuma.io/service': 'ratings_bookinfo_svc_<port>' } },
      rules: [{ default: { http: [{ abort: { httpStatus: 503, percentage: 10 } }] } }],
    });
    assert.deepStrictEqual(out.needs.map(n => n.what), ['the port of Service ratings in the kuma.io/service tag']);
    assert.deepStrictEqual(out.dropped, []);
    assertValid(out.objs);
  });

  it('asks for what the input does not hold: subset labels, the policies\' namespace', () => {
    const r = rule('spec.http[0]', { backends: [backend('reviews', 1, 'spec.http[0].route[0]', 'v3')] });
    const out = write(fragment({ routes: [meshRoute(ISTIO_VS, [r], { namespace: undefined })] }));
    assert.deepStrictEqual(out.needs.map(n => n.what), [
      'the pod labels of subset "v3" of reviews in tags',
      'the namespace of these policies: the namespace of the Service they route, or kuma-system to apply them to the whole mesh',
    ]);
    assertValid(out.objs);
  });
});

describe('convert: Kuma writer, gateways', function () {
  // The first validation compiles the large Gateway API schemas.
  this.timeout(30_000);
  it('writes a gateway and its routes as Gateway API with GatewayClass kuma, and the mesh part of the same route natively', () => {
    const gateway = {
      name: 'public', namespace: 'edge', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' as const, allowedRoutes: { from: 'All' as const }, origin: at('spec.servers[0]') }],
      from: sourceRef('networking.istio.io/v1', 'Gateway', 'public', 'edge'), origin: at('spec'),
    };
    const r = rule('spec.http[0]', {
      matches: [match('spec.http[0].match[0]', { path: { type: 'Exact', value: '/shop', origin: at('p') } })],
      backends: [backend('shop', 1, 'spec.http[0].route[0]')],
      retry: { attempts: 2, conditions: ['5xx'], codes: [], origin: at('spec.http[0].retries') },
    });
    const route = meshRoute(ISTIO_VS, [r], {
      name: 'shop', namespace: 'edge', hostnames: ['shop.example.com'],
      parents: [{ kind: 'Gateway', name: 'public', origin: at('spec.gateways[0]') }, { kind: 'Service', name: 'shop', origin: at('spec.gateways[1]') }],
    });
    const out = write(fragment({ routes: [route], gateways: [gateway] }));
    assert.deepStrictEqual(kinds(out.docs), ['MeshHTTPRoute/shop', 'MeshTimeout/shop', 'MeshRetry/shop', 'Gateway/public', 'HTTPRoute/shop']);
    const gw = out.objs[3];
    assert.strictEqual(spec(gw).gatewayClassName, 'kuma');
    assert.ok(commentsOf(gw).includes('Kuma serves this Gateway with its built-in gateway through Gateway API (GatewayClass kuma); its MeshGateway kinds are removed on Kuma master.'));
    assert.deepStrictEqual(spec(out.objs[4]).parentRefs, [{ name: 'public' }]);
    assert.deepStrictEqual(out.dropped, [{ field: 'spec.http[0].retries', reason: 'Kuma ignores retries on Gateway API routes; set them with a MeshRetry for the gateway instead.' }]);
    assertValid(out.objs);
  });
});
