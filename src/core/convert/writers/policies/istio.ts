// Writes the neutral policies as Istio resources: AuthorizationPolicy (ALLOW/DENY with principals,
// namespaces, ip blocks, ports, methods and paths), PeerAuthentication (mode and per-port modes),
// RequestAuthentication (JWT providers), a DestinationRule trafficPolicy (connection pool, outlier
// detection, load balancer) on the called host, and a ServiceEntry for external destinations.
import type { WriteContext, Writer } from '../../contract';
import type { OutDoc, OutMap, OutValue } from '../../output';
import type { AuthzPolicy, AuthzRule, EgressPolicy, Identity, JwtPolicy, MtlsPolicy, PolicyScope, ResiliencePolicy } from '../../policyModel';
import { formatSecondsDuration } from '../../values';
import { istioTelemetry } from './metrics';
import { accountOf, metadata, requiredLabels, scopeName, SERVER_PORT_PLACEHOLDER } from './scope';

const SECURITY = 'security.istio.io/v1';
const ALGORITHMS: Record<string, string> = { RoundRobin: 'ROUND_ROBIN', LeastRequest: 'LEAST_REQUEST', Random: 'RANDOM', Passthrough: 'PASSTHROUGH' };

/** The namespace and selector of an Istio security policy for a scope; the mesh scope lives in the root namespace. */
function placement(scope: PolicyScope, namespace: string | undefined, spec: OutMap, meta: OutMap, ctx: WriteContext): void {
  if (scope.kind === 'workload' || scope.kind === 'service' || scope.kind === 'serviceAccount') spec.selector = { matchLabels: requiredLabels(scope, ctx, spec, 'selector') };
  if (scope.kind === 'namespace' && scope.namespace) meta.namespace = scope.namespace;
  if (scope.kind === 'mesh') {
    meta.namespace = 'istio-system';
    // An Istio source in istio-system: its reader asked already.
    if (namespace !== 'istio-system') ctx.need('the Istio root namespace in metadata.namespace (istio-system unless meshConfig.rootNamespace says otherwise): a policy there applies to the whole mesh', scope.origin, meta, 'namespace');
  }
  if (!meta.namespace && namespace) meta.namespace = namespace;
}

/** Principals, namespaces and ip blocks of one `from[].source`. */
function istioSource(identities: Identity[], ipBlocks: string[], policy: AuthzPolicy, ctx: WriteContext, asked: { trustDomain: boolean }): OutMap {
  const source: OutMap = {};
  const principals: string[] = [];
  const namespaces: string[] = [];
  const fromIstio = policy.from.apiVersion.startsWith('security.istio.io/');
  for (const id of identities) {
    if (id.anyAuthenticated) { principals.push('*'); continue; }
    const account = accountOf(id, ctx);
    if (!account) { namespaces.push(id.namespace ?? ''); continue; }
    // A service without a namespace (Consul CE) is the same account in every namespace: a suffix match says so.
    if (!id.namespace) { principals.push(`*/sa/${account}`); continue; }
    const trustDomain = fromIstio && id.trustDomain ? id.trustDomain : 'cluster.local';
    if (!(fromIstio && id.trustDomain)) asked.trustDomain = true;
    principals.push(`${trustDomain}/ns/${id.namespace}/sa/${account}`);
  }
  if (principals.length) source.principals = principals;
  if (namespaces.length) source.namespaces = namespaces;
  if (ipBlocks.length) source.ipBlocks = ipBlocks;
  return source;
}

