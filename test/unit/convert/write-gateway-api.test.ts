import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { gatewayApiWriter } from '../../../src/core/convert/writers/gatewayApi';
import type { ServiceInfo, Subset } from '../../../src/core/convert/model';
import { commentsOf, type OutMap } from '../../../src/core/convert/output';
import { validateAgainstCrds } from './crdValidator';
import { at, sourceRef, writeContext } from './writerContext';
import { backend, firstRule, fragment, gateway, GATEWAY_API_ROUTE, ISTIO_VS, listener, match, meshRoute, plain, rule } from './writerModel';

const REVIEWS: ServiceInfo = { name: 'reviews', namespace: 'prod', selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, targetPort: 9080, nodePort: 30080 }], line: 1 };
const DR = sourceRef('networking.istio.io/v1', 'DestinationRule', 'reviews', 'prod');
const subset = (name: string, i: number): Subset => ({ host: 'reviews', namespace: 'prod', name, labels: { version: name }, origin: at(`spec.subsets[${i}]`), from: DR });
const SUBSETS = [subset('v1', 0), subset('v2', 1)];

function assertValid(docs: { obj: OutMap }[], experimental = false): void {
  for (const d of docs) assert.deepStrictEqual(validateAgainstCrds(d.obj, { experimental }), [], `${String(d.obj.kind)} ${JSON.stringify(d.obj.metadata)}`);
}

