// An Istio VirtualService: one route per protocol section (http, tls, tcp), rules in order (Istio takes
// the first rule that matches). With no gateways, or `mesh` among them, the route is a mesh route whose
// parent is each Service among the hosts (GAMMA); named gateways become Gateway parents, and the hosts
// their hostnames.
import type { ReadContext } from '../../contract';
import type { Origin, ParentRef, Route, RouteMatch, RouteProtocol, RouteRule } from '../../model';
import type { SourceView } from '../../source';
import { splitServiceHost } from '../../values';
import { readNumber } from '../fieldValues';
import { readDestinations, readHttpRule } from './httpRule';

export function readVirtualService(ctx: ReadContext): Route[] {
  const spec = ctx.root.get('spec');
  const { parents, hostnames, meshHosts, externalHosts } = readParents(spec);
  const exportTo = spec.get('exportTo');
  // An empty list, like none, exports to every namespace.
  const exportedTo = exportTo.strings();
  const namesNoHost = !spec.get('hosts').items().length && !spec.get('gateways').items().length;

  const sections: [RouteProtocol, SourceView, (rule: SourceView) => RouteRule][] = [
    ['http', spec.get('http'), rule => readHttpRule(rule, ctx)],
    ['tls', spec.get('tls'), rule => readStreamRule(rule, ctx, true)],
    ['tcp', spec.get('tcp'), rule => readStreamRule(rule, ctx, false)],
  ];
  const present = sections.filter(([, list]) => list.items().length > 0);
  return present.map(([protocol, list, read], i) => {
    const route: Route = {
      protocol, name: present.length > 1 ? `${ctx.source.name}-${i + 1}` : ctx.source.name,
      parents: parents.map(p => ({ ...p })), hostnames: protocol === 'tcp' ? [] : [...hostnames],
      rules: list.items().map(read), ordered: true, from: ctx.source, origin: list.origin,
    };
    if (ctx.source.namespace) route.namespace = ctx.source.namespace;
    if (meshHosts.length) route.meshHosts = meshHosts.map(h => ({ ...h }));
    if (externalHosts.length) route.externalHosts = externalHosts.map(h => ({ ...h }));
    if (namesNoHost) route.namesNoHost = true;
    if (exportedTo.length) route.exportTo = { namespaces: [...exportedTo], origin: exportTo.origin };
    return route;
  });
}

function readParents(spec: SourceView): { parents: ParentRef[]; hostnames: string[]; meshHosts: { host: string; origin: Origin }[]; externalHosts: NonNullable<Route['externalHosts']> } {
  const parents: ParentRef[] = [];
  const gateways = spec.get('gateways').items();
  let mesh = gateways.length === 0;
  for (const g of gateways) {
    const ref = g.str() ?? '';
    if (ref === 'mesh') { mesh = true; continue; }
    const slash = ref.indexOf('/');
    parents.push(slash > 0
      ? { kind: 'Gateway', namespace: ref.slice(0, slash), name: ref.slice(slash + 1), origin: g.origin }
      : { kind: 'Gateway', name: ref, origin: g.origin });
  }
  const gatewayBound = parents.length > 0;
  const hostnames: string[] = [];
  const meshHosts: { host: string; origin: Origin }[] = [];
  const externalHosts: NonNullable<Route['externalHosts']> = [];
  for (const h of spec.get('hosts').items()) {
    const host = h.peek() ?? '';
    const service = splitServiceHost(host);
    if (mesh && !service.external && !host.includes('*')) {
      parents.push({ kind: 'Service', name: service.name, ...(service.namespace ? { namespace: service.namespace } : {}), origin: h.origin });
      h.use();
      continue;
    } else if (mesh && !gatewayBound && service.external && !host.includes('*')) {
      // A host outside the cluster (a ServiceEntry host): the writer says whether its target can route it.
      externalHosts.push({ host, origin: h.use().origin });
      continue;
    } else if (mesh && !gatewayBound) {
      // Only an Istio VirtualService attaches to it (writers/istioOnly.ts drops it for the other targets).
      meshHosts.push({ host, origin: h.use().origin });
      continue;
    }
    h.use();
    // On a Gateway the hosts are the hostnames; `*` takes every host, which is no hostname at all.
    if (gatewayBound && host !== '*') hostnames.push(host);
  }
  return { parents, hostnames, meshHosts, externalHosts };
}

/** A `tls[]` or `tcp[]` rule: matches on SNI hosts and port, and weighted destinations. */
function readStreamRule(rule: SourceView, ctx: ReadContext, tls: boolean): RouteRule {
  const out: RouteRule = { matches: [], backends: readDestinations(rule.get('route'), ctx), mirrors: [], origin: rule.origin };
  for (const m of rule.get('match').items()) {
    const match: RouteMatch = { headers: [], queryParams: [], origin: m.origin };
    if (tls) match.sniHosts = m.get('sniHosts').strings();
    const port = readNumber(m.get('port'), ctx);
    if (port !== undefined) match.port = { value: port, origin: m.get('port').origin };
    for (const [field, what] of [
      ['destinationSubnets', 'Matching on destination IP ranges'], ['sourceSubnet', 'Matching on the caller\'s IP range'],
      ['sourceLabels', 'Matching on the labels of the calling workload'], ['sourceNamespace', 'Matching on the namespace of the caller'],
      ['gateways', 'Restricting one match to some gateways'],
    ]) {
      const v = m.get(field);
      if (v.exists) ctx.drop(v, `${what} cannot be expressed in the target, so this rule would also take connections that do not meet this condition.`);
    }
    out.matches.push(match);
  }
  return out;
}