function istioRule(rule: AuthzRule, policy: AuthzPolicy, ctx: WriteContext, asked: { trustDomain: boolean }): OutMap | undefined {
  const out: OutMap = {};
  const from = rule.from.map(f => ({ source: istioSource(f.identities, f.ipBlocks.map(b => b.value), policy, ctx, asked) }));
  if (from.length) out.from = from;
  const to: OutMap[] = [];
  for (const op of rule.to) {
    const operation: OutMap = {};
    if (op.ports.length) operation.ports = op.ports.map(p => String(p.value));
    if (op.methods.length) operation.methods = op.methods.map(m => m.value);
    const paths: string[] = [];
    for (const p of op.paths) {
      if (p.type === 'Exact') paths.push(p.value);
      else if (p.type === 'Prefix') paths.push(`${p.value}*`);
      else if (p.type === 'Suffix') paths.push(`*${p.value}`);
      else if (policy.action === 'ALLOW') {
        ctx.drop(p.origin, 'Istio authorization paths are not regular expressions, so this rule is left out: the converted policy allows less than the original.');
        return undefined;
      } else {
        ctx.drop(p.origin, 'Istio authorization paths are not regular expressions, so the deny rule applies to every path: the converted policy denies more than the original.');
        paths.length = 0;
        break;
      }
    }
    if (paths.length && !op.paths.some(p => p.type === 'RegularExpression')) operation.paths = paths;
    to.push({ operation });
  }
  // A Server's authorization is for its one port: asked for, with a placeholder no request matches.
  const server = policy.scope.kind === 'workload' ? policy.scope.server : undefined;
  if (server && !to.length) {
    const operation: OutMap = { ports: [SERVER_PORT_PLACEHOLDER] };
    ctx.need(`the port of Server ${server} in ports`, policy.scope.origin, operation, 'ports');
    to.push({ operation });
  }
  if (to.length) out.to = to;
  return out;
}

function authorizationPolicy(policy: AuthzPolicy, ctx: WriteContext): OutDoc {
  const meta = metadata(policy.name, undefined);
  const spec: OutMap = {};
  const obj: OutMap = { apiVersion: SECURITY, kind: 'AuthorizationPolicy', metadata: meta, spec };
  placement(policy.scope, policy.namespace, spec, meta, ctx);
  const asked = { trustDomain: false };
  const rules = policy.rules.map(r => istioRule(r, policy, ctx, asked)).filter((r): r is OutMap => r !== undefined);
  if (policy.action === 'DENY') spec.action = 'DENY';
  if (rules.length) spec.rules = rules;
  else if (policy.action === 'ALLOW') ctx.note(`An ALLOW policy without rules denies every request to ${scopeName(policy.scope)}.`, obj);
  // Linkerd authorizes per Server (one port); an Istio ALLOW denies whatever no ALLOW matches, on every port.
  if (policy.action === 'ALLOW' && rules.length && policy.from.apiVersion.startsWith('policy.linkerd.io/')) {
    ctx.note('Istio denies every request to these pods that no ALLOW policy matches, on every port; Linkerd authorizes one Server (one port) at a time, so allow the pods\' other ports too if they take traffic.', obj);
  }
  if (asked.trustDomain) ctx.need('the trust domain of the Istio mesh in the principals, if it is not cluster.local', policy.origin, spec, rules.length ? 'rules' : undefined);
  return { obj };
}

function peerAuthentication(policy: MtlsPolicy, ctx: WriteContext): OutDoc {
  const meta = metadata(policy.name, undefined);
  const spec: OutMap = {};
  placement(policy.scope, policy.namespace, spec, meta, ctx);
  if (policy.mode) spec.mtls = { mode: policy.mode.value };
  if (policy.ports.length) {
    if (!spec.selector) {
      for (const p of policy.ports) ctx.drop(p.origin, 'Istio sets a mode per port only for selected workloads, not for a namespace or the mesh.', spec);
    } else {
      const ports: OutMap = {};
      for (const p of policy.ports) ports[String(p.port)] = { mode: p.mode };
      spec.portLevelMtls = ports;
    }
  }
  return { obj: { apiVersion: SECURITY, kind: 'PeerAuthentication', metadata: meta, spec } };
}

