// Writes the neutral policies as Consul config entries: ServiceIntentions (L4 allow/deny per calling
// service, L7 permissions on paths and methods), mutualTLSMode on ServiceDefaults/ProxyDefaults, a
// ServiceResolver load balancer, circuit breaking in `upstreamConfig` of the CALLING services'
// ServiceDefaults (Consul sets it on the caller, the other meshes on the called Service), and a
// ServiceDefaults `destination` for external destinations. Consul CE
// names services, not namespaced accounts: a service account becomes the Consul service of that name.
import type { WriteContext, Writer } from '../../contract';
import type { OutDoc, OutMap, OutValue } from '../../output';
import type { AuthzOperation, AuthzPolicy, EgressPolicy, JwtPolicy, MtlsPolicy, PolicyScope, ResiliencePolicy } from '../../policyModel';
import { formatGoDuration, escapeRegex } from '../../values';
import { consulPrometheusBind } from './metrics';
import { identityName, kubeName, metadata, scopeName } from './scope';

const CONSUL = 'consul.hashicorp.com/v1alpha1';
const POLICIES: Record<string, string> = { RoundRobin: 'round_robin', LeastRequest: 'least_request', Random: 'random', RingHash: 'ring_hash', Maglev: 'maglev' };

/** The Consul service a scope names; a placeholder with a `set` comment when the input does not say. */
function serviceName(scope: PolicyScope, fallback: string, at: OutMap, key: string, ctx: WriteContext, port?: number): string {
  if (scope.kind === 'service') return scope.name;
  // consul-k8s registers a pod under its service account's name.
  if (scope.kind === 'serviceAccount') return scope.name;
  if (scope.kind === 'mesh' || scope.kind === 'namespace') return '*';
  const which = port !== undefined ? ` that serves port ${port}` : scope.kind === 'workload' && scope.server ? ' that serves its port' : '';
  ctx.need(`the Consul service name of ${scopeName(scope)}${which} in ${key}`, scope.origin, at, key);
  // A Server's pods: a name no service has, rather than the policy's, which may be a real service's.
  return scope.kind === 'workload' && scope.server ? kubeName('set-service-of-server', scope.server) : fallback;
}

/** L7 permissions of one operation: one per path (any of them), each with the methods. */
function permissions(op: AuthzOperation, action: string): OutMap[] {
  const methods = op.methods.map(m => m.value);
  const paths = op.paths.length ? op.paths : [undefined];
  return paths.map(p => {
    const http: OutMap = {};
    if (p?.type === 'Exact') http.pathExact = p.value;
    else if (p?.type === 'Prefix') http.pathPrefix = p.value;
    else if (p?.type === 'Suffix') http.pathRegex = `.*${escapeRegex(p.value)}`;
    else if (p) http.pathRegex = p.value;
    if (methods.length) http.methods = methods;
    return { action, http };
  });
}

/**
 * The one pod port every rule of an ALLOW policy for some pods is for: consul-k8s registers one Consul
 * service per port of a pod, so intentions for the service of that port are for that port alone. (A
 * Server that is not in the input is one port too: its service is asked for the same way.)
 */
function servicePort(policy: AuthzPolicy): number | undefined {
  if (policy.action !== 'ALLOW' || policy.scope.kind !== 'workload' || policy.scope.server || !policy.rules.length) return undefined;
  const ports = new Set<number>();
  for (const rule of policy.rules) {
    if (!rule.to.length || rule.to.some(op => op.ports.length !== 1)) return undefined;
    for (const op of rule.to) ports.add(op.ports[0].value);
  }
  return ports.size === 1 ? [...ports][0] : undefined;
}

