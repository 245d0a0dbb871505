// Writes the neutral policies as Kuma 2.14 policies: MeshTrafficPermission (SPIFFE IDs of the callers,
// which need MeshIdentity and the zone name), MeshTLS (strict or permissive), MeshCircuitBreaker
// (connection limits and outlier detection), MeshLoadBalancingStrategy, and MeshPassthrough or
// MeshExternalService for external destinations, MeshRateLimit and MeshHealthCheck. MeshTrafficPermission
// decides per caller only: a method, path or port condition is never widened into a whole-caller allow.
import type { Origin } from '../../model';
import type { WriteContext, Writer } from '../../contract';
import type { OutDoc, OutMap } from '../../output';
import type { AuthzPolicy, AuthzRule, EgressPolicy, HealthCheckPolicy, Identity, LoadBalancer, MtlsPolicy, PolicyScope, RateLimitPolicy, RequestRate, ResiliencePolicy } from '../../policyModel';
import { formatGoDuration } from '../../values';
import { externalServiceRef, hasExternalService, KUMA_EXTERNAL_PROTOCOL, serviceEntryFor, tlsOrigination } from '../kuma/externalServices';
import { kumaObject, meshServiceTarget, serviceProxies } from '../kuma/refs';
import { KUMA_METRICS } from './metrics';
import { accountOf, identityName, kubeName, scopeLabels, scopeName, serverPodLabels } from './scope';

/** The proxies a policy is for (top-level targetRef) and the namespace it lives in. */
function kumaPlacement(scope: PolicyScope | undefined, namespace: string | undefined, ctx: WriteContext): { targetRef: OutMap; namespace: string | undefined; askSystem: boolean } {
  if (!scope || scope.kind === 'mesh') return { targetRef: { kind: 'Mesh' }, namespace: scope ? 'kuma-system' : namespace, askSystem: !!scope };
  if (scope.kind === 'namespace') return { targetRef: { kind: 'Mesh' }, namespace: scope.namespace ?? namespace, askSystem: false };
  if (scope.kind === 'workload' && scope.server) {
    const targetRef: OutMap = { kind: 'Dataplane' };
    targetRef.labels = serverPodLabels(scope, scope.server, ctx, targetRef, 'labels');
    return { targetRef, namespace: scope.namespace ?? namespace, askSystem: false };
  }
  const labels = scopeLabels(scope, ctx);
  if (labels) return { targetRef: { kind: 'Dataplane', labels }, namespace, askSystem: false };
  if (scope.kind === 'service') {
    const service = { name: scope.name, ...(scope.namespace ? { namespace: scope.namespace } : {}), ...(scope.port !== undefined ? { port: scope.port } : {}), origin: scope.origin };
    return { targetRef: serviceProxies(service, scope.origin, ctx), namespace, askSystem: false };
  }
  const targetRef: OutMap = { kind: 'Dataplane', labels: {} };
  ctx.need(`the pod labels of ${scopeName(scope)} in targetRef.labels`, scope.origin, targetRef, 'labels');
  return { targetRef, namespace: scope.namespace ?? namespace, askSystem: false };
}

function object(kind: string, name: string, scope: PolicyScope | undefined, namespace: string | undefined, body: OutMap, ctx: WriteContext): OutMap {
  const place = kumaPlacement(scope, namespace, ctx);
  const obj = kumaObject(kind, name, place.namespace, { targetRef: place.targetRef, ...body });
  if (place.askSystem) ctx.need('the namespace of the Kuma control plane in metadata.namespace (kuma-system unless Kuma was installed elsewhere): a policy there applies to the whole mesh', scope!.origin, obj.metadata as OutMap, 'namespace');
  return obj;
}

/** A caller as a SPIFFE ID matcher: `spiffe://<mesh>.<zone>.mesh.local/ns/<ns>/sa/<sa>` with MeshIdentity's default trust domain. */
function spiffeMatcher(id: Identity, fromKuma: boolean, asked: { zone: boolean }, ctx: WriteContext, at: OutMap): OutMap {
  const trustDomain = fromKuma && id.trustDomain ? id.trustDomain : 'default.<zone>.mesh.local';
  if (!(fromKuma && id.trustDomain)) asked.zone = true;
  const base = `spiffe://${trustDomain}`;
  if (id.anyAuthenticated) return { spiffeID: { type: 'Prefix', value: `${base}/` } };
  const account = accountOf(id, ctx, at);
  if (!id.namespace) ctx.need(`the namespace of ${identityName(id)} in its SPIFFE ID`, id.origin, at);
  const ns = id.namespace ?? '<namespace>';
  return account ? { spiffeID: { type: 'Exact', value: `${base}/ns/${ns}/sa/${account}` } } : { spiffeID: { type: 'Prefix', value: `${base}/ns/${ns}/` } };
}

