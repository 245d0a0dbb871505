// Reads Kuma security and resilience policies into the neutral policy model: MeshTrafficPermission
// (the `from[]` form by service tags and the `rules[]` form by SPIFFE IDs), MeshTLS and the Mesh's
// `mtls`, MeshCircuitBreaker and MeshLoadBalancingStrategy (per called MeshService in `to[]`),
// MeshRateLimit (rateLimits.ts) and MeshHealthCheck (healthChecks.ts).
import type { ReadContext, Reader } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { AuthzPolicy, Identity, LoadBalancer, LoadBalancerAlgorithm, MetricsPolicy, MtlsMode, MtlsPolicy, PolicyScope, ResiliencePolicy, Valued } from '../../policyModel';
import { valuedNumber as num, valuedDuration as duration } from '../fieldValues';
import type { SourceView } from '../../source';
import { kumaName } from '../kuma/names';
import { parseServiceTag, serviceTarget } from '../kuma/targetRefs';
import { readMeshExternalService, readMeshPassthrough } from './egress';
import { identityFromSpiffe } from './identities';
import { readMeshHealthCheck } from './healthChecks';
import { readMeshRateLimit } from './rateLimits';

const ALGORITHMS: Record<string, LoadBalancerAlgorithm | undefined> = { RoundRobin: 'RoundRobin', LeastRequest: 'LeastRequest', RingHash: 'RingHash', Random: 'Random', Maglev: 'Maglev' };

/** The proxies a top-level targetRef selects. A Mesh policy outside the control plane's namespace applies to its own namespace only. */
function kumaScope(ref: SourceView, ctx: ReadContext): PolicyScope {
  const namespace = ctx.source.namespace;
  const kind = ref.get('kind').peek();
  if (!ref.exists || kind === 'Mesh') {
    ref.use();
    if (!namespace || namespace === 'kuma-system') return { kind: 'mesh', origin: ref.exists ? ref.origin : ctx.root.get('spec').origin };
    return { kind: 'namespace', namespace, origin: ref.origin };
  }
  if (kind === 'MeshService') {
    const target = serviceTarget(ref, ctx);
    if (target) return { kind: 'service', name: target.ref.name, ...(target.ref.namespace ? { namespace: target.ref.namespace } : namespace ? { namespace } : {}), ...(target.ref.port !== undefined ? { port: target.ref.port } : {}), origin: ref.origin };
  }
  if (kind === 'MeshSubset' || kind === 'Dataplane') {
    ref.get('kind').use();
    const tags = { ...ref.get('tags').stringMap(), ...ref.get('labels').stringMap() };
    for (const key of ['name', 'namespace', 'sectionName', 'proxyTypes', 'mesh']) if (ref.get(key).exists) ctx.drop(ref.get(key), `Selecting proxies by ${key} is not converted; the policy applies to the proxies its labels select.`);
    const service = tags['kuma.io/service'];
    if (service && Object.keys(tags).length === 1) {
      const parsed = parseServiceTag(service);
      return { kind: 'service', name: parsed.name, ...(parsed.namespace ?? namespace ? { namespace: parsed.namespace ?? namespace } : {}), ...(parsed.port !== undefined ? { port: parsed.port } : {}), origin: ref.origin };
    }
    const ns = tags['k8s.kuma.io/namespace'];
    if (ns && Object.keys(tags).length === 1) return { kind: 'namespace', namespace: ns, origin: ref.origin };
    delete tags['kuma.io/zone'];
    return { kind: 'workload', labels: tags, ...(namespace ? { namespace } : {}), origin: ref.origin };
  }
  ctx.drop(ref, `A policy for a ${kind ?? 'target'} is converted as a policy for the whole namespace.`);
  return { kind: 'namespace', ...(namespace ? { namespace } : {}), origin: ref.origin };
}

/** A `from[].targetRef` as a caller identity; undefined for the whole mesh (any caller). */
function callerIdentity(ref: SourceView): Identity | 'any' | undefined {
  const kind = ref.get('kind').str();
  if (kind === 'Mesh') { ref.use(); return 'any'; }
  const tags = ref.get('tags').stringMap();
  if (kind === 'MeshService') {
    const name = ref.get('name').str() ?? '';
    const parsed = parseServiceTag(name);
    const namespace = ref.get('namespace').str() ?? parsed.namespace;
    return { service: parsed.name, ...(namespace ? { namespace } : {}), origin: ref.origin };
  }
  if (kind === 'MeshSubset' && Object.keys(tags).length === 1 && (tags['kuma.io/service'] || tags['k8s.kuma.io/namespace'])) {
    if (tags['k8s.kuma.io/namespace']) return { namespace: tags['k8s.kuma.io/namespace'], origin: ref.origin };
    const parsed = parseServiceTag(tags['kuma.io/service']);
    return { service: parsed.name, ...(parsed.namespace ? { namespace: parsed.namespace } : {}), origin: ref.origin };
  }
  return undefined;
}

