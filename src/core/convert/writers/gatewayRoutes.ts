// Model routes and gateways → Gateway API objects (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, Gateway,
// ReferenceGrant), for any target that reads Gateway API: the Gateway API writer itself, Istio,
// Linkerd and Consul's API gateway. What differs per target and version is its GatewayDialect.
import type { WriteContext } from '../contract';
import type { Fault, Gateway, Listener, ModelFragment, ParentRef, Route, RouteRule, ServicePolicy } from '../model';
import { faultOrigins } from '../model';
import type { OutDoc, OutMap } from '../output';
import type { GatewayDialect, GatewayKind } from './gatewayDialect';
import { hasStringPrefixes, sayExperimental } from './gatewayDialect';
import { backendRefs, headerMatch, type RouteWriting } from './gatewayMatches';
import { dropFault, headerModifier, httpRules, mirrorFilters, ruleName } from './gatewayRules';
import { checkFirstMatchOrder, type FirstMatchOrder } from './ruleOrder';
import { dropExternalHosts, dropParentlessRoute } from './unwrittenRoute';

export type { GatewayDialect, GatewayKind } from './gatewayDialect';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const NO_ORDER: FirstMatchOrder = { shadowed: [], overtakes: [] };

function kindOf(route: Route): GatewayKind {
  return route.protocol === 'grpc' ? 'GRPCRoute' : route.protocol === 'tls' ? 'TLSRoute' : route.protocol === 'tcp' ? 'TCPRoute' : 'HTTPRoute';
}

/** What a first-match-wins route's order becomes under Gateway API's precedence (nothing for other sources). */
export function routeOrder(route: Route): FirstMatchOrder {
  return route.ordered ? checkFirstMatchOrder(route.rules) : NO_ORDER;
}

/** Some rules of a route written as a route of their own (Linkerd splits routes by retry policy). */
export interface RoutePart { name: string; rules: Set<RouteRule> }

/**
 * The Gateway API objects for one route: the route itself (several TLSRoutes/TCPRoutes when rules
 * differ in SNI or port) and a ReferenceGrant per other namespace its backends live in. With `part`,
 * only those rules, under that name; the order is still checked on the whole source route.
 */
export function writeGatewayRoutes(route: Route, ctx: WriteContext, dialect: GatewayDialect, part?: RoutePart): OutDoc[] {
  if (unattached(route, ctx)) return [];
  const order = routeOrder(route);
  const w: RouteWriting = { route, ctx, dialect, stringPrefix: hasStringPrefixes(route), foreignNamespaces: new Set(), parentPort: commonPort(route) };
  const kind = kindOf(route);
  const docs: OutDoc[] = [];
  if (kind === 'TLSRoute' || kind === 'TCPRoute') {
    const parts = route.rules.length > 1 ? route.rules.map((r, i) => ({ name: `${route.name}-${i + 1}`, rules: [r] })) : [{ name: route.name, rules: route.rules }];
    for (const part of parts) docs.push(streamRoute(kind, part.name, part.rules, w));
  } else {
    const obj = routeObject(kind, part?.name ?? route.name, w);
    const spec = obj.spec as OutMap;
    const rules: OutMap[] = [];
    route.rules.forEach((rule, i) => {
      if (part && !part.rules.has(rule)) return;
      const shadow = order.shadowed.find(s => s.index === i);
      if (shadow) {
        ctx.drop(rule.origin, `Never matched in the source: the earlier rule ${describeRule(route.rules, shadow.by)} takes every request this one would.`, spec, 'rules');
        return;
      }
      const grpc = kind === 'GRPCRoute' ? grpcRule(rule, w) : undefined;
      const written = kind === 'GRPCRoute' ? (grpc ? [grpc] : []) : httpRules(rule, w);
      const over = order.overtakes.find(o => o.index === i);
      if (over && written[0]) {
        const regex = [rule, route.rules[over.over]].some(r => r.matches.some(m => m.path?.type === 'RegularExpression'));
        const here = regex ? 'Gateway API leaves the precedence of regular-expression matches to the implementation, so this rule may take them here.' : 'Gateway API gives this more specific rule precedence, so it takes them here.';
        ctx.note(`In the source, the earlier rule ${describeRule(route.rules, over.over)} took the requests both rules match; ${here}`, written[0]);
      }
      rules.push(...written);
    });
    spec.rules = rules;
    // A route whose every rule is left out would take nothing; Gateway API rejects it, so it is not written.
    if (rules.length) docs.push({ obj });
  }
  docs.push(...grants(kind, w));
  return docs;
}

