// Circuit breaking, connection pools and load balancing: an Istio DestinationRule trafficPolicy read
// on its own, and Kuma MeshCircuitBreaker / MeshLoadBalancingStrategy converted to every target —
// including Consul, which sets circuit breaking on the calling service.
import * as assert from 'node:assert';
import type { Reader } from '../../../src/core/convert/contract';
import { emptyFragment } from '../../../src/core/convert/model';
import { readIstioTrafficPolicy } from '../../../src/core/convert/readers/policies/istioTrafficPolicy';
import { readOne, withoutOrigins } from './readerHarness';
import { convertPolicies, ofKind } from './policyHarness';

/** Reads only the trafficPolicy of a DestinationRule, as the Istio reader does for its host. */
const trafficPolicyReader: Reader = {
  owner: 'istio', kinds: ['DestinationRule'],
  read(_kind, ctx) {
    const spec = ctx.root.get('spec');
    const host = spec.get('host');
    const fragment = emptyFragment();
    fragment.policies = [readIstioTrafficPolicy(spec.get('trafficPolicy'), ctx, { name: host.str() ?? '', origin: host.origin })];
    return fragment;
  },
};

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
        connectTimeout: 30ms
        tcpKeepalive:
          time: 7200s
      http:
        http1MaxPendingRequests: 10
        http2MaxRequests: 1000
        maxRequestsPerConnection: 10
    outlierDetection:
      consecutive5xxErrors: 7
      interval: 5m
      baseEjectionTime: 15m
      maxEjectionPercent: 30
    loadBalancer:
      consistentHash:
        httpCookie:
          name: user
          ttl: 0s
      localityLbSetting:
        enabled: true
    tls:
      mode: ISTIO_MUTUAL
`;

const KUMA = `apiVersion: kuma.io/v1alpha1
kind: MeshCircuitBreaker
metadata:
  name: backend-breaker
  namespace: demo
spec:
  targetRef:
    kind: Mesh
  to:
  - targetRef:
      kind: MeshService
      name: backend
    default:
      connectionLimits:
        maxConnections: 100
        maxRequests: 200
      outlierDetection:
        disabled: false
        interval: 10s
        baseEjectionTime: 30s
        detectors:
          totalFailures:
            consecutive: 5
---
apiVersion: kuma.io/v1alpha1
kind: MeshLoadBalancingStrategy
metadata:
  name: backend-sticky
  namespace: demo
spec:
  targetRef:
    kind: Mesh
  to:
  - targetRef:
      kind: MeshService
      name: backend
    default:
      loadBalancer:
        type: RingHash
        ringHash:
          hashPolicies:
          - type: Header
            header:
              name: x-user-id
