// A mesh route for Service S as a ServiceRouter named S, with ServiceSplitters for weighted backends.
// Consul takes the first route that matches. A source that already works that way (Istio, Consul)
// keeps its order; one that picks the most specific rule (Gateway API, Linkerd, Kuma) is sorted by
// Gateway API precedence first, so the same rule wins. Consul splits apply to a whole service: a
// split inside one route of a router goes through a service name of its own.
import type { WriteContext } from '../../contract';
import type { ModelFragment, ParentRef, Route, RouteMatch, RouteRule, WeightedBackend } from '../../model';
import { faultOrigins } from '../../model';
import type { OutDoc, OutMap, OutValue } from '../../output';
import { comment } from '../../output';
import { weightsToPercent, escapeRegex } from '../../values';
import { comparePrecedence } from '../ruleOrder';
import { checkSubset, consulDestination } from './destination';
import { consulObject, L7Services } from './entries';

type ServiceParent = Extract<ParentRef, { kind: 'Service' }>;

/** What writing one source resource for Consul collects: routers by service, generated entries. */
export interface ConsulWriting {
  fragment: ModelFragment;
  ctx: WriteContext;
  l7: L7Services;
  routers: Map<string, OutMap>;
  docs: OutDoc[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

export function routerKey(name: string, namespace: string | undefined): string {
  return `${namespace ?? ''}/${name}`;
}

/** The ServiceRouter of a service, created on first use; the writer outputs those that have routes. */
export function routerFor(name: string, namespace: string | undefined, w: ConsulWriting): OutMap {
  const key = routerKey(name, namespace);
  let router = w.routers.get(key);
  if (!router) {
    router = consulObject('ServiceRouter', name, namespace, { routes: [] });
    w.routers.set(key, router);
  }
  return router;
}

export function writeConsulMeshRoute(route: Route, parent: ServiceParent, w: ConsulWriting): void {
  const { ctx } = w;
  const service = parent.name;
  const namespace = parent.namespace ?? route.namespace;
  const protocol = route.protocol === 'grpc' ? 'grpc' : 'http';
  if (route.protocol === 'tcp' || route.protocol === 'tls') {
    ctx.drop(route.origin, `Consul routes and splits only HTTP and gRPC traffic; ${route.protocol.toUpperCase()} traffic to ${service} cannot be routed by rules.`);
    return;
  }
  w.l7.add(service, namespace, protocol);
  if (parent.port !== undefined) ctx.note(`Consul routes every port of ${service} alike; the source routed only port ${parent.port}.`, routerFor(service, namespace, w));

  const router = routerFor(service, namespace, w);
  if (/(^|\.)istio\.io\//.test(route.from.apiVersion) && route.rules.some(r => !r.retry)) {
    ctx.note('Istio retried a failed request twice by default (connect-failure, refused-stream, unavailable, cancelled, retriable status codes); Consul retries only where a route says so.', router);
  }

  // A split of every request no other rule takes is a split of the service itself, unless another
  // rule sends requests to the service as a whole (they would be split too). In a first-match source
  // that is the last rule; in a specificity-sorted one, a rule without matches always comes last.
  const candidates = route.ordered ? route.rules.slice(-1) : route.rules;
  // A lone backend whose weight the source wrote is a split at 100 %, where a rollout starts: kept as a splitter.
  const split = candidates.find(r => !r.matches.length && (r.backends.length > 1 || r.backends.some(b => b.written)) && !r.redirect && !r.directResponse);
  const toItself = route.rules.some(r => r !== split && r.backends.some(b => b.ref.name === service && !b.ref.subset && (b.ref.namespace ?? namespace) === namespace));
  const splitsService = split && !toItself ? split : undefined;
  if (splitsService) {
    const obj = splitter(service, namespace, splitsService.backends, w, protocol);
    if (route.rules.length > 1) comment(obj, `Requests that no route of the ServiceRouter ${service} takes go to ${service}, which this splits.`);
    w.docs.push({ obj });
    if (!hasDestinationSettings(splitsService)) dropUnwritable(splitsService, ctx);
  }

  const entries: Entry[] = [];
  route.rules.forEach((rule, index) => {
    if (rule === splitsService && !hasDestinationSettings(rule)) return;
    if (!rule.matches.length) { entries.push({ rule, index, splitsService: rule === splitsService }); return; }
    const kept = rule.matches.flatMap(match => consulMatch(match, route, ctx, router).map(c => ({ match, ...c })));
    if (!kept.length) ctx.drop(rule.origin, 'None of the matches of this rule can be written for Consul, so the rule is left out rather than taking every request.', router);
    for (const k of kept) entries.push({ rule, index, match: k.match, http: k.http, segment: k.segment });
  });
  if (!route.ordered) {
    entries.sort((a, b) => comparePrecedence(a.match, b.match) || a.index - b.index);
    if (entries.length > 1) {
      ctx.note(`Consul takes the first route that matches: these routes are sorted most specific first, the order in which ${route.from.kind} chose among them.`, router);
    }
  }
  entries.forEach((entry, i) => addRoute(route, entry, { service, namespace }, w, i === entries.length - 1));
}

/** One route to write: a rule with one of its matches; `splitsService` when the service's own splitter splits it. */
interface Entry { rule: RouteRule; index: number; match?: RouteMatch; http?: OutMap; segment?: boolean; splitsService?: boolean }

function hasDestinationSettings(rule: RouteRule): boolean {
  return !!(rule.timeouts || rule.retry || rule.requestHeaders || rule.responseHeaders || rule.rewrite);
}

/** Says what a split-only rule carries that Consul cannot (mirrors, faults, CORS). */
function dropUnwritable(rule: RouteRule, ctx: WriteContext): void {
  for (const m of rule.mirrors) ctx.drop(m.origin, 'Consul has no traffic mirroring.');
  if (rule.fault) for (const origin of faultOrigins(rule.fault)) ctx.drop(origin, 'Consul fault injection needs Consul Enterprise.');
  if (rule.cors) ctx.drop(rule.cors.origin, 'Consul service routers cannot answer CORS requests; answer them in the application.');
}

/** The ServiceSplitter of `name`: the relative weights as percentages that sum to 100. */
function splitter(name: string, namespace: string | undefined, backends: WeightedBackend[], w: ConsulWriting, protocol: 'http' | 'grpc'): OutMap {
  const percents = weightsToPercent(backends.map(b => b.weight));
  const splits = backends.map((b, i) => {
    const split: OutMap = { weight: percents[i], service: b.ref.name };
    if (b.ref.subset) split.serviceSubset = b.ref.subset;
    if (b.ref.namespace && b.ref.namespace !== namespace) split.namespace = b.ref.namespace;
    w.l7.add(b.ref.name, b.ref.namespace ?? namespace, protocol);
    checkSubset(b.ref, split, w);
    return split;
  });
  return consulObject('ServiceSplitter', name, namespace, { splits });
}

function addRoute(route: Route, entry: Entry, owner: { service: string; namespace?: string }, w: ConsulWriting, last = false): void {
  const { ctx } = w;
  const { rule, index } = entry;
  const router = routerFor(owner.service, owner.namespace, w);
  const routes = (router.spec as OutMap).routes as OutValue[];
  if (rule.redirect) {
    ctx.drop(rule.redirect.origin, 'Consul routers cannot redirect; the rule is left out, so its requests go to the next route that matches.', router);
    return;
  }
  if (rule.directResponse) {
    ctx.drop(rule.directResponse.origin, 'Consul cannot answer a request itself; the rule is left out, so its requests go to the next route that matches.', router);
    return;
  }
  const out: OutMap = {};
  if (entry.http && Object.keys(entry.http).length) out.match = { http: entry.http };
  const destination = consulDestination(route, rule, owner, w, entry.http, entry.segment);
  const protocol = route.protocol === 'grpc' ? 'grpc' : 'http';
  if (rule.backends.length > 1 && !entry.splitsService) {
    const virtual = `${owner.service}-${rule.name && DNS_LABEL.test(rule.name) ? rule.name : `split-${index + 1}`}`;
    destination.service = virtual;
    if (!w.docs.some(d => d.obj.kind === 'ServiceSplitter' && (d.obj.metadata as OutMap).name === virtual)) {
      const split = splitter(virtual, owner.namespace, rule.backends, w, protocol);
      comment(split, `Consul splits a whole service, so the split of rule ${index + 1} of ${route.name} has a service name of its own.`);
      w.docs.push({ obj: split, generated: `a service name for the split of rule ${index + 1} of ${route.name}, since Consul splits whole services` });
    }
    w.l7.add(virtual, owner.namespace, protocol);
  }
  out.destination = destination;
  // A last catch-all route to the service itself, with nothing else, is what Consul does anyway.
  if (last && !out.match && Object.keys(destination).length === 1 && destination.service === owner.service) {
    ctx.note(`Requests that no route here takes go to ${owner.service} itself, as rule ${index + 1} of ${route.name} says.`, router);
    return;
  }
  routes.push(out);
}

/** One `match.http` of a route; `segment` marks the `<prefix>/` half of a path-segment prefix. */
interface ConsulMatch { http: OutMap; segment?: boolean }

/** The `match.http` forms of one match, or none when a condition cannot be written (the match is left out). */
function consulMatch(m: RouteMatch, route: Route, ctx: WriteContext, at: OutMap): ConsulMatch[] {
  if (m.port) {
    ctx.drop(m.port.origin, 'A Consul route cannot match on the destination port, so this match is left out and the rule takes less than before.', at);
    return [];
  }
  if (m.method && !METHODS.has(m.method.value.toUpperCase())) {
    ctx.drop(m.method.origin, `Consul matches only standard HTTP methods, not "${m.method.value}"; this match is left out.`, at);
    return [];
  }
  const rest = otherConditions(m);
  if (m.path?.type === 'Exact') return [{ http: { pathExact: m.path.value, ...rest } }];
  if (m.path?.type === 'RegularExpression') return [{ http: { pathRegex: m.path.value, ...rest } }];
  if (m.path) {
    const value = m.path.value;
    if (route.ordered || value === '/') return [{ http: { pathPrefix: value, ...rest } }];
    // Consul's pathPrefix is a plain string prefix; the source matched whole path segments.
    const bare = value.replace(/\/+$/, '');
    const under: OutMap = { pathPrefix: `${bare}/`, ...rest };
    comment(under, `Consul's pathPrefix ${bare} would also take ${bare}x, so the exact path and the prefix ${bare}/ keep the segment match of the source.`, 'pathPrefix');
    return [{ http: { pathExact: bare, ...rest } }, { http: under, segment: true }];
  }
  if (m.grpc) {
    const g = m.grpc;
    if (g.type === 'Exact' && g.service && g.method) return [{ http: { pathExact: `/${g.service}/${g.method}`, ...rest } }];
    if (g.type === 'Exact' && g.service) return [{ http: { pathPrefix: `/${g.service}/`, ...rest } }];
    const part = (p: string | undefined) => (p === undefined ? '[^/]+' : g.type === 'Exact' ? escapeRegex(p) : p);
    return [{ http: { pathRegex: `/${part(g.service)}/${part(g.method)}`, ...rest } }];
  }
  return [{ http: rest }];
}

/** Headers, query parameters and method of a match, as Consul writes them. */
function otherConditions(m: RouteMatch): OutMap {
  const http: OutMap = {};
  if (m.headers.length) {
    http.header = m.headers.map(h => {
      if (h.type === 'Present') return { name: h.name, present: true };
      const op = h.type === 'Exact' ? 'exact' : h.type === 'Prefix' ? 'prefix' : 'regex';
      return { name: h.name, [op]: h.value };
    });
  }
  if (m.queryParams.length) {
    http.queryParam = m.queryParams.map(q => {
      if (q.type === 'Present') return { name: q.name, present: true };
      if (q.type === 'Exact') return { name: q.name, exact: q.value };
      return { name: q.name, regex: q.type === 'Prefix' ? `${escapeRegex(q.value)}.*` : q.value };
    });
  }
  if (m.method) http.methods = [m.method.value.toUpperCase()];
  return http;
}
