// Consul ServiceSplitter (weighted percentages of one service's traffic) and ServiceResolver (the
// subsets of a service, by a filter on its catalog metadata, plus a service-wide request timeout and
// its load balancer, read as a resilience policy in loadBalancer.ts).
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { BackendRef, ModelFragment, Route, Subset, WeightedBackend } from '../../model';
import type { SourceView } from '../../source';
import { percentToWeights } from '../../values';
import { readDuration } from '../fieldValues';
import { consulService } from './destination';
import { readResolverLoadBalancer } from './loadBalancer';

export function readServiceSplitter(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const serviceName = ctx.source.name;
  const splits = ctx.root.at('spec', 'splits');
  const items = splits.items();
  const weights = percentToWeights(items.map(s => s.get('weight').num() ?? 0));
  const backends: WeightedBackend[] = items.map((s, i) => ({ ref: consulService(s, serviceName, ctx), weight: weights[i], ...(s.get('weight').exists && items.length === 1 ? { written: true } : {}), origin: s.origin }));
  for (const s of items) {
    for (const key of ['requestHeaders', 'responseHeaders']) {
      const field = s.get(key);
      if (field.exists) ctx.drop(field, 'Header changes for one split have no equivalent; the converted route can change headers for the whole rule only.');
    }
  }
  // The router of the same service becomes a route of the same name: the split's route takes another.
  const routerInInput = (ctx.input.resources?.('consul', 'ServiceRouter') ?? [])
    .some(r => r.name === serviceName && r.namespace === ctx.source.namespace);
  const route: Route = {
    protocol: 'http', name: routerInInput ? `${serviceName}-split` : serviceName, parents: [{ kind: 'Service', name: serviceName, origin: ctx.root.at('metadata', 'name').origin }],
    hostnames: [], rules: [{ matches: [], backends, mirrors: [], origin: splits.origin }], ordered: true, from: ctx.source, origin: splits.origin,
  };
  if (ctx.source.namespace) route.namespace = ctx.source.namespace;
  fragment.routes.push(route);
  return fragment;
}

/** `Service.Meta.version == v1` (and `and`-joined equalities) → labels; undefined for any other filter. */
export function filterLabels(filter: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const part of filter.split(/\s+and\s+/)) {
    const m = /^\s*Service\.Meta\.([A-Za-z0-9_.\-/]+)\s*==\s*("([^"]*)"|[A-Za-z0-9_.\-/]+)\s*$/.exec(part);
    if (!m) return undefined;
    labels[m[1]] = m[3] ?? m[2];
  }
  return labels;
}

const LOAD_BALANCING = 'Mesh Lens does not convert failover and locality-aware balancing yet.';

export function readServiceResolver(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const serviceName = ctx.source.name;
  const spec = ctx.root.get('spec');
  for (const [name, subset] of spec.get('subsets').entries()) {
    const filterView = subset.get('filter');
    const labels = filterLabels(filterView.peek() ?? '');
    if (!labels) {
      ctx.drop(subset, 'Only a filter of equalities on Service.Meta can become pod labels; this subset is not converted.');
      continue;
    }
    filterView.use();
    const s: Subset = { host: serviceName, name, labels, origin: subset.origin, from: ctx.source };
    if (ctx.source.namespace) s.namespace = ctx.source.namespace;
    fragment.subsets.push(s);
    const pairs = Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ');
    ctx.need(`the pod labels ${pairs} on the pods of subset ${name} of ${serviceName} (Consul read them from service metadata)`, filterView.origin);
    const onlyPassing = subset.get('onlyPassing');
    if (onlyPassing.peek() === 'true') {
      ctx.drop(onlyPassing, 'Kubernetes Services send traffic to ready pods; Consul\'s stricter passing-checks-only filter has no equivalent.');
    } else onlyPassing.bool();
  }
  const request = readDuration(spec.get('requestTimeout'), ctx);
  if (request !== undefined) {
    const service = { name: serviceName, origin: ctx.root.at('metadata', 'name').origin };
    fragment.servicePolicies.push({ service, timeouts: { request, fields: { request: spec.get('requestTimeout').origin }, origin: spec.get('requestTimeout').origin }, from: ctx.source, origin: spec.get('requestTimeout').origin });
  }
  const redirect = readRedirect(spec.get('redirect'), ctx);
  if (redirect) fragment.routes.push(redirect);
  const reasons: [string, string][] = [
    ['defaultSubset', 'A default subset has no equivalent; requests that no route sends to a subset go to every pod of the Service.'],
    ['connectTimeout', 'A connection timeout has no equivalent in the converted timeouts, which cover requests and idle connections.'],
    ['failover', LOAD_BALANCING],
    ['prioritizeByLocality', LOAD_BALANCING],
  ];
  const balancer = readResolverLoadBalancer(spec.get('loadBalancer'), ctx);
  if (balancer) (fragment.policies ??= []).push(balancer);
  for (const [key, reason] of reasons) {
    const field = spec.get(key);
    if (field.exists) ctx.drop(field, reason);
  }
  return fragment;
}

/** Where a redirect may send a service outside the local cluster: only Consul can say it. */
const ELSEWHERE = ['datacenter', 'peer', 'samenessGroup', 'partition', 'namespace'];

/**
 * `redirect`: every request and connection for this service goes to another service (or a subset). It
 * is a route of this service with that one backend, for TCP as well as HTTP. A redirect to another
 * datacenter, peer, sameness group, partition or Consul namespace is converted only to Consul: routing
 * to a Service of the same name in the local cluster would send the traffic somewhere else.
 */
function readRedirect(redirect: SourceView, ctx: ReadContext): Route | undefined {
  if (!redirect.exists) return undefined;
  const serviceName = ctx.source.name;
  const remote = ELSEWHERE.filter(key => redirect.get(key).exists);
  if (remote.length && ctx.target.id !== 'consul') {
    const fields = remote.map(k => `redirect.${k}`).join(', ');
    ctx.drop(redirect, `The redirect names where Consul looks the service up (${fields}), which only Consul can say; routing to a Service of that name in this cluster would send the traffic elsewhere, so it is not converted.`);
    return undefined;
  }
  const elsewhere: Record<string, string> = {};
  for (const key of remote) elsewhere[key] = redirect.get(key).str() ?? '';
  const ref: BackendRef = { name: redirect.get('service').str() ?? serviceName, origin: redirect.origin };
  const subset = redirect.get('serviceSubset').str();
  if (subset) ref.subset = subset;
  const nameOrigin = ctx.root.at('metadata', 'name').origin;
  // A router or splitter of the same service becomes a route of the service's name: the redirect takes another.
  const sameName = ['ServiceRouter', 'ServiceSplitter'].some(kind => (ctx.input.resources?.('consul', kind) ?? [])
    .some(r => r.name === serviceName && r.namespace === ctx.source.namespace));
  const route: Route = {
    protocol: 'http', name: sameName ? `${serviceName}-redirect` : serviceName,
    parents: [{ kind: 'Service', name: serviceName, origin: nameOrigin }], hostnames: [],
    // All traffic shifted to one service: a split at 100 %, so the weight is written as for a rollout's start.
    rules: [{ matches: [], backends: [{ ref, weight: 100, written: true, origin: redirect.origin }], mirrors: [], origin: redirect.origin }],
    ordered: true, allTraffic: { elsewhere, origin: redirect.origin }, from: ctx.source, origin: redirect.origin,
  };
  if (ctx.source.namespace) route.namespace = ctx.source.namespace;
  return route;
}
