import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { istioWriter } from '../../../src/core/convert/writers/istio';
import type { Subset } from '../../../src/core/convert/model';
import { commentsOf, type OutDoc, type OutMap } from '../../../src/core/convert/output';
import { validateAgainstCrds } from './crdValidator';
import { at, sourceRef, writeContext } from './writerContext';
import { backend, fragment, gateway, GATEWAY_API_ROUTE, listener, match, meshRoute, plain, rule } from './writerModel';

const CONSUL_ROUTER = sourceRef('consul.hashicorp.com/v1alpha1', 'ServiceRouter', 'reviews', 'prod');
const RESOLVER = sourceRef('consul.hashicorp.com/v1alpha1', 'ServiceResolver', 'reviews', 'prod');

function assertValid(docs: OutDoc[], experimental = false): void {
  for (const d of docs) assert.deepStrictEqual(validateAgainstCrds(d.obj, { experimental }), [], `${String(d.obj.kind)} ${JSON.stringify(d.obj.metadata)}`);
}

describe('convert: Istio writer', function () {
  this.timeout(30_000); // the first validation reads every vendored CRD

  it('writes a route with fault injection and subsets as a VirtualService and a DestinationRule, keeping first-match order and string prefixes', () => {
    const rec = writeContext({ id: 'istio' });
    const faulty = rule({
      matches: [match({ path: { type: 'PathPrefix', value: '/api', origin: at('spec.routes[0].match.http.pathPrefix') }, headers: [{ name: 'x-canary', type: 'Prefix', value: 'beta', origin: at('spec.routes[0].match.http.header[0]') }] })],
      backends: [backend('reviews', 1, { subset: 'v2', port: 9080 }, 'spec.routes[0].destination')],
      timeouts: { request: 1500, origin: at('spec.routes[0].destination.requestTimeout') },
      fault: { abort: { httpStatus: 503, percent: 5, origin: at('spec.routes[0].fault') }, origin: at('spec.routes[0].fault') },
    }, 'spec.routes[0]');
    const fallback = rule({ backends: [backend('reviews', 1, { subset: 'v1', port: 9080 }, 'spec.routes[1].destination')] }, 'spec.routes[1]');
    const subsets: Subset[] = ['v1', 'v2'].map(name => ({ host: 'reviews', namespace: 'prod', name, labels: { version: name }, origin: at(`spec.subsets.${name}`), from: RESOLVER }));
    const docs = istioWriter.write(fragment({ routes: [meshRoute([faulty, fallback], { from: CONSUL_ROUTER })], subsets }), rec.ctx);
    assert.deepStrictEqual(plain(docs), yaml.loadAll(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: prod}
spec:
  hosts: [reviews]
  http:
  - match:
    - uri: {prefix: /api}
      headers: {x-canary: {prefix: beta}}
    route: [{destination: {host: reviews, subset: v2, port: {number: 9080}}}]
    timeout: 1.5s
    retries: {attempts: 0}
    fault: {abort: {httpStatus: 503, percentage: {value: 5}}}
  - route: [{destination: {host: reviews, subset: v1, port: {number: 9080}}}]
    retries: {attempts: 0}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: prod}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`));
    assert.deepStrictEqual(commentsOf(docs[0].obj), ['A VirtualService rather than an HTTPRoute: it injects faults.']);
    const first = ((docs[0].obj.spec as OutMap).http as OutMap[])[0];
    assert.deepStrictEqual(commentsOf(first, 'retries'), ['Istio retries a failed request twice when a route sets no retries; the source did not retry, so attempts is 0.']);
    assert.deepStrictEqual(rec.dropped, []);
    assertValid(docs);
  });

  it('says what Kuma\'s default timeout and retries become, instead of turning Istio\'s retries off', () => {
    const rec = writeContext({ id: 'istio' });
    const route = meshRoute([rule({
      backends: [backend('reviews', 1, { port: 9080 })],
      fault: { abort: { httpStatus: 500, percent: 1, origin: at('spec.to[0].default.http[0].abort') }, origin: at('spec.to[0].default.http[0]') },
    })], { ordered: false, from: sourceRef('kuma.io/v1alpha1', 'MeshHTTPRoute', 'reviews', 'prod') });
    const docs = istioWriter.write(fragment({ routes: [route] }), rec.ctx);
    const [http] = (docs[0].obj.spec as OutMap).http as OutMap[];
    assert.strictEqual(http.retries, undefined);
    assert.deepStrictEqual(commentsOf(docs[0].obj), [
      'A VirtualService rather than an HTTPRoute: it injects faults.',
      'Kuma\'s default MeshTimeout ended these requests after 15 s; Istio sets no such limit, so add a request timeout if you relied on it.',
      'Kuma\'s default MeshRetry retried failed requests up to 5 times; Istio retries them twice when a route sets no retries.',
    ]);
    assertValid(docs);
  });

  it('keeps plain routing as an HTTPRoute and says that Istio adds retries the source did not have', () => {
    const rec = writeContext({ id: 'istio' });
    const route = meshRoute([rule({
      matches: [match({ path: { type: 'PathPrefix', value: '/api', origin: at('spec.rules[0].matches[0].path') } })],
      backends: [backend('reviews', 90, { port: 9080 }), backend('reviews-next', 10, { port: 9080 })],
      mirrors: [{ backend: { name: 'reviews-shadow', port: 9080, origin: at('spec.rules[0].filters[0]') }, percent: 25, origin: at('spec.rules[0].filters[0]') }],
    }, 'spec.rules[0]')], { ordered: false, from: GATEWAY_API_ROUTE });
    const docs = istioWriter.write(fragment({ routes: [route] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), [yaml.load(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: prod}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: reviews-shadow, port: 9080}, percent: 25}}]
    backendRefs: [{name: reviews, port: 9080, weight: 90}, {name: reviews-next, port: 9080, weight: 10}]
`)]);
    assert.deepStrictEqual(commentsOf(docs[0].obj), ['Istio retries a failed request twice when a route sets no retries (on connection failures, refused streams and unavailable backends); the source did not. A VirtualService with retries.attempts 0 would switch that off.']);
    assertValid(docs);
  });

  it('orders a Gateway API route\'s rules by precedence in a VirtualService and keeps element prefixes exact', () => {
    const rec = writeContext({ id: 'istio' });
    const broad = rule({
      matches: [match({ path: { type: 'PathPrefix', value: '/api', origin: at('spec.rules[0].matches[0].path') } })],
      backends: [backend('reviews', 1, { port: 9080 })],
      retry: { attempts: 2, perTryTimeout: 0.5, conditions: [], codes: [503], origin: at('spec.rules[0].retry') },
    }, 'spec.rules[0]');
    const narrow = rule({
      matches: [match({ path: { type: 'Exact', value: '/api/health', origin: at('spec.rules[1].matches[0].path') } })],
      backends: [backend('health', 1, { port: 8080, namespace: 'ops' })],
    }, 'spec.rules[1]');
    const docs = istioWriter.write(fragment({ routes: [meshRoute([broad, narrow], { ordered: false, from: GATEWAY_API_ROUTE })] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), [yaml.load(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: prod}
spec:
  hosts: [reviews]
  http:
  - match: [{uri: {exact: /api/health}}]
    route: [{destination: {host: health.ops.svc.cluster.local, port: {number: 8080}}}]
    retries: {attempts: 0}
  - match: [{uri: {exact: /api}}, {uri: {prefix: /api/}}]
    route: [{destination: {host: reviews, port: {number: 9080}}}]
    retries: {attempts: 2, perTryTimeout: 0.001s, retryOn: "503"}
`)]);
    assert.deepStrictEqual(commentsOf(docs[0].obj), ['A VirtualService rather than an HTTPRoute: it retries, which an HTTPRoute says only with the experimental-channel CRDs.']);
    assert.deepStrictEqual(commentsOf(docs[0].obj.spec as OutMap, 'http'), ['Istio takes the first rule that matches, so the rules are in Gateway API\'s precedence order (most specific first).']);
    assertValid(docs);
  });

  it('writes Gateways with the istio GatewayClass, TCPRoute as v1alpha2 up to Istio 1.30, and drops what a Gateway-bound HTTPRoute cannot carry', () => {
    const rec = writeContext({ id: 'istio' });
    const bound = meshRoute([rule({
      backends: [backend('reviews', 1, { port: 9080 })],
      fault: { delay: { fixed: 2000, percent: 10, origin: at('spec.http[0].fault.delay') }, origin: at('spec.http[0].fault') },
    })], { parents: [{ kind: 'Gateway', name: 'public', namespace: 'ingress', origin: at('spec.gateways[0]') }], hostnames: ['shop.example.com'], from: CONSUL_ROUTER });
    const tcp = meshRoute([rule({ backends: [backend('db', 1, { port: 5432 })] })], { protocol: 'tcp', name: 'db' });
    const docs = istioWriter.write(fragment({ gateways: [gateway([listener({})])], routes: [bound, tcp] }), rec.ctx);
    assert.deepStrictEqual(docs.map(d => `${String(d.obj.apiVersion)} ${String(d.obj.kind)}`), [
      'gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1alpha2 TCPRoute',
    ]);
    assert.strictEqual((docs[0].obj.spec as OutMap).gatewayClassName, 'istio');
    assert.deepStrictEqual(rec.needs, []);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.http[0].fault.delay', reason: 'Istio injects faults only from a VirtualService, and a VirtualService cannot attach to a Gateway API Gateway.' }]);
    assertValid(docs);

    const next = writeContext({ id: 'istio', version: '1.31' });
    assert.strictEqual(istioWriter.write(fragment({ routes: [tcp] }), next.ctx)[0].obj.apiVersion, 'gateway.networking.k8s.io/v1');
  });
});
