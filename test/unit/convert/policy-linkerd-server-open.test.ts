// A Linkerd Server that admits every caller on its port overrides a cluster-wide deny default, so the
// allow is written for that Server's pods and port: any caller at all, or any authenticated caller,
// kept apart where the target can tell them apart.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';

const SERVER = (access: string) => `apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: web-http
  namespace: emojivoto
spec:
  podSelector:
    matchLabels:
      app: web-svc
  port: 8080
  accessPolicy: ${access}
`;

const SELECTOR = { matchLabels: { app: 'web-svc' } };

describe('convert policies: a Linkerd Server that admits every caller', function () {
  this.timeout(20_000);

  it('→ Istio: an ALLOW of every request on the port, with no source condition (unauthenticated callers too)', () => {
    const c = convertPolicies(SERVER('all-unauthenticated'), 'istio');
    assert.deepStrictEqual(ofKind(c, 'AuthorizationPolicy').map(a => [a.metadata, a.spec]), [
      [{ name: 'web-http', namespace: 'emojivoto' }, { selector: SELECTOR, rules: [{ to: [{ operation: { ports: ['8080'] } }] }] }],
    ]);
    assert.deepStrictEqual([c.file.dropped, c.file.needs, c.invalid], [[], [], []]);
  });

  it('→ Istio, all-authenticated: the same on the port, for any authenticated principal only', () => {
    const c = convertPolicies(SERVER('all-authenticated'), 'istio');
    assert.deepStrictEqual(ofKind(c, 'AuthorizationPolicy')[0].spec, { selector: SELECTOR, rules: [{ from: [{ source: { principals: ['*'] } }], to: [{ operation: { ports: ['8080'] } }] }] });
  });

  it('→ Consul: a "*" allow intention for the service of that port, asked for, saying callers outside the mesh need permissive mTLS', () => {
    const c = convertPolicies(SERVER('all-unauthenticated'), 'consul');
    assert.deepStrictEqual(ofKind(c, 'ServiceIntentions')[0].spec, { destination: { name: 'web-http' }, sources: [{ name: '*', action: 'allow' }] });
    assert.deepStrictEqual(c.file.needs.map(n => n.what), ['the Consul service name of the pods labelled app=web-svc that serves port 8080 in name']);
    assert.match(c.file.output, /# The source admitted callers outside the mesh too; Consul intentions admit mesh callers, and callers outside the mesh reach the service only with mutualTLSMode: permissive in its ServiceDefaults\.\n {2}sources:/);
    assert.deepStrictEqual([c.file.dropped, c.invalid], [[], []]);
  });

  it('→ Kuma: nothing, said at the access policy (a MeshTrafficPermission has no port condition, and every port would allow more)', () => {
    const c = convertPolicies(SERVER('all-unauthenticated'), 'kuma');
    assert.deepStrictEqual(c.docs, []);
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.feature, d.reason]), [['spec.accessPolicy', 'workload_to_workload_authorization',
      'MeshTrafficPermission has no port condition, and allowing every caller on every port of these proxies would allow more than the source, which admitted them on some ports only; so nothing is written for it. A new mesh\'s default MeshTrafficPermission allows every caller.']]);
  });

  it('→ Linkerd: the Server stays as it is', () => {
    const c = convertPolicies(SERVER('all-unauthenticated'), 'linkerd');
    assert.strictEqual(c.file.output, '');
    assert.deepStrictEqual(c.file.dropped, []);
  });
});