/** A rule that admits every caller on some ports only (a Linkerd Server that admits every caller). */
function everyCallerOnSomePorts(rule: AuthzRule): boolean {
  return !rule.from.length && rule.to.length > 0 && rule.to.every(op => op.ports.length && !op.methods.length && !op.paths.length);
}

const EVERY_CALLER_ON_SOME_PORTS = 'MeshTrafficPermission has no port condition, and allowing every caller on every port of these proxies would allow more than the source, which admitted them on some ports only; so nothing is written for it. A new mesh\'s default MeshTrafficPermission allows every caller.';

/** Why an ALLOW rule cannot be written without allowing more, and where; undefined when it can be. */
function allowRuleLoss(rule: AuthzRule, policy: AuthzPolicy): { origin: Origin; reason: string } | undefined {
  const conditions = rule.to.filter(op => op.ports.length || op.methods.length || op.paths.length);
  if (!conditions.length) {
    // A Server's authorization is for its one port, which MeshTrafficPermission cannot say.
    if (policy.scope.kind !== 'workload' || !policy.scope.server) return undefined;
    return { origin: rule.origin, reason: `MeshTrafficPermission allows whole callers on every port, and this authorization is for the port of Server ${policy.scope.server} only, so it is left out: the converted policy allows less than the original, never more.` };
  }
  if (everyCallerOnSomePorts(rule)) return { origin: rule.origin, reason: EVERY_CALLER_ON_SOME_PORTS };
  return { origin: conditions[0].origin, reason: 'MeshTrafficPermission allows whole callers and has no port, method or path conditions, so this rule is left out: the converted policy allows less than the original, never more.' };
}

/** The callers of one rule, or undefined when the rule cannot be written without allowing more. */
function ruleCallers(rule: AuthzRule, policy: AuthzPolicy, ctx: WriteContext, asked: { zone: boolean }, at: OutMap): OutMap[] | undefined {
  const allow = policy.action === 'ALLOW';
  if (allow) {
    const loss = allowRuleLoss(rule, policy);
    if (loss) { ctx.drop(loss.origin, loss.reason, at); return undefined; }
  } else {
    const condition = rule.to.find(op => op.ports.length || op.methods.length || op.paths.length);
    if (condition) ctx.drop(condition.origin, 'MeshTrafficPermission denies whole callers and has no port, method or path conditions, so the deny applies to every request of these callers: the converted policy denies more than the original.', at);
  }
  const fromKuma = policy.from.apiVersion.startsWith('kuma.io/');
  const out: OutMap[] = [];
  for (const source of rule.from.length ? rule.from : [undefined]) {
    if (source?.ipBlocks.length) {
      if (allow) { ctx.drop(source.ipBlocks[0].origin, 'MeshTrafficPermission cannot match callers by address, so these callers are left out: the converted policy allows less than the original.', at); continue; }
      ctx.drop(source.ipBlocks[0].origin, 'MeshTrafficPermission cannot match callers by address, so the deny applies to these callers from any address: the converted policy denies more than the original.', at);
    }
    const ids = source?.identities.length ? source.identities : [{ anyAuthenticated: true, origin: rule.origin } as Identity];
    out.push(...ids.map(id => spiffeMatcher(id, fromKuma, asked, ctx, at)));
  }
  return out;
}

