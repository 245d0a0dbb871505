// The parts of a Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute): parents, rules, matches,
// filters and backends. Linkerd's policy.linkerd.io routes have the same shape and are read here too.
import type { ReadContext } from '../../contract';
import type {
  BackendRef, Cors, HeaderChanges, Mirror, Origin, ParentRef, PathMatch, PathModifier, Redirect, RetryPolicy, Rewrite,
  RouteMatch, RouteRule, Timeouts, ValueMatch, WeightedBackend,
} from '../../model';
import type { SourceView } from '../../source';
import { partFields, readDuration, readNumber } from '../fieldValues';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export function readParentRefs(list: SourceView, ctx: ReadContext): ParentRef[] {
  const parents: ParentRef[] = [];
  for (const ref of list.items()) {
    const group = ref.get('group').str() ?? GATEWAY_GROUP;
    const kind = ref.get('kind').str() ?? 'Gateway';
    const name = ref.get('name').str();
    if (!name) { ctx.drop(ref, 'A parent reference without a name cannot be converted.'); continue; }
    const namespace = ref.get('namespace').str();
    const port = readNumber(ref.get('port'), ctx);
    if (kind === 'Service' && (group === '' || group === 'core')) {
      parents.push({ kind: 'Service', name, ...(namespace ? { namespace } : {}), ...(port !== undefined ? { port } : {}), origin: ref.origin });
    } else if (kind === 'Gateway' && group === GATEWAY_GROUP) {
      const sectionName = ref.get('sectionName').str();
      parents.push({ kind: 'Gateway', name, ...(namespace ? { namespace } : {}), ...(sectionName ? { sectionName } : {}), ...(port !== undefined ? { port } : {}), origin: ref.origin });
    } else {
      ctx.drop(ref, `Mesh Lens converts routes attached to a Gateway or a Service, not to a ${kind}.`);
    }
  }
  return parents;
}

/** Reads `rules[]` of an HTTPRoute or GRPCRoute (Gateway API or Linkerd). */
export function readHttpRules(rules: SourceView, ctx: ReadContext, grpc: boolean): RouteRule[] {
  return rules.items().map(rule => {
    const out: RouteRule = { matches: [], backends: [], mirrors: [], origin: rule.origin };
    const name = rule.get('name').str();
    if (name) out.name = name;
    out.matches = rule.get('matches').items().map(m => grpc ? readGrpcMatch(m, ctx) : readHttpMatch(m, ctx));
    if (rule.get('matches').exists) rule.get('matches').use();
    for (const filter of rule.get('filters').items()) readFilter(filter, out, ctx);
    out.backends = readBackendRefs(rule.get('backendRefs'), ctx);
    const timeouts = readTimeouts(rule.get('timeouts'), ctx);
    if (timeouts) out.timeouts = timeouts;
    const retry = readRetry(rule.get('retry'), ctx);
    if (retry) out.retry = retry;
    const persistence = rule.get('sessionPersistence');
    if (persistence.exists) ctx.drop(persistence, 'Mesh Lens does not convert session persistence yet.');
    return out;
  });
}

/** Reads `rules[]` of a TLSRoute or TCPRoute: only backends (and a name). */
export function readStreamRules(rules: SourceView, ctx: ReadContext): RouteRule[] {
  return rules.items().map(rule => {
    const out: RouteRule = { matches: [], backends: readBackendRefs(rule.get('backendRefs'), ctx), mirrors: [], origin: rule.origin };
    const name = rule.get('name').str();
    if (name) out.name = name;
    return out;
  });
}

export function readBackendRefs(list: SourceView, ctx: ReadContext): WeightedBackend[] {
  const out: WeightedBackend[] = [];
  for (const ref of list.items()) {
    const backend = readServiceRef(ref, ctx);
    const weightView = ref.get('weight');
    const weight = readNumber(weightView, ctx) ?? 1;
    const filters = ref.get('filters');
    if (filters.exists) ctx.drop(filters, 'Filters on a single backend are not converted; only filters on the whole rule are.');
    if (backend) out.push({ ref: backend, weight, ...(weightView.exists && list.items().length === 1 ? { written: true } : {}), origin: weightView.exists ? weightView.origin : ref.origin });
  }
  return out;
}