/**
 * True, with each rule reported as not converted, when the route has nothing left to attach to (its
 * only host was not a Service): written anyway it would take no request.
 */
export function unattached(route: Route, ctx: WriteContext): boolean {
  dropExternalHosts(route, ctx);
  if (route.parents.length) return false;
  if (route.namesNoParent) { dropParentlessRoute(route, ctx); return true; }
  for (const rule of route.rules) ctx.drop(rule.origin, 'This route has nothing to attach to once its hosts are left out, so its rules are not converted.');
  return true;
}

/** The port every match of an HTTP or gRPC route names, when they all name the same one. */
function commonPort(route: Route): number | undefined {
  if (route.protocol !== 'http' && route.protocol !== 'grpc') return undefined;
  const matches = route.rules.flatMap(r => r.matches);
  const port = matches[0]?.port?.value;
  const same = route.parents.length > 0 && route.rules.every(r => r.matches.length) && matches.every(m => m.port?.value === port) && route.parents.every(p => p.port === undefined || p.port === port);
  return port !== undefined && same ? port : undefined;
}

function describeRule(rules: RouteRule[], index: number): string {
  return rules[index].name ? `"${rules[index].name}" (rule ${index + 1})` : `${index + 1}`;
}

function routeObject(kind: GatewayKind, name: string, w: RouteWriting): OutMap {
  const metadata: OutMap = { name };
  if (w.route.namespace) metadata.namespace = w.route.namespace;
  const spec: OutMap = { parentRefs: w.route.parents.map(p => parentRef(p, w.route, w.parentPort)) };
  const toGateway = w.route.parents.some(p => p.kind === 'Gateway');
  // Hostnames select requests at a Gateway; on a Service parent (GAMMA) the Service is the host.
  // `*` (every host) is what a route without hostnames means; Gateway API names hosts in lower case.
  const hostnames = [...new Set(w.route.hostnames.filter(h => h !== '*').map(h => h.toLowerCase()))];
  if (hostnames.length && (toGateway || kind === 'TLSRoute') && kind !== 'TCPRoute') spec.hostnames = hostnames;
  const obj: OutMap = { apiVersion: w.dialect.apiVersion[kind], kind, metadata, spec };
  if (w.dialect.experimentalKinds.includes(kind)) sayExperimental(w.ctx, `${kind} ${w.dialect.apiVersion[kind]}`, obj);
  return obj;
}

function parentRef(p: ParentRef, route: Route, matchedPort?: number): OutMap {
  const out: OutMap = p.kind === 'Service' ? { group: '', kind: 'Service', name: p.name } : { name: p.name };
  if (p.namespace && p.namespace !== route.namespace) out.namespace = p.namespace;
  if (p.kind === 'Gateway' && p.sectionName) out.sectionName = p.sectionName;
  if (p.port !== undefined) out.port = p.port;
  else if (matchedPort !== undefined) out.port = matchedPort;
  return out;
}

function grpcRule(rule: RouteRule, w: RouteWriting): OutMap | undefined {
  const at: OutMap = {};
  const name = w.dialect.ruleNames ? ruleName(rule.name) : undefined;
  if (name) at.name = name;
  const matches: OutMap[] = [];
  for (const m of rule.matches) {
    const match: OutMap = {};
    if (m.grpc) {
      const method: OutMap = {};
      if (m.grpc.type !== 'Exact') method.type = m.grpc.type;
      if (m.grpc.service) method.service = m.grpc.service;
      if (m.grpc.method) method.method = m.grpc.method;
      match.method = method;
    }
    if (m.headers.length) match.headers = m.headers.map(h => headerMatch(h, w, match));
    const lost = m.path ?? m.method ?? (m.port?.value !== w.parentPort ? m.port : undefined);
    if (lost || m.queryParams.length) {
      w.ctx.drop((lost ?? m.queryParams[0]).origin, 'A GRPCRoute matches gRPC services, methods and headers only; this match is left out, so its requests go to another rule.', at);
      continue;
    }
    matches.push(match);
  }
  if (rule.matches.length && !matches.length) {
    w.ctx.drop(rule.origin, 'None of this rule\'s matches can be written in a GRPCRoute, so the rule is left out rather than made to take every request.');
    return undefined;
  }
  if (matches.length) at.matches = matches;
  const filters: OutMap[] = [];
  if (rule.requestHeaders) filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: headerModifier(rule.requestHeaders) });
  if (rule.responseHeaders) filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: headerModifier(rule.responseHeaders) });
  filters.push(...mirrorFilters(rule, w, at));
  if (filters.length) at.filters = filters;
  const refs = backendRefs(rule.backends, w, at);
  if (refs.length) at.backendRefs = refs;
  const reason = 'A GRPCRoute cannot redirect, rewrite, answer CORS requests or answer with a fixed response.';
  for (const lost of [rule.redirect, rule.rewrite, rule.cors, rule.directResponse]) if (lost) w.ctx.drop(lost.origin, reason, at);
  if (w.dialect.retry !== 'caller') {
    if (rule.timeouts) w.ctx.drop(rule.timeouts.origin, 'A GRPCRoute has no timeouts in Gateway API.', at);
    if (rule.retry) w.ctx.drop(rule.retry.origin, 'A GRPCRoute has no retries in Gateway API.', at);
  }
  dropFault(rule, w, at);
  return at;
}