function requestAuthentication(policy: JwtPolicy, ctx: WriteContext): OutDoc {
  const meta = metadata(policy.name, undefined);
  const spec: OutMap = {};
  placement(policy.scope, policy.namespace, spec, meta, ctx);
  spec.jwtRules = policy.providers.map(p => {
    const rule: OutMap = {};
    if (p.issuer) rule.issuer = p.issuer.value;
    if (p.audiences.length) rule.audiences = p.audiences.map(a => a.value);
    if (p.jwksUri) rule.jwksUri = p.jwksUri.value;
    if (p.jwks) rule.jwks = p.jwks.value;
    if (p.fromHeaders.length) rule.fromHeaders = p.fromHeaders.map(h => (h.prefix !== undefined ? { name: h.name, prefix: h.prefix } : { name: h.name }));
    if (p.fromParams.length) rule.fromParams = p.fromParams.map(v => v.value);
    if (p.fromCookies.length) rule.fromCookies = p.fromCookies.map(v => v.value);
    if (p.outputPayloadToHeader) rule.outputPayloadToHeader = p.outputPayloadToHeader.value;
    if (p.forwardOriginalToken) rule.forwardOriginalToken = p.forwardOriginalToken.value;
    return rule;
  });
  return { obj: { apiVersion: SECURITY, kind: 'RequestAuthentication', metadata: meta, spec } };
}

/** The DestinationRule host of a Service: short in its own namespace, the cluster name otherwise. */
function hostOf(policy: ResiliencePolicy): string {
  const ns = policy.service.namespace;
  return !ns || ns === policy.namespace ? policy.service.name : `${policy.service.name}.${ns}.svc.cluster.local`;
}