/** A backendRef (group "" / kind Service by default); other kinds are dropped. */
function readServiceRef(ref: SourceView, ctx: ReadContext): BackendRef | undefined {
  const group = ref.get('group').str() ?? '';
  const kind = ref.get('kind').str() ?? 'Service';
  if (!((group === '' || group === 'core') && kind === 'Service')) {
    ctx.drop(ref, `Mesh Lens converts backends that are Services, not a ${kind}; the traffic sent to it is not routed in the conversion.`);
    return undefined;
  }
  const name = ref.get('name').str();
  if (!name) { ctx.drop(ref, 'A backend without a name cannot be converted.'); return undefined; }
  const out: BackendRef = { name, origin: ref.origin };
  const namespace = ref.get('namespace').str();
  if (namespace) out.namespace = namespace;
  const port = readNumber(ref.get('port'), ctx);
  if (port !== undefined) out.port = port;
  return out;
}

function readHttpMatch(m: SourceView, ctx: ReadContext): RouteMatch {
  const out: RouteMatch = { headers: readValueMatches(m.get('headers')), queryParams: readValueMatches(m.get('queryParams')), origin: m.origin };
  const path = m.get('path');
  if (path.exists) {
    const type = path.get('type').str() ?? 'PathPrefix';
    const value = path.get('value').str() ?? '/';
    if (type === 'Exact' || type === 'PathPrefix' || type === 'RegularExpression') out.path = { type, value, origin: path.origin } satisfies PathMatch;
    else ctx.drop(path, `The path match type ${type} is not one Mesh Lens knows.`);
  }
  const method = m.get('method');
  const value = method.str();
  if (value) out.method = { value, origin: method.origin };
  return out;
}

function readGrpcMatch(m: SourceView, ctx: ReadContext): RouteMatch {
  const out: RouteMatch = { headers: readValueMatches(m.get('headers')), queryParams: [], origin: m.origin };
  const method = m.get('method');
  if (method.exists) {
    const type = method.get('type').str() ?? 'Exact';
    const service = method.get('service').str();
    const name = method.get('method').str();
    if (type === 'Exact' || type === 'RegularExpression') {
      out.grpc = { type, ...(service ? { service } : {}), ...(name ? { method: name } : {}), origin: method.origin };
    } else ctx.drop(method, `The gRPC method match type ${type} is not one Mesh Lens knows.`);
  }
  return out;
}

function readValueMatches(list: SourceView): ValueMatch[] {
  const out: ValueMatch[] = [];
  for (const h of list.items()) {
    const t = h.get('type').str() ?? 'Exact';
    const type: ValueMatch['type'] = t === 'RegularExpression' ? 'RegularExpression' : 'Exact';
    out.push({ name: h.get('name').str() ?? '', type, value: h.get('value').str() ?? '', origin: h.origin });
  }
  return out;
}

function readFilter(filter: SourceView, rule: RouteRule, ctx: ReadContext): void {
  const type = filter.get('type').str();
  // Each element's origin is the whole filter (its `type` is what `check` reports), so a writer that
  // cannot carry it names the filter and the feature it expresses.
  const whole = <T extends { origin: Origin }>(element: T): T => Object.assign(element, { origin: filter.origin });
  switch (type) {
    case 'RequestHeaderModifier': rule.requestHeaders = whole(readHeaderModifier(filter.get('requestHeaderModifier'))); return;
    case 'ResponseHeaderModifier': rule.responseHeaders = whole(readHeaderModifier(filter.get('responseHeaderModifier'))); return;
    case 'RequestRedirect': rule.redirect = whole(readRedirect(filter.get('requestRedirect'), ctx)); return;
    case 'URLRewrite': rule.rewrite = whole(readRewrite(filter.get('urlRewrite'), ctx)); return;
    case 'RequestMirror': { const m = readMirror(filter.get('requestMirror'), ctx); if (m) rule.mirrors.push(whole(m)); return; }
    case 'CORS': rule.cors = whole(readCors(filter.get('cors'), ctx)); return;
    case 'ExtensionRef':
      ctx.drop(filter, 'An ExtensionRef filter is specific to one implementation; Mesh Lens cannot carry it to another.');
      return;
    default:
      ctx.drop(filter, `The ${type ?? 'untyped'} filter is not converted.`);
  }
}

