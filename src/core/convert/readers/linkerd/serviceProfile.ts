// A Linkerd ServiceProfile (linkerd.io v1alpha2): per-route policy for the Service its name gives
// (`books.booksapp.svc.cluster.local`). Its routes only added policy: every request still reached the
// Service (or its dstOverrides split), so each rule routes to those backends and a last rule without
// conditions keeps the requests no route matched.
import type { ReadContext } from '../../contract';
import type { BackendRef, Route, RouteMatch, RouteRule, WeightedBackend } from '../../model';
import type { ResiliencePolicy } from '../../policyModel';
import type { SourceView } from '../../source';
import { splitServiceHost } from '../../values';
import { backendFromHost, parseQuantity, readDuration, valuedDuration, valuedNumber } from '../fieldValues';

export function readServiceProfile(ctx: ReadContext): Route {
  const spec = ctx.root.get('spec');
  const service = splitServiceHost(ctx.source.name);
  const namespace = service.namespace ?? ctx.source.namespace;
  const self: BackendRef = { name: service.name, ...(namespace ? { namespace } : {}), origin: ctx.root.at('metadata', 'name').origin };
  const backends = readDstOverrides(spec.get('dstOverrides'), ctx) ?? [{ ref: self, weight: 1, origin: self.origin }];
  const copyBackends = () => backends.map(b => ({ ...b, ref: { ...b.ref } }));

  const rules: RouteRule[] = [];
  for (const r of spec.get('routes').items()) {
    const rule: RouteRule = { matches: [], backends: copyBackends(), mirrors: [], origin: r.origin };
    const condition = r.get('condition');
    const matches = readCondition(condition, r, ctx);
    if (!matches) continue; // the whole route is dropped: its condition cannot be expressed
    rule.matches = matches;
    const name = r.get('name').str();
    if (name) rule.name = name;
    const timeout = readDuration(r.get('timeout'), ctx);
    if (timeout !== undefined) rule.timeouts = { request: timeout, fields: { request: r.get('timeout').origin }, origin: r.get('timeout').origin };
    const retryable = r.get('isRetryable');
    if (retryable.bool() === true) {
      // ServiceProfile retries were bounded by the retry budget, not by a count: no attempts are given.
      rule.retry = { conditions: ['5xx'], codes: [], fields: { conditions: retryable.origin }, origin: retryable.origin };
    }
    const classes = r.get('responseClasses');
    if (classes.exists) ctx.drop(classes, 'Response classes only changed which responses Linkerd counted as failures; they are not converted, so 5xx responses are the failures.');
    rules.push(rule);
  }
  rules.push({ matches: [], backends: copyBackends(), mirrors: [], origin: spec.origin });

  const opaque = spec.get('opaquePorts');
  if (opaque.exists) ctx.drop(opaque, 'Opaque ports are set with the config.linkerd.io/opaque-ports annotation on the Service instead.');

  const route: Route = {
    protocol: 'http', name: service.name,
    parents: [{ kind: 'Service', name: service.name, ...(namespace ? { namespace } : {}), origin: self.origin }],
    hostnames: [], rules, ordered: true, from: ctx.source, origin: spec.origin,
  };
  if (ctx.source.namespace) route.namespace = ctx.source.namespace;
  return route;
}

/**
 * The retry budget of a ServiceProfile as a resilience policy of its Service: retryRatio (retries per
 * original request) is the share of retries; its floor and window have no equivalent elsewhere.
 */
export function readRetryBudget(ctx: ReadContext): ResiliencePolicy | undefined {
  const budget = ctx.root.at('spec', 'retryBudget');
  if (!budget.exists) return undefined;
  const ratio = valuedNumber(budget.get('retryRatio'), ctx);
  if (!ratio) { ctx.drop(budget, 'A retry budget without a retryRatio is not converted.'); return undefined; }
  const service = splitServiceHost(ctx.source.name);
  const namespace = service.namespace ?? ctx.source.namespace;
  const policy: ResiliencePolicy = {
    type: 'resilience', name: service.name, service: { name: service.name, ...(namespace ? { namespace } : {}), origin: ctx.root.at('metadata', 'name').origin },
    retryBudget: { percent: { value: Math.min(100, Math.round(ratio.value * 10000) / 100), origin: ratio.origin }, origin: budget.origin },
    from: ctx.source, origin: budget.origin,
  };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  const min = valuedNumber(budget.get('minRetriesPerSecond'), ctx);
  if (min) policy.retryBudget!.minRetriesPerSecond = min;
  const ttl = valuedDuration(budget.get('ttl'), ctx);
  if (ttl) policy.retryBudget!.ttl = ttl;
  return policy;
}

