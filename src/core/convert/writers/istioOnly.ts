// What only Istio's own kinds say: a mesh route on hosts that are no Service of the cluster (a
// ServiceEntry's host, a wildcard), which namespaces see a route (exportTo), a Gateway server that
// carries Istio's mesh traffic between clusters. The Istio writer writes them back (a VirtualService,
// an Istio Gateway); for every other target they are dropped here, each with its reason.
import type { WriteContext } from '../contract';
import type { ModelFragment } from '../model';

export const EXPORT_TO_REASON = 'Limiting which namespaces see this route has no equivalent; the converted route applies to callers in every namespace.';

/** Drops, for a target other than Istio, what only Istio's own kinds say. */
export function dropIstioOnly(fragment: ModelFragment, ctx: WriteContext): void {
  for (const route of fragment.routes) {
    // The route attaches to its Services alone, or to nothing.
    for (const h of route.meshHosts ?? []) ctx.drop(h.origin, `${h.host} is not a Service of the cluster, so a mesh route cannot attach to it.`);
    if (route.exportTo) ctx.drop(route.exportTo.origin, EXPORT_TO_REASON);
  }
  for (const gw of fragment.gateways) {
    for (const server of gw.meshServers ?? []) ctx.drop(server.origin, `A server with TLS mode ${server.tlsMode} carries Istio's own mesh traffic between clusters and has no equivalent.`);
  }
}
