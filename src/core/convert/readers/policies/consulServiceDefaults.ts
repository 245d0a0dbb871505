// The policy parts of a Consul ServiceDefaults: its mTLS mode (mutualTLSMode), the circuit breaking
// it sets for its upstreams (`upstreamConfig`), its rate limits (`rateLimits`, Enterprise) and the
// destination outside the mesh it stands for (`destination`, reached through a terminating gateway). Consul
// sets circuit breaking on the CALLING service, so each upstream override becomes a resilience policy of the called service narrowed to this caller.
// The routing reader (readers/consul.ts) owns ServiceDefaults and calls this for those fields.
import type { ReadContext } from '../../contract';
import type { ConnectionPool, EgressPolicy, EgressProtocol, MtlsPolicy, OutlierDetection, PolicyElement, PolicyScope, ResiliencePolicy } from '../../policyModel';
import { isAddress } from './egress';
import { valuedNumber as num, valuedDuration as duration } from '../fieldValues';
import type { SourceView } from '../../source';
import { readConsulRateLimits } from './rateLimits';

/** One `upstreamConfig` entry (an override, or the defaults for every upstream) as limits and outlier detection. */
function upstream(entry: SourceView, policy: ResiliencePolicy, ctx: ReadContext): void {
  const limits = entry.get('limits');
  const timeout = entry.get('connectTimeoutMs');
  if (limits.exists || timeout.exists) {
    const pool: ConnectionPool = { origin: limits.exists ? limits.origin : timeout.origin };
    const maxConnections = num(limits.get('maxConnections'), ctx); if (maxConnections) pool.maxConnections = maxConnections;
    const pending = num(limits.get('maxPendingRequests'), ctx); if (pending) pool.maxPendingRequests = pending;
    const concurrent = num(limits.get('maxConcurrentRequests'), ctx); if (concurrent) pool.maxRequests = concurrent;
    const connect = num(timeout, ctx); if (connect) pool.connectTimeout = connect;
    policy.connectionPool = pool;
  }
  const check = entry.get('passiveHealthCheck');
  if (check.exists) {
    const od: OutlierDetection = { origin: check.origin };
    const interval = duration(check.get('interval'), ctx); if (interval) od.interval = interval;
    const failures = num(check.get('maxFailures'), ctx); if (failures) od.consecutive5xxErrors = failures;
    const enforcing = num(check.get('enforcingConsecutive5xx'), ctx); if (enforcing) od.enforcingConsecutive5xx = enforcing;
    const max = num(check.get('maxEjectionPercent'), ctx); if (max) od.maxEjectionPercent = max;
    const base = duration(check.get('baseEjectionTime'), ctx); if (base) od.baseEjectionTime = base;
    policy.outlierDetection = od;
  }
  for (const [key, field] of entry.entries()) {
    if (['name', 'namespace', 'limits', 'connectTimeoutMs', 'passiveHealthCheck'].includes(key) || !field.unused().length) continue;
    ctx.drop(field, key.startsWith('envoy') ? 'Raw Envoy configuration is an escape hatch and is never converted.' : `The upstream setting ${key} is not converted.`);
  }
}

const PROTOCOLS: Record<string, EgressProtocol> = { tcp: 'TCP', http: 'HTTP', http2: 'HTTP2', grpc: 'GRPC' };

/** `destination`: host names and addresses outside the mesh, dialed on one port, with the service's protocol. */
function readDestination(spec: SourceView, ctx: ReadContext): EgressPolicy | undefined {
  const dest = spec.get('destination');
  if (!dest.exists) return undefined;
  const policy: EgressPolicy = { type: 'egress', name: ctx.source.name, hosts: [], addresses: [], ports: [], endpoints: [], from: ctx.source, origin: dest.origin };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  for (const a of dest.get('addresses').items()) {
    const value = a.str() ?? '';
    (isAddress(value) ? policy.addresses : policy.hosts).push({ value, origin: a.origin });
  }
  const port = dest.get('port');
  const number = port.num();
  if (number !== undefined) policy.ports.push({ number, protocol: PROTOCOLS[spec.get('protocol').peek() ?? 'tcp'] ?? 'TCP', origin: port.origin });
  return policy;
}

/** The mTLS mode and upstream circuit breaking of a ServiceDefaults (`spec`), for the service it names. */
export function readConsulServiceDefaultsPolicies(spec: SourceView, ctx: ReadContext): PolicyElement[] {
  const out: PolicyElement[] = [];
  const service = ctx.source.name;
  const namespace = ctx.source.namespace;
  const self: PolicyScope = { kind: 'service', name: service, ...(namespace ? { namespace } : {}), origin: ctx.root.at('metadata', 'name').origin };
  const mode = spec.get('mutualTLSMode');
  const value = mode.str();
  if (value === 'strict' || value === 'permissive') {
    const mtls: MtlsPolicy = { type: 'mtls', name: service, scope: self, mode: { value: value === 'strict' ? 'STRICT' : 'PERMISSIVE', origin: mode.origin }, ports: [], from: ctx.source, origin: mode.origin };
    if (namespace) mtls.namespace = namespace;
    out.push(mtls);
  }
  const config = spec.get('upstreamConfig');
  for (const o of config.get('overrides').items()) {
    const name = o.get('name').str();
    if (!name) { ctx.drop(o, 'An override without a service name applies to nothing and is not converted.'); continue; }
    const upstreamNs = o.get('namespace').str();
    const policy: ResiliencePolicy = {
      type: 'resilience', name: `${service}-to-${name}`, service: { name, ...(upstreamNs ? { namespace: upstreamNs } : {}), origin: o.get('name').origin },
      callers: self, from: ctx.source, origin: o.origin,
    };
    if (namespace) policy.namespace = namespace;
    upstream(o, policy, ctx);
    out.push(policy);
  }
  const defaults = config.get('defaults');
  if (defaults.exists) ctx.drop(defaults, 'Settings for every upstream of a service have no equivalent in the other meshes, which set them per called service; name each upstream in overrides instead.');
  const limits = readConsulRateLimits(spec.get('rateLimits'), self, ctx);
  if (limits) out.push(limits);
  const destination = readDestination(spec, ctx);
  if (destination) out.push(destination);
  return out;
}
