// Reads Open Service Mesh UpstreamTrafficSetting (policy.openservicemesh.io) into the neutral
// resilience model: connection limits of calls to one host. Its rate limits are server-side settings
// the other meshes keep elsewhere, and are reported as not converted.
import type { ReadContext, Reader } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { ConnectionPool, ResiliencePolicy } from '../../policyModel';
import { parseDuration } from '../../values';
import { backendFromHost, valuedNumber as num } from '../fieldValues';

function readUpstreamTrafficSetting(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const host = spec.get('host');
  const policy: ResiliencePolicy = { type: 'resilience', name: ctx.source.name, service: backendFromHost(host.str() ?? '', host), from: ctx.source, origin: spec.origin };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  const settings = spec.get('connectionSettings');
  if (settings.exists) {
    const tcp = settings.get('tcp'), http = settings.get('http');
    const pool: ConnectionPool = { origin: settings.origin };
    const set = <K extends keyof ConnectionPool>(key: K, v: ConnectionPool[K] | undefined) => { if (v !== undefined) pool[key] = v; };
    set('maxConnections', num(tcp.get('maxConnections'), ctx));
    const timeout = tcp.get('connectTimeout');
    const ms = parseDuration(timeout.peek());
    if (ms !== undefined) set('connectTimeout', { value: ms, origin: timeout.use().origin });
    set('maxPendingRequests', num(http.get('maxPendingRequests'), ctx));
    set('maxRequests', num(http.get('maxRequests'), ctx));
    set('maxRequestsPerConnection', num(http.get('maxRequestsPerConnection'), ctx));
    set('maxRetries', num(http.get('maxRetries'), ctx));
    for (const part of [tcp, http]) for (const [, f] of part.entries()) if (f.unused().length) ctx.drop(f, 'This connection setting is not converted.');
    policy.connectionPool = pool;
  }
  for (const key of ['rateLimit', 'httpRoutes']) {
    if (spec.get(key).exists) ctx.drop(spec.get(key), 'Rate limits are not converted yet; Linkerd, Kuma and Consul set them on the called workload.');
  }
  fragment.policies = [policy];
  return fragment;
}

export const osmPolicyReader: Reader = {
  owner: 'osm',
  kinds: ['UpstreamTrafficSetting'],
  read(kind, ctx) {
    return kind === 'UpstreamTrafficSetting' ? readUpstreamTrafficSetting(ctx) : undefined;
  },
};
