// Local rate limits and active health checks: Kuma, Linkerd and Consul limits convert where the target
// has them (Linkerd per second only), Consul's (Enterprise) and Istio's (EnvoyFilter only) are never
// written, and active health checks exist in Kuma only.
import * as assert from 'node:assert';
import { inputFixture } from './inputFixture';
import { convertPolicies, ofKind } from './policyHarness';

const KUMA = inputFixture('policies', 'kuma-ratelimit-healthcheck.yaml');
const LINKERD = inputFixture('policies', 'linkerd-ratelimit.yaml');

describe('convert policies: local rate limits and active health checks', function () {
  this.timeout(20_000);

  it('Kuma MeshRateLimit → Linkerd: a Server for the pods and an HTTPLocalRateLimitPolicy; the added headers are dropped', () => {
    const c = convertPolicies(KUMA, 'linkerd');
    const [rl] = ofKind(c, 'HTTPLocalRateLimitPolicy');
    assert.deepStrictEqual(rl.spec, { targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'backend-rate-limit' }, total: { requestsPerSecond: 100 } });
    assert.deepStrictEqual(ofKind(c, 'Server')[0].spec.podSelector, { matchLabels: { app: 'backend' } });
    assert.ok(c.file.dropped.some(d => d.reason === 'Linkerd adds no headers to a limited response.'));
    assert.deepStrictEqual(c.invalid, []);
  });

  it('a limit per minute becomes requests per second for Linkerd, rounded up and said', () => {
    const c = convertPolicies(KUMA.replace('num: 100\n            interval: 1s', 'num: 90\n            interval: 1m'), 'linkerd');
    assert.deepStrictEqual(ofKind(c, 'HTTPLocalRateLimitPolicy')[0].spec.total, { requestsPerSecond: 2 });
    assert.match(c.file.output, /# 90 requests per 1m is 2 per second here: Linkerd counts per second only\./);
  });

  it('Linkerd HTTPLocalRateLimitPolicy → Kuma: the total and the named caller\'s own limit; the per-caller limit is dropped', () => {
    const c = convertPolicies(LINKERD, 'kuma');
    const [mrl] = ofKind(c, 'MeshRateLimit');
    assert.deepStrictEqual(mrl.spec.targetRef, { kind: 'Dataplane', labels: { app: 'web-svc' } });
    assert.deepStrictEqual(mrl.spec.rules.map((r: { default: { local: { http: { requestRate: unknown } } } }) => r.default.local.http.requestRate), [{ num: 100, interval: '1s' }, { num: 50, interval: '1s' }]);
    assert.ok(c.file.dropped.some(d => d.field === 'spec.identity.requestsPerSecond'));
    assert.deepStrictEqual(c.invalid, []);
  });

  it('→ Istio and → Consul: never written (escape hatch, Enterprise), each said in dropped', () => {
    assert.ok(convertPolicies(LINKERD, 'istio').file.dropped.some(d => d.feature === 'rate_limiting' && /EnvoyFilter/.test(d.reason)));
    assert.ok(convertPolicies(KUMA, 'consul').file.dropped.some(d => d.feature === 'rate_limiting' && /Consul Enterprise feature/.test(d.reason)));
    assert.deepStrictEqual(ofKind(convertPolicies(KUMA, 'consul'), 'ServiceDefaults'), []);
  });

  it('MeshHealthCheck: kept in Kuma, dropped elsewhere because the others only eject on failures they see', () => {
    const kuma = convertPolicies(KUMA, 'kuma');
    assert.deepStrictEqual([kuma.file.output, kuma.file.dropped], ['', []], 'converted to Kuma, its own policies stay as written');
    const istio = convertPolicies(KUMA, 'istio');
    assert.deepStrictEqual(ofKind(istio, 'MeshHealthCheck'), []);
    const reasons = (target: 'istio' | 'linkerd' | 'consul') => convertPolicies(KUMA, target).file.dropped.filter(d => d.feature === 'health_checks').map(d => d.reason);
    assert.deepStrictEqual(reasons('istio'), ['Istio only ejects endpoints on the failures it sees (outlier detection); it has no active health checks.']);
    assert.deepStrictEqual(reasons('linkerd'), ['Linkerd only stops sending to endpoints on the failures it sees (failure accrual); it has no active health checks.']);
    assert.match(reasons('consul')[0], /it has no active health checks/);
  });

  it('a ServiceProfile retry budget → Istio DestinationRule retryBudget.percent; its floor and window are dropped', () => {
    const c = convertPolicies(inputFixture('policies', 'linkerd-retry-budget.yaml'), 'istio');
    const dr = ofKind(c, 'DestinationRule').find(d => d.spec.trafficPolicy?.retryBudget);
    assert.deepStrictEqual(dr?.spec.trafficPolicy.retryBudget, { percent: 20 });
    assert.deepStrictEqual(c.file.dropped.filter(d => d.field.startsWith('spec.retryBudget')).map(d => d.field), ['spec.retryBudget.minRetriesPerSecond', 'spec.retryBudget.ttl']);
    assert.deepStrictEqual(c.invalid, []);
  });
});
