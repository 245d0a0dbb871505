// A route that takes all traffic of its Service, whatever the protocol (a Consul ServiceResolver
// redirect), is an HTTP route and a TCP route in the targets that route the two apart: Gateway API and
// Linkerd attach an HTTPRoute and a TCPRoute, Kuma a MeshHTTPRoute and a MeshTCPRoute (the HTTP route
// takes precedence for HTTP traffic), Istio writes both sections of one VirtualService.
import type { Route } from '../model';
import type { OutDoc } from '../output';

/** The TCP route that goes with an all-traffic HTTP route: the same parents and backends, nothing HTTP. */
export function tcpRouteOfAllTraffic(route: Route): Route | undefined {
  if (!route.allTraffic || route.protocol !== 'http') return undefined;
  const rules = route.rules.filter(r => !r.matches.length && r.backends.length)
    .map(r => ({ matches: [], backends: r.backends, mirrors: [], origin: r.origin }));
  return rules.length ? { ...route, protocol: 'tcp', rules } : undefined;
}

/**
 * The documents of the TCP route that goes with an all-traffic route (none for any other route), written
 * by `write`, with a note on the first of `kind` saying why it is there.
 */
export function allTrafficTcpDocs(route: Route, kind: string, write: (tcp: Route) => OutDoc[], note: (text: string, at: OutDoc['obj']) => void): OutDoc[] {
  const tcp = tcpRouteOfAllTraffic(route);
  if (!tcp) return [];
  const docs = write(tcp);
  noteTcpRoute(route, docs, kind, note);
  return docs;
}

/** Says on the TCP route (the first document of `docs` of `kind`) why it is there. */
function noteTcpRoute(route: Route, docs: OutDoc[], kind: string, note: (text: string, at: OutDoc['obj']) => void): void {
  const doc = docs.find(d => d.obj.kind === kind);
  const service = route.parents[0]?.name ?? route.name;
  const backend = route.rules[0]?.backends[0]?.ref.name ?? 'its backend';
  if (doc) note(`The source sent all traffic for ${service} to ${backend}, whatever its protocol: this route takes the traffic that is not HTTP.`, doc.obj);
}