describe('convert: Gateway API writer', function () {
  this.timeout(30_000); // the first validation reads every vendored CRD
  it('writes an Istio canary rule as a GAMMA HTTPRoute: subsets, prefixes, retries, timeouts, mirror share, and says what it drops', () => {
    const rec = writeContext({ id: 'gateway-api' }, { services: [REVIEWS], subsets: SUBSETS });
    const canary = rule({
      name: 'api-canary',
      matches: [match({ path: { type: 'PathPrefix', value: '/api', origin: at('spec.http[0].match[0].uri') }, headers: [{ name: 'x-canary', type: 'Prefix', value: 'beta.1', origin: at('spec.http[0].match[0].headers.x-canary') }] })],
      backends: [backend('reviews', 80, { subset: 'v1', port: 9080 }), backend('reviews', 20, { subset: 'v2', port: 9080 }, 'spec.http[0].route[1]')],
      timeouts: { request: 6000, origin: at('spec.http[0].timeout') },
      retry: { attempts: 3, perTryTimeout: 1500, conditions: ['gateway-error', 'connect-failure'], codes: [503], origin: at('spec.http[0].retries') },
      mirrors: [{ backend: { name: 'reviews-shadow', port: 9080, origin: at('spec.http[0].mirror') }, percent: 12.5, origin: at('spec.http[0].mirror') }],
      fault: { delay: { fixed: 5000, percent: 1, origin: at('spec.http[0].fault.delay') }, origin: at('spec.http[0].fault') },
    });
    const docs = gatewayApiWriter.write(fragment({ routes: [meshRoute([canary])] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), [yaml.load(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: prod}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - name: api-canary
    matches:
    - path: {type: PathPrefix, value: /api}
      headers: [{type: RegularExpression, name: x-canary, value: '^beta\\.1.*'}]
    filters:
    - type: RequestMirror
      requestMirror: {backendRef: {name: reviews-shadow, port: 9080}, fraction: {numerator: 125, denominator: 1000}}
    backendRefs:
    - {name: reviews-v1, port: 9080, weight: 80}
    - {name: reviews-v2, port: 9080, weight: 20}
    timeouts: {request: 6s, backendRequest: 1s500ms}
    retry: {attempts: 3, codes: [502, 503, 504]}
`)]);
    const written = firstRule(docs);
    const m = (written.matches as OutMap[])[0];
    assert.deepStrictEqual(commentsOf(m, 'path'), ['The source\'s prefix /api also took paths like /apix; PathPrefix /api takes only /api and /api/…, so those requests go to another rule.']);
    assert.deepStrictEqual(commentsOf(m), ['Gateway API has no prefix match: the header x-canary prefix beta.1 is the regular expression ^beta\\.1.*, whose support is left to the implementation.']);
    assert.deepStrictEqual(commentsOf(written, 'retry'), ['rules[].retry is in the experimental channel of Gateway API: the cluster needs the experimental-channel CRDs.']);
    assert.deepStrictEqual(commentsOf(written.retry as OutMap), ['Gateway API implementations should retry on connection errors whenever a retry is set, so connect-failure needs no code.']);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.http[0].fault.delay', reason: 'Gateway API has no fault injection; test with a failing backend instead.' }]);
    assert.deepStrictEqual(rec.needs, []);
    assertValid(docs, true);
    assert.ok(validateAgainstCrds(docs[0].obj).some(e => /retry/.test(e)), 'rules[].retry is rejected by standard-channel CRDs');
  });

  it('drops a rule an earlier first-match rule shadows, and says when a later rule now wins shared requests', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const api = rule({ matches: [match({ path: { type: 'PathPrefix', value: '/api', origin: at('spec.http[0].match[0].uri') } })], backends: [backend('reviews', 1, { port: 9080 })] }, 'spec.http[0]');
    const apiV2 = rule({ matches: [match({ path: { type: 'Exact', value: '/api/v2', origin: at('spec.http[1].match[0].uri') } }, 'spec.http[1].match[0]')], backends: [backend('reviews-v2', 1, { port: 9080 }, 'spec.http[1].route[0]')] }, 'spec.http[1]');
    const beta = rule({ matches: [match({ headers: [{ name: 'x-beta', type: 'Exact', value: '1', origin: at('spec.http[2].match[0].headers') }] }, 'spec.http[2].match[0]')], backends: [backend('reviews-beta', 1, { port: 9080 }, 'spec.http[2].route[0]')] }, 'spec.http[2]');
    const docs = gatewayApiWriter.write(fragment({ routes: [meshRoute([beta, api, apiV2])] }), rec.ctx);
    const rules = (docs[0].obj.spec as OutMap).rules as OutMap[];
    assert.strictEqual(rules.length, 2);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.http[1]', reason: 'Never matched in the source: the earlier rule 2 takes every request this one would.' }]);
    assert.deepStrictEqual(commentsOf(rules[1]), ['In the source, the earlier rule 1 took the requests both rules match; Gateway API gives this more specific rule precedence, so it takes them here.']);
    assert.deepStrictEqual(commentsOf(docs[0].obj), ['Istio retried failed requests by default (2 attempts on connection failures, refused streams and unavailable backends); with Gateway API, whether they are retried depends on the implementation.']);
    assertValid(docs);
  });

  it('does not call a rule never matched when the earlier rule covers it only because a condition of its was dropped', () => {
    const rec = writeContext({ id: 'gateway-api' });
    // The source's first rule also required a header to be absent (dropped by the reader): it did not take every /api/v2 request.
    const api = rule({ matches: [{ ...match({ path: { type: 'PathPrefix', value: '/api', origin: at('spec.http[0].match[0].uri') } }), widened: true }], backends: [backend('reviews', 1, { port: 9080 })] }, 'spec.http[0]');
    const apiV2 = rule({ matches: [match({ path: { type: 'Exact', value: '/api/v2', origin: at('spec.http[1].match[0].uri') } }, 'spec.http[1].match[0]')], backends: [backend('reviews-v2', 1, { port: 9080 }, 'spec.http[1].route[0]')] }, 'spec.http[1]');
    const docs = gatewayApiWriter.write(fragment({ routes: [meshRoute([api, apiV2])] }), rec.ctx);
    const rules = (docs[0].obj.spec as OutMap).rules as OutMap[];
    assert.strictEqual(rules.length, 2);
    assert.deepStrictEqual(rec.dropped, []);
    assertValid(docs);
  });

  it('writes a Service per DestinationRule subset, and asks for what the input does not hold', () => {
    const rec = writeContext({ id: 'gateway-api' }, { services: [REVIEWS] });
    const ratings: Subset = { host: 'ratings.prod.svc.cluster.local', name: 'v1', labels: { version: 'v1' }, origin: at('spec.subsets[0]', 7), from: DR };
    const docs = gatewayApiWriter.write(fragment({ subsets: [...SUBSETS, ratings] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), yaml.loadAll(`
apiVersion: v1
kind: Service
metadata: {name: reviews-v1, namespace: prod}
spec:
  selector: {app: reviews, version: v1}
  ports: [{name: http, port: 9080, targetPort: 9080}]
---
apiVersion: v1
kind: Service
metadata: {name: reviews-v2, namespace: prod}
spec:
  selector: {app: reviews, version: v2}
  ports: [{name: http, port: 9080, targetPort: 9080}]
`));
    assert.strictEqual(docs[0].generated, 'a Service per subset, because Gateway API routes only to Services (Service reviews, subset v1)');
    assert.deepStrictEqual(rec.needs, [{ what: 'the Service ratings-v1 for subset v1: Service ratings is not in the input, so its selector and ports are unknown', line: 7 }]);
    assertValid(docs);

    const routeRec = writeContext({ id: 'gateway-api' }, { services: [REVIEWS] });
    const routeDocs = gatewayApiWriter.write(fragment({ routes: [meshRoute([rule({ backends: [backend('reviews', 1, { subset: 'v3' })] })])] }), routeRec.ctx);
    const ref = (firstRule(routeDocs).backendRefs as OutMap[])[0];
    assert.deepStrictEqual(ref, { name: 'reviews-v3', port: 9080 });
    assert.deepStrictEqual(commentsOf(ref), ['mesh-lens: set the Service reviews-v3: the pods of Service reviews with the labels of subset v3, which no resource of the input declares']);
  });

  it('grants a cross-namespace backend with a ReferenceGrant in its namespace; a Gateway of another namespace needs none', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const route = meshRoute([rule({ backends: [backend('ratings', 1, { namespace: 'data', port: 9080 })] })], {
      parents: [{ kind: 'Gateway', name: 'public', namespace: 'ingress', origin: at('spec.gateways[0]') }],
      hostnames: ['shop.example.com'],
    });
    const docs = gatewayApiWriter.write(fragment({ routes: [route] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), yaml.loadAll(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: prod}
spec:
  parentRefs: [{name: public, namespace: ingress}]
  hostnames: [shop.example.com]
  rules:
  - backendRefs: [{name: ratings, namespace: data, port: 9080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: {name: mesh-lens-prod-httproute, namespace: data}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: prod}]
  to: [{group: "", kind: Service}]
`));
    assert.strictEqual(docs[1].generated, 'lets HTTPRoutes of namespace prod send traffic to Services of namespace data');
    assertValid(docs);
  });

  it('writes an Istio Gateway as a Gateway API Gateway: merged listeners, certificateRefs, namespaces allowed, and asks for the GatewayClass', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const gw = gateway([
      listener({ name: 'https-shop', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-cert' }] }, allowedRoutes: { from: 'Selector', namespace: 'shop' } }),
      listener({ name: 'https-shop-2', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-cert' }] }, allowedRoutes: { from: 'Selector', namespace: 'shop' } }),
      listener({ name: 'http', port: 80, protocol: 'HTTP', hostname: '*', allowedRoutes: { from: 'Same' } }),
    ], { selector: { istio: 'ingressgateway' } });
    const docs = gatewayApiWriter.write(fragment({ gateways: [gw] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), [yaml.load(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: ingress}
spec:
  gatewayClassName: set-gateway-class
  listeners:
  - name: https-shop
    port: 443
    protocol: HTTPS
    hostname: shop.example.com
    tls: {mode: Terminate, certificateRefs: [{name: shop-cert}]}
    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: shop}}}}
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes: {namespaces: {from: Same}}
`)]);
    assert.deepStrictEqual(rec.needs, [{ what: 'the GatewayClass of Gateway public', line: 1 }]);
    assert.deepStrictEqual(commentsOf(docs[0].obj.spec as OutMap, 'gatewayClassName'), ['mesh-lens: set the GatewayClass of Gateway public']);
    assert.deepStrictEqual(commentsOf(docs[0].obj), ['The source picked its gateway pods by labels (istio=ingressgateway); a Gateway API Gateway gets its own from its GatewayClass.']);
    assertValid(docs);
  });

  it('grants a Gateway its certificate Secret of another namespace', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const gw = gateway([listener({ name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'wildcard', namespace: 'certs' }] } })], { className: 'eg' });
    const docs = gatewayApiWriter.write(fragment({ gateways: [gw] }), rec.ctx);
    assert.deepStrictEqual(plain(docs)[1], yaml.load(`
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: {name: mesh-lens-ingress-gateway, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: ingress}]
  to: [{group: "", kind: Secret}]
`));
    assert.strictEqual(docs[1].generated, 'lets Gateways of namespace ingress use certificate Secrets of namespace certs');
    assert.deepStrictEqual(rec.needs, []);
    assertValid(docs);
  });

  it('converts durations to GEP-2257, rounding sub-millisecond values up with a note', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const docs = gatewayApiWriter.write(fragment({ routes: [meshRoute([rule({ backends: [backend('reviews', 1, { port: 9080 })], timeouts: { request: 100_000_000, backendRequest: 0.5, origin: at('spec.http[0].timeout') } })])] }), rec.ctx);
    const timeouts = firstRule(docs).timeouts as OutMap;
    assert.deepStrictEqual(timeouts, { request: '27h46m40s', backendRequest: '1ms' });
    assert.deepStrictEqual(commentsOf(timeouts, 'backendRequest'), ['Gateway API durations have no fractions of a millisecond: 0.5 ms is rounded up to 1ms.']);
    assertValid(docs);
  });

  it('keeps relative weights, never all 0; a redirect has no backends; a prefix replacement gets one PathPrefix match per rule', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const zero = rule({ backends: [backend('a', 0, { port: 80 }), backend('b', 0, { port: 80 })] });
    const percent = rule({ backends: [backend('a', 33.33, { port: 80 }), backend('b', 66.67, { port: 80 })] });
    const redirect = rule({
      matches: [match({ path: { type: 'Exact', value: '/old', origin: at('spec.http[2].match[0].uri') } })],
      backends: [backend('a', 1, { port: 80 }, 'spec.http[2].route[0]')],
      redirect: { hostname: 'new.example.com:8443', path: { type: 'ReplacePrefixMatch', value: '/new' }, statusCode: 301, origin: at('spec.http[2].redirect') },
    }, 'spec.http[2]');
    const rewrite = rule({
      matches: [match({ path: { type: 'PathPrefix', value: '/v1/', origin: at('spec.http[3].match[0].uri') } }), match({ path: { type: 'PathPrefix', value: '/legacy/', origin: at('spec.http[3].match[1].uri') } })],
      backends: [backend('a', 1, { port: 80 })],
      rewrite: { path: { type: 'ReplacePrefixMatch', value: '/v2/' }, origin: at('spec.http[3].rewrite') },
      retry: { attempts: 1, conditions: [], codes: [503], origin: at('spec.http[3].retries') },
    }, 'spec.http[3]');
    const docs = gatewayApiWriter.write(fragment({ routes: [meshRoute([zero, percent, redirect, rewrite], { ordered: false, from: sourceRef('gateway.networking.k8s.io/v1', 'HTTPRoute', 'reviews', 'prod') })] }), rec.ctx);
    const rules = (docs[0].obj.spec as OutMap).rules as OutMap[];
    assert.deepStrictEqual(JSON.parse(JSON.stringify(rules)), yaml.load(`
- backendRefs: [{name: a, port: 80, weight: 1}, {name: b, port: 80, weight: 1}]
- backendRefs: [{name: a, port: 80, weight: 3333}, {name: b, port: 80, weight: 6667}]
- matches: [{path: {type: Exact, value: /old}}]
  filters: [{type: RequestRedirect, requestRedirect: {hostname: new.example.com, path: {type: ReplaceFullPath, replaceFullPath: /new}, port: 8443, statusCode: 301}}]
- matches: [{path: {type: PathPrefix, value: /v1/}}]
  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2/}}}]
  backendRefs: [{name: a, port: 80}]
  retry: {attempts: 1, codes: [503]}
- matches: [{path: {type: PathPrefix, value: /legacy/}}]
  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2/}}}]
  backendRefs: [{name: a, port: 80}]
  retry: {attempts: 1, codes: [503]}