function trafficPermission(policy: AuthzPolicy, ctx: WriteContext): OutDoc[] {
  if (policy.defaultDeny) {
    const obj = object('MeshTrafficPermission', policy.name, policy.scope, policy.namespace, { from: [{ targetRef: { kind: 'Mesh' }, default: { action: 'Deny' } }] }, ctx);
    ctx.note('Kuma allows every caller by default (its default MeshTrafficPermission of a new mesh); this Deny from the whole mesh keeps the source\'s deny-by-default for these proxies.', obj);
    return [{ obj }];
  }
  // An ALLOW none of whose rules can be written would be a MeshTrafficPermission allowing nobody: nothing is written.
  const losses = policy.action === 'ALLOW' ? policy.rules.map(r => allowRuleLoss(r, policy)) : [];
  if (losses.length && losses.every(Boolean)) {
    if (losses.every(loss => loss!.reason === EVERY_CALLER_ON_SOME_PORTS)) for (const loss of losses) ctx.drop(loss!.origin, loss!.reason);
    // One drop for the whole policy: its callers go with its rules.
    else ctx.drop(policy.origin, 'Every rule of this policy is for some ports, methods or paths only, which MeshTrafficPermission cannot say, so none can be written without allowing more, and nothing is written for it. '
      + 'A new mesh\'s default MeshTrafficPermission allows every caller; with MeshIdentity on, remove it so that these proxies deny callers as the source did.');
    return [];
  }
  const asked = { zone: false };
  const matchers: OutMap[] = [];
  const obj = object('MeshTrafficPermission', policy.name, policy.scope, policy.namespace, {}, ctx);
  const spec = obj.spec as OutMap;
  for (const rule of policy.rules) {
    const callers = ruleCallers(rule, policy, ctx, asked, spec);
    if (callers) matchers.push(...callers);
  }
  const key = policy.action === 'ALLOW' ? 'allow' : 'deny';
  const unique = matchers.filter((m, i) => matchers.findIndex(o => JSON.stringify(o) === JSON.stringify(m)) === i);
  spec.rules = [{ default: unique.length ? { [key]: unique } : {} }];
  if (asked.zone) ctx.need('the zone name in the SPIFFE IDs (spiffe://<mesh>.<zone>.mesh.local/…); these permissions need MeshIdentity enabled in the mesh', policy.origin, obj);
  if (policy.action === 'ALLOW') {
    ctx.note('Kuma denies callers that no MeshTrafficPermission allows only once MeshIdentity is on; a new mesh\'s default MeshTrafficPermission allows every caller, so remove it to deny everyone else as the source did.', obj);
  }
  return [{ obj }];
}

function meshTls(policy: MtlsPolicy, ctx: WriteContext): OutDoc[] {
  for (const p of policy.ports) ctx.drop(p.origin, 'MeshTLS sets one mode for all ports of a proxy; per-port modes are not converted.');
  const mode = policy.mode?.value;
  if (!mode) return [];
  if (mode === 'DISABLE') {
    ctx.drop(policy.mode!.origin, 'Kuma cannot turn mTLS off for some proxies once the mesh uses it; Permissive mode accepts plain text as well.');
    return [];
  }
  const obj = object('MeshTLS', policy.name, policy.scope, policy.namespace, { rules: [{ default: { mode: mode === 'STRICT' ? 'Strict' : 'Permissive' } }] }, ctx);
  ctx.need('mTLS enabled on the Mesh (spec.mtls.enabledBackend): MeshTLS modes apply only then', policy.mode!.origin, obj);
  return [{ obj }];
}

function hashPolicies(lb: LoadBalancer): OutMap[] {
  return lb.hash.map(h => {
    if (h.header !== undefined) return { type: 'Header', header: { name: h.header } };
    if (h.cookie) {
      const cookie: OutMap = { name: h.cookie.name };
      if (h.cookie.ttl !== undefined) cookie.ttl = formatGoDuration(h.cookie.ttl);
      if (h.cookie.path !== undefined) cookie.path = h.cookie.path;
      return { type: 'Cookie', cookie };
    }
    if (h.queryParameter !== undefined) return { type: 'QueryParameter', queryParameter: { name: h.queryParameter } };
    return { type: 'Connection', connection: { sourceIP: true } };
  });
}

/** The pods of one subset of the called Service: a MeshServiceSubset with the subset's labels as tags. */
function subsetTarget(policy: ResiliencePolicy, ctx: WriteContext): OutMap {
  const ref = policy.service;
  const out: OutMap = { kind: 'MeshServiceSubset', name: ref.name };
  if (ref.namespace) out.namespace = ref.namespace;
  const subset = ctx.input.subset(ref.name, ref.subset ?? '', ref.namespace);
  if (subset) out.tags = { ...subset.labels };
  else ctx.need(`the pod labels of subset "${ref.subset}" of ${ref.name} in tags`, ref.origin, out);
  return out;
}

/**
 * The MeshExternalServices a policy for a host outside the cluster applies to: one per port of its
 * ServiceEntry the input converts into one. None written: the policy is dropped, since Kuma applies
 * policies to external traffic only there. No ServiceEntry in the input: the host's own name.
 */
