import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { linkerdWriter } from '../../../src/core/convert/writers/linkerd';
import { commentsOf, type OutDoc, type OutMap } from '../../../src/core/convert/output';
import { validateAgainstCrds } from './crdValidator';
import { at, sourceRef, writeContext } from './writerContext';
import { backend, fragment, gateway, listener, match, meshRoute, plain, rule } from './writerModel';

function assertValid(docs: OutDoc[]): void {
  // TLSRoute/TCPRoute v1alpha2 exist only in the experimental channel, which the validator then uses.
  for (const d of docs) assert.deepStrictEqual(validateAgainstCrds(d.obj), [], `${String(d.obj.kind)} ${JSON.stringify(d.obj.metadata)}`);
}

/** The Istio worked example: a canary rule with its own retries, timeouts, mirror and fault, then a default rule. */
function istioCanary() {
  const canary = rule({
    name: 'api-canary',
    matches: [match({ path: { type: 'PathPrefix', value: '/api/', origin: at('spec.http[0].match[0].uri') } })],
    backends: [backend('reviews', 80, { port: 9080 }), backend('reviews-next', 20, { port: 9080 }, 'spec.http[0].route[1]')],
    timeouts: { request: 6000, origin: at('spec.http[0].timeout') },
    retry: { attempts: 3, perTryTimeout: 1500, conditions: ['gateway-error', 'connect-failure'], codes: [503, 504, 500], origin: at('spec.http[0].retries') },
    mirrors: [{ backend: { name: 'reviews-shadow', port: 9080, origin: at('spec.http[0].mirror') }, percent: 10, origin: at('spec.http[0].mirror') }],
    fault: { delay: { fixed: 5000, percent: 1, origin: at('spec.http[0].fault.delay') }, origin: at('spec.http[0].fault') },
  });
  const fallback = rule({ name: 'default', backends: [backend('reviews', 1, { port: 9080 }, 'spec.http[1].route[0]')] }, 'spec.http[1]');
  return meshRoute([canary, fallback]);
}

