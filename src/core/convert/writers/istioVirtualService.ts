// A mesh route as an Istio VirtualService: for what an HTTPRoute cannot carry (fault injection, fixed
// responses, retries without the experimental channel, prefix header matches, subsets, first-match
// order). Istio takes the first matching rule, so rules from a specificity-sorted source are put in
// Gateway API precedence order.
import type { WriteContext } from '../contract';
import type { BackendRef, HeaderChanges, PathMatch, Route, RouteMatch, RouteRule, ValueMatch, WeightedBackend } from '../model';
import type { OutDoc, OutMap, OutValue } from '../output';
import { formatSecondsDuration, escapeRegex } from '../values';
import { hasStringPrefixes } from './gatewayDialect';
import { tcpRouteOfAllTraffic } from './allTraffic';
import { writtenSplit } from './gatewayMatches';
import { comparePrecedence } from './ruleOrder';
import { sourceMesh } from './sourceDefaults';

interface VsWriting { route: Route; ctx: WriteContext; elementPrefix: boolean }

/** The host a destination or a mesh route names: the short name in the route's namespace, else the FQDN. */
function hostOf(name: string, namespace: string | undefined, route: Route): string {
  return !namespace || namespace === route.namespace ? name : `${name}.${namespace}.svc.cluster.local`;
}

/** Istio durations: decimal seconds, at least 1 ms (its CRD rejects less). */
function istioDuration(ms: number, ctx: WriteContext, at: OutMap, key: string): string {
  if (ms > 0 && ms < 1) {
    ctx.note(`Istio durations are at least 1ms: ${ms} ms is rounded up.`, at, key);
    return formatSecondsDuration(1);
  }
  return formatSecondsDuration(ms);
}

export function writeVirtualService(route: Route, ctx: WriteContext, why: string): OutDoc {
  const w: VsWriting = { route, ctx, elementPrefix: !hasStringPrefixes(route) };
  const metadata: OutMap = { name: route.name };
  if (route.namespace) metadata.namespace = route.namespace;
  const hosts = [...route.parents.map(p => hostOf(p.name, p.namespace, route)), ...[...(route.meshHosts ?? []), ...(route.externalHosts ?? [])].map(h => h.host)];
  const spec: OutMap = {};
  if (hosts.length) spec.hosts = [...new Set(hosts)];
  if (route.exportTo) spec.exportTo = [...route.exportTo.namespaces];
  const stream = route.protocol === 'tls' || route.protocol === 'tcp';
  // gRPC is HTTP/2 to Istio: its rules are `http` rules.
  const section = stream ? route.protocol : 'http';
  spec[section] = stream ? route.rules.map(r => streamRule(r, w)) : orderedRules(route).map(r => httpRule(r.rule, r.matches, w));
  // Istio takes the tcp section for connections to a port that is not HTTP.
  const tcp = stream ? undefined : tcpRouteOfAllTraffic(route);
  if (tcp) spec.tcp = tcp.rules.map(r => ({ route: destinations(r.backends, w, spec) }));
  const obj: OutMap = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata, spec };
  ctx.note(`A VirtualService rather than ${stream ? `a ${route.protocol === 'tls' ? 'TLSRoute' : 'TCPRoute'}` : 'an HTTPRoute'}: ${why}.`, obj);
  if (!route.ordered && route.rules.length > 1 && !stream) ctx.note('Istio takes the first rule that matches, so the rules are in Gateway API\'s precedence order (most specific first).', spec, 'http');
  return { obj };
}

/** A `tls[]` or `tcp[]` rule: its SNI hosts and port, and its destinations. */
function streamRule(rule: RouteRule, w: VsWriting): OutMap {
  const out: OutMap = {};
  const matches = rule.matches.map(m => {
    const match: OutMap = {};
    if (m.sniHosts?.length) match.sniHosts = [...m.sniHosts];
    if (m.port) match.port = m.port.value;
    return match;
  });
  if (matches.length) out.match = matches;
  if (rule.backends.length) out.route = destinations(rule.backends, w, out);
  return out;
}

/** First-match sources keep their order; others get one rule per match, most specific first. */
function orderedRules(route: Route): { rule: RouteRule; matches: RouteMatch[] }[] {
  if (route.ordered || route.rules.length < 2) return route.rules.map(rule => ({ rule, matches: rule.matches }));
  const split = route.rules.flatMap(rule => (rule.matches.length > 1 ? rule.matches.map(m => ({ rule, matches: [m] })) : [{ rule, matches: rule.matches }]));
  return split.map((r, i) => ({ r, i }))
    .sort((a, b) => comparePrecedence(a.r.matches[0], b.r.matches[0]) || a.i - b.i)
    .map(x => x.r);
}

