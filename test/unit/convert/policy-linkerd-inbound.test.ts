// Linkerd's default inbound policy (config.linkerd.io/default-inbound-policy on a Namespace or a pod
// template): `deny` stays default-deny in every target, the authenticated values admit meshed callers
// only, and the Namespace or workload itself stays in place without the annotation.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';

const NAMESPACE = (value: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  annotations:
    config.linkerd.io/default-inbound-policy: ${value}
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
  namespace: payments
spec:
  selector:
    matchLabels:
      app: ledger
  template:
    metadata:
      labels:
        app: ledger
      annotations:
        config.linkerd.io/default-inbound-policy: all-authenticated
    spec:
      containers:
      - name: ledger
        image: ghcr.io/example/ledger:1.0
`;

describe('convert policies: Linkerd default inbound policy', function () {
  this.timeout(20_000);

  it('deny on a Namespace → Istio: an allow-nothing AuthorizationPolicy in that namespace; the Namespace stays without the annotation', () => {
    const c = convertPolicies(NAMESPACE('deny'), 'istio');
    const [ap] = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(ap, { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'payments-default-inbound', namespace: 'payments' }, spec: {} });
    assert.ok(c.file.output.startsWith('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\n'), c.file.output);
    assert.deepStrictEqual(c.file.dropped, []);
  });

  it('deny on an injected Namespace → Istio: the injection moves to a label and no empty annotations mapping is left', () => {
    const text = NAMESPACE('deny').replace('  annotations:\n', '  annotations:\n    linkerd.io/inject: enabled\n');
    const c = convertPolicies(text, 'istio');
    assert.ok(c.file.output.startsWith('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    istio-injection: enabled\n---\n'), c.file.output);
  });

  it('deny on a Namespace → Kuma: a Deny from the whole mesh in that namespace', () => {
    const c = convertPolicies(NAMESPACE('deny'), 'kuma');
    const [mtp] = ofKind(c, 'MeshTrafficPermission');
    assert.strictEqual(mtp.metadata.namespace, 'payments');
    assert.deepStrictEqual(mtp.spec, { targetRef: { kind: 'Mesh' }, from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Deny' } }] });
    assert.deepStrictEqual(c.invalid, []);
  });

  it('deny on a Namespace → Consul: a "*" deny intention, saying it applies to every service', () => {
    const c = convertPolicies(NAMESPACE('deny'), 'consul');
    const [si] = ofKind(c, 'ServiceIntentions');
    assert.deepStrictEqual(si.spec, { destination: { name: '*' }, sources: [{ name: '*', action: 'deny' }] });
    assert.match(c.file.output, /"\*" applies these intentions to every service, not only to namespace payments/);
  });

  it('→ Linkerd: the Namespace is kept as it is, annotation included', () => {
    const c = convertPolicies(NAMESPACE('deny'), 'linkerd');
    assert.strictEqual(c.file.output, '');
    assert.deepStrictEqual(c.file.carried.map(u => u.field), ['metadata.annotations["config.linkerd.io/default-inbound-policy"]']);
  });

  it('all-authenticated on a pod template → Istio: any authenticated principal for the workload\'s pods', () => {
    const c = convertPolicies(DEPLOYMENT, 'istio');
    const [ap] = ofKind(c, 'AuthorizationPolicy');
    assert.deepStrictEqual(ap.spec, { selector: { matchLabels: { app: 'ledger' } }, rules: [{ from: [{ source: { principals: ['*'] } }] }] });
    assert.ok(!c.file.output.includes('default-inbound-policy'), c.file.output);
  });

  it('audit and cluster-unauthenticated are dropped with the reason; all-unauthenticated needs nothing', () => {
    assert.deepStrictEqual(convertPolicies(NAMESPACE('audit'), 'istio').file.dropped.map(d => d.reason), ['Audit mode (every request is allowed and the ones a policy would deny are logged) is not converted; every caller is allowed.']);
    assert.match(convertPolicies(NAMESPACE('cluster-unauthenticated'), 'kuma').file.dropped[0].reason, /clusterNetworks/);
    const open = convertPolicies(NAMESPACE('all-unauthenticated'), 'istio');
    assert.deepStrictEqual([open.file.dropped, open.file.needs, open.file.resources], [[], [], []]);
  });
});
