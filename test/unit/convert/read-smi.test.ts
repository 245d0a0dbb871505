import * as assert from 'node:assert';
import { smiReader } from '../../../src/core/convert/readers/smi';
import { osmReader } from '../../../src/core/convert/readers/osm';
import type { InputContext } from '../../../src/core/convert/contract';
import { readEach, readOne } from './readerHarness';
import { inputFixture, inputResources } from './inputFixture';
import { bare } from './modelShape';

const splits = (input?: Partial<InputContext>) => readEach(inputFixture('smi', 'trafficsplit.yaml'), smiReader, input);

/** The input as the pipeline would give it: the HTTPRouteGroup `ab-test` of namespace shop. */
const abTestGroup: Partial<InputContext> = {
  resources: (owner, kind) => owner === 'smi' && kind === 'HTTPRouteGroup' ? [{
    apiVersion: 'specs.smi-spec.io/v1alpha4', kind, name: 'ab-test', namespace: 'shop', line: 1,
    spec: { matches: [
      { name: 'firefox', pathRegex: '/shop/.*', methods: ['GET', 'HEAD'], headers: [{ 'user-agent': '.*Firefox.*' }] },
      { name: 'any', pathRegex: '/cart', methods: ['*'] },
    ] },
  }] : [],
};

describe('convert: SMI and OSM readers', () => {
  it('reads a TrafficSplit as a weighted route whose parent is the root Service', () => {
    const [spec, osm] = splits();
    assert.deepStrictEqual([spec.unused, spec.dropped], [[], []]);
    const [route] = spec.fragment!.routes;
    assert.deepStrictEqual([route.name, route.protocol, route.ordered], ['canary', 'http', false]);
    assert.deepStrictEqual(bare(route.parents), [{ kind: 'Service', name: 'website' }]);
    assert.deepStrictEqual(bare(route.rules), [{
      matches: [], mirrors: [],
      backends: [{ ref: { name: 'website-v1' }, weight: 90 }, { ref: { name: 'website-v2' }, weight: 10 }],
    }]);
    assert.deepStrictEqual(route.rules[0].backends[1].origin, { path: 'spec.backends[1]', line: 15 });

    assert.deepStrictEqual([osm.unused, osm.dropped], [[], []]);
    assert.deepStrictEqual(bare(osm.fragment!.routes[0].parents), [{ kind: 'Service', name: 'httpbin', namespace: 'httpbin' }],
      'a FQDN root service is split into name and namespace');
    assert.strictEqual(osm.fragment!.routes[0].namespace, 'httpbin');
  });

  it('applies a v1alpha4 split only to the requests of its HTTPRouteGroup', () => {
    const [, , abTest] = splits(abTestGroup);
    assert.deepStrictEqual([abTest.unused, abTest.dropped], [[], []]);
    const [rule] = abTest.fragment!.routes[0].rules;
    const firefox = { path: { type: 'RegularExpression', value: '/shop/.*' }, headers: [{ name: 'user-agent', type: 'RegularExpression', value: '.*Firefox.*' }], queryParams: [] };
    assert.deepStrictEqual(bare(rule.matches), [
      { ...firefox, method: { value: 'GET' } },
      { ...firefox, method: { value: 'HEAD' } },
      { path: { type: 'RegularExpression', value: '/cart' }, headers: [], queryParams: [] },
    ]);
    assert.deepStrictEqual(bare(rule.backends), [{ ref: { name: 'website-v1' }, weight: 0 }, { ref: { name: 'website-v2' }, weight: 100 }]);
  });

  it('leaves a matched split out when its HTTPRouteGroup is not in the input, rather than splitting every request', () => {
    const [, , abTest] = splits();
    assert.deepStrictEqual(abTest.unused, []);
    assert.deepStrictEqual(abTest.dropped, [
      { field: 'spec.matches[0]', reason: 'The HTTPRouteGroup "ab-test" is not in the input, so the requests this split applies to are unknown; convert them together.' },
      { field: 'spec.backends', reason: 'This split applies only to requests of route groups that are not converted, so it is left out rather than applied to every request.' },
    ]);
    assert.deepStrictEqual(abTest.fragment!.routes, []);
  });

  it('says that matches beside spec (as in the SMI documentation\'s example) are read by no controller', () => {
    const [group] = readEach('kind: HTTPRouteGroup\nmetadata: {name: ab-test}\nmatches:\n- name: firefox-users\n  headers:\n    user-agent: ".*Firefox.*"\n', smiReader);
    assert.deepStrictEqual(group.dropped, [{ field: 'matches', reason: 'SMI reads the matches of an HTTPRouteGroup under spec only; these, beside spec, have no effect in their own mesh either.', inert: true }]);
  });

  it('leaves a matched split out when its HTTPRouteGroup has no matches under its spec', () => {
    const [, , abTest] = splits(inputResources('smi', 'kind: HTTPRouteGroup\nmetadata: {name: ab-test, namespace: shop}\nmatches: [{name: firefox}]\n'));
    assert.deepStrictEqual(abTest.dropped.map(d => d.reason), [
      'The HTTPRouteGroup "ab-test" has no spec.matches, where SMI reads them, so the requests this split applies to are unknown.',
      'This split applies only to requests of route groups that are not converted, so it is left out rather than applied to every request.',
    ]);
    assert.deepStrictEqual(abTest.fragment!.routes, []);
  });

  it('reads v1alpha1 quantity weights as whole relative weights', () => {
    const [, , , legacy] = splits();
    assert.deepStrictEqual([legacy.unused, legacy.dropped], [[], []]);
    assert.deepStrictEqual(legacy.fragment!.routes[0].rules[0].backends.map(b => b.weight), [500, 1500]);
  });

  it('reads an HTTPRouteGroup or TCPRoute as nothing to route, saying so unless a TrafficSplit or TrafficTarget of the input names it', () => {
    const empty = { routes: [], gateways: [], subsets: [], servicePolicies: [] };
    const [group, tcp] = readEach(inputFixture('smi', 'httproutegroup.yaml'), smiReader);
    assert.deepStrictEqual([group.unused, group.fragment, tcp.unused, tcp.fragment], [[], empty, [], empty]);
    assert.deepStrictEqual(group.dropped, [{ field: 'spec.matches', reason: 'An HTTPRouteGroup routes nothing by itself, and no TrafficSplit or TrafficTarget of the input names it.', inert: true }]);
    assert.deepStrictEqual(tcp.dropped.map(d => d.field), ['spec.matches']);

    const named = readEach(inputFixture('smi', 'httproutegroup.yaml'), smiReader, inputResources('smi', `
kind: TrafficSplit
metadata: {name: canary}
spec: {service: website, matches: [{kind: HTTPRouteGroup, name: the-routes}], backends: [{service: website-v2, weight: 1}]}
`))[0];
    assert.deepStrictEqual([named.unused, named.dropped, named.fragment], [[], [], empty]);

    const [, tcpOfTarget] = readEach(inputFixture('smi', 'httproutegroup.yaml'), smiReader, inputResources('smi', `
apiVersion: access.smi-spec.io/v1alpha3
kind: TrafficTarget
metadata: {name: mysql, namespace: shop}
spec:
  destination: {kind: ServiceAccount, name: mysql, namespace: shop}
  rules: [{kind: TCPRoute, name: tcp-ports}]
  sources: [{kind: ServiceAccount, name: api, namespace: shop}]
`));
    // A TrafficTarget allows requests; it does not route them, so the matches are said not converted as
    // routing, and are inert as routing in SMI too.
    assert.deepStrictEqual([tcpOfTarget.unused, tcpOfTarget.dropped], [[], [{
      field: 'spec.matches',
      inert: true,
      reason: 'Only a TrafficTarget names this TCPRoute: its matches say which requests the converted authorization policy allows, not how they are routed.',
    }]]);
  });

  it('does not read a TrafficTarget: authorization is converted separately', () => {
    const r = readOne('apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nmetadata: {name: t}\nspec: {destination: {kind: ServiceAccount, name: api}}\n', smiReader);
    assert.strictEqual(r.fragment, undefined);
  });

  it('reads an OSM Retry as a retry policy of each destination Service for the source service account', () => {
    const [docs, mixed] = readEach(inputFixture('smi', 'retry.yaml'), osmReader);
    assert.deepStrictEqual([docs.unused, docs.dropped], [[], []]);
    const retry = { attempts: 5, perTryTimeout: 1000, conditions: ['5xx'], codes: [], backoff: { base: 1000, max: 10000 } };
    assert.deepStrictEqual(bare(docs.fragment!.servicePolicies), [
      { service: { name: 'httpbin', namespace: 'httpbin' }, callers: 'ServiceAccount curl in namespace curl', protocol: 'http', retry },
      { service: { name: 'httpbin-v2', namespace: 'httpbin' }, callers: 'ServiceAccount curl in namespace curl', protocol: 'http', retry },
    ]);

    assert.deepStrictEqual(mixed.unused, []);
    assert.deepStrictEqual(mixed.dropped, [{ field: 'spec.destinations[1]', reason: 'A retry destination of kind IPRange is not a Service, so it is not converted.' }]);
    assert.deepStrictEqual(bare(mixed.fragment!.servicePolicies), [{
      service: { name: 'payments' }, callers: 'ServiceAccount web', protocol: 'http',
      retry: { attempts: 2, conditions: ['gateway-error', 'connect-failure'], codes: [503] },
    }]);
  });
});
