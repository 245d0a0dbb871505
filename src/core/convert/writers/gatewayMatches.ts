// Match conditions and backends of Gateway API rules. Gateway API matches paths, headers, query
// parameters and methods; its path prefix is per path element, header and query matches are Exact or
// RegularExpression only. Everything else is rewritten to an equivalent expression or left out with a
// word: a condition is never widened silently.
import type { WriteContext } from '../contract';
import type { BackendRef, PathMatch, Route, RouteMatch, ValueMatch, WeightedBackend } from '../model';
import type { OutMap } from '../output';
import { percentToWeights, escapeRegex } from '../values';
import type { GatewayDialect } from './gatewayDialect';
import { backendServiceName } from './subsetServices';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** What writing one route needs, and where cross-namespace backends are collected for their grants. */
export interface RouteWriting {
  route: Route;
  ctx: WriteContext;
  dialect: GatewayDialect;
  /** The source reads path prefixes as string prefixes (Istio, Consul). */
  stringPrefix: boolean;
  /** Namespaces of backends outside the route's namespace. */
  foreignNamespaces: Set<string>;
  /** The destination port every match names, written as the parents' port instead. */
  parentPort?: number;
}

/** One HTTPRoute match, or undefined when a condition cannot be expressed (the match is left out, said at `at`). */
export function httpMatch(m: RouteMatch, w: RouteWriting, at: OutMap): OutMap | undefined {
  const out: OutMap = {};
  if (m.method && !METHODS.has(m.method.value.toUpperCase())) {
    w.ctx.drop(m.method.origin, `Gateway API matches only the methods ${[...METHODS].join(', ')}; a match on ${m.method.value} is left out, so its requests go to another rule.`, at);
    return undefined;
  }
  if (m.grpc) {
    w.ctx.drop(m.grpc.origin, 'A gRPC method match needs a GRPCRoute; this match is left out, so its requests go to another rule.', at);
    return undefined;
  }
  if (m.path) out.path = pathMatch(m.path, w, out);
  if (m.headers.length) out.headers = m.headers.map(h => valueMatch(h, 'header', w, out));
  if (m.queryParams.length) out.queryParams = m.queryParams.map(q => valueMatch(q, 'query parameter', w, out));
  if (m.method) out.method = m.method.value.toUpperCase();
  if (m.port && m.port.value !== w.parentPort) {
    w.ctx.drop(m.port.origin, `Gateway API matches have no destination port; this match is left out, so requests to port ${m.port.value} go to another rule. Attach a route to that port of the parent instead.`, at);
    return undefined;
  }
  return out;
}

function pathMatch(p: PathMatch, w: RouteWriting, at: OutMap): OutMap {
  if (p.type === 'RegularExpression') {
    w.ctx.note('Gateway API leaves regular-expression support and precedence to the implementation.', at, 'path');
    return { type: 'RegularExpression', value: p.value };
  }
  if (p.type === 'Exact' || !w.stringPrefix || p.value === '/') return { type: p.type, value: p.value };
  // A string prefix (`/api` takes `/apis`) becomes an element prefix, kept rather than turned into a
  // regular expression: PathPrefix works and ranks the same on every implementation.
  if (p.value.endsWith('/')) {
    w.ctx.note(`The source's prefix ${p.value} did not take ${p.value.slice(0, -1)} itself; PathPrefix ${p.value} takes it too.`, at, 'path');
  } else {
    w.ctx.note(`The source's prefix ${p.value} also took paths like ${p.value}x; PathPrefix ${p.value} takes only ${p.value} and ${p.value}/…, so those requests go to another rule.`, at, 'path');
  }
  return { type: 'PathPrefix', value: p.value };
}

/** A header match of an HTTPRoute or GRPCRoute. */
export function headerMatch(v: ValueMatch, w: RouteWriting, at: OutMap): OutMap {
  return valueMatch(v, 'header', w, at);
}