describe('convert: Linkerd writer', function () {
  this.timeout(30_000); // the first validation reads every vendored CRD
  it('splits rules with their own retry policy into routes of their own, with Linkerd\'s annotations, and says every loss', () => {
    const rec = writeContext({ id: 'linkerd' });
    const docs = linkerdWriter.write(fragment({ routes: [istioCanary()] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), yaml.loadAll(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews-1
  namespace: prod
  annotations:
    retry.linkerd.io/http: gateway-error,500,503,504
    retry.linkerd.io/limit: "3"
    retry.linkerd.io/timeout: 1s500ms
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - name: api-canary
    matches: [{path: {type: PathPrefix, value: /api/}}]
    backendRefs: [{name: reviews, port: 9080, weight: 80}, {name: reviews-next, port: 9080, weight: 20}]
    timeouts: {request: 6s}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews-2, namespace: prod}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - name: default
    backendRefs: [{name: reviews, port: 9080}]
`));
    assert.deepStrictEqual(rec.dropped, [
      { field: 'spec.http[0].mirror', reason: 'Linkerd has no traffic mirroring, and it rejects a whole route that has a RequestMirror filter.' },
      { field: 'spec.http[0].fault.delay', reason: 'Linkerd has no fault injection; test with a failing backend instead.' },
      { field: 'spec.http[0].retries', reason: 'Linkerd retries on response status codes only; it has no equivalent of connect-failure.' },
    ]);
    const split = 'Linkerd\'s retry and timeout annotations apply to a whole route, so rules with a policy of their own are in a route of their own.';
    assert.deepStrictEqual(commentsOf(docs[0].obj), [split]);
    assert.deepStrictEqual(commentsOf(docs[1].obj), [split, 'Istio retried failed requests by default (2 attempts on connection failures, refused streams and unavailable backends); Linkerd retries nothing unless annotated, so these requests are no longer retried.']);
    const path = (((docs[0].obj.spec as OutMap).rules as OutMap[])[0].matches as OutMap[])[0];
    assert.deepStrictEqual(commentsOf(path, 'path'), ['The source\'s prefix /api/ did not take /api itself; PathPrefix /api/ takes it too.']);
    assertValid(docs);
  });

  it('linkerd@2.14 has no retry annotations: the retry is not converted, with the version that brought them', () => {
    const rec = writeContext({ id: 'linkerd', version: '2.14' });
    const docs = linkerdWriter.write(fragment({ routes: [istioCanary()] }), rec.ctx);
    assert.strictEqual(docs.length, 1, 'one route: no annotations, so nothing to split by');
    assert.strictEqual((docs[0].obj.metadata as OutMap).annotations, undefined);
    assert.ok(rec.dropped.some(d => d.field === 'spec.http[0].retries' && d.reason === 'Linkerd 2.14 has no retry annotations; they came in 2.16.'));
    assertValid(docs);
  });

  it('writes gRPC retry conditions and the request timeout of a GRPCRoute as annotations', () => {
    const rec = writeContext({ id: 'linkerd' });
    const grpc = meshRoute([rule({
      matches: [match({ grpc: { service: 'shop.Cart', method: 'Add', type: 'Exact', origin: at('spec.http[0].match[0]') } })],
      backends: [backend('cart', 1, { port: 50051 })],
      timeouts: { request: 2000, origin: at('spec.http[0].timeout') },
      retry: { attempts: 2, conditions: ['unavailable', 'cancelled', '5xx'], codes: [], origin: at('spec.http[0].retries') },
    })], { protocol: 'grpc', name: 'cart', ordered: false, from: sourceRef('kuma.io/v1alpha1', 'MeshHTTPRoute', 'cart', 'prod') });
    const docs = linkerdWriter.write(fragment({ routes: [grpc] }), rec.ctx);
    assert.deepStrictEqual(plain(docs), [yaml.load(`
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: cart
  namespace: prod
  annotations: {retry.linkerd.io/grpc: 'unavailable,cancelled', retry.linkerd.io/limit: "2", timeout.linkerd.io/request: 2s}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - matches: [{method: {service: shop.Cart, method: Add}}]
    backendRefs: [{name: cart, port: 50051}]
`)]);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.http[0].retries', reason: 'A GRPCRoute retries on gRPC statuses only; Linkerd cannot retry it on 5xx.' }]);
    assertValid(docs);
  });

  it('writes a per-attempt timeout without retries as the response timeout, and an idle timeout; gRPC conditions do not go on an HTTPRoute', () => {
    const rec = writeContext({ id: 'linkerd' });
    const route = meshRoute([
      rule({ backends: [backend('reviews', 1, { port: 9080 })], timeouts: { backendRequest: 800, idle: 30_000, origin: at('spec.rules[0].timeouts') } }, 'spec.rules[0]'),
      rule({ backends: [backend('reviews', 1, { port: 9080 })], retry: { attempts: 1, conditions: ['unavailable'], codes: [503], origin: at('spec.rules[1].retry') } }, 'spec.rules[1]'),
    ], { ordered: false, from: sourceRef('gateway.networking.k8s.io/v1', 'HTTPRoute', 'reviews', 'prod') });
    const docs = linkerdWriter.write(fragment({ routes: [route] }), rec.ctx);
    assert.deepStrictEqual(docs.map(d => (d.obj.metadata as OutMap).annotations), [
      { 'timeout.linkerd.io/response': '800ms', 'timeout.linkerd.io/idle': '30s' },
      { 'retry.linkerd.io/http': '503', 'retry.linkerd.io/limit': '1' },
    ]);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.rules[1].retry', reason: 'Linkerd retries on gRPC status unavailable only on a GRPCRoute; this is an HTTPRoute.' }]);
    assertValid(docs);
  });

  it('drops URL rewrites, writes TCPRoute as v1alpha2, and keeps Gateways for an ingress controller', () => {
    const rec = writeContext({ id: 'linkerd' });
    const rewrite = meshRoute([rule({
      matches: [match({ path: { type: 'PathPrefix', value: '/', origin: at('spec.http[0].match[0].uri') } })],
      backends: [backend('reviews', 1, { port: 9080 })],
      rewrite: { path: { type: 'ReplacePrefixMatch', value: '/v2' }, origin: at('spec.http[0].rewrite') },
    })]);
    const tcp = meshRoute([rule({ backends: [backend('db', 1, { port: 5432 }, 'spec.tcp[0].route[0]')] }, 'spec.tcp[0]')], { protocol: 'tcp', name: 'db' });
    const docs = linkerdWriter.write(fragment({ routes: [rewrite, tcp], gateways: [gateway([listener({})])] }), rec.ctx);
    assert.deepStrictEqual(docs.map(d => `${String(d.obj.apiVersion)} ${String(d.obj.kind)}`), [
      'gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1alpha2 TCPRoute',
    ]);
    assert.deepStrictEqual(rec.dropped, [{ field: 'spec.http[0].rewrite', reason: 'Linkerd rejects a whole route that has a URLRewrite filter; rewrite the path in the application or at the ingress.' }]);
    assert.deepStrictEqual(rec.needs, [{ what: 'the GatewayClass of Gateway public', line: 1 }]);
    assert.deepStrictEqual(commentsOf(docs[0].obj), ['Linkerd has no ingress of its own: this Gateway needs an ingress controller that implements Gateway API.']);
    assertValid(docs);
  });
});
