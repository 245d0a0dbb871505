// Writes the neutral policies for Linkerd. Authorization: a Server per protected pod port, a
// MeshTLSAuthentication (service accounts) and NetworkAuthentication (CIDRs) per caller set, an
// AuthorizationPolicy joining them, and a policy.linkerd.io HTTPRoute on the Server when the rule
// names methods or paths. Linkerd has no deny rules, no mTLS switch (meshed traffic is always mTLS),
// no connection limits and no choice of balancer; failure accrual is set by annotations on the called
// Service, which the output cannot change, so they are asked for. External destinations become an
// EgressNetwork; local rate limits an HTTPLocalRateLimitPolicy on a Server.
import type { WriteContext, Writer } from '../../contract';
import type { OutDoc, OutMap } from '../../output';
import type { AuthzOperation, AuthzPolicy, AuthzSource, EgressPolicy, MtlsPolicy, PolicyScope, RateLimitPolicy, RequestRate, ResiliencePolicy } from '../../policyModel';
import { formatGepDuration, escapeRegex } from '../../values';
import { LINKERD_METRICS } from './metrics';
import { accountOf, identityName, kubeName, metadata, requiredLabels, scopeName } from './scope';
import { subsetServiceName } from '../subsetServices';

const POLICY = 'policy.linkerd.io';

function serverPort(scope: PolicyScope, ctx: WriteContext): number | string | undefined {
  if (scope.kind === 'service') {
    const ports = ctx.input.service(scope.name, scope.namespace)?.ports as { port?: number; targetPort?: number | string }[] | undefined;
    const port = scope.port !== undefined ? ports?.find(p => p.port === scope.port) : ports?.length === 1 ? ports[0] : undefined;
    if (port) return port.targetPort ?? port.port;
  }
  return undefined;
}

function server(name: string, namespace: string | undefined, scope: PolicyScope, port: number | string | undefined, accessPolicy: string, ctx: WriteContext): OutDoc {
  const spec: OutMap = {};
  spec.podSelector = { matchLabels: requiredLabels(scope, ctx, spec, 'podSelector') };
  spec.port = port ?? 0;
  if (port === undefined) ctx.need(`the pod port (container port number or name) of ${scopeName(scope)} in port`, scope.origin, spec, 'port');
  spec.accessPolicy = accessPolicy;
  return { obj: { apiVersion: `${POLICY}/v1beta3`, kind: 'Server', metadata: metadata(name, namespace), spec } };
}

/** The authentications of one caller set: service accounts and networks must both match (Linkerd requires every ref). */
function authentications(base: string, namespace: string | undefined, source: AuthzSource | undefined, ctx: WriteContext): { docs: OutDoc[]; refs: OutMap[] } {
  const docs: OutDoc[] = [];
  const refs: OutMap[] = [];
  if (source?.identities.length) {
    const spec: OutMap = {};
    const identityRefs: OutMap[] = [];
    const identities: string[] = [];
    for (const id of source.identities) {
      if (id.anyAuthenticated) { identities.push('*'); continue; }
      const ref: OutMap = { kind: 'ServiceAccount' };
      const account = accountOf(id, ctx, ref);
      if (account) ref.name = account;
      if (id.namespace) ref.namespace = id.namespace;
      else ctx.need(`the namespace of ${identityName(id)} in identityRefs`, id.origin, ref);
      identityRefs.push(ref);
    }
    if (identityRefs.length) spec.identityRefs = identityRefs;
    if (identities.length) spec.identities = identities;
    docs.push({ obj: { apiVersion: `${POLICY}/v1alpha1`, kind: 'MeshTLSAuthentication', metadata: metadata(base, namespace), spec } });
    refs.push({ group: POLICY, kind: 'MeshTLSAuthentication', name: base });
  }
  if (source?.ipBlocks.length || !source?.identities.length) {
    const name = source?.ipBlocks.length ? `${base}-networks` : 'all-networks';
    const networks = source?.ipBlocks.length ? source.ipBlocks.map(b => ({ cidr: b.value })) : [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }];
    const obj: OutMap = { apiVersion: `${POLICY}/v1alpha1`, kind: 'NetworkAuthentication', metadata: metadata(name, namespace), spec: { networks } };
    if (!source?.ipBlocks.length) ctx.note('Any caller, meshed or not, as in the source rule.', obj);
    docs.push({ obj });
    refs.push({ group: POLICY, kind: 'NetworkAuthentication', name });
  }
  return { docs, refs };
}

