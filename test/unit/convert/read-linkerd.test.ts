import * as assert from 'node:assert';
import { linkerdReader } from '../../../src/core/convert/readers/linkerd';
import { gatewayApiReader } from '../../../src/core/convert/readers/gatewayApi';
import { inputFixture, readEach, readOne, withoutOrigins } from './readerHarness';
import type { ReadResult } from './readerHarness';

function only(result: ReadResult) {
  assert.deepStrictEqual(result.unused, [], 'every spec field is carried or dropped with a reason');
  return result.fragment!;
}

const profile = (spec: string) => `apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata:
  name: web.shop.svc.cluster.local
  namespace: shop
spec:
${spec}`;

describe('convert: Linkerd reader', () => {
  describe('authors-routes.yaml (annotations on routes and Services)', () => {
    const text = inputFixture('linkerd', 'authors-routes.yaml');
    const [httpRoute, service] = readEach(text, linkerdReader);

    it('reads a policy.linkerd.io HTTPRoute like Gateway API, with the annotations on every rule', () => {
      const r = only(httpRoute).routes[0];
      assert.deepStrictEqual(withoutOrigins(r.parents), [{ kind: 'Service', name: 'authors', port: 7001 }]);
      assert.strictEqual(r.ordered, false);
      const rule = withoutOrigins(r.rules[0]);
      assert.deepStrictEqual(rule.retry, { conditions: [], codes: [429, 502, 503, 504], attempts: 2, perTryTimeout: 300 });
      assert.deepStrictEqual(rule.timeouts, { request: 2000, backendRequest: 500 });
      assert.deepStrictEqual(rule.requestHeaders, { set: { 'x-route': 'authors-get' }, add: {}, remove: [] });
      assert.deepStrictEqual(r.rules[0].retry!.origin, { path: 'metadata.annotations["retry.linkerd.io/http"]', line: 11 });
    });

    it('reports the rule timeout the annotation overrides', () => {
      assert.deepStrictEqual(httpRoute.dropped, [{
        field: 'spec.rules[0].timeouts.request',
        reason: 'The timeout.linkerd.io/request annotation of this route takes precedence over this value in Linkerd, so the annotation\'s value is converted instead.',
      }]);
    });

    it('reads a Service\'s annotations as a policy for all traffic to it (retry limit 1 by default)', () => {
      assert.deepStrictEqual(withoutOrigins(service.fragment!.servicePolicies), [{
        service: { name: 'webapp', namespace: 'booksapp' }, protocol: 'http',
        retry: { conditions: ['gateway-error'], codes: [], attempts: 1 }, timeouts: { idle: 60_000 },
      }]);
      assert.deepStrictEqual(service.dropped, []);
    });

    it('gRPC retry annotations on a Gateway API GRPCRoute become gRPC conditions', () => {
      const grpc = readEach(text, gatewayApiReader)[2];
      const rule = only(grpc).routes[0].rules[0];
      assert.deepStrictEqual(withoutOrigins(rule.retry), { conditions: ['unavailable', 'deadline-exceeded'], codes: [], attempts: 3 });
      assert.deepStrictEqual(grpc.dropped, []);
    });

    it('leaves Services without Linkerd annotations and other groups\' routes alone', () => {
      assert.strictEqual(readOne('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n', linkerdReader).fragment, undefined);
      assert.strictEqual(readEach(text, linkerdReader)[2].fragment, undefined);
    });
  });

  describe('books-serviceprofile.yaml (ServiceProfile)', () => {
    const result = readOne(inputFixture('linkerd', 'books-serviceprofile.yaml'), linkerdReader);
    const r = only(result).routes[0];
    const split = [
      { ref: { name: 'books', namespace: 'booksapp', port: 7002 }, weight: 9 },
      { ref: { name: 'books-v2', namespace: 'booksapp', port: 7002 }, weight: 1 },
    ];

    it('is an ordered mesh route of the Service its name gives', () => {
      assert.deepStrictEqual(withoutOrigins({ ...r, rules: [] }), {
        protocol: 'http', name: 'books', namespace: 'booksapp', parents: [{ kind: 'Service', name: 'books', namespace: 'booksapp' }],
        hostnames: [], rules: [], ordered: true,
      });
    });

    it('reads conditions (all → one match, any → several), timeouts, isRetryable as retries on 5xx', () => {
      assert.deepStrictEqual(withoutOrigins(r.rules.slice(0, 3)), [
        {
          name: 'GET /books/{id}', matches: [{ headers: [], queryParams: [], method: { value: 'GET' }, path: { type: 'RegularExpression', value: '/books/[^/]+' } }],
          backends: split, mirrors: [], timeouts: { request: 300 }, retry: { conditions: ['5xx'], codes: [] },
        },
        { name: 'POST /books', matches: [{ headers: [], queryParams: [], method: { value: 'POST' }, path: { type: 'RegularExpression', value: '/books' } }], backends: split, mirrors: [] },
        {
          name: 'HEAD or OPTIONS /books',
          matches: ['HEAD', 'OPTIONS'].map(m => ({ headers: [], queryParams: [], method: { value: m }, path: { type: 'RegularExpression', value: '/books' } })),
          backends: split, mirrors: [],
        },
      ]);
    });

    it('routes every rule to the dstOverrides split (quantities as relative weights) and keeps unmatched requests with a last rule', () => {
      assert.strictEqual(r.rules.length, 4);
      assert.deepStrictEqual(withoutOrigins(r.rules[3]), { matches: [], backends: split, mirrors: [] });
    });

    it('drops a route with `not` and response classes, with reasons', () => {
      assert.deepStrictEqual(result.dropped, [
        { field: 'spec.routes[1].responseClasses', reason: 'Response classes only changed which responses Linkerd counted as failures; they are not converted, so 5xx responses are the failures.' },
        { field: 'spec.routes[3]', reason: 'A condition with "not" cannot be expressed in the target; this route and its policy are not converted.' },
      ]);
    });

    it('reads the retry budget as a policy of the Service: retryRatio as a share of retries, with its floor and window', () => {
      assert.deepStrictEqual(withoutOrigins(result.fragment!.policies!.map(p => (p.type === 'resilience' ? p.retryBudget : undefined))), [
        { percent: { value: 20 }, minRetriesPerSecond: { value: 10 }, ttl: { value: 10_000 } },
      ]);
    });
  });

  describe('edge cases', () => {
    it('a ServiceProfile without dstOverrides routes to its own Service', () => {
      const r = readOne(profile(`  routes:
  - name: all
    condition: {pathRegex: /.*}
`), linkerdReader);
      const route = only(r).routes[0];
      assert.deepStrictEqual(withoutOrigins(route.rules.map(x => x.backends)), [
        [{ ref: { name: 'web', namespace: 'shop' }, weight: 1 }], [{ ref: { name: 'web', namespace: 'shop' }, weight: 1 }],
      ]);
    });

    it('a condition asking for two methods at once matches nothing: the route is dropped', () => {
      const r = readOne(profile(`  routes:
  - name: impossible
    condition: {all: [{method: GET}, {method: POST}]}
`), linkerdReader);
      assert.strictEqual(only(r).routes[0].rules.length, 1);
      assert.deepStrictEqual(r.dropped, [{ field: 'spec.routes[0]', reason: 'This condition asks for two different methods or paths at once, which no request meets; the route is not converted.' }]);
    });

    it('annotations Linkerd ignores or cannot read are dropped with a reason', () => {
      const r = readOne(`apiVersion: policy.linkerd.io/v1beta3
kind: HTTPRoute
metadata:
  name: r
  annotations:
    retry.linkerd.io/http: 5xx,connect-failure
    retry.linkerd.io/grpc: unavailable
    retry.linkerd.io/limit: many
    timeout.linkerd.io/request: "5"
spec:
  parentRefs: [{name: web, kind: Service, group: core, port: 80}]
  rules:
  - backendRefs: [{name: web, port: 80}]
`, linkerdReader);
      assert.deepStrictEqual(withoutOrigins(only(r).routes[0].rules[0].retry), { conditions: ['5xx'], codes: [], attempts: 1 });
      assert.deepStrictEqual(r.dropped, [
        { field: 'metadata.annotations["retry.linkerd.io/http"]', reason: 'Linkerd does not read the retry condition connect-failure, so it is not converted.' },
        { field: 'metadata.annotations["retry.linkerd.io/grpc"]', reason: 'Linkerd ignores retry.linkerd.io/grpc on an HTTPRoute, so it is not converted.' },
        { field: 'metadata.annotations["retry.linkerd.io/limit"]', reason: '"many" is not a number of retries.' },
        { field: 'metadata.annotations["timeout.linkerd.io/request"]', reason: '"5" is not a duration Mesh Lens can read.' },
      ]);
    });
  });
});