export function trafficPolicy(policy: ResiliencePolicy, ctx: WriteContext): OutMap {
  const out: OutMap = {};
  const pool = policy.connectionPool;
  if (pool) {
    const tcp: OutMap = {}, http: OutMap = {};
    if (pool.maxConnections) tcp.maxConnections = pool.maxConnections.value;
    if (pool.connectTimeout) tcp.connectTimeout = formatSecondsDuration(pool.connectTimeout.value);
    if (pool.maxPendingRequests) http.http1MaxPendingRequests = pool.maxPendingRequests.value;
    if (pool.maxRequests) http.http2MaxRequests = pool.maxRequests.value;
    if (pool.maxRequestsPerConnection) http.maxRequestsPerConnection = pool.maxRequestsPerConnection.value;
    if (pool.maxRetries) http.maxRetries = pool.maxRetries.value;
    if (pool.idleTimeout) http.idleTimeout = formatSecondsDuration(pool.idleTimeout.value);
    const cp: OutMap = {};
    if (Object.keys(tcp).length) cp.tcp = tcp;
    if (Object.keys(http).length) cp.http = http;
    if (Object.keys(cp).length) out.connectionPool = cp;
  }
  const od = policy.outlierDetection;
  if (od) {
    const o: OutMap = {};
    if (od.consecutive5xxErrors) o.consecutive5xxErrors = od.consecutive5xxErrors.value;
    if (od.consecutiveGatewayErrors) o.consecutiveGatewayErrors = od.consecutiveGatewayErrors.value;
    if (od.consecutiveLocalOriginFailures) o.consecutiveLocalOriginFailures = od.consecutiveLocalOriginFailures.value;
    if (od.splitExternalLocalOriginErrors) o.splitExternalLocalOriginErrors = od.splitExternalLocalOriginErrors.value;
    if (od.interval) o.interval = formatSecondsDuration(od.interval.value);
    if (od.baseEjectionTime) o.baseEjectionTime = formatSecondsDuration(od.baseEjectionTime.value);
    if (od.maxEjectionPercent) o.maxEjectionPercent = od.maxEjectionPercent.value;
    if (od.minHealthPercent) o.minHealthPercent = od.minHealthPercent.value;
    if (od.enforcingConsecutive5xx && od.enforcingConsecutive5xx.value !== 100) {
      ctx.drop(od.enforcingConsecutive5xx.origin, 'Istio always ejects an endpoint once it reaches the error count; it has no enforcement probability.', o);
    }
    out.outlierDetection = o;
  }
  const lb = policy.loadBalancer;
  if (lb) {
    const l: OutMap = {};
    const algorithm = lb.algorithm?.value;
    if (algorithm === 'RingHash' || algorithm === 'Maglev' || lb.hash.length) {
      const ch: OutMap = {};
      const key = lb.hash[0];
      if (key?.header !== undefined) ch.httpHeaderName = key.header;
      else if (key?.cookie) {
        const cookie: OutMap = { name: key.cookie.name };
        if (key.cookie.path !== undefined) cookie.path = key.cookie.path;
        if (key.cookie.ttl !== undefined) cookie.ttl = formatSecondsDuration(key.cookie.ttl);
        else ctx.note('Istio sets the cookie itself only when a ttl is given; without one the client must send it.', cookie);
        ch.httpCookie = cookie;
      } else if (key?.sourceIp) ch.useSourceIp = true;
      else if (key?.queryParameter !== undefined) ch.httpQueryParameterName = key.queryParameter;
      else ctx.need('what the consistent hash keys on (a header, cookie, query parameter or source IP)', lb.origin, ch);
      for (const extra of lb.hash.slice(1)) ctx.drop(extra.origin, 'Istio hashes on one key only; the first one is kept.', ch);
      if (algorithm === 'Maglev') ch.maglev = {};
      else ch.ringHash = lb.minimumRingSize ? { minimumRingSize: lb.minimumRingSize.value } : {};
      if (lb.maximumRingSize) ctx.drop(lb.maximumRingSize.origin, 'Istio sets no maximum ring size.', ch);
      l.consistentHash = ch;
    } else if (algorithm) l.simple = ALGORITHMS[algorithm];
    if (Object.keys(l).length) out.loadBalancer = l;
  }
  const budget = policy.retryBudget;
  if (budget) {
    if (!ctx.supports('retry_budget')) ctx.drop(budget.origin, 'Istio has retry budgets from version 1.27 on; this target version has none.', out);
    else {
      const b: OutMap = { percent: budget.percent.value };
      if (budget.minRetryConcurrency) b.minRetryConcurrency = budget.minRetryConcurrency.value;
      out.retryBudget = b;
      const floor = 'Istio\'s retry budget has no minimum rate of retries or time window (its floor, minRetryConcurrency, counts retries in flight).';
      for (const field of [budget.minRetriesPerSecond, budget.ttl]) if (field) ctx.drop(field.origin, floor, b);
    }
  }
  return out;
}

function destinationRule(policy: ResiliencePolicy, ctx: WriteContext): OutDoc {
  const meta = metadata(policy.name, policy.namespace ?? policy.service.namespace);
  const spec: OutMap = { host: hostOf(policy) };
  if (policy.callers) {
    const selector: OutMap = {};
    selector.matchLabels = requiredLabels(policy.callers, ctx, selector, 'matchLabels');
    spec.workloadSelector = selector;
  }
  if (policy.service.subset) spec.subsets = [{ name: policy.service.subset, trafficPolicy: trafficPolicy(policy, ctx) }];
  else spec.trafficPolicy = trafficPolicy(policy, ctx);
  return { obj: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, spec } };
}

/** A subset's own traffic policy (a DestinationRule holding only that subset, without labels) put into the subset of the DestinationRule that declares it. */
function mergeSubsetPolicy(doc: OutDoc, out: OutDoc[]): boolean {
  const spec = doc.obj.spec as OutMap;
  const [only] = (spec.subsets ?? []) as OutMap[];
  if (!only || (spec.subsets as OutMap[]).length !== 1 || only.labels || !only.trafficPolicy) return false;
  const ns = (doc.obj.metadata as OutMap).namespace;
  for (const o of out) {
    const twinSpec = o.obj.spec as OutMap;
    if (o.obj.kind !== 'DestinationRule' || twinSpec.host !== spec.host || (o.obj.metadata as OutMap).namespace !== ns) continue;
    const subset = ((twinSpec.subsets ?? []) as OutMap[]).find(x => x.name === only.name);
    if (!subset) continue;
    subset.trafficPolicy = only.trafficPolicy;
    return true;
  }
  return false;
}

