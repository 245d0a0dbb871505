// The older and looser authorization forms: Linkerd ServerAuthorization, Kuma's `from[]` form by
// service tags (whose whole-mesh entry decides the posture), and a Linkerd Server alone.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';

describe('convert policies: older authorization forms', function () {
  this.timeout(20_000);

  it('Linkerd ServerAuthorization → Istio principals and networks on the Server\'s pods and port', () => {
    const c = convertPolicies(`apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: admin
  namespace: ops
spec:
  podSelector:
    matchLabels:
      app: admin
  port: 9990
  accessPolicy: all-unauthenticated
---
apiVersion: policy.linkerd.io/v1beta1
kind: ServerAuthorization
metadata:
  name: admin-from-prometheus
  namespace: ops
spec:
  server:
    name: admin
  client:
    networks:
    - cidr: 10.0.0.0/8
    meshTLS:
      serviceAccounts:
      - name: prometheus
        namespace: monitoring
`, 'istio');
    const aps = ofKind(c, 'AuthorizationPolicy');
    // The Server's own access policy admits whoever no authorization names: every caller on its port, as in Linkerd.
    assert.deepStrictEqual(aps.map(a => [a.metadata.name, a.spec]), [
      ['admin', { selector: { matchLabels: { app: 'admin' } }, rules: [{ to: [{ operation: { ports: ['9990'] } }] }] }],
      ['admin-from-prometheus', {
        selector: { matchLabels: { app: 'admin' } },
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/monitoring/sa/prometheus'], ipBlocks: ['10.0.0.0/8'] } }], to: [{ operation: { ports: ['9990'] } }] }],
      }],
    ]);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Kuma from[]: a whole-mesh Deny with some allowed services → Istio ALLOW for those service accounts, asked for', () => {
    const c = convertPolicies(`apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: payments
  namespace: shop
spec:
  targetRef:
    kind: Dataplane
    labels:
      app: payments
  from:
  - targetRef:
      kind: Mesh
    default:
      action: Deny
  - targetRef:
      kind: MeshSubset
      tags:
        kuma.io/service: orders_shop_svc_8080
    default:
      action: Allow
`, 'istio');
    const [ap] = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(ap.spec, { selector: { matchLabels: { app: 'payments' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/orders'] } }] }] });
    assert.ok(c.file.needs.some(n => n.what === 'the service account of service orders, if it is not orders'));
  });

  it('Kuma from[]: a whole-mesh Allow with a denied service → Istio DENY only', () => {
    const c = convertPolicies(`apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: payments
  namespace: shop
spec:
  targetRef:
    kind: Dataplane
    labels:
      app: payments
  from:
  - targetRef:
      kind: Mesh
    default:
      action: Allow
  - targetRef:
      kind: MeshSubset
      tags:
        k8s.kuma.io/namespace: legacy
    default:
      action: Deny
`, 'istio');
    const aps = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(aps.map(a => a.spec), [{ selector: { matchLabels: { app: 'payments' } }, action: 'DENY', rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] }]);
  });

  it('Kuma from[]: allows with no whole-mesh entry ask whether the mesh\'s default allow-all is still there', () => {
    const c = convertPolicies(`apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: payments
  namespace: shop
spec:
  targetRef:
    kind: Dataplane
    labels:
      app: payments
  from:
  - targetRef:
      kind: MeshSubset
      tags:
        k8s.kuma.io/namespace: shop
    default:
      action: Allow
`, 'linkerd');
    assert.ok(c.file.needs.some(n => n.what.startsWith('whether the mesh still has its default MeshTrafficPermission allowing every caller')));
    assert.deepStrictEqual(ofKind(c, 'MeshTLSAuthentication')[0].spec, { identityRefs: [{ kind: 'ServiceAccount', namespace: 'shop' }] });
  });
});
