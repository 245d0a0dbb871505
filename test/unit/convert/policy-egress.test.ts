// External destinations: an Istio ServiceEntry to each target, and back from Kuma and Linkerd. Nothing
// the target cannot reach through the mesh is claimed reachable without a word.
import * as assert from 'node:assert';
import { inputFixture } from './readerHarness';
import { convertPolicies, ofKind } from './policyHarness';

const EGRESS = inputFixture('policies', 'istio-egress.yaml');

describe('convert policies: egress', function () {
  this.timeout(20_000);

  it('ServiceEntry → Kuma: hosts called by name pass through; fixed endpoints become a MeshExternalService', () => {
    const c = convertPolicies(EGRESS, 'kuma');
    const [pass] = ofKind(c, 'MeshPassthrough');
    assert.deepStrictEqual(pass.spec, { targetRef: { kind: 'Mesh' }, default: { passthroughMode: 'Matched', appendMatch: [
      { type: 'Domain', value: 'api.example.com', port: 443, protocol: 'tls' },
      { type: 'Domain', value: '*.payments.example.com', port: 443, protocol: 'tls' },
    ] } });
    const [mes] = ofKind(c, 'MeshExternalService');
    assert.deepStrictEqual(mes.spec, { match: { type: 'HostnameGenerator', port: 5432, protocol: 'tcp' }, endpoints: [{ address: '10.20.0.15', port: 5432 }] });
    assert.match(c.file.output, /Kuma reaches a MeshExternalService at the name its HostnameGenerator gives it, not at db\.legacy\.internal/);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('ServiceEntry → Consul: a destination per port; a wildcard host is dropped as not reachable', () => {
    const c = convertPolicies(EGRESS, 'consul');
    const [api] = ofKind(c, 'ServiceDefaults');
    assert.deepStrictEqual(api.spec, { protocol: 'tcp', destination: { addresses: ['api.example.com'], port: 443 } });
    assert.ok(c.file.dropped.some(d => d.field === 'spec.hosts[1]' && /cannot name wildcard hosts/.test(d.reason)));
    assert.ok(c.file.needs.some(n => n.what.startsWith('a TerminatingGateway that lists this service')));
    assert.deepStrictEqual(c.invalid, []);
  });

  it('ServiceEntry → Linkerd: an EgressNetwork that allows, saying how to allow only these hosts', () => {
    const c = convertPolicies(EGRESS, 'linkerd');
    const [en] = ofKind(c, 'EgressNetwork');
    assert.deepStrictEqual(en.spec, { trafficPolicy: 'Allow' });
    assert.match(c.file.output, /Linkerd lets meshed pods call api\.example\.com, \*\.payments\.example\.com without configuration/);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Kuma MeshExternalService → Istio ServiceEntry with a static endpoint', () => {
    const c = convertPolicies(`apiVersion: kuma.io/v1alpha1
kind: MeshExternalService
metadata:
  name: httpbin
  namespace: kuma-system
spec:
  match:
    type: HostnameGenerator
    port: 80
    protocol: http
  endpoints:
  - address: httpbin.org
    port: 80
`, 'istio');
    const [se] = ofKind(c, 'ServiceEntry');
    assert.deepStrictEqual(se.spec, { hosts: ['httpbin.org'], ports: [{ number: 80, name: 'http-80', protocol: 'HTTP' }], location: 'MESH_EXTERNAL', resolution: 'DNS' });
    assert.deepStrictEqual(c.invalid, []);
  });

  it('Linkerd EgressNetwork with Deny: the lock-down is reported, the networks kept', () => {
    const c = convertPolicies(`apiVersion: policy.linkerd.io/v1alpha1
kind: EgressNetwork
metadata:
  name: internet
  namespace: shop
spec:
  trafficPolicy: Deny
  networks:
  - cidr: 203.0.113.0/24
`, 'istio');
    const [se] = ofKind(c, 'ServiceEntry');
    assert.deepStrictEqual(se.spec.addresses, ['203.0.113.0/24']);
    assert.deepStrictEqual(c.file.dropped.map(d => d.field), ['spec.trafficPolicy']);
    assert.ok(c.file.needs.some(n => n.what === 'the ports workloads call these destinations on, in ports'));
  });
});
