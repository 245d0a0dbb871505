// Writes the neutral model for Istio: Gateway API for routing (Istio implements GAMMA and reads
// HTTPRoute mirrors with their share, timeouts, retries and CORS), and Istio's own kinds for what an
// HTTPRoute cannot carry: a VirtualService per mesh route that needs one (chosen per route, the reason
// in a comment), a DestinationRule for subsets (Istio keeps subsets, so no per-subset Services).
import { compareVersions } from '../../catalog';
import type { WriteContext, Writer } from '../contract';
import type { Gateway, Route, Subset } from '../model';
import type { OutDoc, OutMap } from '../output';
import { splitServiceHost } from '../values';
import { hasStringPrefixes, type GatewayDialect } from './gatewayDialect';
import { gatewayGrants, routeDocOf, routeOrder, routesWithPolicies, unattached, uniqueDocs, writeGateway, writeGatewayRoutes } from './gatewayRoutes';
import { EXPORT_TO_REASON } from './istioOnly';
import { writeVirtualService } from './istioVirtualService';
import { routeSubsets } from './routeSubsets';
import { subsetServiceDocs } from './subsetServices';
import { sourceDefaultsNotes, sourceMesh } from './sourceDefaults';

const LATEST = '1.30';

/** What Istio `version` reads of Gateway API: TCPRoute and TLSRoute only as v1alpha2 up to 1.30. */
export function istioDialect(version = LATEST): GatewayDialect {
  const alpha = compareVersions(version, '1.30') <= 0;
  const stream = alpha ? 'gateway.networking.k8s.io/v1alpha2' : 'gateway.networking.k8s.io/v1';
  return {
    name: 'Istio',
    apiVersion: {
      HTTPRoute: 'gateway.networking.k8s.io/v1', GRPCRoute: 'gateway.networking.k8s.io/v1', TLSRoute: stream, TCPRoute: stream,
      Gateway: 'gateway.networking.k8s.io/v1', ReferenceGrant: 'gateway.networking.k8s.io/v1beta1',
    },
    experimentalKinds: alpha ? ['TLSRoute', 'TCPRoute'] : [],
    timeouts: 'standard',
    backendRequest: true,
    retry: 'experimental',
    mirror: 'share',
    urlRewrite: true,
    cors: 'standard',
    ruleNames: true,
    gatewayClass: 'istio',
    reasons: {
      fault: 'Istio injects faults only from a VirtualService, and a VirtualService cannot attach to a Gateway API Gateway.',
      directResponse: 'Istio answers with a fixed response only from a VirtualService, and a VirtualService cannot attach to a Gateway API Gateway.',
    },
  };
}

/** Why a mesh route must be a VirtualService, or undefined when an HTTPRoute (or TLSRoute, TCPRoute) carries all of it. */
export function virtualServiceReason(route: Route): string | undefined {
  if (route.parents.some(p => p.kind === 'Gateway')) return undefined;
  if (route.allTraffic) return 'it sends TCP connections to the other service as well as HTTP requests';
  if (route.meshHosts?.length || route.externalHosts?.length) return 'it attaches to hosts that are not Services of the cluster, which only a VirtualService can';
  if (route.namesNoHost) return 'it names no host, so it takes traffic only where another VirtualService delegates to it';
  const stream = route.protocol === 'tls' || route.protocol === 'tcp';
  const why = stream ? undefined : httpReason(route);
  if (why) return why;
  if (route.exportTo) return `it is visible only to the namespaces it names (exportTo), which ${stream ? 'a Gateway API route' : 'an HTTPRoute'} cannot say`;
  return undefined;
}

function httpReason(route: Route): string | undefined {
  const rules = route.rules;
  if (rules.some(r => r.fault)) return 'it injects faults';
  if (rules.some(r => r.directResponse)) return 'it answers with a fixed response';
  if (rules.some(r => r.retry && r.retry.attempts !== 0)) return 'it retries, which an HTTPRoute says only with the experimental-channel CRDs';
  if (rules.some(r => [...r.backends.map(b => b.ref), ...r.mirrors.map(m => m.backend)].some(ref => ref.subset))) return 'it routes to subsets, which Istio keeps in a DestinationRule';
  if (rules.some(r => r.matches.some(m => [...m.headers, ...m.queryParams].some(v => v.type === 'Prefix' || v.type === 'Present')))) return 'it matches by prefix or presence, which an HTTPRoute says only with regular expressions';
  const order = routeOrder(route);
  if (order.shadowed.length || order.overtakes.length) return 'its rules take the first match, and Gateway API\'s precedence would change which rule takes some requests';
  if (hasStringPrefixes(route) && rules.some(r => r.matches.some(m => m.path?.type === 'PathPrefix' && m.path.value !== '/'))) return 'its path prefixes are string prefixes (/api also takes /apis), which a PathPrefix match is not';
  return undefined;
}

