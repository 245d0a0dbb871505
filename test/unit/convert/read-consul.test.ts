import * as assert from 'node:assert';
import { consulReader } from '../../../src/core/convert/readers/consul';
import type { InputContext } from '../../../src/core/convert/contract';
import { readEach } from './readerHarness';
import { inputFixture, inputResources } from './inputFixture';
import { bare } from './modelShape';

const read = (file: string, input?: Partial<InputContext>) => readEach(inputFixture('consul', file), consulReader, input);

describe('convert: Consul reader', () => {
  it('reads a ServiceRouter in order (first match wins), one rule per route, for the Service it is named after', () => {
    const [r] = read('servicerouter.yaml');
    assert.deepStrictEqual(r.unused, []);
    const [route] = r.fragment!.routes;
    assert.deepStrictEqual([route.name, route.namespace, route.ordered, route.protocol], ['reviews', 'bookinfo', true, 'http']);
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'reviews' }]);
    const [admin, health, api, fallthrough] = route.rules;
    const adminMatch = {
      path: { type: 'PathPrefix', value: '/admin' },
      headers: [
        { name: 'x-user', type: 'Exact', value: 'tester' },
        { name: 'x-region', type: 'Prefix', value: 'eu-' },
        { name: 'x-client', type: 'RegularExpression', value: '.*\\.internal' },
        { name: 'x-trace', type: 'RegularExpression', value: '[a-f0-9]{32}' },
        { name: 'x-debug', type: 'Present', value: '' },
      ],
      queryParams: [
        { name: 'page', type: 'RegularExpression', value: '[0-9]+' },
        { name: 'lang', type: 'Exact', value: 'en' },
        { name: 'preview', type: 'Present', value: '' },
      ],
    };
    assert.deepStrictEqual(bare(admin.matches), [{ ...adminMatch, method: { value: 'GET' } }, { ...adminMatch, method: { value: 'HEAD' } }],
      'one match per method');
    assert.deepStrictEqual(bare(admin.backends), [{ ref: { name: 'reviews', subset: 'v2' }, weight: 1 }]);
    assert.deepStrictEqual(bare(admin.rewrite), { path: { type: 'ReplacePrefixMatch', value: '/' } });
    assert.deepStrictEqual(bare(admin.timeouts), { request: 3000, idle: 60000 });
    assert.deepStrictEqual(bare(admin.retry), { attempts: 2, conditions: ['gateway-error', 'reset', 'connect-failure'], codes: [503, 429] });
    assert.deepStrictEqual(bare(admin.requestHeaders), { set: { 'x-canary': 'true' }, add: { 'x-via': 'consul' }, remove: ['x-legacy'] });
    assert.deepStrictEqual(bare(admin.responseHeaders), { set: {}, add: {}, remove: ['server'] });

    assert.deepStrictEqual(bare(health.rewrite), { path: { type: 'ReplaceFullPath', value: '/status' } }, 'an exact path is replaced whole');
    assert.deepStrictEqual(bare(health.backends), [{ ref: { name: 'health' }, weight: 1 }]);
    assert.deepStrictEqual(bare(api.matches), [{ path: { type: 'RegularExpression', value: '/v[0-9]+/.*' }, headers: [], queryParams: [] }]);
    assert.deepStrictEqual(bare(fallthrough), {
      matches: [], backends: [{ ref: { name: 'reviews' }, weight: 1 }], mirrors: [],
    }, 'unmatched requests fall through to the service itself');
    assert.strictEqual(route.rules.length, 4, 'the route with an inverted header match is left out');

    const enterprise = 'Consul namespaces and admin partitions are Enterprise features with no Kubernetes equivalent; '
      + 'the backend is taken to be in the route\'s own namespace.';
    assert.deepStrictEqual(r.dropped, [
      { field: 'spec.routes[2].match.http.caseInsensitive',
        reason: 'Case-insensitive path matching has no equivalent; the converted rule takes only paths written in the same case.' },
      { field: 'spec.routes[2].destination.namespace', reason: enterprise },
      { field: 'spec.routes[2].destination.partition', reason: enterprise },
      { field: 'spec.routes[3].match.http.header[0].invert', reason: 'An inverted header match has no equivalent in the converted route; '
        + 'this route is left out so it never takes requests it did not take before, and those requests go to the next route that matches.' },
    ]);
  });

  it('leaves the unmatched requests to the ServiceSplitter of the same service when the input has one', () => {
    const [r] = read('servicerouter.yaml', {
      resources: (owner, kind) => owner === 'consul' && kind === 'ServiceSplitter'
        ? [{ apiVersion: 'consul.hashicorp.com/v1alpha1', kind, name: 'reviews', namespace: 'bookinfo', spec: {}, line: 1 }]
        : [],
    });
    assert.deepStrictEqual(r.fragment!.routes[0].rules.map(rule => rule.backends[0].ref.name), ['reviews', 'health', 'reviews-api']);
  });

  it('reads a router without a destination as routes to its own service', () => {
    const [, r] = read('servicerouter.yaml');
    assert.deepStrictEqual([r.unused, r.dropped], [[], []]);
    assert.deepStrictEqual(bare(r.fragment!.routes[0].rules), [
      { matches: [{ path: { type: 'PathPrefix', value: '/foo' }, headers: [], queryParams: [] }], backends: [{ ref: { name: 'router' }, weight: 1 }], mirrors: [] },
      { matches: [], backends: [{ ref: { name: 'router' }, weight: 1 }], mirrors: [] },
    ]);
  });

  it('reads a ServiceSplitter: percentages become relative weights that keep 0.01 % precision', () => {
    const [r] = read('servicesplitter.yaml');
    assert.deepStrictEqual(r.unused, []);
    const [route] = r.fragment!.routes;
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'reviews' }]);
    assert.deepStrictEqual(bare(route.rules[0].backends), [
      { ref: { name: 'reviews', subset: 'v1' }, weight: 3334 },
      { ref: { name: 'reviews', subset: 'v2' }, weight: 3333 },
      { ref: { name: 'reviews-next' }, weight: 3333 },
    ]);
    assert.deepStrictEqual(r.dropped.map(d => d.field), ['spec.splits[2].namespace', 'spec.splits[2].requestHeaders']);
    assert.strictEqual(r.dropped[1].reason, 'Header changes for one split have no equivalent; the converted route can change headers for the whole rule only.');
  });

  it('names the split\'s route apart from the router\'s when the input has a ServiceRouter for the same service', () => {
    const [r] = read('servicesplitter.yaml', inputResources('consul', inputFixture('consul', 'servicerouter.yaml')));
    assert.strictEqual(r.fragment!.routes[0].name, 'reviews-split');
  });

  it('reads ServiceResolver subsets from simple Service.Meta equalities and asks for the pod labels; its load balancer as a policy', () => {
    const [r, redirect] = read('serviceresolver.yaml');
    assert.deepStrictEqual(r.unused, []);
    assert.deepStrictEqual(bare(r.fragment!.subsets), [
      { host: 'reviews', namespace: 'bookinfo', name: 'v1', labels: { version: 'v1' } },
      { host: 'reviews', namespace: 'bookinfo', name: 'v2', labels: { version: 'v2', track: 'canary' } },
    ]);
    assert.deepStrictEqual(r.needs, [
      { what: 'the pod labels version: v1 on the pods of subset v1 of reviews (Consul read them from service metadata)', line: 12 },
      { what: 'the pod labels version: v2, track: canary on the pods of subset v2 of reviews (Consul read them from service metadata)', line: 14 },
    ]);
    assert.deepStrictEqual(bare(r.fragment!.servicePolicies), [{ service: { name: 'reviews' }, timeouts: { request: 10000 } }]);
    assert.deepStrictEqual(r.dropped, [
      { field: 'spec.subsets.v2.onlyPassing', reason: 'Kubernetes Services send traffic to ready pods; Consul\'s stricter passing-checks-only filter has no equivalent.' },
      { field: 'spec.subsets.tagged', reason: 'Only a filter of equalities on Service.Meta can become pod labels; this subset is not converted.' },
      { field: 'spec.defaultSubset', reason: 'A default subset has no equivalent; requests that no route sends to a subset go to every pod of the Service.' },
      { field: 'spec.connectTimeout', reason: 'A connection timeout has no equivalent in the converted timeouts, which cover requests and idle connections.' },
      { field: 'spec.failover', reason: 'Mesh Lens does not convert failover and locality-aware balancing yet.' },
    ]);
    assert.deepStrictEqual(bare(r.fragment!.policies), [{ type: 'resilience', name: 'reviews', namespace: 'bookinfo', service: { name: 'reviews', namespace: 'bookinfo' }, loadBalancer: { algorithm: { value: 'LeastRequest' }, hash: [] } }]);
    assert.deepStrictEqual(redirect.unused, []);
    assert.deepStrictEqual(redirect.dropped, []);
    const [route] = redirect.fragment!.routes;
    assert.deepStrictEqual(bare(route), {
      protocol: 'http', name: 'resolver', parents: [{ kind: 'Service', name: 'resolver' }], hostnames: [],
      rules: [{ matches: [], backends: [{ ref: { name: 'bar' }, weight: 100, written: true }], mirrors: [] }],
      ordered: true, allTraffic: { elsewhere: {} },
    }, 'every request and connection for resolver goes to bar');
  });

  it('reads the upstream overrides of ServiceDefaults as policies of the called services, and drops the rest plainly', () => {
    const [r] = read('servicedefaults.yaml');
    assert.deepStrictEqual(r.unused, []);
    assert.deepStrictEqual(r.fragment!.routes, []);
    assert.deepStrictEqual(r.fragment!.policies!.map(p => [p.type, p.name]), [['resilience', 'defaults-to-foo'], ['resilience', 'defaults-to-bar']]);
    assert.deepStrictEqual(r.dropped, [
      { field: 'spec.upstreamConfig.defaults', reason: 'Settings for every upstream of a service have no equivalent in the other meshes, which set them per called service; name each upstream in overrides instead.' },
      { field: 'spec.balanceInboundConnections', reason: 'Mesh Lens converts the protocol, mTLS mode, upstream circuit breaking, rate limits and destination of ServiceDefaults, not this setting.' },
    ]);
  });
});
