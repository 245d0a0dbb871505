// A Kuma MeshTimeout (or MeshRetry, MeshFaultInjection) whose top-level targetRef is a MeshHTTPRoute is
// for that route's requests, whoever sends them: converted as a policy of the route when the route is in
// the input, and dropped naming the missing route when it is not.
import * as assert from 'node:assert';
import { convertPolicies } from './policyHarness';

const ROUTE = `apiVersion: kuma.io/v1alpha1
kind: MeshHTTPRoute
metadata:
  name: test-route
  namespace: kuma-demo
  labels:
    kuma.io/mesh: default
spec:
  targetRef:
    kind: Mesh
  to:
  - targetRef:
      kind: MeshService
      name: backend
    rules:
    - matches:
      - path:
          type: PathPrefix
          value: /api
      default:
        backendRefs:
        - kind: MeshService
          name: backend
`;

const TIMEOUT = `apiVersion: kuma.io/v1alpha1
kind: MeshTimeout
metadata:
  name: backend-v3
  namespace: kuma-demo
  labels:
    kuma.io/mesh: default
spec:
  targetRef:
    kind: MeshHTTPRoute
    name: test-route
  to:
    - targetRef:
        kind: Mesh
      default:
        http:
          requestTimeout: 19s
`;

describe('convert: a Kuma policy for the requests of one MeshHTTPRoute (top-level targetRef)', function () {
  this.timeout(20_000);

  it('without the route in the input: dropped at the targetRef and the settings, naming the route', () => {
    const c = convertPolicies(TIMEOUT, 'istio');
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.reason]), [
      ['spec.targetRef', 'The MeshHTTPRoute "test-route" this policy targets is not in the input, so the service it applies to is unknown; convert them together.'],
      ['spec.to[0].default', 'These settings are for the requests of MeshHTTPRoute "test-route", which is not in the input, so they are not converted; convert them together.'],
    ]);
  });

  it('with the route, to Kuma: both stay as written, since Kuma reads them', () => {
    const c = convertPolicies(`${ROUTE}---\n${TIMEOUT}`, 'kuma');
    assert.deepStrictEqual([c.file.output, c.file.resources, c.file.dropped, c.file.needs], ['', [], [], []]);
    assert.ok(c.file.carried.some(x => x.feature === 'retries_and_timeout'), JSON.stringify(c.file.carried));
  });
});