function valueMatch(v: ValueMatch, what: string, w: RouteWriting, at: OutMap): OutMap {
  switch (v.type) {
    case 'Exact': return { name: v.name, value: v.value };
    case 'RegularExpression':
      w.ctx.note('Gateway API leaves regular-expression support to the implementation.', at);
      return { type: 'RegularExpression', name: v.name, value: v.value };
    case 'Prefix':
      w.ctx.note(`Gateway API has no prefix match: the ${what} ${v.name} prefix ${v.value} is the regular expression ^${escapeRegex(v.value)}.*, whose support is left to the implementation.`, at);
      return { type: 'RegularExpression', name: v.name, value: `^${escapeRegex(v.value)}.*` };
    case 'Present':
      w.ctx.note(`Gateway API has no presence match: the ${what} ${v.name} is matched with the regular expression .*, whose support is left to the implementation.`, at);
      return { type: 'RegularExpression', name: v.name, value: '.*' };
  }
}

/** A backendRef to a Service (a subset's own Service for a subset), or undefined when the target cannot reach it. */
export function backendRef(ref: BackendRef, w: RouteWriting, weight?: number): OutMap | undefined {
  if (ref.external) {
    w.ctx.drop(ref.origin, `${ref.name} is not a Kubernetes Service, and ${w.dialect.name} routes go only to Services: create a Service for it (for example of type ExternalName) and route to that.`);
    return undefined;
  }
  const out: OutMap = { name: '' };
  out.name = backendServiceName(ref, w.ctx, out);
  const namespace = ref.namespace ?? w.route.namespace;
  if (ref.namespace && ref.namespace !== w.route.namespace) {
    out.namespace = ref.namespace;
    if (w.route.namespace) w.foreignNamespaces.add(ref.namespace);
  }
  const port = ref.port ?? onlyPort(ref, namespace, w.ctx);
  if (port !== undefined) out.port = port;
  else w.ctx.need(`the port of Service ${ref.name}`, ref.origin, out);
  if (weight !== undefined) out.weight = weight;
  return out;
}

/** The port of a Service of the input that has exactly one. */
function onlyPort(ref: BackendRef, namespace: string | undefined, ctx: WriteContext): number | undefined {
  const ports = ctx.input.service(ref.name, namespace)?.ports ?? [];
  const port = ports.length === 1 ? (ports[0] as { port?: unknown }).port : undefined;
  return typeof port === 'number' ? port : undefined;
}

/**
 * True when the source wrote this single backend's weight, or the source is a split: a split at 100 %
 * is where a rollout starts, so its weight is kept.
 */
export function writtenSplit(b: WeightedBackend, route: Route): boolean {
  return !!b.written || /\.weight$/.test(b.origin.path) || /Split/.test(route.from.kind);
}

/**
 * Weighted backends. Weights stay relative; a single backend needs none unless the source wrote it; fractions (Consul percents)
 * become integers; weights that are all 0 would send nothing anywhere, so they become equal.
 */
export function backendRefs(backends: WeightedBackend[], w: RouteWriting, at: OutMap): OutMap[] {
  let weights: (number | undefined)[] = backends.map(b => b.weight);
  if (backends.length === 1 && !writtenSplit(backends[0], w.route)) weights = [undefined];
  else if (weights.every(x => x === 0)) {
    w.ctx.note('Every backend of this rule had weight 0; they share the traffic equally here, because Gateway API would send nothing at all.', at, 'backendRefs');
    weights = backends.map(() => 1);
  } else if (weights.some(x => !Number.isInteger(x))) {
    weights = percentToWeights(weights as number[]);
  }
  const max = Math.max(...weights.map(x => x ?? 0));
  if (max > 1_000_000) weights = weights.map(x => (x ? Math.max(1, Math.round((x * 1_000_000) / max)) : x));
  const out: OutMap[] = [];
  backends.forEach((b, i) => {
    const ref = backendRef(b.ref, w, weights[i]);
    if (ref) out.push(ref);
  });
  return out;
}
