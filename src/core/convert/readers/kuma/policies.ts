// MeshRetry, MeshTimeout and MeshFaultInjection: each entry with a `default` becomes a ServicePolicy.
// `to[]` entries are client-side (the service called is the entry's targetRef, the callers the top
// targetRef); `from[]` and `rules[]` entries are server-side (the service is the top targetRef, the
// callers the entry's targetRef or its SPIFFE ID matches).
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { ModelFragment, ServicePolicy } from '../../model';
import type { SourceView } from '../../source';
import type { PolicyBody } from './policyBodies';
import { readFaultBody, readRetryBody, readTimeoutBody } from './policyBodies';
import { describeSelection, parseServiceTag, selectedService, serviceTarget } from './targetRefs';
import type { ServiceTarget } from './targetRefs';

type BodyReader = (conf: SourceView, ctx: ReadContext) => PolicyBody[];

const BODY_READERS: Record<string, BodyReader> = {
  MeshRetry: readRetryBody,
  MeshTimeout: readTimeoutBody,
  MeshFaultInjection: readFaultBody,
};

/** A `to[].targetRef` of kind MeshHTTPRoute: the service that route is for, found in the input. */
function routeTarget(view: SourceView, ctx: ReadContext): (ServiceTarget & { route: ServicePolicy['route'] }) | undefined {
  const name = view.get('name').peek() ?? '';
  const namespace = view.get('namespace').peek();
  const routes = ctx.input.resources?.('kuma', 'MeshHTTPRoute') ?? [];
  const found = routes.find(r => r.name === name && (!namespace || !r.namespace || r.namespace === namespace));
  const spec = found?.spec as { to?: { targetRef?: { kind?: unknown; name?: unknown; namespace?: unknown } }[] } | undefined;
  const ref = spec?.to?.[0]?.targetRef;
  if (!ref || ref.kind !== 'MeshService' || typeof ref.name !== 'string') {
    ctx.drop(view, `The MeshHTTPRoute "${name}" this policy targets is not in the input, so the service it applies to is unknown; convert them together.`);
    return undefined;
  }
  view.use();
  const parsed = parseServiceTag(ref.name);
  const serviceNamespace = typeof ref.namespace === 'string' ? ref.namespace : parsed.namespace;
  const route: ServicePolicy['route'] = namespace ? { name, namespace } : { name };
  const service = serviceNamespace ? { name: parsed.name, namespace: serviceNamespace, origin: view.origin } : { name: parsed.name, origin: view.origin };
  return { ref: service, route };
}

function clientTarget(view: SourceView, ctx: ReadContext): (ServiceTarget & { route?: ServicePolicy['route'] }) | undefined {
  const kind = view.get('kind').peek();
  if (kind === 'MeshHTTPRoute') return routeTarget(view, ctx);
  if (kind === 'Mesh' || kind === undefined) {
    ctx.drop(view, 'A policy for every service of the mesh has no single-service equivalent; set it on the routes of each service.');
    return undefined;
  }
  return serviceTarget(view, ctx);
}

/** Who the SPIFFE ID matches of a `rules[]` entry admit, in words. */
function describeSpiffeMatches(matches: SourceView): string | undefined {
  const parts: string[] = [];
  for (const m of matches.items()) {
    const spiffe = m.get('spiffeID');
    if (spiffe.exists) parts.push(`SPIFFE ID ${(spiffe.get('type').str() ?? 'Exact').toLowerCase()} ${spiffe.get('value').str() ?? ''}`);
    const sni = m.get('sni');
    if (sni.exists) parts.push(`SNI ${sni.get('value').str() ?? ''}`);
    sni.get('type').use();
  }
  return parts.length ? parts.join(' or ') : undefined;
}

export function readKumaPolicy(kind: string, ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const readBody = BODY_READERS[kind];
  const spec = ctx.root.get('spec');
  const top = spec.get('targetRef');

  const add = (target: ServiceTarget & { route?: ServicePolicy['route'] }, callers: string | undefined, entry: SourceView, callersAt: SourceView) => {
    const bodies = readBody(entry.get('default'), ctx);
    if (target.subset && bodies.length) fragment.subsets.push(target.subset);
    for (const body of bodies) {
      const policy: ServicePolicy = { service: target.ref, ...body, from: ctx.source, origin: entry.origin };
      if (callers) { policy.callers = callers; policy.callersOrigin = callersAt.origin; }
      if (target.route) policy.route = target.route;
      fragment.servicePolicies.push(policy);
    }
  };

  const toEntries = spec.get('to').items();
  // A top-level MeshHTTPRoute (Kuma 2.3+) selects that route's requests, whoever sends them: a `to`
  // entry for the whole mesh is then for the service the route goes to, as a `to` MeshHTTPRoute would be.
  const topRoute = top.get('kind').peek() === 'MeshHTTPRoute';
  const clientCallers = toEntries.length && !topRoute ? describeSelection(top) : undefined;
  let routeOfTop: ReturnType<typeof routeTarget> | null = null;
  for (const entry of toEntries) {
    const ref = entry.get('targetRef');
    const forRoute = topRoute && (ref.get('kind').peek() ?? 'Mesh') === 'Mesh';
    if (forRoute) { ref.use(); if (routeOfTop === null) routeOfTop = routeTarget(top, ctx); }
    const target = forRoute ? routeOfTop ?? undefined : clientTarget(ref, ctx);
    if (target) add(target, clientCallers, entry, top);
    else ctx.drop(entry.get('default'), forRoute
      ? `These settings are for the requests of MeshHTTPRoute "${top.get('name').peek() ?? ''}", which is not in the input, so they are not converted; convert them together.`
      : 'These settings are not converted, since the targetRef beside them is not.');
  }

  const serverEntries = [...spec.get('from').items(), ...spec.get('rules').items()];
  if (!serverEntries.length) return fragment;
  const service = selectedService(top, ctx);
  if (!service) {
    const selection = describeSelection(top) ?? 'the whole mesh';
    for (const entry of serverEntries) {
      ctx.drop(entry, `The policy applies to every service selected by ${selection}; Mesh Lens converts policies for one named service only.`);
    }
    return fragment;
  }
  for (const entry of spec.get('from').items()) add(service, describeSelection(entry.get('targetRef')), entry, entry.get('targetRef'));
  for (const entry of spec.get('rules').items()) add(service, describeSpiffeMatches(entry.get('matches')), entry, entry.get('matches'));
  return fragment;
}
