// Reads local rate limits into the neutral model: Kuma MeshRateLimit (per-proxy request and
// connection rates, for every caller or callers named by SPIFFE ID), Linkerd HTTPLocalRateLimitPolicy
// (requests per second on a Server, in total, per caller identity, and for named service accounts) and
// Consul ServiceDefaults `rateLimits.instanceLevel` (requests per second and a burst, per path too).
// All three are enforced by the called workload's own proxies.
import type { InputResource, ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment } from '../../model';
import type { Identity, PolicyScope, RateLimitOverride, RateLimitPolicy, RequestRate } from '../../policyModel';
import type { SourceView } from '../../source';
import { valuedNumber as num, valuedDuration as duration } from '../fieldValues';
import { identityFromSpiffe, pathFromRegex } from './identities';

function policy(ctx: ReadContext, name: string, scope: PolicyScope, origin: SourceView): RateLimitPolicy {
  return { type: 'rateLimit', name, scope, overrides: [], headers: [], from: ctx.source, origin: origin.origin, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}) };
}

/** `{num, interval}` (Kuma) as a rate; undefined when either is missing or unreadable. */
function kumaRate(view: SourceView, ctx: ReadContext): RequestRate | undefined {
  if (!view.exists) return undefined;
  const requests = num(view.get('num'), ctx), interval = duration(view.get('interval'), ctx);
  if (!requests || !interval || interval.value <= 0) { ctx.drop(view, 'This rate needs a number and an interval, so it is not converted.'); return undefined; }
  return { requests, interval, origin: view.origin };
}

/** A per-second rate (Linkerd, Consul); the interval is the field itself. */
function perSecond(view: SourceView, ctx: ReadContext): RequestRate | undefined {
  const requests = num(view, ctx);
  if (!requests) return undefined;
  return { requests, interval: { value: 1000, origin: view.origin }, origin: view.origin };
}

/** The `default.local` of one Kuma entry into the policy (all callers) or an override (named callers). */
function readKumaLocal(local: SourceView, into: RateLimitPolicy, callers: Identity[] | undefined, origin: SourceView, ctx: ReadContext): void {
  const http = local.get('http'), tcp = local.get('tcp');
  if (http.get('disabled').bool() === true || tcp.get('disabled').bool() === true) {
    ctx.drop(http.get('disabled').exists ? http.get('disabled') : tcp.get('disabled'), 'Turning off a rate limit set elsewhere is not converted.');
  }
  const rate = kumaRate(http.get('requestRate'), ctx);
  if (callers) {
    if (rate) into.overrides.push({ rate, callers, origin: origin.origin });
    for (const rest of [http.get('onRateLimit'), tcp.get('connectionRate')]) if (rest.exists) ctx.drop(rest, 'Only the request rate of a limit for some callers is converted.');
    return;
  }
  if (rate) into.http = rate;
  const on = http.get('onRateLimit');
  const status = num(on.get('status'), ctx);
  if (status) into.status = status;
  for (const h of on.at('headers', 'add').items()) into.headers.push({ name: h.get('name').str() ?? '', value: h.get('value').str() ?? '', origin: h.origin });
  if (on.at('headers', 'set').exists) ctx.drop(on.at('headers', 'set'), 'Replacing headers of a limited response is not converted; headers are added instead.');
  const connections = kumaRate(tcp.get('connectionRate'), ctx);
  if (connections) into.connections = connections;
}

/** Kuma MeshRateLimit: `rules[]` (callers by SPIFFE ID, or every caller) or the older `from[]`. */
export function readMeshRateLimit(ctx: ReadContext, spec: SourceView, name: string, scope: PolicyScope): ModelFragment {
  const fragment = emptyFragment();
  const out = policy(ctx, name, scope, spec);
  let general = false;
  const take = (entry: SourceView, callers: Identity[] | undefined) => {
    const local = entry.at('default', 'local');
    if (!callers && general) { ctx.drop(entry, 'Only the first limit for every caller is converted.'); return; }
    if (!callers) general = true;
    readKumaLocal(local, out, callers, entry, ctx);
  };
  for (const r of spec.get('rules').items()) {
    const matches = r.get('matches').items();
    if (!matches.length) { take(r, undefined); continue; }
    const callers: Identity[] = [];
    for (const m of matches) {
      const spiffe = m.get('spiffeID');
      const id = spiffe.exists ? identityFromSpiffe(spiffe.get('value').peek() ?? '', spiffe.get('type').peek() === 'Prefix', m.origin) : undefined;
      if (id) { m.use(); callers.push(id); } else ctx.drop(m, 'This match names no service account or namespace, so its limit is not converted.');
    }
    if (callers.length) take(r, callers); else r.use();
  }
  for (const f of spec.get('from').items()) {
    const ref = f.get('targetRef');
    const kind = ref.get('kind').peek();
    if (kind === 'Mesh') { ref.use(); take(f, undefined); continue; }
    const service = kind === 'MeshService' ? ref.get('name').peek() : undefined;
    if (service) { ref.use(); take(f, [{ service, origin: ref.origin }]); continue; }
    ctx.drop(f, 'These callers are selected by tags that name no service, so their limit is not converted.');
  }
  if (spec.get('to').exists) ctx.drop(spec.get('to'), 'Limits on a gateway\'s outbound traffic (to) are not converted.');
  if (out.http || out.connections || out.overrides.length) fragment.policies = [out];
  return fragment;
}