function readTrafficPermission(ctx: ReadContext, spec: SourceView, name: string): ModelFragment {
  const fragment = emptyFragment();
  const scope = kumaScope(spec.get('targetRef'), ctx);
  const base = { type: 'authz' as const, name, scope, from: ctx.source, origin: spec.origin, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}) };
  const allow: Identity[] = [], deny: Identity[] = [];
  let meshAction: string | undefined;
  for (const f of spec.get('from').items()) {
    const actionView = f.at('default', 'action');
    let action = actionView.str() ?? 'Allow';
    if (action === 'AllowWithShadowDeny') { ctx.drop(actionView, 'Logging allowed requests as if denied (shadow deny) has no equivalent; the callers are allowed.'); action = 'Allow'; }
    f.get('default').use();
    const id = callerIdentity(f.get('targetRef'));
    if (id === 'any') meshAction = action;
    else if (!id) ctx.drop(f, action === 'Allow' ? 'These callers are selected by tags that name no service or namespace, so they are left out: the converted policy allows less than the original.' : 'These callers are selected by tags that name no service or namespace, so this deny is not converted: the converted policy would allow them.');
    else (action === 'Allow' ? allow : deny).push(id);
  }
  for (const r of spec.get('rules').items()) {
    const d = r.get('default');
    const read = (list: SourceView, into: Identity[], what: string) => {
      for (const m of list.items()) {
        const spiffe = m.get('spiffeID');
        const id = spiffe.exists ? identityFromSpiffe(spiffe.get('value').peek() ?? '', spiffe.get('type').peek() === 'Prefix', m.origin) : undefined;
        if (id) { m.use(); into.push(id); } else ctx.drop(m, `This ${what} matcher names no service account or namespace, so it is not converted${what === 'deny' ? ': the converted policy would allow these callers' : ''}.`);
      }
    };
    read(d.get('allow'), allow, 'allow');
    read(d.get('allowWithShadowDeny'), allow, 'allow');
    read(d.get('deny'), deny, 'deny');
    if (d.get('allowWithShadowDeny').exists) ctx.drop(d.get('allowWithShadowDeny'), 'Logging allowed requests as if denied (shadow deny) has no equivalent; the callers are allowed.');
  }
  const rulesForm = spec.get('rules').exists;
  if (!rulesForm && meshAction === undefined && allow.length) {
    ctx.need('whether the mesh still has its default MeshTrafficPermission allowing every caller: if so, every caller was allowed and the converted policy, which allows only these callers, allows less', spec.get('from').origin);
  }
  const policies: AuthzPolicy[] = [];
  // Whole-mesh Deny (or the rules form, which denies by default) plus some allows: an ALLOW policy.
  if (meshAction === 'Deny' || rulesForm || (allow.length && meshAction === undefined)) {
    if (allow.length || meshAction === 'Deny' || !deny.length) {
      policies.push({ ...base, action: 'ALLOW', rules: allow.length ? [{ from: [{ identities: allow, ipBlocks: [], origin: spec.origin }], to: [], origin: spec.origin }] : [], defaultDeny: !allow.length });
    }
  } else if (meshAction === 'Allow' && !deny.length) {
    policies.push({ ...base, action: 'ALLOW', rules: [{ from: [], to: [], origin: spec.origin }], defaultDeny: false });
  }
  if (deny.length && meshAction !== 'Deny') {
    policies.push({ ...base, name: policies.length ? `${name}-deny` : name, action: 'DENY', rules: [{ from: [{ identities: deny, ipBlocks: [], origin: spec.origin }], to: [], origin: spec.origin }], defaultDeny: false });
  }
  fragment.policies = policies;
  return fragment;
}

function mtlsPolicy(ctx: ReadContext, name: string, scope: PolicyScope, origin: SourceView): MtlsPolicy {
  return { type: 'mtls', name, scope, ports: [], from: ctx.source, origin: origin.origin, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}) };
}