/** A policy.linkerd.io HTTPRoute on the Servers that admits only the operation's methods and paths. */
function operationRoute(name: string, namespace: string | undefined, servers: string[], op: AuthzOperation): OutDoc {
  const paths = op.paths.map(p => (p.type === 'Exact' ? { type: 'Exact', value: p.value }
    : p.type === 'Prefix' ? (p.value.endsWith('/') || p.value === '/' ? { type: 'PathPrefix', value: p.value } : { type: 'RegularExpression', value: `${escapeRegex(p.value)}.*` })
      : p.type === 'Suffix' ? { type: 'RegularExpression', value: `.*${escapeRegex(p.value)}` } : { type: 'RegularExpression', value: p.value }));
  const methods = op.methods.map(m => m.value);
  const matches: OutMap[] = [];
  for (const path of paths.length ? paths : [undefined]) {
    for (const method of methods.length ? methods : [undefined]) {
      const m: OutMap = {};
      if (path) m.path = path;
      if (method) m.method = method;
      matches.push(m);
    }
  }
  const obj: OutMap = {
    apiVersion: `${POLICY}/v1beta3`, kind: 'HTTPRoute', metadata: metadata(name, namespace),
    spec: { parentRefs: servers.map(s => ({ group: POLICY, kind: 'Server', name: s })), rules: [{ matches }] },
  };
  return { obj };
}

function authorizationPolicies(policy: AuthzPolicy, ctx: WriteContext): OutDoc[] {
  const ns = policy.namespace;
  const scope = policy.scope;
  if (policy.action === 'DENY') {
    ctx.drop(policy.origin, 'Linkerd has no deny rules: it denies by authorizing only some callers. Without this policy the converted manifests would allow what it denies, so write the allowed callers as authorizations instead.');
    return [];
  }
  if (scope.kind === 'mesh') {
    ctx.drop(policy.origin, policy.defaultDeny
      ? 'Linkerd has no mesh-wide authorization object; install or upgrade Linkerd with proxy.defaultInboundPolicy=deny to keep denying every request that is not authorized.'
      : 'Linkerd has no mesh-wide authorization object; authorize the callers on each workload\'s Server instead.');
    return [];
  }
  if (scope.kind === 'namespace') {
    ctx.need(`the annotation config.linkerd.io/default-inbound-policy: deny on namespace ${scope.namespace ?? '(this one)'} (then restart its pods) to deny every call that is not authorized`, policy.origin);
    if (policy.defaultDeny) return [];
  }
  const docs: OutDoc[] = [];
  const grants = policy.rules.flatMap(rule => (rule.to.length ? rule.to : [undefined]).map(op => ({ rule, op })));
  // Servers: one per port the rules name, or one for the scope's own port.
  const servers = new Map<string, number | string | undefined>();
  const serverName = (port: number | string | undefined) => kubeName(policy.name, port === undefined ? '' : String(port));
  // A Server the input names but does not hold is in the cluster already: the policy names it again.
  const existing = scope.kind === 'workload' ? scope.server : undefined;
  const defaultServer = () => {
    if (existing) return existing;
    const port = serverPort(scope, ctx);
    servers.set(serverName(port), port);
    return serverName(port);
  };
  if (scope.kind !== 'namespace' && !existing && (policy.defaultDeny || !grants.length)) defaultServer();
  grants.forEach(({ rule, op }, k) => {
    const base = grants.length > 1 ? `${policy.name}-${k + 1}` : policy.name;
    if (scope.kind === 'namespace' && op && (op.ports.length || op.methods.length || op.paths.length)) {
      ctx.drop(op.origin, 'Linkerd authorizes a whole namespace only for every port and request, so this rule is left out: the converted policy allows less than the original.');
      return;
    }
    const targets: OutMap[] = [];
    if (scope.kind === 'namespace') targets.push({ kind: 'Namespace', name: scope.namespace ?? ns ?? '' });
    else {
      const names = op?.ports.length && !existing ? op.ports.map(p => { servers.set(serverName(p.value), p.value); return serverName(p.value); }) : [defaultServer()];
      if (op && (op.methods.length || op.paths.length)) {
        const route = operationRoute(base, ns, names, op);
        ctx.note('Once a Server has an HTTPRoute, Linkerd refuses requests that match no route of that Server.', route.obj);
        docs.push(route);
        targets.push({ group: POLICY, kind: 'HTTPRoute', name: base });
      } else targets.push(...names.map(n => ({ group: POLICY, kind: 'Server', name: n })));
    }
    const sources = rule.from.length ? rule.from : [undefined];
    sources.forEach((source, j) => {
      const authName = sources.length > 1 ? `${base}-${j + 1}` : base;
      const auth = authentications(authName, ns, source, ctx);
      docs.push(...auth.docs);
      for (const targetRef of targets) {
        const name = targets.length > 1 ? `${authName}-${String(targetRef.name)}` : authName;
        docs.push({ obj: { apiVersion: `${POLICY}/v1alpha1`, kind: 'AuthorizationPolicy', metadata: metadata(kubeName(name), ns), spec: { targetRef, requiredAuthenticationRefs: auth.refs } } });
      }
    });
  });
  const serverDocs = [...servers].map(([name, port]) => server(name, ns, scope, port, 'deny', ctx));
  if (policy.defaultDeny && serverDocs[0]) ctx.note(`No authorization names this Server, so Linkerd denies every request to ${scopeName(scope)} on it, as the source policy did.`, serverDocs[0].obj);
  return dedupe([...serverDocs, ...docs]);
}