/** A TLSRoute or TCPRoute: backends only; SNI hosts become the route's hostnames, a port its parents' port. */
function streamRoute(kind: GatewayKind, name: string, rules: RouteRule[], w: RouteWriting): OutDoc {
  const obj = routeObject(kind, name, w);
  const spec = obj.spec as OutMap;
  const sni = [...new Set(rules.flatMap(r => r.matches.flatMap(m => m.sniHosts ?? [])))];
  if (kind === 'TLSRoute' && sni.length) spec.hostnames = sni;
  if (kind === 'TLSRoute' && !spec.hostnames) w.ctx.need(`the hostnames (SNI) of TLSRoute ${name}`, w.route.origin, spec);
  const ports = [...new Set(rules.flatMap(r => r.matches.map(m => m.port?.value)).filter((p): p is number => p !== undefined))];
  if (ports.length === 1) for (const p of spec.parentRefs as OutMap[]) p.port ??= ports[0];
  const out: OutMap[] = [];
  for (const rule of rules) {
    const at: OutMap = {};
    if (ports.length > 1) w.ctx.drop(rule.origin, `A ${kind} cannot tell ports apart; attach one route per port instead.`, at);
    at.backendRefs = backendRefs(rule.backends, w, at);
    const reason = `A ${kind} only forwards connections; it has no such setting.`;
    for (const lost of [rule.timeouts, rule.retry, ...rule.mirrors]) if (lost) w.ctx.drop(lost.origin, reason, at);
    if (rule.fault) for (const origin of faultOrigins(rule.fault)) w.ctx.drop(origin, reason, at);
    out.push(at);
  }
  spec.rules = out;
  return { obj };
}

/** One ReferenceGrant per namespace the route's backends live in, in that namespace. */
function grants(kind: GatewayKind, w: RouteWriting): OutDoc[] {
  const from = w.route.namespace;
  if (!from) return [];
  return [...w.foreignNamespaces].map(namespace => ({
    obj: {
      apiVersion: w.dialect.apiVersion.ReferenceGrant,
      kind: 'ReferenceGrant',
      metadata: { name: `mesh-lens-${from}-${kind.toLowerCase()}`, namespace },
      spec: { from: [{ group: GATEWAY_GROUP, kind, namespace: from }], to: [{ group: '', kind: 'Service' }] },
    },
    generated: `lets ${kind}s of namespace ${from} send traffic to Services of namespace ${namespace}`,
  }));
}

/** A ReferenceGrant per other namespace holding a listener's certificate Secret, in that namespace. */
export function gatewayGrants(gw: Gateway, dialect: GatewayDialect): OutDoc[] {
  const from = gw.namespace;
  if (!from) return [];
  const namespaces = new Set(gw.listeners.flatMap(l => l.tls?.certificateRefs ?? []).map(c => c.namespace).filter((n): n is string => !!n && n !== from));
  return [...namespaces].map(namespace => ({
    obj: {
      apiVersion: dialect.apiVersion.ReferenceGrant,
      kind: 'ReferenceGrant',
      metadata: { name: `mesh-lens-${from}-gateway`, namespace },
      spec: { from: [{ group: GATEWAY_GROUP, kind: 'Gateway', namespace: from }], to: [{ group: '', kind: 'Secret' }] },
    },
    generated: `lets Gateways of namespace ${from} use certificate Secrets of namespace ${namespace}`,
  }));
}