`));
    assert.deepStrictEqual(rules.slice(3).map(r => commentsOf(r, 'retry')), [
      ['rules[].retry is in the experimental channel of Gateway API: the cluster needs the experimental-channel CRDs.'],
      ['rules[].retry is in the experimental channel of Gateway API: the cluster needs the experimental-channel CRDs.'],
    ], 'both rules of the split keep their comments');
    assert.deepStrictEqual(commentsOf(rules[0], 'backendRefs'), ['Every backend of this rule had weight 0; they share the traffic equally here, because Gateway API would send nothing at all.']);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.http[2].route[0]', reason: 'A redirect answers the request itself, so the rule has no backends.' }]);
    assertValid(docs, true);
  });

  it('writes a service-wide policy as a catch-all HTTPRoute to the Service itself', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const from = sourceRef('kuma.io/v1alpha1', 'MeshTimeout', 'reviews-timeout', 'prod');
    const docs = gatewayApiWriter.write(fragment({
      servicePolicies: [{ service: { name: 'reviews', namespace: 'prod', port: 9080, origin: at('spec.to[0].targetRef') }, timeouts: { request: 3000, idle: 60_000, origin: at('spec.to[0].default.http') }, from, origin: at('spec.to[0]') }],
    }), rec.ctx);
    assert.deepStrictEqual(plain(docs), [yaml.load(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews-timeout, namespace: prod}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - backendRefs: [{name: reviews, port: 9080}]
    timeouts: {request: 3s}
`)]);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.to[0].default.http', reason: 'Gateway API routes have no idle timeout.' }]);
    assertValid(docs);
  });

  it('merges a service-wide policy into the route for that Service; writes gRPC routes with their method matches; drops `*` hosts', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const from = sourceRef('gateway.networking.k8s.io/v1', 'GRPCRoute', 'cart', 'shop');
    const grpc = meshRoute([rule({
      matches: [match({ grpc: { service: 'shop.Cart', method: 'Add', type: 'Exact', origin: at('spec.rules[0].matches[0].method') }, headers: [{ name: 'x-tenant', type: 'Prefix', value: 'eu', origin: at('spec.rules[0].matches[0].headers[0]') }] })],
      backends: [backend('cart', 1, { port: 50051 })],
    }, 'spec.rules[0]')], {
      protocol: 'grpc', name: 'cart', namespace: 'shop', ordered: false, from, hostnames: ['*', 'Cart.Example.com'],
      parents: [{ kind: 'Gateway', name: 'public', namespace: 'ingress', sectionName: 'grpc', origin: at('spec.parentRefs[0]') }],
    });
    const policy = { service: { name: 'reviews', namespace: 'prod', origin: at('spec.targetRef') }, timeouts: { request: 2000, origin: at('spec.timeout') }, from: sourceRef('kuma.io/v1alpha1', 'MeshTimeout', 't', 'prod'), origin: at('spec') };
    const route = meshRoute([rule({ backends: [backend('reviews', 1, { port: 9080 })] }), rule({ backends: [backend('reviews', 1, { port: 9080 })], timeouts: { request: 500, origin: at('spec.http[1].timeout') } }, 'spec.http[1]')], { ordered: false, from: GATEWAY_API_ROUTE });
    const docs = gatewayApiWriter.write(fragment({ routes: [grpc, route], servicePolicies: [policy] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), yaml.loadAll(`
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: cart, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: ingress, sectionName: grpc}]
  hostnames: [cart.example.com]
  rules:
  - matches: [{method: {service: shop.Cart, method: Add}, headers: [{type: RegularExpression, name: x-tenant, value: ^eu.*}]}]
    backendRefs: [{name: cart, port: 50051}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: prod}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - backendRefs: [{name: reviews, port: 9080}]
    timeouts: {request: 2s}
  - backendRefs: [{name: reviews, port: 9080}]
    timeouts: {request: 500ms}
`));
    assert.deepStrictEqual(rec.dropped, []);
    assertValid(docs);
  });

  it('writes a destination port every match names as the parent\'s port, and leaves out a match on one port among others', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const onPort = (port: number, i: number) => match({ port: { value: port, origin: at(`spec.http[${i}].match[0].port`) } }, `spec.http[${i}].match[0]`);
    const parents = [{ kind: 'Service' as const, name: 'reviews', origin: at('spec.hosts[0]') }];
    const one = meshRoute([rule({ matches: [onPort(9080, 0)], backends: [backend('reviews', 1, { port: 9080 })] })], { parents });
    const two = meshRoute([
      rule({ matches: [onPort(9080, 0)], backends: [backend('reviews', 1, { port: 9080 })] }),
      rule({ matches: [onPort(9443, 1)], backends: [backend('reviews', 1, { port: 9443 })] }, 'spec.http[1]'),
    ], { parents, name: 'two' });
    const docs = gatewayApiWriter.write(fragment({ routes: [one, two] }), rec.ctx);
    assert.deepStrictEqual((docs[0].obj.spec as OutMap).parentRefs, [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }]);
    assert.deepStrictEqual(firstRule(docs), { backendRefs: [{ name: 'reviews', port: 9080 }] });
    assert.strictEqual(docs.length, 1, 'a route whose every rule is left out is not written');
    assert.deepStrictEqual(rec.dropped.map(d => d.field), ['spec.http[0].match[0].port', 'spec.http[0]', 'spec.http[1].match[0].port', 'spec.http[1]']);
    assert.strictEqual(rec.dropped[1].reason, 'None of this rule\'s matches can be written in Gateway API, so the rule is left out rather than made to take every request.');
    assertValid(docs);
  });

  it('keeps the weight of a single backend the source wrote, or of a split at 100 %', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const written = { ...backend('reviews', 1, { port: 9080 }), origin: at('spec.rules[0].backendRefs[0].weight') };
    const split = meshRoute([rule({ backends: [backend('reviews', 100, { port: 9080 })] })], { name: 'split', from: sourceRef('split.smi-spec.io/v1alpha2', 'TrafficSplit', 'split', 'prod') });
    const docs = gatewayApiWriter.write(fragment({ routes: [meshRoute([rule({ backends: [written] })], { from: GATEWAY_API_ROUTE }), split] }), rec.ctx);
    assert.deepStrictEqual(docs.map(d => ((d.obj.spec as OutMap).rules as OutMap[])[0].backendRefs), [[{ name: 'reviews', port: 9080, weight: 1 }], [{ name: 'reviews', port: 9080, weight: 100 }]]);
  });

  it('writes no route when nothing is left for it to attach to, and says so on each rule', () => {
    const rec = writeContext({ id: 'gateway-api' });
    const external = meshRoute([rule({ matches: [match({ port: { value: 80, origin: at('spec.http[0].match[0].port') } })], backends: [backend('www.googleapis.com', 1, { external: true })] })], { parents: [] });
    assert.deepStrictEqual(gatewayApiWriter.write(fragment({ routes: [external] }), rec.ctx), []);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.http[0]', reason: 'This route has nothing to attach to once its hosts are left out, so its rules are not converted.' }]);
  });

  it('writes the apiVersions and fields of the Gateway API version asked for', () => {
    const tcp = meshRoute([rule({ backends: [backend('db', 1, { port: 5432 })] })], { protocol: 'tcp', name: 'db', from: ISTIO_VS });
    const mirrored = meshRoute([rule({
      backends: [backend('reviews', 1, { port: 9080 })],
      retry: { attempts: 2, conditions: [], codes: [503], origin: at('spec.http[0].retries') },
      mirrors: [{ backend: { name: 'shadow', port: 9080, origin: at('spec.http[0].mirror') }, percent: 10, origin: at('spec.http[0].mirror') }],
    })]);
    const newest = writeContext({ id: 'gateway-api' });
    const newDocs = gatewayApiWriter.write(fragment({ routes: [tcp] }), newest.ctx);
    assert.strictEqual(newDocs[0].obj.apiVersion, 'gateway.networking.k8s.io/v1');
    assertValid(newDocs);

    const old = writeContext({ id: 'gateway-api', version: '1.1' });
    const oldDocs = gatewayApiWriter.write(fragment({ routes: [tcp, mirrored] }), old.ctx);
    assert.strictEqual(oldDocs[0].obj.apiVersion, 'gateway.networking.k8s.io/v1alpha2');
    assert.deepStrictEqual(commentsOf(oldDocs[0].obj), ['TCPRoute gateway.networking.k8s.io/v1alpha2 is in the experimental channel of Gateway API: the cluster needs the experimental-channel CRDs.']);
    assert.deepStrictEqual(old.dropped, [
      { field: 'spec.http[0].mirror', reason: 'Gateway API mirrors every request at this version; the mirror of 10 % of requests is left out rather than mirroring them all.' },
      { field: 'spec.http[0].retries', reason: 'Gateway API has no retries on routes at this version.' },
    ]);
    assertValid(oldDocs, true);
  });
});