export const istioWriter: Writer = {
  target: 'istio',
  write: (fragment, ctx) => {
    const dialect = istioDialect(ctx.target.version);
    const docs: OutDoc[] = fragment.gateways.flatMap(gw => writeIstioGateways(gw, ctx, dialect));
    for (const route of routesWithPolicies(fragment, ctx)) {
      const why = virtualServiceReason(route);
      if (!why && unattached(route, ctx)) continue;
      if (why) {
        const doc = writeVirtualService(route, ctx, why);
        for (const note of sourceDefaultsNotes(route, route.rules, 'Istio')) ctx.note(note, doc.obj);
        docs.push(doc);
        continue;
      }
      if (route.exportTo) ctx.drop(route.exportTo.origin, EXPORT_TO_REASON);
      docs.push(...gatewayRoutes(route, ctx, dialect), ...subsetServiceDocs(routeSubsets([route], fragment, ctx), 'Istio\'s Gateway API support', ctx));
    }
    docs.push(...destinationRules(fragment.subsets));
    return uniqueDocs(docs);
  },
};

function gatewayRoutes(route: Route, ctx: WriteContext, dialect: GatewayDialect): OutDoc[] {
  const docs = writeGatewayRoutes(route, ctx, dialect);
  const written = routeDocOf(docs);
  if (!written) return docs;
  for (const note of sourceDefaultsNotes(route, route.rules, 'Istio')) ctx.note(note, written.obj);
  const defaultRetries = route.protocol === 'http' && !sourceMesh(route) && route.rules.some(r => !r.retry && !r.redirect && !r.directResponse);
  if (defaultRetries) {
    ctx.note('Istio retries a failed request twice when a route sets no retries (on connection failures, refused streams and unavailable backends); the source did not. A VirtualService with retries.attempts 0 would switch that off.', written.obj);
  }
  return docs;
}

/**
 * A Gateway as a Gateway API Gateway, and its servers for Istio's own mesh traffic (AUTO_PASSTHROUGH)
 * as an Istio Gateway of the same name and pods: those servers take no routes, so the routes still
 * attach to the Gateway API one. Only such servers: only the Istio Gateway.
 */
function writeIstioGateways(gw: Gateway, ctx: WriteContext, dialect: GatewayDialect): OutDoc[] {
  const servers = gw.meshServers ?? [];
  const docs = gw.listeners.length || !servers.length ? [writeGateway(gw, ctx, dialect), ...gatewayGrants(gw, dialect)] : [];
  if (!servers.length) return docs;
  const metadata: OutMap = { name: gw.name };
  if (gw.namespace) metadata.namespace = gw.namespace;
  const spec: OutMap = {};
  if (gw.selector) spec.selector = { ...gw.selector };
  spec.servers = servers.map(s => {
    const port: OutMap = { number: s.port.number };
    if (s.port.name !== undefined) port.name = s.port.name;
    port.protocol = s.port.protocol;
    const server: OutMap = { port, tls: { mode: s.tlsMode }, hosts: [...s.hosts] };
    if (s.name !== undefined) server.name = s.name;
    return server;
  });
  const obj: OutMap = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata, spec };
  ctx.note('An Istio Gateway for the servers that carry Istio\'s own mesh traffic between clusters (AUTO_PASSTHROUGH), which a Gateway API Gateway cannot say; it stays on the gateway pods the source selected.', obj);
  docs.push({ obj });
  return docs;
}

/** Subsets stay subsets: one DestinationRule per host. */
function destinationRules(subsets: Subset[]): OutDoc[] {
  const byHost = new Map<string, Subset[]>();
  for (const s of subsets) {
    const key = `${s.namespace ?? s.from.namespace ?? ''}/${s.host}`;
    byHost.set(key, [...(byHost.get(key) ?? []), s]);
  }
  return [...byHost.values()].map(list => {
    const first = list[0];
    const namespace = first.namespace ?? first.from.namespace;
    const metadata: OutMap = { name: first.from.kind === 'DestinationRule' ? first.from.name : splitServiceHost(first.host).name };
    if (namespace) metadata.namespace = namespace;
    return {
      obj: {
        apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata,
        spec: { host: first.host, subsets: list.map(s => ({ name: s.name, labels: { ...s.labels } })) },
      },
    };
  });
}