function externalTargets(policy: ResiliencePolicy, namespace: string | undefined, ctx: WriteContext): OutMap[] {
  const host = policy.service.name;
  const entry = serviceEntryFor(host, namespace, ctx);
  if (!entry) return [{ kind: 'MeshExternalService', name: host }];
  const ports = entry.ports.filter(p => hasExternalService(host, p.number, namespace, ctx));
  if (!ports.length) {
    const parts = [policy.connectionPool?.origin, policy.outlierDetection?.origin, policy.loadBalancer?.origin].filter((o): o is NonNullable<typeof o> => o !== undefined);
    for (const origin of parts) ctx.drop(origin, `Kuma applies this to a host outside the mesh only through its MeshExternalService, and the input converts ${host} into none (its ServiceEntry lists no endpoints, and no route sends there), so this is not converted.`);
  }
  return ports.map(p => externalServiceRef(entry, p.number, host));
}

function resilience(policy: ResiliencePolicy, ctx: WriteContext): OutDoc[] {
  const docs: OutDoc[] = [];
  const namespace = policy.namespace ?? policy.service.namespace;
  const targets = policy.service.external ? externalTargets(policy, namespace, ctx)
    : [policy.service.subset ? subsetTarget(policy, ctx) : meshServiceTarget(policy.service.name, policy.service.namespace)];
  const to = (conf: OutMap) => targets.map(target => ({ targetRef: { ...target }, default: conf }));
  const conf: OutMap = {};
  const pool = policy.connectionPool;
  if (pool) {
    const limits: OutMap = {};
    if (pool.maxConnections) limits.maxConnections = pool.maxConnections.value;
    if (pool.maxPendingRequests) limits.maxPendingRequests = pool.maxPendingRequests.value;
    if (pool.maxRequests) limits.maxRequests = pool.maxRequests.value;
    if (pool.maxRetries) limits.maxRetries = pool.maxRetries.value;
    if (Object.keys(limits).length) conf.connectionLimits = limits;
    if (pool.maxRequestsPerConnection) ctx.drop(pool.maxRequestsPerConnection.origin, 'Kuma sets no limit of requests per connection.', conf);
    if (pool.connectTimeout) ctx.drop(pool.connectTimeout.origin, 'Kuma sets the connect timeout in MeshTimeout (connectionTimeout), which this conversion does not write.', conf);
    if (pool.idleTimeout) ctx.drop(pool.idleTimeout.origin, 'Kuma sets the idle timeout in MeshTimeout (idleTimeout), which this conversion does not write.', conf);
  }
  const od = policy.outlierDetection;
  if (od) {
    const o: OutMap = { disabled: false };
    if (od.interval) o.interval = formatGoDuration(od.interval.value);
    if (od.baseEjectionTime) o.baseEjectionTime = formatGoDuration(od.baseEjectionTime.value);
    if (od.maxEjectionPercent) o.maxEjectionPercent = od.maxEjectionPercent.value;
    if (od.splitExternalLocalOriginErrors) o.splitExternalAndLocalErrors = od.splitExternalLocalOriginErrors.value;
    if (od.minHealthPercent) o.healthyPanicThreshold = od.minHealthPercent.value;
    const detectors: OutMap = {};
    if (od.consecutive5xxErrors) detectors.totalFailures = { consecutive: od.consecutive5xxErrors.value };
    if (od.consecutiveGatewayErrors) detectors.gatewayFailures = { consecutive: od.consecutiveGatewayErrors.value };
    if (od.consecutiveLocalOriginFailures) detectors.localOriginFailures = { consecutive: od.consecutiveLocalOriginFailures.value };
    if (Object.keys(detectors).length) o.detectors = detectors;
    if (od.enforcingConsecutive5xx && od.enforcingConsecutive5xx.value !== 100) ctx.drop(od.enforcingConsecutive5xx.origin, 'Kuma always ejects an endpoint once it reaches the failure count; it has no enforcement probability.', o);
    conf.outlierDetection = o;
  }
  if (Object.keys(conf).length && targets.length) {
    docs.push({ obj: object('MeshCircuitBreaker', policy.name, policy.callers, namespace, { to: to(conf) }, ctx) });
  }
  if (policy.retryBudget) ctx.drop(policy.retryBudget.origin, 'Kuma sets a retry budget only through MeshProxyPatch, an escape hatch Mesh Lens never writes.');
  const lb = policy.loadBalancer;
  if (lb) {
    const algorithm = lb.algorithm?.value ?? (lb.hash.length ? 'RingHash' : undefined);
    if (algorithm === 'Passthrough') ctx.drop(lb.algorithm!.origin, 'Kuma always balances across the Service\'s endpoints; sending to the original destination address is not converted.');
    else if (algorithm && targets.length) {
      const balancer: OutMap = { type: algorithm };
      if (algorithm === 'RingHash' || algorithm === 'Maglev') {
        const hash: OutMap = {};
        if (lb.hash.length) hash.hashPolicies = hashPolicies(lb);
        if (algorithm === 'RingHash' && lb.minimumRingSize) hash.minRingSize = lb.minimumRingSize.value;
        if (algorithm === 'RingHash' && lb.maximumRingSize) hash.maxRingSize = lb.maximumRingSize.value;
        balancer[algorithm === 'RingHash' ? 'ringHash' : 'maglev'] = hash;
      }
      docs.push({ obj: object('MeshLoadBalancingStrategy', policy.name, policy.callers, namespace, { to: to({ loadBalancer: balancer }) }, ctx) });
    }
  }
  for (const t of policy.originateTls ?? []) {
    // Carried on the MeshExternalService of that port, where the input converts one.
    if (!hasExternalService(policy.service.name, t.port, namespace, ctx)) {
      ctx.drop(t.origin, `Kuma starts TLS to a host outside the mesh only in its MeshExternalService, and the input converts port ${t.port} of ${policy.service.name} into none (its ServiceEntry lists no endpoints, and no route sends there), so this is not converted.`);
    } else if (docs[0]) ctx.note(`The TLS this DestinationRule starts on port ${t.port} of ${policy.service.name} is set on the MeshExternalService of that port.`, docs[0].obj);
  }
  return docs;
}