/** `dstOverrides[]`: authorities (`host:port`) with Kubernetes quantity weights, made relative integers. */
function readDstOverrides(list: SourceView, ctx: ReadContext): WeightedBackend[] | undefined {
  const items = list.items();
  if (!items.length) return undefined;
  const read: { ref: BackendRef; milli: number; origin: WeightedBackend['origin'] }[] = [];
  for (const item of items) {
    const authority = item.get('authority').str();
    if (!authority) { ctx.drop(item, 'A destination override without an authority cannot be converted.'); continue; }
    const [host, portText] = authority.split(':');
    const weightView = item.get('weight');
    const quantity = parseQuantity(weightView.peek() ?? '1');
    if (quantity === undefined) { ctx.drop(item, `"${weightView.peek()}" is not a weight Mesh Lens can read.`); continue; }
    if (weightView.exists) weightView.use();
    const port = portText !== undefined && /^[0-9]+$/.test(portText) ? Number(portText) : undefined;
    read.push({ ref: backendFromHost(host, item, port), milli: Math.round(quantity * 1000), origin: weightView.exists ? weightView.origin : item.origin });
  }
  if (!read.length) return undefined;
  const divisor = read.reduce((g, r) => gcd(g, r.milli), 0) || 1;
  return read.map(r => ({ ref: r.ref, weight: r.milli / divisor, origin: r.origin }));
}

function gcd(a: number, b: number): number { return b === 0 ? a : gcd(b, a % b); }

/**
 * A route condition as matches (OR of ANDs): `method`, `pathRegex`, `all` (AND), `any` (OR). `not` cannot
 * be expressed; undefined then (the route is dropped with a reason, never widened).
 */
function readCondition(c: SourceView, route: SourceView, ctx: ReadContext): RouteMatch[] | undefined {
  if (!c.exists) return [];
  const not = findNot(c);
  if (not) {
    ctx.drop(route, 'A condition with "not" cannot be expressed in the target; this route and its policy are not converted.');
    return undefined;
  }
  const matches = conditionMatches(c);
  if (!matches) {
    ctx.drop(route, 'This condition asks for two different methods or paths at once, which no request meets; the route is not converted.');
    return undefined;
  }
  return matches;
}

function findNot(c: SourceView): boolean {
  if (c.get('not').exists) return true;
  return [...c.get('all').items(), ...c.get('any').items()].some(findNot);
}

/** Undefined when an `all` combines two different methods or paths (nothing matches). */
function conditionMatches(c: SourceView): RouteMatch[] | undefined {
  let result: RouteMatch[] = [{ headers: [], queryParams: [], origin: c.origin }];
  const and = (other: RouteMatch[] | undefined) => {
    if (!other) return false;
    const next: RouteMatch[] = [];
    for (const a of result) for (const b of other) { const m = both(a, b); if (m) next.push(m); }
    result = next;
    return next.length > 0;
  };
  const method = c.get('method');
  if (method.exists && !and([{ headers: [], queryParams: [], method: { value: method.str() ?? '', origin: method.origin }, origin: method.origin }])) return undefined;
  const path = c.get('pathRegex');
  if (path.exists && !and([{ headers: [], queryParams: [], path: { type: 'RegularExpression', value: path.str() ?? '', origin: path.origin }, origin: path.origin }])) return undefined;
  for (const child of c.get('all').items()) if (!and(conditionMatches(child))) return undefined;
  const any = c.get('any').items();
  if (any.length) {
    const union: RouteMatch[] = [];
    for (const child of any) { const m = conditionMatches(child); if (m) union.push(...m); }
    if (!and(union)) return undefined;
  }
  return result;
}

function both(a: RouteMatch, b: RouteMatch): RouteMatch | undefined {
  if (a.method && b.method && a.method.value !== b.method.value) return undefined;
  if (a.path && b.path && a.path.value !== b.path.value) return undefined;
  const out: RouteMatch = { headers: [], queryParams: [], origin: a.path || a.method ? a.origin : b.origin };
  const method = a.method ?? b.method; if (method) out.method = method;
  const path = a.path ?? b.path; if (path) out.path = path;
  return out;
}
