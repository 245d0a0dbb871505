import * as assert from 'node:assert';
import { analyze } from '../../src/core/index';
import type { Target } from '../../src/core/index';

const strategy = `# A Kuma policy: Istio reads none of it.
apiVersion: kuma.io/v1alpha1
kind: MeshLoadBalancingStrategy
metadata:
  name: ring-hash
  namespace: kuma-system
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
`;
const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews}
  rules:
  - backendRefs:
    - {name: reviews-v1, port: 9080}
`;
const notRead = (text: string, target: Target | null, notReadSeverity?: 'off' | 'warning') =>
  analyze(text, { target, ...(notReadSeverity ? { severities: { notRead: notReadSeverity } } : {}) }).findings.filter(f => f.rule === 'not-read-by-target');

describe('a resource the target mesh does not read at all (not-read-by-target)', () => {
  it('says on the kind of a Kuma MeshLoadBalancingStrategy that Istio does not read it, and names the equivalent', () => {
    const [f] = notRead(strategy, { mesh: 'istio' });
    assert.ok(f, 'one finding');
    assert.strictEqual(f.severity, 'information');
    assert.deepStrictEqual([f.range.line, f.range.column, f.field], [3, 1, 'kind']);
    assert.match(f.message, /^MeshLoadBalancingStrategy is a Kuma resource: Istio does not read it — its equivalent is DestinationRule spec\.trafficPolicy\.loadBalancer[^;]*\.$/);
    assert.ok(f.message.length <= 200, f.message);
  });

  it('is silent with no target, on the target\'s own resources, and on Gateway API routes the target reads', () => {
    assert.deepStrictEqual(notRead(strategy, null), []);
    assert.deepStrictEqual(notRead(strategy, { mesh: 'kuma' }), []);
    assert.deepStrictEqual(notRead(route, { mesh: 'istio' }), []);
    assert.deepStrictEqual(notRead(route, { mesh: 'linkerd' }), []);
  });

  it('takes the configured severity, and "off" turns it off', () => {
    assert.strictEqual(notRead(strategy, { mesh: 'linkerd' }, 'warning')[0].severity, 'warning');
    assert.deepStrictEqual(notRead(strategy, { mesh: 'linkerd' }, 'off'), []);
  });

  it('uses "an" where the mesh name asks for it', () => {
    const smi = 'apiVersion: split.smi-spec.io/v1alpha2\nkind: TrafficSplit\nmetadata:\n  name: s\nspec:\n  service: web\n  backends:\n  - {service: web-v1, weight: 1}\n';
    assert.match(notRead(smi, { mesh: 'istio' })[0].message, /^TrafficSplit is an SMI resource: Istio does not read it/);
  });
});