function httpRule(rule: RouteRule, matches: RouteMatch[], w: VsWriting): OutMap {
  const out: OutMap = {};
  if (rule.name) out.name = rule.name;
  const written = matches.flatMap(m => vsMatches(m, w.route, w.elementPrefix));
  if (written.length) out.match = written;
  if (rule.redirect) out.redirect = redirect(rule, w, out);
  else if (rule.directResponse) {
    const d: OutMap = { status: rule.directResponse.status };
    if (rule.directResponse.body !== undefined) d.body = { string: rule.directResponse.body };
    out.directResponse = d;
  } else if (rule.backends.length) out.route = destinations(rule.backends, w, out);
  if (rule.rewrite) {
    const rewrite: OutMap = {};
    const path = rule.rewrite.path;
    if (path?.type === 'ReplacePrefixMatch') rewrite.uri = path.value;
    else if (path) rewrite.uriRegexRewrite = { match: '^.*$', rewrite: path.value };
    if (rule.rewrite.hostname) rewrite.authority = rule.rewrite.hostname;
    out.rewrite = rewrite;
  }
  const t = rule.timeouts;
  const retry = rule.retry;
  if (t?.request !== undefined) out.timeout = istioDuration(t.request, w.ctx, out, 'timeout');
  else if (t?.backendRequest !== undefined && !retry) out.timeout = istioDuration(t.backendRequest, w.ctx, out, 'timeout');
  if (t?.idle !== undefined) w.ctx.drop(t.origin, 'Istio sets idle timeouts per connection pool in a DestinationRule, not per route.', out);
  if (retry) {
    const retries: OutMap = {};
    if (retry.attempts !== undefined) retries.attempts = retry.attempts;
    const perTry = retry.perTryTimeout ?? t?.backendRequest;
    if (perTry !== undefined && retry.attempts !== 0) retries.perTryTimeout = istioDuration(perTry, w.ctx, retries, 'perTryTimeout');
    const on = [...retry.conditions, ...retry.codes.map(String)];
    if (on.length && retry.attempts !== 0) retries.retryOn = on.join(',');
    if (retry.backoff?.base !== undefined) retries.backoff = istioDuration(retry.backoff.base, w.ctx, retries, 'backoff');
    if (retry.backoff?.max !== undefined) w.ctx.drop(retry.origin, 'Istio retries have no maximum backoff.', retries);
    out.retries = retries;
  } else if (w.route.protocol === 'http' && !sourceMesh(w.route) && !rule.redirect && !rule.directResponse) {
    // Kuma retried by default too (its default MeshRetry), so only sources that did not retry get 0.
    out.retries = { attempts: 0 };
    w.ctx.note('Istio retries a failed request twice when a route sets no retries; the source did not retry, so attempts is 0.', out, 'retries');
  }
  if (rule.fault) out.fault = fault(rule, w, out);
  if (rule.mirrors.length) {
    out.mirrors = rule.mirrors.map(m => {
      const mirror: OutMap = { destination: destination(m.backend, w) };
      if (m.percent !== undefined) mirror.percentage = { value: m.percent };
      return mirror;
    });
  }
  const headers: OutMap = {};
  if (rule.requestHeaders) headers.request = headerOperations(rule.requestHeaders);
  if (rule.responseHeaders) headers.response = headerOperations(rule.responseHeaders);
  if (Object.keys(headers).length) out.headers = headers;
  if (rule.cors) {
    const c = rule.cors;
    const cors: OutMap = {};
    if (c.allowOrigins.length) cors.allowOrigins = c.allowOrigins.map(o => (o.includes('*') && o !== '*' ? { regex: o.split('*').map(escapeRegex).join('.*') } : { exact: o }));
    if (c.allowMethods.length) cors.allowMethods = c.allowMethods;
    if (c.allowHeaders.length) cors.allowHeaders = c.allowHeaders;
    if (c.exposeHeaders.length) cors.exposeHeaders = c.exposeHeaders;
    if (c.maxAge !== undefined) cors.maxAge = `${c.maxAge}s`;
    if (c.allowCredentials !== undefined) cors.allowCredentials = c.allowCredentials;
    out.corsPolicy = cors;
  }
  return out;
}

