// Writes the neutral model for Linkerd: Gateway API routes (GAMMA; Linkerd's only routing API) with
// Linkerd's retry and timeout annotations, a Service per subset, and Gateways for the ingress
// controller that must serve them (Linkerd has none of its own).
import type { WriteContext, Writer } from '../contract';
import type { Route, RouteRule } from '../model';
import type { OutDoc, OutMap } from '../output';
import { V1ALPHA2_STREAM_API_VERSIONS, type GatewayDialect } from './gatewayDialect';
import { gatewayGrants, routeDocOf, routeOrder, routesWithPolicies, unattached, uniqueDocs, writeGateway, writeGatewayRoutes, type RoutePart } from './gatewayRoutes';
import { allTrafficTcpDocs } from './allTraffic';
import { ruleAnnotations, type RuleAnnotations } from './linkerdAnnotations';
import { sourceDefaultsNotes } from './sourceDefaults';
import { subsetServiceDocs } from './subsetServices';

const LATEST = '2.20';

export const LINKERD_DIALECT: GatewayDialect = {
  name: 'Linkerd',
  // Linkerd's policy controller reads TLSRoute and TCPRoute only as v1alpha2.
  apiVersion: { ...V1ALPHA2_STREAM_API_VERSIONS },
  experimentalKinds: ['TLSRoute', 'TCPRoute'],
  timeouts: 'standard',
  backendRequest: false,
  retry: 'caller',
  mirror: 'none',
  urlRewrite: false,
  cors: 'none',
  ruleNames: true,
  reasons: {
    mirror: 'Linkerd has no traffic mirroring, and it rejects a whole route that has a RequestMirror filter.',
    urlRewrite: 'Linkerd rejects a whole route that has a URLRewrite filter; rewrite the path in the application or at the ingress.',
    fault: 'Linkerd has no fault injection; test with a failing backend instead.',
    cors: 'Linkerd has no CORS filter; answer CORS requests in the application or at the ingress.',
    directResponse: 'Linkerd routes cannot answer with a fixed response; route to a Service that returns it instead.',
  },
};

export const linkerdWriter: Writer = {
  target: 'linkerd',
  write: (fragment, ctx) => {
    const version = ctx.target.version ?? LATEST;
    const docs: OutDoc[] = [];
    for (const gw of fragment.gateways) {
      const doc = writeGateway(gw, ctx, LINKERD_DIALECT);
      ctx.note('Linkerd has no ingress of its own: this Gateway needs an ingress controller that implements Gateway API.', doc.obj);
      docs.push(doc, ...gatewayGrants(gw, LINKERD_DIALECT));
    }
    for (const route of routesWithPolicies(fragment, ctx)) {
      docs.push(...writeRoute(route, ctx, version), ...allTrafficTcpDocs(route, 'TCPRoute', tcp => writeRoute(tcp, ctx, version), (text, at) => ctx.note(text, at)));
    }
    docs.push(...subsetServiceDocs(fragment.subsets, 'Linkerd', ctx));
    return uniqueDocs(docs);
  },
};

/** One route, or one per retry/timeout policy when its rules differ (annotations are per route). */
function writeRoute(route: Route, ctx: WriteContext, version: string): OutDoc[] {
  if (unattached(route, ctx)) return [];
  if (route.protocol === 'tls' || route.protocol === 'tcp') return writeGatewayRoutes(route, ctx, LINKERD_DIALECT);
  const shadowed = new Set(routeOrder(route).shadowed.map(s => route.rules[s.index]));
  const groups = new Map<string, { rules: RouteRule[]; annotations: RuleAnnotations[] }>();
  for (const rule of route.rules) {
    if (shadowed.has(rule)) continue;
    const a = ruleAnnotations(rule, route, version);
    const key = JSON.stringify(a.values);
    const group = groups.get(key) ?? { rules: [], annotations: [] };
    group.rules.push(rule);
    group.annotations.push(a);
    groups.set(key, group);
  }
  // A rule never reached in the source is reported (and left out) with the first route.
  const parts = [...groups.values()];
  if (!parts.length) parts.push({ rules: [], annotations: [] });
  parts[0].rules.push(...shadowed);
  const docs: OutDoc[] = [];
  parts.forEach((group, i) => {
    const part: RoutePart = { name: parts.length > 1 ? `${route.name}-${i + 1}` : route.name, rules: new Set(group.rules) };
    const written = writeGatewayRoutes(route, ctx, LINKERD_DIALECT, part);
    docs.push(...written);
    const obj = routeDocOf(written)?.obj;
    if (!obj) return;
    annotate(obj, group.annotations, route, ctx);
    if (parts.length > 1) ctx.note('Linkerd\'s retry and timeout annotations apply to a whole route, so rules with a policy of their own are in a route of their own.', obj);
    for (const note of sourceDefaultsNotes(route, group.rules, 'Linkerd')) ctx.note(note, obj);
  });
  return docs;
}

function annotate(obj: OutMap, annotations: RuleAnnotations[], route: Route, ctx: WriteContext): void {
  const metadata = obj.metadata as OutMap;
  const values = annotations[0]?.values ?? {};
  if (Object.keys(values).length) {
    metadata.annotations = { ...values };
    if (route.from.kind === 'ServiceProfile') ctx.note('Linkerd ignores these annotations while a ServiceProfile exists for the Service: delete it when applying this route.', metadata, 'annotations');
  }
  const key = metadata.annotations ? 'annotations' : undefined;
  for (const a of annotations) {
    for (const lost of a.lost) ctx.drop(lost.origin, lost.reason, metadata, key);
    for (const need of a.needs) ctx.need(need.what, need.origin, metadata, key);
    for (const note of a.notes) ctx.note(note, metadata, 'annotations');
  }
}
