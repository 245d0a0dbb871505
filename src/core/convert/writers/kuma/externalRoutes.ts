// A mesh route for hosts outside the cluster (an Istio VirtualService on ServiceEntry hosts) as Kuma
// writes it: a MeshHTTPRoute (MeshTCPRoute) whose outbound (`to[].targetRef`) is the MeshExternalService
// of each HTTP (TCP) port of the host. A MeshExternalService has one port, so a rule's match on that port is what the
// outbound already selects: it is written without it, and a rule for other ports is not written there.
import type { WriteContext } from '../../contract';
import type { ModelFragment, Route, RouteRule } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { kubeName } from '../policies/scope';
import type { ExternalTargets } from './externalServices';
import { externalBackendRef, externalServiceDoc, externalServiceRef, RESOLVED_BY_NAME, serviceEntryFor } from './externalServices';
import { kumaBackendRef, kumaObject } from './refs';
import { httpRoutes } from './routes';

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC']);
const TCP_PROTOCOLS = new Set(['TCP']);

type Part = { host: string; port?: number; rules: RouteRule[]; targetRef: OutMap; extra: OutDoc[]; asked?: string };

/**
 * A TCP route on one port of the host as a MeshTCPRoute, which takes one rule per outbound: Istio takes
 * the first rule for the port (its only match is the port), so the ones after it are never reached.
 */
function tcpRoute(route: Route, part: Part, name: string, fragment: ModelFragment, ctx: WriteContext, made: Set<string>): OutDoc[] {
  const [rule, ...after] = part.rules;
  for (const r of after) ctx.drop(r.origin, `This rule is never reached in the source, because the rule before it takes every connection to ${part.host}${part.port === undefined ? '' : ` on port ${part.port}`}; it is not written.`);
  const ext: ExternalTargets = { ...(part.port !== undefined ? { calledPort: part.port } : {}), docs: [], asked: new Set(part.asked ? [part.asked] : []), made };
  const backendRefs = rule.backends.map(b => {
    const ref = b.ref.external ? externalBackendRef(b.ref, route, ctx, ext) : kumaBackendRef(b.ref, fragment, ctx);
    if (rule.backends.length > 1 || b.written) ref.weight = b.weight;
    return ref;
  });
  if (rule.timeouts) ctx.drop(rule.timeouts.origin, 'Timeouts of a TCP route are not converted for Kuma; set a MeshTimeout connectionTimeout or idleTimeout for the MeshExternalService if you need one.');
  if (!backendRefs.length) return ext.docs;
  return [{ obj: kumaObject('MeshTCPRoute', name, route.namespace, { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { ...part.targetRef }, rules: [{ default: { backendRefs } }] }] }) }, ...ext.docs];
}

/** The rules that apply to calls on `port`, each without the port match the outbound now stands for. */
function rulesForPort(rules: RouteRule[], port: number | undefined): RouteRule[] {
  const out: RouteRule[] = [];
  for (const rule of rules) {
    if (!rule.matches.length) { out.push(rule); continue; }
    const matches = rule.matches.filter(m => m.port === undefined || m.port.value === port).map(m => ({ ...m, port: undefined }));
    if (matches.length) out.push({ ...rule, matches });
  }
  return out;
}

/** Writes the route for each of its hosts outside the cluster; says for each one why it is not written when it is not. */
export function writeKumaExternalRoute(route: Route, fragment: ModelFragment, ctx: WriteContext, made: Set<string>): OutDoc[] {
  const hosts = route.externalHosts ?? [];
  const parts: Part[] = [];
  const tcp = route.protocol === 'tcp';
  const wanted = tcp ? TCP_PROTOCOLS : HTTP_PROTOCOLS;
  const word = tcp ? 'TCP' : 'HTTP';
  const unwritten = new Set(route.rules);
  let routable = false;
  for (const h of hosts) {
    if (route.protocol === 'tls') {
      ctx.drop(h.origin, `Kuma has no mesh route that matches on TLS server names, so this TLS route for ${h.host} is not converted; route it with a MeshTCPRoute per port instead.`);
      continue;
    }
    const entry = serviceEntryFor(h.host, route.namespace, ctx);
    if (!entry) {
      ctx.drop(h.origin, `${h.host} is not a Service of the cluster, and no ServiceEntry of the input declares it, so there is no MeshExternalService for a Kuma route to apply to; convert them together.`);
      continue;
    }
    if (!entry.hasEndpoints && !RESOLVED_BY_NAME.has(entry.resolution)) {
      ctx.drop(h.origin, `ServiceEntry ${entry.name} lists no endpoints for ${h.host} with resolution ${entry.resolution}, so it names no destination a MeshExternalService could send to; this route is not converted.`);
      continue;
    }
    if (!entry.ports.length) {
      // No port: the route is written against the MeshExternalService the user must complete.
      const targetRef = externalServiceRef(entry, undefined, h.host);
      ctx.need(`a MeshExternalService ${String(targetRef.name)} for ${h.host} with the port workloads call it on: ServiceEntry ${entry.name} declares none`, h.origin, targetRef);
      parts.push({ host: h.host, rules: route.rules, targetRef, extra: [], asked: String(targetRef.name) });
      routable = true;
      continue;
    }
    const httpPorts = entry.ports.filter(p => wanted.has(p.protocol));
    if (!httpPorts.length) {
      ctx.drop(h.origin, `ServiceEntry ${entry.name} declares no ${word} port for ${h.host}, so this ${word} route takes none of its traffic; it is not converted.`);
      continue;
    }
    routable = true;
    for (const p of httpPorts) {
      const rules = rulesForPort(route.rules, p.number);
      if (!rules.length) continue;
      const doc = externalServiceDoc(entry, h.host, p.number, route.name, h.origin, ctx, made);
      parts.push({ host: h.host, port: p.number, rules, targetRef: externalServiceRef(entry, p.number, h.host), extra: doc ? [doc] : [] });
    }
  }
  const docs: OutDoc[] = [];
  for (const part of parts) {
    const base = parts.length > 1 ? kubeName(route.name, String(part.targetRef.name)) : route.name;
    const sources = new Set(part.rules.map(r => r.origin.path));
    for (const rule of route.rules) if (sources.has(rule.origin.path)) unwritten.delete(rule);
    const portRoute: Route = { ...route, rules: part.rules };
    if (tcp) docs.push(...tcpRoute(portRoute, part, base, fragment, ctx, made), ...part.extra);
    else docs.push(...httpRoutes(portRoute, { external: { targetRef: part.targetRef, host: part.host, ...(part.port !== undefined ? { port: part.port } : {}), ...(part.asked ? { asked: part.asked } : {}) } }, base, fragment, ctx, made), ...part.extra);
  }
  if (route.parents.length) return docs;
  for (const rule of unwritten) {
    ctx.drop(rule.origin, routable
      ? `This rule matches only ports that are not ${word} ports of the hosts it routes, so it takes no ${tcp ? 'connection' : 'request'}; it is not written.`
      : `Route ${route.name} is only for hosts outside the cluster, and none of them can be routed by Kuma, so this rule is not written.`);
  }
  return docs;
}