const kumaRate = (rate: RequestRate): OutMap => ({ num: rate.requests.value, interval: formatGoDuration(rate.interval.value) });

/** MeshRateLimit: one rule for every caller, and one per set of named callers (by SPIFFE ID). */
function rateLimit(policy: RateLimitPolicy, ctx: WriteContext): OutDoc[] {
  const rules: OutMap[] = [];
  const local: OutMap = {};
  if (policy.http) {
    const http: OutMap = { requestRate: kumaRate(policy.http) };
    const on: OutMap = {};
    if (policy.status) on.status = policy.status.value;
    if (policy.headers.length) on.headers = { add: policy.headers.map(h => ({ name: h.name, value: h.value })) };
    if (Object.keys(on).length) http.onRateLimit = on;
    if (policy.http.burst) ctx.drop(policy.http.burst.origin, 'Kuma\'s rate limit has no burst; requests above the rate are refused at once.', http);
    local.http = http;
  }
  if (policy.connections) local.tcp = { connectionRate: kumaRate(policy.connections) };
  if (Object.keys(local).length) rules.push({ default: { local } });
  if (policy.perCaller) ctx.drop(policy.perCaller.origin, 'Kuma has no limit that each caller gets for itself; name callers in rules[].matches to give them their own limit.');
  const asked = { zone: false };
  const fromKuma = policy.from.apiVersion.startsWith('kuma.io/');
  for (const o of policy.overrides) {
    if (o.path) { ctx.drop(o.origin, 'Kuma limits the requests of a whole proxy, not of one path, so this path\'s own limit is not converted.'); continue; }
    const rule: OutMap = {};
    rule.matches = o.callers.map(id => spiffeMatcher(id, fromKuma, asked, ctx, rule));
    if (o.rate.burst) ctx.drop(o.rate.burst.origin, 'Kuma\'s rate limit has no burst; requests above the rate are refused at once.', rule);
    rule.default = { local: { http: { requestRate: kumaRate(o.rate) } } };
    rules.push(rule);
  }
  if (!rules.length) return [];
  const obj = object('MeshRateLimit', policy.name, policy.scope, policy.namespace, { rules }, ctx);
  if (asked.zone) ctx.need('the zone name in each SPIFFE ID (<zone>), and MeshIdentity enabled in the mesh: Kuma matches callers by SPIFFE ID only then', policy.origin, obj);
  return [{ obj }];
}

/** MeshHealthCheck from the callers' proxies to the called MeshService. */
function healthCheck(policy: HealthCheckPolicy, ctx: WriteContext): OutDoc {
  const conf: OutMap = {};
  if (policy.interval) conf.interval = formatGoDuration(policy.interval.value);
  if (policy.timeout) conf.timeout = formatGoDuration(policy.timeout.value);
  if (policy.healthyThreshold) conf.healthyThreshold = policy.healthyThreshold.value;
  if (policy.unhealthyThreshold) conf.unhealthyThreshold = policy.unhealthyThreshold.value;
  if (policy.http) conf.http = policy.http.path ? { path: policy.http.path.value } : {};
  if (policy.tcp) conf.tcp = {};
  const target = policy.service.external ? { kind: 'MeshExternalService', name: policy.service.name } : meshServiceTarget(policy.service.name, policy.service.namespace);
  return { obj: object('MeshHealthCheck', policy.name, policy.callers, policy.namespace ?? policy.service.namespace, { to: [{ targetRef: target, default: conf }] }, ctx) };
}

