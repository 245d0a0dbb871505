// What the round trip found lost without a word, each fixed on a small real input: a route with no
// Service to attach to, a split of one backend, a CORS filter, and a target's own kind.
import * as assert from 'node:assert';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertTargetId } from '../../../src/core/convert/model';

const convert = (text: string, id: ConvertTargetId) => convertFiles([{ path: 'in.yaml', text }], { id }, catalogView())[0];

const NO_HOSTS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shadow, namespace: shop}
spec:
  http:
  - route:
    - destination: {host: reviews}
    mirror: {host: reviews-shadow}
`;

const DELEGATING = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - delegate: {name: shadow}
`;

const ONE_BACKEND = `apiVersion: split.smi-spec.io/v1alpha2
kind: TrafficSplit
metadata: {name: rollout, namespace: shop}
spec:
  service: reviews
  backends:
  - service: reviews-v2
    weight: 100
`;

const CORS = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: shop}
spec:
  parentRefs: [{group: "", kind: Service, name: api}]
  rules:
  - filters:
    - type: CORS
      cors: {allowOrigins: ["https://shop.example"]}
    backendRefs: [{name: api, port: 80}]
`;

describe('convert: nothing of a source is lost without a word', () => {
  for (const id of ['kuma', 'consul'] as ConvertTargetId[]) {
    it(`→ ${id}: a route with no Service to attach to reports each rule, its mirror included, as not converted`, () => {
      // Another VirtualService delegates to it, so in Istio it takes that one's traffic.
      const r = convert(`${NO_HOSTS}---\n${DELEGATING}`, id);
      const reason = 'Route shadow attaches to no Service or Gateway of the cluster, so this rule is not written; set the Service it routes and convert again.';
      assert.ok(r.output.includes(`# mesh-lens: not converted: spec.http[0] — ${reason}\n`), r.output);
      assert.ok(r.dropped.some(d => d.feature === 'traffic_mirroring' && d.reason === reason), JSON.stringify(r.dropped));
      assert.deepStrictEqual(r.needs.map(n => n.what), ['the Service that route shadow is for']);
    });

    it(`→ ${id}: a VirtualService with no host that nothing delegates to took no traffic in Istio either: its rules are inert drops`, () => {
      const r = convert(NO_HOSTS, id);
      const reason = 'VirtualService shadow names no host and no VirtualService of the input delegates to it, so it takes no traffic in Istio either; this rule is not written.';
      assert.deepStrictEqual(r.dropped.filter(d => d.field === 'spec.http[0]').map(d => [d.reason, d.inert]), [[reason, true]]);
      assert.ok(r.dropped.some(d => d.feature === 'traffic_mirroring' && d.inert), JSON.stringify(r.dropped));
      assert.deepStrictEqual(r.needs, []);
    });

    it(`→ ${id}: a CORS filter it cannot carry is reported on the filter, with its feature`, () => {
      const r = convert(CORS, id);
      assert.deepStrictEqual(r.dropped.filter(d => d.feature === 'cors').map(d => d.field), ['spec.rules[0].filters[0]']);
      assert.ok(!r.carried.some(c => c.feature === 'cors'));
    });
  }

  it('→ kuma: a split of one backend keeps the weight the source wrote', () => {
    assert.match(convert(ONE_BACKEND, 'kuma').output, /- kind: MeshService\n {10}name: reviews-v2\n {10}weight: 100\n/);
  });

  it('→ consul: a split of one backend stays a ServiceSplitter', () => {
    assert.match(convert(ONE_BACKEND, 'consul').output, /kind: ServiceSplitter\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  splits:\n  - weight: 100\n    service: reviews-v2\n/);
  });

  it('→ consul: a ServiceDefaults, already what Consul reads, stays as it is', () => {
    const text = 'apiVersion: consul.hashicorp.com/v1alpha1\nkind: ServiceDefaults\nmetadata: {name: web}\nspec:\n  protocol: http\n  maxInboundConnections: 100\n';
    const r = convert(text, 'consul');
    assert.strictEqual(r.output, '');
    assert.deepStrictEqual(r.dropped, []);
  });
});