/** One model match → Istio matches: an element prefix `/foo` is `exact: /foo` or `prefix: /foo/`. */
function vsMatches(m: RouteMatch, route: Route, elementPrefix: boolean): OutMap[] {
  const base: OutMap = {};
  if (m.headers.length) base.headers = stringMatches(m.headers);
  if (m.queryParams.length) base.queryParams = stringMatches(m.queryParams);
  if (m.method) base.method = { exact: m.method.value };
  if (m.port) base.port = m.port.value;
  if (m.grpc) {
    const service = m.grpc.service ?? '[^/]+';
    if (m.grpc.type === 'RegularExpression' || !m.grpc.service) base.uri = { regex: `/${service}/${m.grpc.method ?? '[^/]+'}` };
    else base.uri = m.grpc.method ? { exact: `/${service}/${m.grpc.method}` } : { prefix: `/${service}/` };
  }
  if (!m.path) return [base];
  return pathMatches(m.path, elementPrefix && route.protocol === 'http').map(uri => ({ uri, ...base }));
}

function pathMatches(p: PathMatch, elementPrefix: boolean): OutMap[] {
  if (p.type === 'Exact') return [{ exact: p.value }];
  if (p.type === 'RegularExpression') return [{ regex: p.value }];
  const value = p.value.replace(/\/+$/, '');
  if (!elementPrefix || !value) return [{ prefix: p.value }];
  return [{ exact: value }, { prefix: `${value}/` }];
}

function stringMatches(values: ValueMatch[]): OutMap {
  const out: OutMap = {};
  for (const v of values) {
    out[v.name] = v.type === 'Exact' ? { exact: v.value } : v.type === 'Prefix' ? { prefix: v.value } : v.type === 'RegularExpression' ? { regex: v.value } : { regex: '.*' };
  }
  return out;
}

function destination(ref: BackendRef, w: VsWriting): OutMap {
  const d: OutMap = { host: ref.external ? ref.name : hostOf(ref.name, ref.namespace, w.route) };
  if (ref.subset) d.subset = ref.subset;
  if (ref.port !== undefined) d.port = { number: ref.port };
  return d;
}

function destinations(backends: WeightedBackend[], w: VsWriting, at: OutMap): OutValue[] {
  const allZero = backends.length > 1 && backends.every(b => b.weight === 0);
  if (allZero) w.ctx.note('Every destination of this rule had weight 0; they share the traffic equally here.', at, 'route');
  return backends.map(b => {
    const out: OutMap = { destination: destination(b.ref, w) };
    if (backends.length > 1 || writtenSplit(b, w.route)) out.weight = allZero ? 1 : Math.round(b.weight);
    return out;
  });
}

function redirect(rule: RouteRule, w: VsWriting, at: OutMap): OutMap {
  const r = rule.redirect!;
  const out: OutMap = {};
  if (r.path?.type === 'ReplaceFullPath' || (r.path && rule.matches.every(m => m.path?.type === 'Exact'))) out.uri = r.path.value;
  else if (r.path) w.ctx.drop(r.origin, 'An Istio redirect replaces the whole path, not a matched prefix; the path is kept as it is.', at);
  if (r.hostname) out.authority = r.hostname;
  if (r.port !== undefined) out.port = r.port;
  if (r.scheme) out.scheme = r.scheme;
  if (r.statusCode !== undefined) out.redirectCode = r.statusCode;
  return out;
}

function fault(rule: RouteRule, w: VsWriting, at: OutMap): OutMap {
  const f = rule.fault!;
  const out: OutMap = {};
  if (f.delay) {
    const delay: OutMap = { fixedDelay: formatSecondsDuration(f.delay.fixed) };
    if (f.delay.percent !== undefined) delay.percentage = { value: f.delay.percent };
    out.delay = delay;
  }
  if (f.abort && f.abort.httpStatus === undefined && !f.abort.grpcStatus) {
    w.ctx.drop(f.abort.origin, 'The abort names no status to answer with, and Istio needs one.', at);
  } else if (f.abort) {
    const abort: OutMap = f.abort.grpcStatus ? { grpcStatus: f.abort.grpcStatus } : { httpStatus: f.abort.httpStatus as number };
    if (f.abort.percent !== undefined) abort.percentage = { value: f.abort.percent };
    out.abort = abort;
  }
  return out;
}

function headerOperations(h: HeaderChanges): OutMap {
  const out: OutMap = {};
  if (Object.keys(h.set).length) out.set = { ...h.set };
  if (Object.keys(h.add).length) out.add = { ...h.add };
  if (h.remove.length) out.remove = h.remove;
  return out;
}