function intentions(policy: AuthzPolicy, ctx: WriteContext): OutDoc {
  const spec: OutMap = {};
  const destination: OutMap = {};
  const port = servicePort(policy);
  destination.name = serviceName(policy.scope, policy.name, destination, 'name', ctx, port);
  spec.destination = destination;
  const obj: OutMap = { apiVersion: CONSUL, kind: 'ServiceIntentions', metadata: metadata(policy.name, policy.namespace), spec };
  if (policy.scope.kind === 'namespace') ctx.note(`Consul CE has no namespaces of services: "*" applies these intentions to every service, not only to ${scopeName(policy.scope)}.`, destination);
  const action = policy.action === 'ALLOW' ? 'allow' : 'deny';
  const allow = policy.action === 'ALLOW';
  // One entry per source name: an L4 action, or L7 permissions.
  const sources = new Map<string, { action?: string; permissions: OutMap[] }>();
  const add = (name: string, perms: OutMap[] | undefined) => {
    const entry = sources.get(name) ?? { permissions: [] };
    if (!perms) entry.action = action;
    else entry.permissions.push(...perms);
    sources.set(name, entry);
  };
  let namedBySa = false;
  let unmeshed = false;
  for (const rule of policy.rules) {
    const ported = port === undefined ? rule.to.find(op => op.ports.length) : undefined;
    if (ported) {
      if (allow) { ctx.drop(ported.ports[0].origin, 'Consul intentions have no port condition, so this rule is left out: the converted intentions allow less than the original, never more.', spec); continue; }
      ctx.drop(ported.ports[0].origin, 'Consul intentions have no port condition, so the deny applies to every port: the converted intentions deny more than the original.', spec);
    }
    const l7 = rule.to.filter(op => op.methods.length || op.paths.length);
    const perms = l7.length && l7.length === rule.to.length ? l7.flatMap(op => permissions(op, action)) : undefined;
    const names: string[] = [];
    for (const source of rule.from.length ? rule.from : [undefined]) {
      if (source?.ipBlocks.length) {
        if (allow) { ctx.drop(source.ipBlocks[0].origin, 'Consul intentions cannot match callers by address, so these callers are left out: the converted intentions allow less than the original.', spec); continue; }
        ctx.drop(source.ipBlocks[0].origin, 'Consul intentions cannot match callers by address, so the deny applies to these callers from any address: the converted intentions deny more than the original.', spec);
      }
      if (!source?.identities.length) { names.push('*'); unmeshed ||= !source?.ipBlocks.length; continue; }
      for (const id of source.identities) {
        const account = id.serviceAccount ?? id.service;
        if (id.anyAuthenticated) names.push('*');
        else if (account) { names.push(account); if (id.serviceAccount) namedBySa = true; }
        else if (allow) ctx.drop(id.origin, `Consul CE cannot name ${identityName(id)} (namespaces in intentions are a Consul Enterprise feature), so this caller is left out: the converted intentions allow less than the original.`, spec);
        else { ctx.drop(id.origin, `Consul CE cannot name ${identityName(id)} (namespaces in intentions are a Consul Enterprise feature), so the deny applies to every caller: the converted intentions deny more than the original.`, spec); names.push('*'); }
      }
    }
    for (const name of names) add(name, perms);
  }
  if (policy.defaultDeny || allow) {
    const entry = sources.get('*') ?? { permissions: [] };
    if (!entry.action && !entry.permissions.length) { entry.action = 'deny'; sources.set('*', entry); }
  }
  const list: OutMap[] = [];
  // "*" last: Consul matches the most specific source first, so the order is for the reader.
  for (const [name, entry] of [...sources].sort(([a], [b]) => Number(a === '*') - Number(b === '*'))) {
    const s: OutMap = { name };
    if (entry.action) s.action = entry.action;
    else s.permissions = entry.permissions as OutValue[];
    list.push(s);
  }
  spec.sources = list;
  if (allow && sources.get('*')?.action === 'deny') ctx.note('The source denied every caller it did not allow; the "*" deny keeps that whatever the ACL default policy of Consul is.', list[list.length - 1]);
  if (unmeshed && allow) ctx.note('The source admitted callers outside the mesh too; Consul intentions admit mesh callers, and callers outside the mesh reach the service only with mutualTLSMode: permissive in its ServiceDefaults.', spec, 'sources');
  if (namedBySa) ctx.note('Consul names callers by service, and consul-k8s registers a pod under its service account\'s name: check that each caller\'s Consul service has the name written here.', spec, 'sources');
  if (list.some(s => s.permissions)) ctx.note('Path and method permissions need the destination\'s protocol set to http (ServiceDefaults protocol: http).', spec, 'sources');
  return { obj };
}