function readMeshTls(ctx: ReadContext, spec: SourceView, name: string): ModelFragment {
  const fragment = emptyFragment();
  const policy = mtlsPolicy(ctx, name, kumaScope(spec.get('targetRef'), ctx), spec);
  const entries = [...spec.get('rules').items(), ...spec.get('from').items()];
  for (const e of entries) {
    const mode = e.at('default', 'mode');
    const value = mode.str();
    if (value === 'Strict' || value === 'Permissive') policy.mode = { value: value === 'Strict' ? 'STRICT' : 'PERMISSIVE', origin: mode.origin };
    for (const key of ['tlsVersion', 'tlsCiphers']) if (e.at('default', key).exists) ctx.drop(e.at('default', key), 'TLS versions and ciphers are not converted; the target uses its defaults.');
    if (e.get('targetRef').exists) { const ref = e.get('targetRef'); if (ref.get('kind').peek() === 'Mesh') ref.use(); else ctx.drop(ref, 'A mode for some callers only is converted as the mode for every caller.'); }
  }
  fragment.policies = [policy];
  return fragment;
}

/** The Mesh resource: its `mtls` (enabled backend and its mode) is the mesh-wide mTLS mode. */
function readMesh(ctx: ReadContext, spec: SourceView, name: string): ModelFragment {
  const fragment = emptyFragment();
  const mtls = spec.get('mtls');
  const policy = mtlsPolicy(ctx, name, { kind: 'mesh', origin: spec.origin }, mtls.exists ? mtls : spec);
  // No mtls at all: the mode is off, said where mtls would be, not on the whole spec, which holds other
  // settings (a drop of the mode would otherwise name them).
  if (!mtls.exists) policy.origin = { path: spec.origin.path ? `${spec.origin.path}.mtls` : 'mtls', line: spec.origin.line };
  const enabled = mtls.get('enabledBackend');
  const backendName = enabled.str();
  if (!backendName) policy.mode = { value: 'DISABLE', origin: mtls.exists ? mtls.origin : policy.origin };
  for (const b of mtls.get('backends').items()) {
    if (b.get('name').peek() !== backendName) continue;
    const mode = b.get('mode');
    const value = (mode.str() ?? 'STRICT').toUpperCase() as MtlsMode;
    policy.mode = { value: value === 'PERMISSIVE' ? 'PERMISSIVE' : 'STRICT', origin: mode.exists ? mode.origin : b.origin };
    for (const key of b.keys()) if (!['name', 'mode'].includes(key)) ctx.drop(b.get(key), 'The certificate authority of the mesh is not converted; the target mesh issues its own certificates.');
    b.get('name').use();
  }
  for (const b of mtls.get('backends').items()) if (b.get('name').peek() !== backendName) ctx.drop(b, 'A certificate authority that is not enabled is not converted.');
  for (const key of mtls.keys()) if (!['enabledBackend', 'backends'].includes(key)) ctx.drop(mtls.get(key), 'This mTLS setting of the mesh is not converted.');
  mtls.get('backends').use();
  const metrics = readMeshMetrics(ctx, spec.get('metrics'), name);
  for (const key of spec.keys()) {
    if (['mtls', 'metrics', 'type', 'name', 'mesh', 'apiVersion', 'kind', 'metadata'].includes(key)) continue;
    ctx.drop(spec.get(key), `The mesh setting ${key} is not converted.`);
  }
  fragment.policies = metrics ? [policy, metrics] : [policy];
  return fragment;
}

/** Kuma's defaults for a prometheus backend that names no port or path. */
const KUMA_METRICS_PORT = 5670;
const KUMA_METRICS_PATH = '/metrics';

/** `metrics`: the enabled prometheus backend, served by every proxy of the mesh. */
function readMeshMetrics(ctx: ReadContext, metrics: SourceView, name: string): MetricsPolicy | undefined {
  if (!metrics.exists) return undefined;
  const enabled = metrics.get('enabledBackend').str();
  let policy: MetricsPolicy | undefined;
  for (const b of metrics.get('backends').items()) {
    if (b.get('name').peek() !== enabled) { ctx.drop(b, 'A metrics backend that is not enabled is not converted.'); continue; }
    b.get('name').use();
    if ((b.get('type').str() ?? 'prometheus') !== 'prometheus') { ctx.drop(b, 'Only a prometheus metrics backend is converted.'); continue; }
    const conf = b.get('conf');
    const port = conf.get('port'), path = conf.get('path');
    policy = {
      type: 'metrics', name, from: ctx.source, origin: metrics.origin,
      port: { value: port.num() ?? KUMA_METRICS_PORT, origin: port.exists ? port.origin : b.origin },
      path: { value: path.str() ?? KUMA_METRICS_PATH, origin: path.exists ? path.origin : b.origin },
      written: { port: port.exists, path: path.exists },
    };
    for (const key of conf.keys()) if (!['port', 'path'].includes(key)) ctx.drop(conf.get(key), 'This setting of the prometheus backend is not converted; the target scrapes its proxies in its own way.');
    conf.use();
  }
  if (!enabled) ctx.drop(metrics, 'No metrics backend is enabled, so the mesh exports no metrics; nothing is written.');
  metrics.get('backends').use();
  return policy;
}

