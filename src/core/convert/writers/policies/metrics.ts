// Metrics for Prometheus from every proxy of the mesh (Kuma Mesh `metrics`), in each target: Istio
// names its prometheus provider in a Telemetry of the root namespace; Consul binds each proxy's
// Prometheus endpoint in the global ProxyDefaults; Linkerd's proxies always serve theirs.
import type { WriteContext } from '../../contract';
import type { OutDoc, OutMap } from '../../output';
import { comment } from '../../output';
import type { MetricsPolicy } from '../../policyModel';
import { metadata } from './scope';

/** Istio: a Telemetry in the root namespace that keeps the prometheus provider on for the whole mesh. */
export function istioTelemetry(policy: MetricsPolicy, ctx: WriteContext): OutDoc {
  const meta = metadata(policy.name, 'istio-system');
  const obj: OutMap = { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: meta, spec: { metrics: [{ providers: [{ name: 'prometheus' }] }] } };
  ctx.need('the Istio root namespace in metadata.namespace (istio-system unless meshConfig.rootNamespace says otherwise): a policy there applies to the whole mesh', policy.origin, meta, 'namespace');
  const served = 'Istio serves the metrics of each proxy on its own port and path (15020, /stats/prometheus, merged with the application\'s when it has prometheus.io annotations); point Prometheus there.';
  if (policy.written.port) ctx.drop(policy.port.origin, served, obj);
  if (policy.written.path) ctx.drop(policy.path.origin, served, obj);
  return { obj };
}

/** Consul: each proxy serves Envoy's Prometheus metrics on the address in the global ProxyDefaults, at /metrics. */
export function consulPrometheusBind(policy: MetricsPolicy, ctx: WriteContext): OutDoc {
  const config: OutMap = { envoy_prometheus_bind_addr: `0.0.0.0:${policy.port.value}` };
  const obj: OutMap = { apiVersion: 'consul.hashicorp.com/v1alpha1', kind: 'ProxyDefaults', metadata: metadata('global', undefined), spec: { config } };
  if (!policy.written.port) comment(config, `Port ${policy.port.value} is where Kuma served the metrics by default, as the source set no port.`, 'envoy_prometheus_bind_addr');
  if (policy.path.value !== '/metrics') ctx.drop(policy.path.origin, 'Consul serves the Prometheus metrics of its proxies at /metrics only.', obj);
  return { obj };
}

export const LINKERD_METRICS = 'Linkerd proxies always serve Prometheus metrics (port 4191, path /metrics), so nothing is written; point Prometheus at that port.';
export const GATEWAY_API_METRICS = 'Gateway API has no metrics settings; the mesh implementing it exports its own.';
export const KUMA_METRICS = 'Kuma reads the metrics of a mesh from its Mesh resource or a MeshMetric; keep the source\'s.';