/** A Gateway API Gateway: listeners with the same port, protocol and hostname merged. */
export function writeGateway(gw: Gateway, ctx: WriteContext, dialect: GatewayDialect): OutDoc {
  const metadata: OutMap = { name: gw.name };
  if (gw.namespace) metadata.namespace = gw.namespace;
  const spec: OutMap = { gatewayClassName: gw.className ?? dialect.gatewayClass ?? 'set-gateway-class' };
  if (!gw.className && !dialect.gatewayClass) ctx.need(`the GatewayClass of Gateway ${gw.name}`, gw.origin, spec, 'gatewayClassName');
  const obj: OutMap = { apiVersion: dialect.apiVersion.Gateway, kind: 'Gateway', metadata, spec };
  if (gw.selector && Object.keys(gw.selector).length) {
    ctx.note(`The source picked its gateway pods by labels (${Object.entries(gw.selector).map(([k, v]) => `${k}=${v}`).join(', ')}); a Gateway API Gateway gets its own from its GatewayClass.`, obj);
  }
  const listeners: OutMap[] = [];
  const byTriple = new Map<string, OutMap>();
  const names = new Set<string>();
  for (const l of gw.listeners) {
    const listener = listenerObject(l, ctx);
    const triple = `${String(listener.port)}/${String(listener.protocol)}/${String(listener.hostname ?? '')}`;
    const same = byTriple.get(triple);
    if (same) {
      mergeListener(same, listener);
      continue;
    }
    let name = listener.name as string;
    for (let n = 2; names.has(name); n++) name = `${listener.name as string}-${n}`;
    listener.name = name;
    names.add(name);
    byTriple.set(triple, listener);
    listeners.push(listener);
  }
  spec.listeners = listeners;
  return { obj };
}

function listenerObject(l: Listener, ctx: WriteContext): OutMap {
  const name = l.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'listener';
  const protocol = l.protocol === 'GRPC' ? (l.tls ? 'HTTPS' : 'HTTP') : l.protocol;
  const out: OutMap = { name, port: l.port, protocol };
  if (l.protocol === 'GRPC') ctx.note('Gateway API serves gRPC on HTTP and HTTPS listeners.', out, 'protocol');
  if (l.hostname && l.hostname !== '*' && protocol !== 'TCP') out.hostname = l.hostname;
  if (l.tls && protocol !== 'HTTP' && protocol !== 'TCP') {
    const tls: OutMap = { mode: l.tls.mode };
    if (l.tls.mode === 'Terminate') {
      tls.certificateRefs = l.tls.certificateRefs.map(c => (c.namespace ? { name: c.name, namespace: c.namespace } : { name: c.name }));
      if (!l.tls.certificateRefs.length) {
        tls.certificateRefs = [{ name: 'set-certificate-secret' }];
        ctx.need(`the certificate Secret of listener ${name}`, l.origin, tls, 'certificateRefs');
      }
    }
    out.tls = tls;
  }
  const namespaces: OutMap = { from: l.allowedRoutes.from };
  if (l.allowedRoutes.from === 'Selector') namespaces.selector = { matchLabels: { 'kubernetes.io/metadata.name': l.allowedRoutes.namespace ?? '' } };
  out.allowedRoutes = { namespaces };
  return out;
}

/** Two listeners on the same port, protocol and hostname are one: certificates and admitted namespaces add up. */
function mergeListener(into: OutMap, other: OutMap): void {
  const tls = into.tls as OutMap | undefined, otherTls = other.tls as OutMap | undefined;
  if (tls?.certificateRefs && otherTls?.certificateRefs) {
    const refs = [...(tls.certificateRefs as OutMap[]), ...(otherTls.certificateRefs as OutMap[])];
    tls.certificateRefs = refs.filter((r, i) => refs.findIndex(x => x.name === r.name && x.namespace === r.namespace) === i);
  }
  const a = (into.allowedRoutes as OutMap).namespaces as OutMap, b = (other.allowedRoutes as OutMap).namespaces as OutMap;
  if (JSON.stringify(a) !== JSON.stringify(b)) (into.allowedRoutes as OutMap).namespaces = { from: 'All' };
}

/**
 * The routes to write for a fragment: its routes with the service-wide policies (retries, timeouts,
 * faults of a whole Service) merged into the rules of the route for that Service that say nothing of
 * their own, or a catch-all route to the Service itself carrying them.
 */