function dropUnread(view: SourceView, reason: string, ctx: ReadContext): void {
  for (const [, field] of view.entries()) if (field.unused().length) ctx.drop(field, reason);
}

/** One resilience policy per called MeshService of `to[]`; the top targetRef narrows the callers. */
function perDestination(ctx: ReadContext, spec: SourceView, name: string, fill: (policy: ResiliencePolicy, conf: SourceView) => void): ModelFragment {
  const fragment = emptyFragment();
  const top = spec.get('targetRef');
  const callers = top.exists && top.get('kind').peek() !== 'Mesh' ? kumaScope(top, ctx) : (top.use(), undefined);
  const to = spec.get('to').items();
  to.forEach((t, i) => {
    const target = serviceTarget(t.get('targetRef'), ctx);
    if (!target) { t.use(); return; }
    const policy: ResiliencePolicy = { type: 'resilience', name: to.length > 1 ? `${name}-${i + 1}` : name, service: target.ref, from: ctx.source, origin: t.origin };
    if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
    if (callers) policy.callers = callers;
    fill(policy, t.get('default'));
    (fragment.policies ??= []).push(policy);
  });
  if (spec.get('from').exists) ctx.drop(spec.get('from'), 'Settings for inbound traffic (from) are not converted; the other meshes set them on the caller.');
  if (spec.get('rules').exists) ctx.drop(spec.get('rules'), 'Settings for inbound traffic (rules) are not converted; the other meshes set them on the caller.');
  return fragment;
}

function readCircuitBreaker(policy: ResiliencePolicy, conf: SourceView, ctx: ReadContext): void {
  const limits = conf.get('connectionLimits');
  if (limits.exists) {
    policy.connectionPool = { origin: limits.origin };
    const pool = policy.connectionPool;
    const set = (key: 'maxConnections' | 'maxPendingRequests' | 'maxRequests' | 'maxRetries', v: Valued<number> | undefined) => { if (v) pool[key] = v; };
    set('maxConnections', num(limits.get('maxConnections'), ctx));
    set('maxPendingRequests', num(limits.get('maxPendingRequests'), ctx));
    set('maxRequests', num(limits.get('maxRequests'), ctx));
    set('maxRetries', num(limits.get('maxRetries'), ctx));
    dropUnread(limits, 'A limit of connection pools is not converted.', ctx);
  }
  const od = conf.get('outlierDetection');
  if (od.exists && od.get('disabled').peek() !== 'true') {
    od.get('disabled').use();
    const out: ResiliencePolicy['outlierDetection'] = { origin: od.origin };
    const interval = duration(od.get('interval'), ctx); if (interval) out.interval = interval;
    const base = duration(od.get('baseEjectionTime'), ctx); if (base) out.baseEjectionTime = base;
    const max = num(od.get('maxEjectionPercent'), ctx); if (max) out.maxEjectionPercent = max;
    const panic = num(od.get('healthyPanicThreshold'), ctx); if (panic) out.minHealthPercent = panic;
    const split = od.get('splitExternalAndLocalErrors').bool();
    if (split !== undefined) out.splitExternalLocalOriginErrors = { value: split, origin: od.get('splitExternalAndLocalErrors').origin };
    const d = od.get('detectors');
    const total = num(d.at('totalFailures', 'consecutive'), ctx); if (total) out.consecutive5xxErrors = total;
    const gateway = num(d.at('gatewayFailures', 'consecutive'), ctx); if (gateway) out.consecutiveGatewayErrors = gateway;
    const local = num(d.at('localOriginFailures', 'consecutive'), ctx); if (local) out.consecutiveLocalOriginFailures = local;
    dropUnread(d, 'Statistical outlier detectors (success rate, failure percentage) have no equivalent in the other meshes.', ctx);
    dropUnread(od, 'This outlier detection setting is not converted.', ctx);
    policy.outlierDetection = out;
  } else if (od.exists) ctx.drop(od, 'Outlier detection is switched off here, which is every other mesh\'s default.');
  dropUnread(conf, 'This circuit breaker setting is not converted.', ctx);
}