function mtls(policy: MtlsPolicy, ctx: WriteContext): OutDoc[] {
  for (const p of policy.ports) ctx.drop(p.origin, 'Consul sets one mTLS mode per service, not per port.');
  const mode = policy.mode?.value;
  if (!mode) return [];
  if (mode === 'DISABLE') { ctx.drop(policy.mode!.origin, 'Consul service mesh always uses mTLS between proxies; it cannot be turned off for a service.'); return []; }
  const scope = policy.scope;
  if (scope.kind === 'namespace') {
    ctx.drop(policy.mode!.origin, `Consul CE has no namespace-wide mTLS mode; set mutualTLSMode in the ServiceDefaults of each service of ${scopeName(scope)}.`);
    return [];
  }
  const value = mode === 'STRICT' ? 'strict' : 'permissive';
  let obj: OutMap;
  if (scope.kind === 'mesh') obj = { apiVersion: CONSUL, kind: 'ProxyDefaults', metadata: metadata('global', undefined), spec: { mutualTLSMode: value } };
  else {
    const meta = metadata(policy.name, policy.namespace);
    meta.name = serviceName(scope, policy.name, meta, 'name', ctx);
    obj = { apiVersion: CONSUL, kind: 'ServiceDefaults', metadata: meta, spec: { mutualTLSMode: value } };
  }
  if (mode === 'PERMISSIVE') ctx.need('allowEnablingPermissiveMutualTLS: true in the Consul Mesh config entry, and transparent proxy on the service: permissive mode works only then', policy.mode!.origin, obj);
  return [{ obj }];
}

function resolver(policy: ResiliencePolicy, ctx: WriteContext): OutDoc | undefined {
  const lb = policy.loadBalancer;
  if (!lb) return undefined;
  const algorithm = lb.algorithm?.value ?? (lb.hash.length ? 'RingHash' : undefined);
  if (!algorithm) return undefined;
  if (algorithm === 'Passthrough') { ctx.drop(lb.algorithm!.origin, 'Consul always balances across the service\'s instances; sending to the original destination address is not converted.'); return undefined; }
  const balancer: OutMap = { policy: POLICIES[algorithm] };
  if (lb.hash.length && (algorithm === 'RingHash' || algorithm === 'Maglev')) {
    balancer.hashPolicies = lb.hash.map(h => {
      if (h.header !== undefined) return { field: 'header', fieldValue: h.header };
      if (h.cookie) {
        const out: OutMap = { field: 'cookie', fieldValue: h.cookie.name };
        const config: OutMap = {};
        // Consul sets no ttl for a zero one (the proxy would then make no cookie): a session cookie is `session: true`.
        if (h.cookie.ttl === 0) config.session = true;
        else if (h.cookie.ttl !== undefined) config.ttl = formatGoDuration(h.cookie.ttl);
        if (h.cookie.path !== undefined) config.path = h.cookie.path;
        if (Object.keys(config).length) out.cookieConfig = config;
        return out;
      }
      if (h.queryParameter !== undefined) return { field: 'query_parameter', fieldValue: h.queryParameter };
      return { sourceIP: true };
    });
  }
  if (algorithm === 'RingHash' && (lb.minimumRingSize || lb.maximumRingSize)) {
    const ring: OutMap = {};
    if (lb.minimumRingSize) ring.minimumRingSize = lb.minimumRingSize.value;
    if (lb.maximumRingSize) ring.maximumRingSize = lb.maximumRingSize.value;
    balancer.ringHashConfig = ring;
  }
  return { obj: { apiVersion: CONSUL, kind: 'ServiceResolver', metadata: metadata(policy.service.name, policy.service.namespace ?? policy.namespace), spec: { loadBalancer: balancer } } };
}

