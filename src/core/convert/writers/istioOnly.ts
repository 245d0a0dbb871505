// What only Istio's own kinds say: a mesh route on hosts that are no Service of the cluster (a
// ServiceEntry's host, a wildcard), which namespaces see a route (exportTo), a Gateway server that
// carries Istio's mesh traffic between clusters. The Istio writer writes them back (a VirtualService,
// an Istio Gateway); for every other target they are dropped here, each with its reason.
import type { WriteContext } from '../contract';
import type { ModelFragment } from '../model';
import { dropNonServiceHosts } from './unwrittenRoute';

export const EXPORT_TO_REASON = 'Limiting which namespaces see this route has no equivalent; the converted route applies to callers in every namespace.';

/**
 * Drops, for a target other than Istio, what only Istio's own kinds say; returns the fragment without the
 * routes that take no traffic in Istio either (a VirtualService naming no host that no other one of the
 * input delegates to), whose rules are dropped as inert.
 */
export function dropIstioOnly(fragment: ModelFragment, ctx: WriteContext): ModelFragment {
  const reached = fragment.routes.filter(route => !route.namesNoHost || delegatedTo(route, ctx));
  for (const route of fragment.routes) {
    if (reached.includes(route)) continue;
    const reason = `VirtualService ${route.name} names no host and no VirtualService of the input delegates to it, so it takes no traffic in Istio either; this rule is not written.`;
    for (const rule of route.rules) ctx.dropInert(rule.origin, reason);
  }
  dropOnlySaid({ ...fragment, routes: reached }, ctx);
  return reached.length === fragment.routes.length ? fragment : { ...fragment, routes: reached };
}

/** Whether a VirtualService of the input names this one in an http[].delegate. */
function delegatedTo(route: ModelFragment['routes'][number], ctx: WriteContext): boolean {
  return (ctx.input.resources?.('istio', 'VirtualService') ?? []).some(vs => {
    const http = (vs.spec as { http?: { delegate?: { name?: unknown; namespace?: unknown } }[] } | undefined)?.http ?? [];
    return http.some(h => h?.delegate?.name === route.name && (h.delegate.namespace ?? vs.namespace) === route.namespace);
  });
}

function dropOnlySaid(fragment: ModelFragment, ctx: WriteContext): void {
  for (const route of fragment.routes) {
    // The route attaches to its Services alone, or to nothing.
    dropNonServiceHosts(route.meshHosts, ctx);
    if (route.exportTo) ctx.drop(route.exportTo.origin, EXPORT_TO_REASON);
  }
  for (const gw of fragment.gateways) {
    for (const server of gw.meshServers ?? []) ctx.drop(server.origin, `A server with TLS mode ${server.tlsMode} carries Istio's own mesh traffic between clusters and has no equivalent.`);
  }
}