function dedupe(docs: OutDoc[]): OutDoc[] {
  const seen = new Set<string>();
  return docs.filter(d => {
    const key = `${String(d.obj.kind)}|${String((d.obj.metadata as OutMap).name)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function mtls(policy: MtlsPolicy, ctx: WriteContext): OutDoc[] {
  const docs: OutDoc[] = [];
  const mode = policy.mode?.value;
  const scope = policy.scope;
  if (mode === 'DISABLE') ctx.drop(policy.mode!.origin, 'Linkerd always uses mTLS between meshed pods; to accept plain text on a port, list it in the config.linkerd.io/skip-inbound-ports annotation of the pods.');
  // Permissive is Linkerd's default and no object says it: reported, so the user knows nothing was written for it.
  if (mode === 'PERMISSIVE' && !policy.ports.length) ctx.drop(policy.mode!.origin, 'Linkerd has no mTLS mode: meshed pods accept plain text from unmeshed callers unless a Server or the default inbound policy says otherwise, so nothing is written for the permissive mode.');
  if (mode === 'STRICT') {
    const where = scope.kind === 'mesh' ? 'the Linkerd installation value proxy.defaultInboundPolicy=all-authenticated'
      : scope.kind === 'namespace' ? `the annotation config.linkerd.io/default-inbound-policy: all-authenticated on namespace ${scope.namespace ?? '(this one)'}`
        : `the annotation config.linkerd.io/default-inbound-policy: all-authenticated on the pod template of ${scopeName(scope)}`;
    ctx.need(`${where}, so that only meshed (mTLS) callers are accepted`, policy.mode!.origin);
    // The annotation goes on objects the output does not hold: reported as well as asked for.
    ctx.drop(policy.mode!.origin, 'Linkerd has no mTLS mode object; strict mode is its default inbound policy all-authenticated, which this conversion cannot write on the pods or namespace.');
  }
  for (const p of policy.ports) {
    if (p.mode === 'DISABLE') { ctx.drop(p.origin, `Linkerd always uses mTLS between meshed pods; to accept plain text on port ${p.port}, list it in the config.linkerd.io/skip-inbound-ports annotation of the pods.`); continue; }
    if (scope.kind !== 'workload' && scope.kind !== 'service') continue;
    const doc = server(kubeName(policy.name, String(p.port)), policy.namespace, scope, p.port, p.mode === 'STRICT' ? 'all-authenticated' : 'all-unauthenticated', ctx);
    ctx.note(`Port ${p.port} in ${p.mode === 'STRICT' ? 'strict' : 'permissive'} mode: Linkerd's closest setting is the Server's access policy.`, doc.obj);
    docs.push(doc);
  }
  return docs;
}

function resilience(policy: ResiliencePolicy, ctx: WriteContext): void {
  const od = policy.outlierDetection;
  // A subset's own policy goes on the Service generated for that subset.
  const name = policy.service.subset ? subsetServiceName(policy.service.name, policy.service.subset) : policy.service.name;
  const service = `Service ${name}${policy.service.namespace ? ` (namespace ${policy.service.namespace})` : ''}`;
  if (od) {
    const values: Record<string, string> = { 'balancer.linkerd.io/failure-accrual': 'consecutive' };
    if (od.consecutive5xxErrors) values['balancer.linkerd.io/failure-accrual-consecutive-max-failures'] = String(od.consecutive5xxErrors.value);
    if (od.baseEjectionTime) values['balancer.linkerd.io/failure-accrual-consecutive-min-penalty'] = formatGepDuration(od.baseEjectionTime.value).text;
    // On the Service itself when the input holds it (never on a per-subset Service it does not); else asked for.
    const from = `${policy.from.kind} ${policy.from.name} (line ${policy.from.line})`;
    const written = !policy.service.subset && ctx.annotateService?.(policy.service.name, policy.service.namespace ?? policy.namespace, values, from);
    if (!written) {
      const annotations = Object.entries(values).map(([k, v]) => (k.endsWith('max-failures') ? `${k}: "${v}"` : `${k}: ${v}`));
      ctx.need(`the annotations ${annotations.join(', ')} on ${service}`, od.origin);
    }
    const none = 'Linkerd\'s failure accrual has no such setting.';
    for (const field of [od.consecutiveGatewayErrors, od.consecutiveLocalOriginFailures, od.splitExternalLocalOriginErrors, od.interval, od.maxEjectionPercent, od.minHealthPercent, od.enforcingConsecutive5xx]) {
      if (field) ctx.drop(field.origin, none);
    }
  }
  if (policy.connectionPool) ctx.drop(policy.connectionPool.origin, 'Linkerd has no connection limits.');
  if (policy.loadBalancer) ctx.drop(policy.loadBalancer.origin, 'Linkerd always balances requests by latency (EWMA) and has no other algorithm or consistent hashing.');
  if (policy.retryBudget) ctx.drop(policy.retryBudget.origin, 'Linkerd keeps a retry budget only in the legacy ServiceProfile, which this conversion does not write; retries are limited by their number of attempts instead.');
  if (policy.callers && (od || policy.connectionPool || policy.loadBalancer)) ctx.drop(policy.callers.origin, 'Linkerd sets failure accrual for every caller of the Service, not for some.');
}

/** A rate as whole requests per second (Linkerd's only unit), rounded up so the limit never tightens. */
function requestsPerSecond(rate: RequestRate, ctx: WriteContext, at: OutMap): number {
  const perSecond = Math.ceil(rate.requests.value / (rate.interval.value / 1000));
  if (rate.interval.value !== 1000) ctx.note(`${rate.requests.value} requests per ${formatGepDuration(rate.interval.value).text} is ${perSecond} per second here: Linkerd counts per second only.`, at);
  if (rate.burst) ctx.drop(rate.burst.origin, 'Linkerd\'s rate limit has no burst; requests above the rate are refused at once.', at);
  return perSecond;
}

/** An HTTPLocalRateLimitPolicy on a Server for the protected pods (Linkerd 2.17+). */
function rateLimit(policy: RateLimitPolicy, strict: boolean, ctx: WriteContext): OutDoc[] {
  if (!ctx.supports('rate_limiting')) { ctx.drop(policy.origin, 'Linkerd has local rate limits (HTTPLocalRateLimitPolicy) from version 2.17 on; this target version has none.'); return []; }
  if (policy.scope.kind === 'mesh') { ctx.drop(policy.origin, 'Linkerd has no mesh-wide rate limit; a limit attaches to the Server of each workload.'); return []; }
  const serverName = kubeName(policy.name);
  // A Server decides who may call its port: the source's strict mTLS says meshed callers only.
  const serverDoc = server(serverName, policy.namespace, policy.scope, policy.port?.value ?? serverPort(policy.scope, ctx), strict ? 'all-authenticated' : 'all-unauthenticated', ctx);
  ctx.note(`Linkerd attaches a rate limit to a Server. This one admits every ${strict ? 'meshed (mTLS) caller, as the source\'s strict mTLS mode did' : 'caller, as Linkerd does by default'}: if a Server already selects these pods and port, point the rate limit at it and leave this one out.`, serverDoc.obj);
  const spec: OutMap = { targetRef: { group: POLICY, kind: 'Server', name: serverName } };
  if (policy.http) spec.total = { requestsPerSecond: requestsPerSecond(policy.http, ctx, spec) };
  if (policy.perCaller) spec.identity = { requestsPerSecond: requestsPerSecond(policy.perCaller, ctx, spec) };
  const overrides: OutMap[] = [];
  for (const o of policy.overrides) {
    if (o.path) { ctx.drop(o.origin, 'Linkerd limits the requests of a whole Server, not of one path, so this path\'s own limit is not converted.', spec); continue; }
    const clientRefs: OutMap[] = [];
    for (const id of o.callers) {
      const ref: OutMap = { kind: 'ServiceAccount' };
      const account = accountOf(id, ctx, ref);
      if (!account) continue;
      ref.name = account;
      if (id.namespace) ref.namespace = id.namespace;
      clientRefs.push(ref);
    }
    if (clientRefs.length) overrides.push({ requestsPerSecond: requestsPerSecond(o.rate, ctx, spec), clientRefs });
  }
  if (overrides.length) spec.overrides = overrides;
  if (policy.status && policy.status.value !== 429) ctx.drop(policy.status.origin, 'Linkerd always answers a limited request with 429 Too Many Requests.', spec);
  if (policy.headers.length) ctx.drop(policy.headers[0].origin, 'Linkerd adds no headers to a limited response.', spec);
  if (policy.connections) ctx.drop(policy.connections.origin, 'Linkerd limits HTTP requests only, not new TCP connections.', spec);
  if (!spec.total && !spec.identity && !spec.overrides) return [];
  return [serverDoc, { obj: { apiVersion: `${POLICY}/v1alpha1`, kind: 'HTTPLocalRateLimitPolicy', metadata: metadata(policy.name, policy.namespace), spec } }];
}

/** External destinations: Linkerd lets meshed pods reach them already; an EgressNetwork names the networks for its metrics and policy. */
function egressNetwork(policy: EgressPolicy, ctx: WriteContext): OutDoc {
  const spec: OutMap = { trafficPolicy: 'Allow' };
  const cidrs = policy.addresses.map(a => (a.value.includes('/') ? a.value : `${a.value}/${a.value.includes(':') ? 128 : 32}`));
  if (cidrs.length) spec.networks = cidrs.map(cidr => ({ cidr }));
  const obj: OutMap = { apiVersion: `${POLICY}/v1alpha1`, kind: 'EgressNetwork', metadata: metadata(policy.name, policy.namespace), spec };
  if (policy.hosts.length) {
    ctx.note(`Linkerd lets meshed pods call ${policy.hosts.map(h => h.value).join(', ')} without configuration. To allow only them, set trafficPolicy: Deny and add a TLSRoute (HTTPS) or HTTPRoute (HTTP) per host with this EgressNetwork as parent and backend.`, obj);
  }
  if (policy.endpoints.length) ctx.drop(policy.endpoints[0].origin, 'Linkerd sends external calls to the address the application resolves; fixed endpoints are not converted.', obj);
  return { obj };
}

export const linkerdPolicyWriter: Writer = {
  target: 'linkerd',
  write(fragment, ctx) {
    const docs: OutDoc[] = [];
    const strict = !!fragment.policies?.some(p => p.type === 'mtls' && p.mode?.value === 'STRICT');
    for (const policy of fragment.policies ?? []) {
      if (policy.type === 'authz') docs.push(...authorizationPolicies(policy, ctx));
      else if (policy.type === 'mtls') docs.push(...mtls(policy, ctx));
      else if (policy.type === 'jwt') ctx.drop(policy.origin, 'Linkerd does not validate JSON Web Tokens; check them in the application or an ingress in front of it.');
      else if (policy.type === 'egress') docs.push(egressNetwork(policy, ctx));
      else if (policy.type === 'rateLimit') docs.push(...rateLimit(policy, strict, ctx));
      else if (policy.type === 'metrics') ctx.drop(policy.origin, LINKERD_METRICS);
      else if (policy.type === 'healthCheck') ctx.drop(policy.origin, 'Linkerd only stops sending to endpoints on the failures it sees (failure accrual); it has no active health checks.');
      else resilience(policy, ctx);
    }
    return docs;
  },
};