function callerDefaults(policy: ResiliencePolicy, ctx: WriteContext): OutDoc | undefined {
  const pool = policy.connectionPool, od = policy.outlierDetection;
  if (!pool && !od) return undefined;
  const override: OutMap = { name: policy.service.name };
  const limits: OutMap = {};
  if (pool?.maxConnections) limits.maxConnections = pool.maxConnections.value;
  if (pool?.maxPendingRequests) limits.maxPendingRequests = pool.maxPendingRequests.value;
  if (pool?.maxRequests) limits.maxConcurrentRequests = pool.maxRequests.value;
  if (Object.keys(limits).length) override.limits = limits;
  if (pool?.connectTimeout) override.connectTimeoutMs = Math.ceil(pool.connectTimeout.value);
  const none = 'Consul\'s upstream settings have no such field.';
  for (const field of [pool?.maxRetries, pool?.maxRequestsPerConnection, pool?.idleTimeout]) if (field) ctx.drop(field.origin, none, override);
  if (od) {
    const check: OutMap = {};
    if (od.interval) check.interval = formatGoDuration(od.interval.value);
    if (od.consecutive5xxErrors) check.maxFailures = od.consecutive5xxErrors.value;
    if (od.enforcingConsecutive5xx) check.enforcingConsecutive5xx = od.enforcingConsecutive5xx.value;
    if (od.maxEjectionPercent) check.maxEjectionPercent = od.maxEjectionPercent.value;
    if (od.baseEjectionTime) check.baseEjectionTime = formatGoDuration(od.baseEjectionTime.value);
    for (const field of [od.consecutiveGatewayErrors, od.consecutiveLocalOriginFailures, od.splitExternalLocalOriginErrors, od.minHealthPercent]) if (field) ctx.drop(field.origin, none, check);
    override.passiveHealthCheck = check;
  }
  const caller = policy.callers?.kind === 'service' ? policy.callers.name : undefined;
  const meta = metadata(caller ?? kubeName('caller-of', policy.service.name), policy.namespace);
  const obj: OutMap = { apiVersion: CONSUL, kind: 'ServiceDefaults', metadata: meta, spec: { upstreamConfig: { overrides: [override] } } };
  ctx.note(`Consul sets circuit breaking on the calling service: this ServiceDefaults is for a service that calls ${policy.service.name}.`, obj);
  if (!caller) ctx.need(`the Consul services that call ${policy.service.name} in metadata.name: one ServiceDefaults per caller (the name written is a placeholder)`, policy.origin, meta, 'name');
  return { obj };
}

/**
 * Istio RequestAuthentication → one JWTProvider per provider. Istio only validates a token when one is
 * sent; Consul requires it once an intention names the provider, so no intention is written for it.
 */
function jwt(policy: JwtPolicy, ctx: WriteContext): OutDoc[] {
  return policy.providers.map((p, i) => {
    const spec: OutMap = {};
    if (p.issuer) spec.issuer = p.issuer.value;
    if (p.audiences.length) spec.audiences = p.audiences.map(a => a.value);
    if (p.jwksUri) spec.jsonWebKeySet = { remote: { uri: p.jwksUri.value } };
    else if (p.jwks) spec.jsonWebKeySet = { local: { jwks: p.jwks.value } };
    else ctx.need('the JSON Web Key Set of this provider in jsonWebKeySet', p.origin, spec);
    const locations: OutMap[] = [
      ...p.fromHeaders.map(h => ({ header: h.prefix !== undefined ? { name: h.name, valuePrefix: h.prefix } : { name: h.name } })),
      ...p.fromParams.map(q => ({ queryParam: { name: q.value } })),
      ...p.fromCookies.map(c => ({ cookie: { name: c.value } })),
    ];
    if (locations.length) spec.locations = locations;
    if (p.outputPayloadToHeader) spec.forwarding = { headerName: p.outputPayloadToHeader.value };
    if (p.forwardOriginalToken?.value === false) ctx.drop(p.forwardOriginalToken.origin, 'Consul always forwards the original token; removing it is not converted.', spec);
    const name = kubeName(policy.name, policy.providers.length > 1 ? String(i + 1) : '');
    const obj: OutMap = { apiVersion: CONSUL, kind: 'JWTProvider', metadata: metadata(name, undefined), spec };
    ctx.note(`Istio validated a token only when a request sent one. To require it, add jwt.providers [{name: ${name}}] to the ServiceIntentions of ${scopeName(policy.scope)}: Consul then refuses requests without a valid token.`, obj);
    return { obj };
  });
}