interface ServerSpec { podSelector?: { matchLabels?: Record<string, string> }; port?: number | string }

/** Linkerd HTTPLocalRateLimitPolicy on a Server of the input (its pods are the protected workloads). */
export function readHttpLocalRateLimit(ctx: ReadContext, find: (kind: string, name: string | undefined) => InputResource | undefined): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const ref = spec.get('targetRef');
  const serverName = ref.get('name').str();
  ref.get('kind').use(); ref.get('group').use();
  const server = find('Server', serverName);
  if (!server) {
    ctx.drop(ref, `The Server "${serverName ?? ''}" must be in the input to know which pods this rate limit protects, so it is not converted.`);
    spec.use();
    return fragment;
  }
  const labels = ((server.spec ?? {}) as ServerSpec).podSelector?.matchLabels ?? {};
  const scope: PolicyScope = { kind: 'workload', labels: { ...labels }, ...(server.namespace ? { namespace: server.namespace } : {}), origin: ref.origin };
  const out = policy(ctx, ctx.source.name, scope, spec);
  const port = ((server.spec ?? {}) as ServerSpec).port;
  if (typeof port === 'number') out.port = { value: port, origin: ref.origin };
  const total = perSecond(spec.at('total', 'requestsPerSecond'), ctx);
  if (total) out.http = total;
  const each = perSecond(spec.at('identity', 'requestsPerSecond'), ctx);
  if (each) out.perCaller = each;
  for (const o of spec.get('overrides').items()) {
    const rate = perSecond(o.get('requestsPerSecond'), ctx);
    const callers: Identity[] = [];
    for (const c of o.get('clientRefs').items()) {
      const r = c.plain() as { kind?: string; name?: string; namespace?: string };
      if (r.kind === 'ServiceAccount' && r.name) { c.use(); callers.push({ serviceAccount: r.name, namespace: r.namespace ?? ctx.source.namespace, origin: c.origin }); } else ctx.drop(c, 'Only service accounts are converted as callers of a rate limit.');
    }
    if (rate && callers.length) out.overrides.push({ rate, callers, origin: o.origin });
  }
  if (out.http || out.perCaller || out.overrides.length) fragment.policies = [out];
  return fragment;
}

/** Consul ServiceDefaults `rateLimits.instanceLevel`: a limit per instance of the service, and per path. */
export function readConsulRateLimits(rateLimits: SourceView, self: PolicyScope, ctx: ReadContext): RateLimitPolicy | undefined {
  const level = rateLimits.get('instanceLevel');
  if (!level.exists) return undefined;
  const out = policy(ctx, ctx.source.name, self, level);
  const rate = perSecond(level.get('requestsPerSecond'), ctx);
  const burst = num(level.get('requestsMaxBurst'), ctx);
  if (rate) { out.http = rate; if (burst) rate.burst = burst; }
  for (const r of level.get('routes').items()) {
    const routeRate = perSecond(r.get('requestsPerSecond'), ctx);
    if (!routeRate) { r.use(); continue; }
    const routeBurst = num(r.get('requestsMaxBurst'), ctx);
    if (routeBurst) routeRate.burst = routeBurst;
    const exact = r.get('pathExact'), prefix = r.get('pathPrefix'), regex = r.get('pathRegex');
    const path = exact.exists ? { type: 'Exact' as const, value: exact.str() ?? '', origin: exact.origin }
      : prefix.exists ? { type: 'Prefix' as const, value: prefix.str() ?? '', origin: prefix.origin }
        : regex.exists ? pathFromRegex(regex.str() ?? '', regex.origin) : undefined;
    const override: RateLimitOverride = { rate: routeRate, callers: [], origin: r.origin };
    if (path) override.path = path;
    out.overrides.push(override);
  }
  return out.http || out.overrides.length ? out : undefined;
}