function readLoadBalancer(policy: ResiliencePolicy, conf: SourceView, ctx: ReadContext): void {
  const lb = conf.get('loadBalancer');
  const type = lb.get('type');
  const algorithm = ALGORITHMS[type.peek() ?? ''];
  if (lb.exists && algorithm) {
    const out: LoadBalancer = { algorithm: { value: algorithm, origin: type.use().origin }, hash: [], origin: lb.origin };
    const hashed = lb.get(algorithm === 'Maglev' ? 'maglev' : 'ringHash');
    for (const h of hashed.get('hashPolicies').items()) {
      const kind = h.get('type').str();
      if (kind === 'Header') out.hash.push({ header: h.at('header', 'name').str() ?? '', origin: h.origin });
      else if (kind === 'QueryParameter') out.hash.push({ queryParameter: h.at('queryParameter', 'name').str() ?? '', origin: h.origin });
      else if (kind === 'SourceIP' || (kind === 'Connection' && h.at('connection', 'sourceIP').bool())) out.hash.push({ sourceIp: true, origin: h.origin });
      else if (kind === 'Cookie') {
        const c = h.get('cookie');
        const cookie: { name: string; ttl?: number; path?: string } = { name: c.get('name').str() ?? '' };
        const ttl = duration(c.get('ttl'), ctx); if (ttl) cookie.ttl = ttl.value;
        const path = c.get('path').str(); if (path !== undefined) cookie.path = path;
        out.hash.push({ cookie, origin: h.origin });
      } else { ctx.drop(h, `Hashing on ${kind ?? 'this key'} has no equivalent in the other meshes.`); continue; }
      if (h.get('terminal').exists) ctx.drop(h.get('terminal'), 'Stopping at the first hash key that is present is not converted.');
    }
    const min = num(hashed.get('minRingSize'), ctx); if (min) out.minimumRingSize = min;
    const max = num(hashed.get('maxRingSize'), ctx); if (max) out.maximumRingSize = max;
    dropUnread(hashed, 'This hashing setting is not converted.', ctx);
    for (const other of ['leastRequest', 'random', 'roundRobin']) if (lb.get(other).exists) dropUnread(lb.get(other), 'This balancer setting is not converted.', ctx);
    lb.get('random').use(); lb.get('roundRobin').use();
    dropUnread(lb, 'This load-balancing setting is not converted.', ctx);
    policy.loadBalancer = out;
  }
  dropUnread(conf, 'Locality-aware load balancing is not converted.', ctx);
}

const KUMA_POLICY_KINDS = ['MeshTrafficPermission', 'MeshTLS', 'Mesh', 'MeshCircuitBreaker', 'MeshLoadBalancingStrategy', 'MeshExternalService', 'MeshPassthrough', 'MeshRateLimit', 'MeshHealthCheck'];

export const kumaPolicyReader: Reader = {
  owner: 'kuma',
  // Converted to Kuma, these stay as written: they are what Kuma reads (the Mesh for its mTLS and metrics).
  keptInOwnMesh: KUMA_POLICY_KINDS,
  kinds: KUMA_POLICY_KINDS,
  read(resourceKind, ctx) {
    const kind = resourceKind || ctx.root.get('type').peek() || '';
    const name = kumaName(ctx);
    for (const key of ['type', 'name', 'mesh']) ctx.root.get(key).use();
    // The universal Mesh keeps its settings at the top level.
    const spec = ctx.root.get('spec').exists || kind !== 'Mesh' ? ctx.root.get('spec') : ctx.root;
    if (kind === 'MeshTrafficPermission') return readTrafficPermission(ctx, spec, name);
    if (kind === 'MeshTLS') return readMeshTls(ctx, spec, name);
    if (kind === 'Mesh') return readMesh(ctx, spec, name);
    if (kind === 'MeshCircuitBreaker') return perDestination(ctx, spec, name, (p, conf) => readCircuitBreaker(p, conf, ctx));
    if (kind === 'MeshLoadBalancingStrategy') return perDestination(ctx, spec, name, (p, conf) => readLoadBalancer(p, conf, ctx));
    if (kind === 'MeshExternalService') return readMeshExternalService(ctx, spec, name);
    if (kind === 'MeshPassthrough') return readMeshPassthrough(ctx, spec, name);
    if (kind === 'MeshRateLimit') return readMeshRateLimit(ctx, spec, name, kumaScope(spec.get('targetRef'), ctx));
    if (kind === 'MeshHealthCheck') {
      const top = spec.get('targetRef');
      return readMeshHealthCheck(ctx, spec, name, top.exists && top.get('kind').peek() !== 'Mesh' ? kumaScope(top, ctx) : (top.use(), undefined));
    }
    return undefined;
  },
};