function readHeaderModifier(v: SourceView): HeaderChanges {
  const pairs = (list: SourceView) => {
    const out: Record<string, string> = {};
    for (const h of list.items()) { const name = h.get('name').str(); if (name) out[name] = h.get('value').str() ?? ''; }
    return out;
  };
  return { set: pairs(v.get('set')), add: pairs(v.get('add')), remove: v.get('remove').strings(), origin: v.origin };
}

function readPathModifier(path: SourceView, ctx: ReadContext): PathModifier | undefined {
  if (!path.exists) return undefined;
  const type = path.get('type').str();
  if (type === 'ReplaceFullPath') return { type, value: path.get('replaceFullPath').str() ?? '' };
  if (type === 'ReplacePrefixMatch') return { type, value: path.get('replacePrefixMatch').str() ?? '' };
  ctx.drop(path, `The path modifier type ${type ?? '(none)'} is not one Mesh Lens knows.`);
  return undefined;
}

function readRedirect(v: SourceView, ctx: ReadContext): Redirect {
  const out: Redirect = { origin: v.origin };
  const scheme = v.get('scheme').str(); if (scheme) out.scheme = scheme;
  const hostname = v.get('hostname').str(); if (hostname) out.hostname = hostname;
  const path = readPathModifier(v.get('path'), ctx); if (path) out.path = path;
  const port = readNumber(v.get('port'), ctx); if (port !== undefined) out.port = port;
  const statusCode = readNumber(v.get('statusCode'), ctx); if (statusCode !== undefined) out.statusCode = statusCode;
  return out;
}

function readRewrite(v: SourceView, ctx: ReadContext): Rewrite {
  const out: Rewrite = { origin: v.origin };
  const hostname = v.get('hostname').str(); if (hostname) out.hostname = hostname;
  const path = readPathModifier(v.get('path'), ctx); if (path) out.path = path;
  return out;
}

function readMirror(v: SourceView, ctx: ReadContext): Mirror | undefined {
  const backend = readServiceRef(v.get('backendRef'), ctx);
  if (!backend) return undefined;
  const out: Mirror = { backend, origin: v.origin };
  const percent = readNumber(v.get('percent'), ctx);
  if (percent !== undefined) out.percent = percent;
  const fraction = v.get('fraction');
  if (fraction.exists) {
    const numerator = readNumber(fraction.get('numerator'), ctx) ?? 0;
    const denominator = readNumber(fraction.get('denominator'), ctx) ?? 100;
    if (denominator > 0) out.percent = (numerator * 100) / denominator;
  }
  return out;
}

function readCors(v: SourceView, ctx: ReadContext): Cors {
  const out: Cors = {
    allowOrigins: v.get('allowOrigins').strings(), allowMethods: v.get('allowMethods').strings(),
    allowHeaders: v.get('allowHeaders').strings(), exposeHeaders: v.get('exposeHeaders').strings(), origin: v.origin,
  };
  const credentials = v.get('allowCredentials').bool();
  if (credentials !== undefined) out.allowCredentials = credentials;
  const maxAge = readNumber(v.get('maxAge'), ctx);
  if (maxAge !== undefined) out.maxAge = maxAge;
  return out;
}

function readTimeouts(v: SourceView, ctx: ReadContext): Timeouts | undefined {
  if (!v.exists) return undefined;
  const out: Timeouts = { origin: v.origin };
  const request = readDuration(v.get('request'), ctx); if (request !== undefined) out.request = request;
  const backendRequest = readDuration(v.get('backendRequest'), ctx); if (backendRequest !== undefined) out.backendRequest = backendRequest;
  const fields = partFields({ request: v.get('request'), backendRequest: v.get('backendRequest') });
  if (fields) out.fields = fields;
  return out;
}

function readRetry(v: SourceView, ctx: ReadContext): RetryPolicy | undefined {
  if (!v.exists) return undefined;
  const out: RetryPolicy = { conditions: [], codes: [], origin: v.origin };
  const attempts = readNumber(v.get('attempts'), ctx); if (attempts !== undefined) out.attempts = attempts;
  for (const c of v.get('codes').items()) { const n = readNumber(c, ctx); if (n !== undefined) out.codes.push(n); }
  v.get('codes').use();
  const backoff = readDuration(v.get('backoff'), ctx); if (backoff !== undefined) out.backoff = { base: backoff };
  const fields = partFields({ attempts: v.get('attempts'), conditions: v.get('codes'), backoff: v.get('backoff') });
  if (fields) out.fields = fields;
  return out;
}