export function routesWithPolicies(fragment: ModelFragment, ctx: WriteContext): Route[] {
  const routes = fragment.routes.map(r => ({ ...r, rules: r.rules.map(rule => ({ ...rule })) }));
  const widened = new Set<string>();
  for (const p of fragment.servicePolicies) {
    // Routes have no caller: retries and timeouts the source set for some callers reach every caller.
    const scope = p.callersOrigin;
    if (p.callers && scope && (p.retry || p.timeouts) && !widened.has(`${scope.path}:${scope.line}`)) {
      widened.add(`${scope.path}:${scope.line}`);
      const what = p.retry && p.timeouts ? 'retries and timeouts' : p.retry ? 'retries' : 'timeouts';
      ctx.drop(scope, `The source sets these ${what} only for calls from ${p.callers}; the converted route sets them for every caller of ${p.service.name}.`);
    }
    const scoped = p.route;
    const target = routes.find(r => (scoped ? r.name === scoped.name : r.parents.some(x => x.kind === 'Service' && x.name === p.service.name)));
    if (scoped && !target) {
      ctx.drop(p.origin, `This applies only to route ${scoped.name}, which is converted from another resource: add these settings to that route.`);
      continue;
    }
    const fault = callerScopedFault(p, ctx);
    if (target) {
      mergeIntoRules(target.rules, { ...p, fault }, ctx);
      continue;
    }
    const parent: ParentRef = { kind: 'Service', name: p.service.name, origin: p.service.origin };
    if (p.service.namespace) parent.namespace = p.service.namespace;
    if (p.service.port !== undefined) parent.port = p.service.port;
    routes.push({
      protocol: p.protocol ?? 'http',
      name: p.from.name,
      namespace: p.service.namespace ?? p.from.namespace,
      parents: [parent],
      hostnames: [],
      rules: [{ matches: [], backends: [{ ref: { ...p.service, subset: undefined }, weight: 1, origin: p.service.origin }], mirrors: [], timeouts: p.timeouts, retry: p.retry, fault, origin: p.origin }],
      ordered: false,
      from: p.from,
      origin: p.origin,
    });
  }
  return routes;
}

/**
 * A fault the source injects only for some callers (a Kuma `from[]` or `rules[]` entry naming them):
 * a route rule would inject it for every caller, which breaks callers the source left alone, so it is
 * dropped rather than widened.
 */
function callerScopedFault(p: ServicePolicy, ctx: WriteContext): Fault | undefined {
  if (!p.fault || !p.callers) return p.fault;
  const reason = `The source injects this fault only for requests from ${p.callers}; a route rule injects it for every caller, so it is not converted.`;
  for (const origin of faultOrigins(p.fault)) ctx.drop(origin, reason);
  return undefined;
}

/**
 * A service-wide policy into the rules of the route for its Service, in each rule that says nothing of
 * that setting itself (the rule's own setting is the more specific one). A delay and an abort from two
 * policies make one fault. A setting that lands in no rule at all is dropped with the reason.
 */
function mergeIntoRules(rules: RouteRule[], p: ServicePolicy, ctx: WriteContext): void {
  let timeouts = false, retry = false, delay = false, abort = false;
  for (const rule of rules) {
    if (p.timeouts && !rule.timeouts) { rule.timeouts = p.timeouts; timeouts = true; }
    if (p.retry && !rule.retry) { rule.retry = p.retry; retry = true; }
    const f = p.fault;
    if (!f) continue;
    const merged: Fault = rule.fault ? { ...rule.fault } : { origin: f.origin };
    if (f.delay && !merged.delay) { merged.delay = f.delay; delay = true; }
    if (f.abort && !merged.abort) { merged.abort = f.abort; abort = true; }
    if (merged.delay || merged.abort) rule.fault = merged;
  }
  const reason = (what: string) => `Every rule of the route written for ${p.service.name} already takes ${what} from an earlier part of the source, and a rule holds only one; this one is not converted.`;
  if (p.timeouts && !timeouts) ctx.drop(p.timeouts.origin, reason('its timeouts'));
  if (p.retry && !retry) ctx.drop(p.retry.origin, reason('its retries'));
  if (p.fault?.delay && !delay) ctx.drop(p.fault.delay.origin, reason('a fault delay'));
  if (p.fault?.abort && !abort) ctx.drop(p.fault.abort.origin, reason('a fault abort'));
}

/** The route object among what writeGatewayRoutes wrote (not its grants), if one was written. */
export function routeDocOf(docs: OutDoc[]): OutDoc | undefined {
  return docs.find(d => String(d.obj.kind).endsWith('Route'));
}

/** Drops repeated objects (the same grant written for two routes), keeping the first. */
export function uniqueDocs(docs: OutDoc[]): OutDoc[] {
  const seen = new Set<string>();
  return docs.filter(d => {
    const m = d.obj.metadata as OutMap | undefined;
    const key = `${String(d.obj.apiVersion)}/${String(d.obj.kind)}/${String(m?.namespace ?? '')}/${String(m?.name)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
