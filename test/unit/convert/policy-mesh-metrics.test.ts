// Kuma Mesh `metrics` (a prometheus backend served by every proxy of the mesh) in each target, and the
// drop of the mesh's mTLS mode said at `mtls`, never on the metrics beside it.
import * as assert from 'node:assert';
import { convertPolicies, ofKind } from './policyHarness';

const MESH = `apiVersion: kuma.io/v1alpha1
kind: Mesh
metadata:
  name: default
spec:
  metrics:
    enabledBackend: prometheus-1
    backends:
    - name: prometheus-1
      type: prometheus
`;

const MESH_WITH_CONF = `apiVersion: kuma.io/v1alpha1
kind: Mesh
metadata:
  name: default
spec:
  mtls:
    enabledBackend: ca-1
    backends:
    - name: ca-1
      type: builtin
      mode: PERMISSIVE
  metrics:
    enabledBackend: prometheus-1
    backends:
    - name: prometheus-1
      type: prometheus
      conf:
        port: 9102
        path: /stats
        skipMTLS: true
    - name: prometheus-2
      type: prometheus
`;

const ROOT_NAMESPACE = 'the Istio root namespace in metadata.namespace (istio-system unless meshConfig.rootNamespace says otherwise): a policy there applies to the whole mesh';

describe('convert policies: Kuma Mesh metrics', function () {
  this.timeout(20_000);

  it('→ Istio: a Telemetry with the prometheus provider, in the root namespace, asked for', () => {
    const c = convertPolicies(MESH, 'istio');
    const [telemetry] = ofKind(c, 'Telemetry');
    assert.deepStrictEqual(telemetry, { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'default', namespace: 'istio-system' }, spec: { metrics: [{ providers: [{ name: 'prometheus' }] }] } });
    assert.deepStrictEqual([...new Set(c.file.needs.map(n => n.what))], [ROOT_NAMESPACE]);
    assert.deepStrictEqual(c.file.carried, [{ feature: 'prometheus_integration', field: 'spec.metrics', line: 6 }]);
    assert.deepStrictEqual([c.file.dropped, c.invalid], [[], []]);
  });

  it('→ Consul: the global ProxyDefaults binds each proxy\'s Prometheus endpoint on Kuma\'s default port, said so', () => {
    const c = convertPolicies(MESH, 'consul');
    assert.deepStrictEqual(c.docs, [{ apiVersion: 'consul.hashicorp.com/v1alpha1', kind: 'ProxyDefaults', metadata: { name: 'global' }, spec: { config: { envoy_prometheus_bind_addr: '0.0.0.0:5670' } } }]);
    assert.match(c.file.output, /# Port 5670 is where Kuma served the metrics by default, as the source set no port\.\n {4}envoy_prometheus_bind_addr: 0\.0\.0\.0:5670/);
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.feature]), [['spec.mtls', undefined]], 'the mTLS drop names no metrics feature');
    assert.deepStrictEqual(c.invalid, []);
  });

  it('→ Consul, with a port, a path and mTLS: one global ProxyDefaults with the mode and the port; the path and the rest of the backend dropped', () => {
    const c = convertPolicies(MESH_WITH_CONF, 'consul');
    assert.deepStrictEqual(ofKind(c, 'ProxyDefaults').map(d => d.spec), [{ mutualTLSMode: 'permissive', config: { envoy_prometheus_bind_addr: '0.0.0.0:9102' } }]);
    assert.deepStrictEqual(c.file.dropped.map(d => [d.field, d.reason]), [
      ['spec.mtls.backends[0].type', 'The certificate authority of the mesh is not converted; the target mesh issues its own certificates.'],
      ['spec.metrics.backends[0].conf.path', 'Consul serves the Prometheus metrics of its proxies at /metrics only.'],
      ['spec.metrics.backends[0].conf.skipMTLS', 'This setting of the prometheus backend is not converted; the target scrapes its proxies in its own way.'],
      ['spec.metrics.backends[1]', 'A metrics backend that is not enabled is not converted.'],
    ]);
    assert.deepStrictEqual(c.invalid, []);
  });

  it('→ Istio, with a port and path: Istio serves its own, so both are dropped with where it serves them', () => {
    const c = convertPolicies(MESH_WITH_CONF, 'istio');
    const served = 'Istio serves the metrics of each proxy on its own port and path (15020, /stats/prometheus, merged with the application\'s when it has prometheus.io annotations); point Prometheus there.';
    assert.deepStrictEqual(c.file.dropped.filter(d => d.reason === served).map(d => d.field), ['spec.metrics.backends[0].conf.port', 'spec.metrics.backends[0].conf.path']);
  });

  it('→ Linkerd and Gateway API: dropped at metrics with the reason; → Kuma: the Mesh stays as it is', () => {
    const linkerd = convertPolicies(MESH, 'linkerd');
    assert.deepStrictEqual(linkerd.file.dropped.map(d => [d.field, d.feature, d.reason]), [
      ['spec.mtls', undefined, 'Linkerd always uses mTLS between meshed pods; to accept plain text on a port, list it in the config.linkerd.io/skip-inbound-ports annotation of the pods.'],
      ['spec.metrics', 'prometheus_integration', 'Linkerd proxies always serve Prometheus metrics (port 4191, path /metrics), so nothing is written; point Prometheus at that port.'],
    ]);
    const gateway = convertPolicies(MESH, 'gateway-api');
    assert.deepStrictEqual(gateway.file.dropped.map(d => [d.field, d.feature]), [['spec.mtls', undefined], ['spec.metrics', 'prometheus_integration']]);
    const kuma = convertPolicies(MESH, 'kuma');
    assert.deepStrictEqual([kuma.file.output, kuma.file.dropped, kuma.file.carried], ['', [], [{ feature: 'prometheus_integration', field: 'spec.metrics', line: 6 }]]);
  });
});