`;

describe('convert policies: resilience', function () {
  this.timeout(20_000);

  it('reads a DestinationRule trafficPolicy into limits, outlier detection and a consistent hash', () => {
    const r = readOne(DR, trafficPolicyReader);
    const [policy] = withoutOrigins(r.fragment!.policies!);
    assert.deepStrictEqual(policy, {
      type: 'resilience', name: 'reviews', namespace: 'shop', service: { name: 'reviews' },
      connectionPool: {
        maxConnections: { value: 100 }, connectTimeout: { value: 30 }, maxPendingRequests: { value: 10 },
        maxRequests: { value: 1000 }, maxRequestsPerConnection: { value: 10 },
      },
      outlierDetection: { consecutive5xxErrors: { value: 7 }, interval: { value: 300_000 }, baseEjectionTime: { value: 900_000 }, maxEjectionPercent: { value: 30 } },
      loadBalancer: { algorithm: { value: 'RingHash' }, hash: [{ cookie: { name: 'user', ttl: 0 } }] },
    });
    assert.deepStrictEqual(r.dropped.map(d => [d.field, d.reason]), [
      ['spec.trafficPolicy.connectionPool.tcp.tcpKeepalive', 'TCP keep-alive settings are not converted.'],
      ['spec.trafficPolicy.loadBalancer.localityLbSetting', 'Locality-aware load balancing is not converted.'],
      ['spec.trafficPolicy.tls', 'TLS settings for calls to this host are not converted; inside the target mesh its own mTLS secures them.'],
    ]);
    assert.deepStrictEqual(r.unused, []);
  });

  it('an empty connection pool sets nothing: dropped as inert, no limits read', () => {
    const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: recommendation
spec:
  host: recommendation
  trafficPolicy:
    connectionPool:
      http: {}
      tcp: {}
`;
    const r = readOne(text, trafficPolicyReader);
    assert.deepStrictEqual(r.dropped, [{ field: 'spec.trafficPolicy.connectionPool', reason: 'This connection pool sets nothing, so Istio\'s defaults apply; nothing is written for it.', inert: true }]);
    assert.strictEqual((r.fragment?.policies?.[0] as { connectionPool?: unknown }).connectionPool, undefined);
    assert.deepStrictEqual(r.unused, []);
  });

  it('Kuma → Istio: one DestinationRule per policy on the called host', () => {
    const c = convertPolicies(KUMA, 'istio');
    assert.deepStrictEqual(ofKind(c, 'DestinationRule').map(d => d.spec), [
      { host: 'backend', trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 }, http: { http2MaxRequests: 200 } }, outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' } } },
      { host: 'backend', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user-id', ringHash: {} } } } },
    ]);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Kuma → Consul: circuit breaking on the callers\' ServiceDefaults (asked for), hashing on the ServiceResolver', () => {
    const c = convertPolicies(KUMA, 'consul');
    const [defaults] = ofKind(c, 'ServiceDefaults');
    assert.deepStrictEqual(defaults.metadata, { name: 'caller-of-backend', namespace: 'demo' });
    assert.deepStrictEqual(defaults.spec, { upstreamConfig: { overrides: [{ name: 'backend', limits: { maxConnections: 100, maxConcurrentRequests: 200 }, passiveHealthCheck: { interval: '10s', maxFailures: 5, baseEjectionTime: '30s' } }] } });
    assert.ok(c.file.needs.some(n => n.what === 'the Consul services that call backend in metadata.name: one ServiceDefaults per caller (the name written is a placeholder)'));
    const [resolver] = ofKind(c, 'ServiceResolver');
    assert.deepStrictEqual(resolver.spec, { loadBalancer: { policy: 'ring_hash', hashPolicies: [{ field: 'header', fieldValue: 'x-user-id' }] } });
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Kuma → Linkerd: failure accrual annotations asked for on the Service; limits and balancer dropped', () => {
    const c = convertPolicies(KUMA, 'linkerd');
    assert.deepStrictEqual(c.file.resources, []);
    assert.ok(c.file.needs.some(n => n.what === 'the annotations balancer.linkerd.io/failure-accrual: consecutive, balancer.linkerd.io/failure-accrual-consecutive-max-failures: "5", balancer.linkerd.io/failure-accrual-consecutive-min-penalty: 30s on Service backend'));
    const reasons = c.file.dropped.map(d => d.reason);
    assert.ok(reasons.includes('Linkerd has no connection limits.'));
    assert.ok(reasons.includes('Linkerd always balances requests by latency (EWMA) and has no other algorithm or consistent hashing.'));
    assert.ok(reasons.includes('Linkerd\'s failure accrual has no such setting.'));
  });

  it('Kuma → Kuma keeps both policies as written; Gateway API drops them with the reason, header hashing as no session persistence', () => {
    const k = convertPolicies(KUMA, 'kuma');
    assert.deepStrictEqual([k.file.output, k.file.dropped, k.file.needs], ['', [], []], 'converted to Kuma, its own policies stay as written');
    assert.ok(['connection_pool', 'outlier_detection', 'load_balancing_options', 'session_affinity'].every(f => k.file.carried.some(x => x.feature === f)), JSON.stringify(k.file.carried));
    const g = convertPolicies(KUMA, 'gateway-api');
    assert.deepStrictEqual(g.file.resources, []);
    const noTrafficPolicy = 'Gateway API has no circuit breaking, connection limits or load-balancing algorithm; keep the mesh\'s own traffic policy next to the routes.';
    const headerHash = 'Hashing on a request header is not session persistence, which pins a client by a cookie or header the implementation sets, and Gateway API has no consistent hashing; it is not converted.';
    assert.deepStrictEqual(g.file.dropped.map(d => [d.feature, d.field, d.reason]), [
      ['connection_pool', 'spec.to[0]', noTrafficPolicy],
      ['outlier_detection', 'spec.to[0].default.outlierDetection', noTrafficPolicy],
      ['load_balancing_options', 'spec.to[0].default.loadBalancer', headerHash],
      ['session_affinity', 'spec.to[0].default.loadBalancer.ringHash.hashPolicies', headerHash],
    ]);
  });

  it('OSM UpstreamTrafficSetting → Kuma connection limits, dropping what Kuma lacks', () => {
    const c = convertPolicies(`apiVersion: policy.openservicemesh.io/v1alpha1
kind: UpstreamTrafficSetting
metadata:
  name: httpbin
  namespace: httpbin
spec:
  host: httpbin.httpbin.svc.cluster.local
  connectionSettings:
    tcp:
      maxConnections: 1
    http:
      maxPendingRequests: 1
      maxRequestsPerConnection: 1
`, 'kuma');
    const [cb] = ofKind(c, 'MeshCircuitBreaker');
    assert.deepStrictEqual(cb.spec, { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'MeshService', name: 'httpbin', namespace: 'httpbin' }, default: { connectionLimits: { maxConnections: 1, maxPendingRequests: 1 } } }] });
    assert.deepStrictEqual(c.file.dropped.map(d => d.reason), ['Kuma sets no limit of requests per connection.']);
  });
});
