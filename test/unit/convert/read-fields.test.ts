// Each reader says which source field holds each part of a retry policy and of timeouts, so a writer
// that cannot carry one part (a per-try timeout, a back-off) reports that field alone, not the whole policy.
import * as assert from 'node:assert';
import type { Reader } from '../../../src/core/convert/contract';
import type { ModelFragment, RetryPolicy, Timeouts } from '../../../src/core/convert/model';
import { istioReader } from '../../../src/core/convert/readers/istio';
import { gatewayApiReader } from '../../../src/core/convert/readers/gatewayApi';
import { linkerdReader } from '../../../src/core/convert/readers/linkerd';
import { kumaReader } from '../../../src/core/convert/readers/kuma';
import { consulReader } from '../../../src/core/convert/readers/consul';
import { osmReader } from '../../../src/core/convert/readers/osm';
import { appMeshReader } from '../../../src/core/convert/readers/appMesh';
import { readOne } from './readerHarness';

type Parts = Record<string, string>;
/** The `fields` of a retry policy or timeouts as part → path. */
const paths = (x: RetryPolicy | Timeouts | undefined): Parts =>
  Object.fromEntries(Object.entries(x?.fields ?? {}).map(([part, o]) => [part, (o as { path: string }).path]));

function first(fragment: ModelFragment | undefined): { retry?: RetryPolicy; timeouts?: Timeouts } {
  const rule = fragment?.routes[0]?.rules[0];
  if (rule && (rule.retry || rule.timeouts)) return rule;
  const policy = fragment?.servicePolicies[0];
  return { retry: policy?.retry, timeouts: policy?.timeouts };
}

const read = (yaml: string, reader: Reader) => first(readOne(yaml, reader).fragment);

describe('convert: readers name the source field of each retry and timeout part', () => {
  it('Istio', () => {
    const r = read(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews}}]
    timeout: 5s
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: 5xx, backoff: 25ms}
`, istioReader);
    assert.deepStrictEqual(paths(r.retry), {
      attempts: 'spec.http[0].retries.attempts', perTryTimeout: 'spec.http[0].retries.perTryTimeout',
      conditions: 'spec.http[0].retries.retryOn', backoff: 'spec.http[0].retries.backoff',
    });
    assert.deepStrictEqual(paths(r.timeouts), { request: 'spec.http[0].timeout' });
  });

  it('Gateway API', () => {
    const r = read(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{group: "", kind: Service, name: echo}]
  rules:
  - backendRefs: [{name: echo, port: 80}]
    timeouts: {request: 10s, backendRequest: 2s}
    retry: {attempts: 2, codes: [503], backoff: 100ms}
`, gatewayApiReader);
    assert.deepStrictEqual(paths(r.retry), { attempts: 'spec.rules[0].retry.attempts', conditions: 'spec.rules[0].retry.codes', backoff: 'spec.rules[0].retry.backoff' });
    assert.deepStrictEqual(paths(r.timeouts), { request: 'spec.rules[0].timeouts.request', backendRequest: 'spec.rules[0].timeouts.backendRequest' });
  });

  it('Linkerd annotations', () => {
    const r = read(`apiVersion: v1
kind: Service
metadata:
  name: webapp
  annotations: {retry.linkerd.io/http: 5xx, retry.linkerd.io/limit: "2", retry.linkerd.io/timeout: 300ms, timeout.linkerd.io/request: 2s, timeout.linkerd.io/response: 500ms, timeout.linkerd.io/idle: 1m}
`, linkerdReader);
    assert.deepStrictEqual(paths(r.retry), {
      attempts: 'metadata.annotations["retry.linkerd.io/limit"]', perTryTimeout: 'metadata.annotations["retry.linkerd.io/timeout"]',
      conditions: 'metadata.annotations["retry.linkerd.io/http"]',
    });
    assert.deepStrictEqual(paths(r.timeouts), {
      request: 'metadata.annotations["timeout.linkerd.io/request"]', backendRequest: 'metadata.annotations["timeout.linkerd.io/response"]',
      idle: 'metadata.annotations["timeout.linkerd.io/idle"]',
    });
  });

  it('Kuma', () => {
    const r = read(`apiVersion: kuma.io/v1alpha1
kind: MeshRetry
metadata: {name: r, namespace: kuma-demo}
spec:
  targetRef: {kind: Mesh}
  to:
  - targetRef: {kind: MeshService, name: backend}
    default:
      http: {numRetries: 3, perTryTimeout: 1s, retryOn: [5xx], backOff: {baseInterval: 10ms, maxInterval: 1s}}
`, kumaReader);
    assert.deepStrictEqual(paths(r.retry), {
      attempts: 'spec.to[0].default.http.numRetries', perTryTimeout: 'spec.to[0].default.http.perTryTimeout',
      conditions: 'spec.to[0].default.http.retryOn', backoff: 'spec.to[0].default.http.backOff',
    });
  });

  it('Consul', () => {
    const r = read(`apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceRouter
metadata: {name: web}
spec:
  routes:
  - match: {http: {pathPrefix: /admin}}
    destination: {service: admin, requestTimeout: 2s, idleTimeout: 1m, numRetries: 3, retryOnStatusCodes: [503]}
`, consulReader);
    assert.deepStrictEqual(paths(r.retry), { attempts: 'spec.routes[0].destination.numRetries', conditions: 'spec.routes[0].destination.retryOnStatusCodes' });
    assert.deepStrictEqual(paths(r.timeouts), { request: 'spec.routes[0].destination.requestTimeout', idle: 'spec.routes[0].destination.idleTimeout' });
  });

  it('OSM', () => {
    const r = read(`apiVersion: policy.openservicemesh.io/v1alpha1
kind: Retry
metadata: {name: retry, namespace: curl}
spec:
  source: {kind: ServiceAccount, name: curl, namespace: curl}
  destinations: [{kind: Service, name: httpbin, namespace: httpbin}]
  retryPolicy: {retryOn: 5xx, perTryTimeout: 1s, numRetries: 5, retryBackoffBaseInterval: 1s}
`, osmReader);
    assert.deepStrictEqual(paths(r.retry), {
      attempts: 'spec.retryPolicy.numRetries', perTryTimeout: 'spec.retryPolicy.perTryTimeout',
      conditions: 'spec.retryPolicy.retryOn', backoff: 'spec.retryPolicy.retryBackoffBaseInterval',
    });
  });

  it('App Mesh', () => {
    const r = read(`apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: color, namespace: shop}
spec:
  listeners: [{portMapping: {port: 8080, protocol: http}}]
  routes:
  - name: default
    httpRoute:
      match: {prefix: /}
      action: {weightedTargets: [{virtualNodeRef: {name: blue}, weight: 1}]}
      retryPolicy: {maxRetries: 2, perRetryTimeout: {unit: ms, value: 500}, httpRetryEvents: [server-error]}
      timeout: {perRequest: {unit: s, value: 5}, idle: {unit: s, value: 60}}
`, appMeshReader);
    assert.deepStrictEqual(paths(r.retry), {
      attempts: 'spec.routes[0].httpRoute.retryPolicy.maxRetries', perTryTimeout: 'spec.routes[0].httpRoute.retryPolicy.perRetryTimeout',
      conditions: 'spec.routes[0].httpRoute.retryPolicy.httpRetryEvents',
    });
    assert.deepStrictEqual(paths(r.timeouts), { request: 'spec.routes[0].httpRoute.timeout.perRequest', idle: 'spec.routes[0].httpRoute.timeout.idle' });
  });
});