const KUMA_PASSTHROUGH: Record<string, string> = { HTTP: 'http', HTTPS: 'tls', TLS: 'tls', HTTP2: 'http2', GRPC: 'grpc', TCP: 'tcp' };

/**
 * External destinations. Called by name: a MeshPassthrough lets them through at the address the
 * application calls. With fixed endpoints: a MeshExternalService per port, reached at its generated name.
 */
function egress(policy: EgressPolicy, ctx: WriteContext): OutDoc[] {
  if (policy.endpoints.length && !policy.ports.length) { ctx.need('the ports workloads call these destinations on', policy.origin); return []; }
  if (policy.endpoints.length) {
    return policy.ports.map(p => {
      const obj = kumaObject('MeshExternalService', policy.ports.length > 1 ? kubeName(policy.name, String(p.number)) : policy.name, 'kuma-system', {
        match: { type: 'HostnameGenerator', port: p.number, protocol: KUMA_EXTERNAL_PROTOCOL[p.protocol] },
        endpoints: policy.endpoints.map(e => ({ address: e.address, port: e.port ?? p.number })),
      });
      // TLS a DestinationRule has the callers start to this port (read with the DestinationRule, written here).
      const tls = policy.hosts.length === 1 ? tlsOrigination(policy.hosts[0].value, p.number, ctx) : undefined;
      if (tls) (obj.spec as OutMap).tls = tls;
      ctx.need('the namespace of the Kuma control plane in metadata.namespace (kuma-system unless Kuma was installed elsewhere)', policy.origin, obj.metadata as OutMap, 'namespace');
      ctx.note(`Kuma reaches a MeshExternalService at the name its HostnameGenerator gives it, not at ${policy.hosts.map(h => h.value).join(', ') || 'the original address'}: point the clients there.`, obj);
      return { obj };
    });
  }
  const matches: OutMap[] = [];
  for (const target of [...policy.hosts.map(h => ({ type: 'Domain', value: h.value })), ...policy.addresses.map(a => ({ type: a.value.includes('/') ? 'CIDR' : 'IP', value: a.value }))]) {
    for (const p of policy.ports) matches.push({ ...target, port: p.number, protocol: KUMA_PASSTHROUGH[p.protocol] });
    // No ports named: every port of the destination.
    if (!policy.ports.length) matches.push({ ...target });
  }
  const obj = kumaObject('MeshPassthrough', policy.name, 'kuma-system', { targetRef: { kind: 'Mesh' }, default: { passthroughMode: 'Matched', appendMatch: matches } });
  ctx.need('the namespace of the Kuma control plane in metadata.namespace (kuma-system unless Kuma was installed elsewhere)', policy.origin, obj.metadata as OutMap, 'namespace');
  ctx.note('Matched lets only the listed destinations out, like Istio\'s outboundTrafficPolicy REGISTRY_ONLY; under Istio\'s default (ALLOW_ANY) every destination was reachable, which passthroughMode: All keeps.', obj);
  return [{ obj }];
}

export const kumaPolicyWriter: Writer = {
  target: 'kuma',
  write(fragment, ctx) {
    const docs: OutDoc[] = [];
    for (const policy of fragment.policies ?? []) {
      if (policy.type === 'authz') docs.push(...trafficPermission(policy, ctx));
      else if (policy.type === 'mtls') docs.push(...meshTls(policy, ctx));
      else if (policy.type === 'jwt') ctx.drop(policy.origin, 'Kuma does not validate JSON Web Tokens; check them in the application or a gateway in front of it.');
      else if (policy.type === 'egress') docs.push(...egress(policy, ctx));
      else if (policy.type === 'rateLimit') docs.push(...rateLimit(policy, ctx));
      else if (policy.type === 'healthCheck') docs.push(healthCheck(policy, ctx));
      else if (policy.type === 'metrics') ctx.drop(policy.origin, KUMA_METRICS);
      else docs.push(...resilience(policy, ctx));
    }
    return docs;
  },
};