/**
 * Puts a policy DestinationRule's trafficPolicy into the routing writer's DestinationRule of the same
 * name and host (the subsets of the same source), so one source DestinationRule stays one object.
 */
export function mergeDestinationRules(docs: OutDoc[]): OutDoc[] {
  const out: OutDoc[] = [];
  for (const d of docs) {
    const spec = d.obj.spec as OutMap | undefined;
    if (d.obj.kind === 'DestinationRule' && spec?.subsets && mergeSubsetPolicy(d, out)) continue;
    if (d.obj.kind === 'DestinationRule' && spec?.trafficPolicy && !spec.subsets) {
      const meta = d.obj.metadata as OutMap;
      const twin = out.find(o => o.obj.kind === 'DestinationRule' && (o.obj.metadata as OutMap).name === meta.name
        && (o.obj.metadata as OutMap).namespace === meta.namespace && !(o.obj.spec as OutMap).trafficPolicy && !spec.workloadSelector);
      if (twin) {
        const twinSpec = twin.obj.spec as OutMap;
        const merged: OutMap = { host: twinSpec.host, trafficPolicy: spec.trafficPolicy as OutValue };
        for (const [k, v] of Object.entries(twinSpec)) if (k !== 'host') merged[k] = v;
        twin.obj.spec = merged;
        continue;
      }
    }
    out.push(d);
  }
  return out;
}

/** External destinations as a ServiceEntry: DNS hosts, or addresses, or fixed endpoints. */
function serviceEntry(policy: EgressPolicy, ctx: WriteContext): OutDoc {
  const spec: OutMap = {};
  const obj: OutMap = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: metadata(policy.name, policy.namespace), spec };
  if (policy.hosts.length) spec.hosts = policy.hosts.map(h => h.value);
  else {
    spec.hosts = [policy.name];
    ctx.note('Istio requires a host; for TCP calls to these addresses it is only a name.', spec, 'hosts');
  }
  if (policy.addresses.length) spec.addresses = policy.addresses.map(a => a.value);
  if (policy.ports.length) spec.ports = policy.ports.map(p => ({ number: p.number, name: `${p.protocol.toLowerCase()}-${p.number}`, protocol: p.protocol }));
  else ctx.need('the ports workloads call these destinations on, in ports', policy.origin, spec);
  spec.location = 'MESH_EXTERNAL';
  spec.resolution = policy.endpoints.length ? 'STATIC' : policy.hosts.length ? 'DNS' : 'NONE';
  if (policy.endpoints.length) spec.endpoints = policy.endpoints.map(e => ({ address: e.address }));
  return { obj };
}

export const istioPolicyWriter: Writer = {
  target: 'istio',
  write(fragment, ctx) {
    const docs: OutDoc[] = [];
    for (const policy of fragment.policies ?? []) {
      if (policy.type === 'authz') docs.push(authorizationPolicy(policy, ctx));
      else if (policy.type === 'mtls') docs.push(peerAuthentication(policy, ctx));
      else if (policy.type === 'jwt') docs.push(requestAuthentication(policy, ctx));
      else if (policy.type === 'egress') docs.push(serviceEntry(policy, ctx));
      else if (policy.type === 'metrics') docs.push(istioTelemetry(policy, ctx));
      else if (policy.type === 'rateLimit') ctx.drop(policy.origin, 'Istio has no rate-limit resource: only an EnvoyFilter sets a local rate limit, and Mesh Lens never writes that escape hatch.');
      else if (policy.type === 'healthCheck') ctx.drop(policy.origin, 'Istio only ejects endpoints on the failures it sees (outlier detection); it has no active health checks.');
      else docs.push(destinationRule(policy, ctx));
    }
    return docs;
  },
};
