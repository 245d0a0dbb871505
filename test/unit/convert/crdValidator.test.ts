import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { validateAgainstCrds } from './crdValidator';

const load = (text: string) => yaml.load(text);

describe('convert: CRD validator (tests of the test tool)', function () {
  this.timeout(30_000); // the first look-up reads data/crds
  it('accepts a valid HTTPRoute, Istio VirtualService, Linkerd HTTPRoute, Kuma MeshHTTPRoute and v1 Service', () => {
    assert.deepStrictEqual(validateAgainstCrds(load(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: prod}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: reviews-v1, port: 9080, weight: 90}, {name: reviews-v2, port: 9080, weight: 10}]
    timeouts: {request: 5s}
`)), []);
    assert.deepStrictEqual(validateAgainstCrds(load(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews, subset: v1}, weight: 100}]
    retries: {attempts: 3, perTryTimeout: 2s}
`)), []);
    assert.deepStrictEqual(validateAgainstCrds(load(`apiVersion: policy.linkerd.io/v1beta3
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{group: core, kind: Service, name: reviews, port: 9080}]
  rules: [{backendRefs: [{name: reviews, port: 9080}]}]
`)), []);
    assert.deepStrictEqual(validateAgainstCrds(load(`apiVersion: kuma.io/v1alpha1
kind: MeshHTTPRoute
metadata: {name: r, namespace: kuma-system}
spec:
  targetRef: {kind: Mesh}
  to:
  - targetRef: {kind: MeshService, name: reviews}
    rules:
    - matches: [{path: {type: PathPrefix, value: /}}]
      default:
        backendRefs: [{kind: MeshService, name: reviews, port: 9080, weight: 1}]
`)), []);
    assert.deepStrictEqual(validateAgainstCrds(load('apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {selector: {app: a}, ports: [{port: 80}]}\n')), []);
  });

  it('reports unknown fields, wrong types, a missing name and the Gateway API rules', () => {
    const errors = validateAgainstCrds(load(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {}
spec:
  rules:
  - backendRefs: [{name: a, port: "x", weight: 0}, {name: b, port: 80, weight: 0}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]
    matches: [{path: {type: Exact, value: /a}}]
    mirror: {host: x}
`));
    const text = errors.join('\n');
    assert.match(text, /metadata\.name is missing/);
    assert.match(text, /must NOT have additional properties 'mirror'/);
    assert.match(text, /port must be integer/);
    assert.match(text, /every backend has weight 0/);
    assert.match(text, /RequestRedirect filter must not be used together with backendRefs/);
    assert.match(text, /ReplacePrefixMatch needs exactly one PathPrefix match/);
    const gw = validateAgainstCrds(load(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g}
spec:
  gatewayClassName: c
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: a.example.com}
  - {name: http, port: 80, protocol: HTTP, hostname: a.example.com}
`));
    assert.deepStrictEqual(gw, ['listener 1: name http is not unique', 'listener 1: port, protocol and hostname 80/HTTP/a.example.com are not unique']);
    assert.match(validateAgainstCrds(load('apiVersion: kuma.io/v1alpha1\nkind: MeshRetry\nmetadata: {name: r}\nspec:\n  targetRef: {kind: Mesh}\n  to:\n  - targetRef: {kind: MeshService, name: a}\n    default: {http: {numRetries: 3, retryOnn: [5xx]}}\n')).join('\n'), /additional properties 'retryOnn'/);
    assert.match(validateAgainstCrds(load('apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec:\n  http: [{route: [{destination: {host: a}, weight: "x"}]}]\n')).join('\n'), /weight must be integer/);
    assert.match(validateAgainstCrds(load('apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceSplitter\nmetadata: {name: s}\nspec: {splits: [{weight: 100, services: a}]}\n')).join('\n'), /additional properties 'services'/);
    assert.match(validateAgainstCrds(load('apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: "80"}], weird: 1}\n')).join('\n'), /unknown field 'weird'[\s\S]*port must be an integer/);
  });

  it('accepts experimental-channel fields only when asked', () => {
    const route = load(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  rules: [{backendRefs: [{name: a, port: 80}], retry: {attempts: 2, codes: [503]}}]
`);
    assert.match(validateAgainstCrds(route).join('\n'), /additional properties 'retry'/);
    assert.deepStrictEqual(validateAgainstCrds(route, { experimental: true }), []);
  });
});
