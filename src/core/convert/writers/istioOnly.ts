// What only Istio's own kinds say: a mesh route on hosts that are no Service of the cluster (a
// ServiceEntry's host, a wildcard), which namespaces see a route (exportTo), a Gateway server that
// carries Istio's mesh traffic between clusters. The Istio writer writes them back (a VirtualService,
// an Istio Gateway); for every other target they are dropped here, each with its reason.
import type { WriteContext } from '../contract';
import type { ModelFragment, Route } from '../model';

export const EXPORT_TO_REASON = 'Limiting which namespaces see this route has no equivalent; the converted route applies to callers in every namespace.';

export function meshServerReason(tlsMode: string): string {
  return `A server with TLS mode ${tlsMode} carries Istio's own mesh traffic between clusters and has no equivalent.`;
}

/** The mesh hosts of a route, each dropped: the route attaches to its Services alone, or to nothing. */
export function dropMeshHosts(route: Route, ctx: WriteContext): void {
  for (const h of route.meshHosts ?? []) ctx.drop(h.origin, `${h.host} is not a Service of the cluster, so a mesh route cannot attach to it.`);
}

/** Drops, for a target other than Istio, what only Istio's own kinds say. */
export function dropIstioOnly(fragment: ModelFragment, ctx: WriteContext): void {
  for (const route of fragment.routes) {
    dropMeshHosts(route, ctx);
    if (route.exportTo) ctx.drop(route.exportTo.origin, EXPORT_TO_REASON);
  }
  for (const gw of fragment.gateways) for (const server of gw.meshServers ?? []) ctx.drop(server.origin, meshServerReason(server.tlsMode));
}