/** External destinations: a ServiceDefaults with `destination` per port (Consul names one port per destination). */
function destinations(policy: EgressPolicy, ctx: WriteContext): OutDoc[] {
  const addresses = [...policy.hosts, ...policy.addresses].filter(a => {
    if (!a.value.includes('*')) return true;
    ctx.drop(a.origin, 'Consul destinations cannot name wildcard hosts, so this host is not reachable through the mesh: the conversion allows less.');
    return false;
  }).map(a => a.value);
  if (!policy.ports.length) { ctx.need('the ports workloads call these destinations on', policy.origin); return []; }
  if (policy.endpoints.length) ctx.drop(policy.endpoints[0].origin, 'Consul resolves a destination\'s host names itself; fixed endpoints are not converted.');
  return policy.ports.map(p => {
    const spec: OutMap = { protocol: p.protocol === 'HTTP' ? 'http' : p.protocol === 'HTTP2' ? 'http2' : p.protocol === 'GRPC' ? 'grpc' : 'tcp', destination: { addresses, port: p.number } };
    const obj: OutMap = { apiVersion: CONSUL, kind: 'ServiceDefaults', metadata: metadata(policy.ports.length > 1 ? kubeName(policy.name, String(p.number)) : policy.name, policy.namespace), spec };
    ctx.need('a TerminatingGateway that lists this service, transparent proxy on the callers, and intentions allowing them: Consul reaches a destination only through them', policy.origin, obj);
    return { obj };
  });
}

/** Puts a policy ServiceResolver's load balancer into the routing writer's ServiceResolver of the same service. */
export function mergeServiceResolvers(docs: OutDoc[]): OutDoc[] {
  const out: OutDoc[] = [];
  for (const d of docs) {
    const spec = d.obj.spec as OutMap | undefined;
    const meta = d.obj.metadata as OutMap | undefined;
    if (d.obj.kind === 'ServiceResolver' && spec?.loadBalancer && Object.keys(spec).length === 1) {
      const twin = out.find(o => o.obj.kind === 'ServiceResolver' && (o.obj.metadata as OutMap).name === meta?.name && !(o.obj.spec as OutMap).loadBalancer);
      if (twin) { (twin.obj.spec as OutMap).loadBalancer = spec.loadBalancer; continue; }
    }
    out.push(d);
  }
  return out;
}

export const consulPolicyWriter: Writer = {
  target: 'consul',
  write(fragment, ctx) {
    const docs: OutDoc[] = [];
    for (const policy of fragment.policies ?? []) {
      if (policy.type === 'authz') docs.push(intentions(policy, ctx));
      else if (policy.type === 'mtls') docs.push(...mtls(policy, ctx));
      else if (policy.type === 'jwt') docs.push(...jwt(policy, ctx));
      else if (policy.type === 'egress') docs.push(...destinations(policy, ctx));
      else if (policy.type === 'rateLimit') ctx.drop(policy.origin, 'Consul\'s service rate limits (ServiceDefaults rateLimits) are a Consul Enterprise feature, which Mesh Lens does not write.');
      else if (policy.type === 'metrics') docs.push(consulPrometheusBind(policy, ctx));
      else if (policy.type === 'healthCheck') ctx.drop(policy.origin, 'Consul only ejects upstream instances on the failures it sees (passiveHealthCheck) and reads pod health from Kubernetes readiness probes; it has no active health checks.');
      else if (policy.service.subset) {
        ctx.drop(policy.origin, `Consul sets circuit breaking and load balancing per upstream service, not per subset, so the traffic policy of subset ${policy.service.subset} is not converted.`);
      } else {
        if (policy.retryBudget) ctx.drop(policy.retryBudget.origin, 'Consul sets a retry budget only in raw Envoy cluster configuration, an escape hatch Mesh Lens never writes.');
        const r = resolver(policy, ctx);
        if (r) docs.push(r);
        const d = callerDefaults(policy, ctx);
        if (d) docs.push(d);
        if (policy.callers && r) ctx.drop(policy.callers.origin, `Consul balances calls to ${policy.service.name} the same way for every caller, so the load balancer applies to all of them, not only to ${scopeName(policy.callers)}.`, r.obj);
      }
    }
    return globalProxyDefaults(docs);
  },
};

/** The global ProxyDefaults that the mesh's mTLS mode and its metrics each need are one object. */
function globalProxyDefaults(docs: OutDoc[]): OutDoc[] {
  const isGlobal = (d: OutDoc) => d.obj.kind === 'ProxyDefaults' && (d.obj.metadata as OutMap).name === 'global';
  const [first, ...rest] = docs.filter(isGlobal);
  if (!rest.length) return docs;
  for (const d of rest) Object.assign(first.obj.spec as OutMap, d.obj.spec as OutMap);
  return docs.filter(d => !rest.includes(d));
}
