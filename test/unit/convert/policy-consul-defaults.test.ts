// Consul sets circuit breaking on the calling service (ServiceDefaults upstreamConfig): read on its
// own, each override is a policy of the called service for this caller, and Istio and Kuma write it
// on the called host narrowed to the caller's pods.
import * as assert from 'node:assert';
import type { Reader } from '../../../src/core/convert/contract';
import { emptyFragment } from '../../../src/core/convert/model';
import { readConsulServiceDefaultsPolicies } from '../../../src/core/convert/readers/policies/consulServiceDefaults';
import { istioPolicyWriter } from '../../../src/core/convert/writers/policies/istio';
import { kumaPolicyWriter } from '../../../src/core/convert/writers/policies/kuma';
import { readOne, withoutOrigins } from './readerHarness';
import { writeContext } from './writerContext';
import { plain } from './writerModel';

const reader: Reader = {
  owner: 'consul', kinds: ['ServiceDefaults'],
  read(_kind, ctx) {
    const fragment = emptyFragment();
    ctx.root.get('spec').get('protocol').use();
    fragment.policies = readConsulServiceDefaultsPolicies(ctx.root.get('spec'), ctx);
    return fragment;
  },
};

const SD = `apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceDefaults
metadata:
  name: productpage
  namespace: default
spec:
  protocol: http
  mutualTLSMode: strict
  upstreamConfig:
    overrides:
    - name: reviews
      connectTimeoutMs: 5000
      limits:
        maxConnections: 10
        maxConcurrentRequests: 20
      passiveHealthCheck:
        interval: 10s
        maxFailures: 3
        enforcingConsecutive5xx: 80
      envoyClusterJSON: "{}"
`;

describe('convert policies: Consul ServiceDefaults upstreamConfig', function () {
  this.timeout(20_000);

  it('reads each override as a policy of the called service for this caller, and the mTLS mode', () => {
    const r = readOne(SD, reader);
    assert.deepStrictEqual(withoutOrigins(r.fragment!.policies!), [
      { type: 'mtls', name: 'productpage', scope: { kind: 'service', name: 'productpage', namespace: 'default' }, mode: { value: 'STRICT' }, ports: [], namespace: 'default' },
      {
        type: 'resilience', name: 'productpage-to-reviews', service: { name: 'reviews' }, callers: { kind: 'service', name: 'productpage', namespace: 'default' }, namespace: 'default',
        connectionPool: { maxConnections: { value: 10 }, maxRequests: { value: 20 }, connectTimeout: { value: 5000 } },
        outlierDetection: { interval: { value: 10_000 }, consecutive5xxErrors: { value: 3 }, enforcingConsecutive5xx: { value: 80 } },
      },
    ]);
    assert.deepStrictEqual(r.dropped.map(d => [d.field, d.reason]), [['spec.upstreamConfig.overrides[0].envoyClusterJSON', 'Raw Envoy configuration is an escape hatch and is never converted.']]);
    assert.deepStrictEqual(r.unused, []);
  });

  it('→ Istio: a DestinationRule on the called host for the caller\'s pods; the enforcement share is dropped', () => {
    const r = readOne(SD, reader);
    const w = writeContext({ id: 'istio' }, { services: [{ name: 'productpage', namespace: 'default', selector: { app: 'productpage' }, ports: [], line: 1 }] });
    const docs = istioPolicyWriter.write(r.fragment!, w.ctx);
    const dr = plain(docs).find(d => (d as { kind: string }).kind === 'DestinationRule');
    assert.deepStrictEqual((dr as { spec: unknown }).spec, {
      host: 'reviews', workloadSelector: { matchLabels: { app: 'productpage' } },
      trafficPolicy: { connectionPool: { tcp: { maxConnections: 10, connectTimeout: '5s' }, http: { http2MaxRequests: 20 } }, outlierDetection: { consecutive5xxErrors: 3, interval: '10s' } },
    });
    assert.deepStrictEqual(w.dropped.map(d => d.reason), ['Istio always ejects an endpoint once it reaches the error count; it has no enforcement probability.']);
  });

  it('→ Kuma: a MeshCircuitBreaker from the caller\'s proxies to the called MeshService', () => {
    const r = readOne(SD, reader);
    const w = writeContext({ id: 'kuma' }, { services: [{ name: 'productpage', namespace: 'default', selector: { app: 'productpage' }, ports: [], line: 1 }] });
    const cb = plain(kumaPolicyWriter.write(r.fragment!, w.ctx)).find(d => (d as { kind: string }).kind === 'MeshCircuitBreaker') as { spec: { targetRef: unknown; to: { targetRef: unknown }[] } };
    assert.deepStrictEqual(cb.spec.targetRef, { kind: 'Dataplane', labels: { app: 'productpage' } });
    assert.deepStrictEqual(cb.spec.to[0].targetRef, { kind: 'MeshService', name: 'reviews' });
  });
});
