// One model rule as a MeshHTTPRoute rule: matches, filters and weighted backends. What Kuma cannot
// match on is never left out silently: the match goes (the rule takes less), and a rule with no match
// left goes too, rather than taking every request.
import type { WriteContext } from '../../contract';
import type { HeaderChanges, ModelFragment, Route, RouteMatch, RouteRule } from '../../model';
import type { OutMap, OutValue } from '../../output';
import { comment } from '../../output';
import { kumaPercentage, escapeRegex } from '../../values';
import type { ExternalTargets } from './externalServices';
import { externalBackendRef } from './externalServices';
import { kumaBackendRef } from './refs';

const METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** Kuma 2.14.0–2.14.3 mirror nothing to a MeshService; newer and older releases do. */
function mirrorsNothing(version: string | undefined): boolean {
  return version === undefined || /^2\.14(\.[0-3])?$/.test(version);
}

/** The rule as Kuma writes it, or undefined when none of its matches can be expressed (said in the report). */
export function kumaRule(rule: RouteRule, route: Route, fragment: ModelFragment, ctx: WriteContext, ext: ExternalTargets): OutMap | undefined {
  if (rule.directResponse) {
    ctx.drop(rule.directResponse.origin, 'Kuma cannot answer a request itself; the rule is left out: serve this response from a small backend Service instead.');
    return undefined;
  }
  const out: OutMap = {};
  const matches: OutValue[] = [];
  for (const m of rule.matches) {
    const written = kumaMatch(m, route, ctx, out);
    if (written) matches.push(written);
  }
  if (rule.matches.length && !matches.length) {
    ctx.drop(rule.origin, 'None of the matches of this rule can be written for Kuma, so the rule is left out rather than taking every request.');
    return undefined;
  }
  out.matches = matches.length ? matches : [{ path: { type: 'PathPrefix', value: '/' } }];
  const settings: OutMap = {};
  const filters = kumaFilters(rule, fragment, ctx);
  if (filters.length) settings.filters = filters;
  if (!rule.redirect && rule.backends.length) {
    settings.backendRefs = rule.backends.map(b => {
      const ref = b.ref.external ? externalBackendRef(b.ref, route, ctx, ext) : kumaBackendRef(b.ref, fragment, ctx);
      if (rule.backends.length > 1 || b.written) ref.weight = b.weight;
      return ref;
    });
  }
  out.default = settings;
  if (rule.cors) ctx.drop(rule.cors.origin, 'Kuma routes have no CORS filter; answer CORS requests in the application.', out);
  return out;
}

function kumaMatch(m: RouteMatch, route: Route, ctx: WriteContext, rule: OutMap): OutMap | undefined {
  if (m.port) {
    ctx.drop(m.port.origin, 'A Kuma route cannot match on the destination port, so this match is left out and the rule takes less than before.', rule);
    return undefined;
  }
  if (m.method && !METHODS.has(m.method.value.toUpperCase())) {
    ctx.drop(m.method.origin, `Kuma matches only standard HTTP methods, not "${m.method.value}"; this match is left out.`, rule);
    return undefined;
  }
  const out: OutMap = {};
  if (m.path) {
    out.path = { type: m.path.type, value: m.path.value };
    if (route.ordered && m.path.type === 'PathPrefix' && !m.path.value.endsWith('/')) {
      comment(out, `Kuma compares a path prefix by whole segments: ${m.path.value} still matches ${m.path.value}/x but no longer ${m.path.value}x.`, 'path');
    }
  } else if (m.grpc) {
    out.path = grpcPath(m.grpc);
  }
  if (m.headers.length) {
    out.headers = m.headers.map(h => h.type === 'Present'
      ? { type: 'Present', name: h.name.toLowerCase() }
      : { type: h.type, name: h.name.toLowerCase(), value: h.value });
  }
  if (m.queryParams.length) {
    out.queryParams = m.queryParams.map(q => {
      if (q.type === 'Exact' || q.type === 'RegularExpression') return { type: q.type, name: q.name, value: q.value };
      const value = q.type === 'Present' ? '.*' : `${escapeRegex(q.value)}.*`;
      comment(out, `Query parameter ${q.name}: Kuma has no ${q.type === 'Present' ? 'presence' : 'prefix'} match, so it is written as the equivalent regular expression.`, 'queryParams');
      return { type: 'RegularExpression', name: q.name, value };
    });
  }
  if (m.method) out.method = m.method.value.toUpperCase();
  if (!Object.keys(out).length) out.path = { type: 'PathPrefix', value: '/' };
  return out;
}

/** gRPC calls are HTTP/2 requests to `/<service>/<method>`: Kuma routes them by path. */
function grpcPath(g: NonNullable<RouteMatch['grpc']>): OutMap {
  if (g.type === 'Exact' && g.service && g.method) return { type: 'Exact', value: `/${g.service}/${g.method}` };
  if (g.type === 'Exact' && g.service) return { type: 'PathPrefix', value: `/${g.service}` };
  const part = (p: string | undefined) => (p === undefined ? '[^/]+' : g.type === 'Exact' ? escapeRegex(p) : p);
  return { type: 'RegularExpression', value: `/${part(g.service)}/${part(g.method)}` };
}

function headerModifier(changes: HeaderChanges): OutMap {
  const out: OutMap = {};
  const pairs = (map: Record<string, string>) => Object.entries(map).map(([name, value]) => ({ name: name.toLowerCase(), value }));
  if (Object.keys(changes.set).length) out.set = pairs(changes.set);
  if (Object.keys(changes.add).length) out.add = pairs(changes.add);
  if (changes.remove.length) out.remove = changes.remove.map(h => h.toLowerCase());
  return out;
}

function kumaFilters(rule: RouteRule, fragment: ModelFragment, ctx: WriteContext): OutMap[] {
  const filters: OutMap[] = [];
  if (rule.requestHeaders) filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: headerModifier(rule.requestHeaders) });
  if (rule.responseHeaders) filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: headerModifier(rule.responseHeaders) });
  if (rule.rewrite && !rule.redirect) {
    const rewrite: OutMap = {};
    if (rule.rewrite.hostname) rewrite.hostname = rule.rewrite.hostname;
    const path = rule.rewrite.path;
    if (path?.type === 'ReplacePrefixMatch' && !rule.matches.every(m => m.path?.type === 'PathPrefix')) {
      ctx.drop(rule.rewrite.origin, 'Kuma replaces a path prefix only on a rule whose matches are all path prefixes; the path is not rewritten.');
    } else if (path) {
      rewrite.path = path.type === 'ReplaceFullPath' ? { type: path.type, replaceFullPath: path.value } : { type: path.type, replacePrefixMatch: path.value };
    }
    if (Object.keys(rewrite).length) filters.push({ type: 'URLRewrite', urlRewrite: rewrite });
  }
  if (rule.redirect) {
    const r = rule.redirect;
    const redirect: OutMap = {};
    if (r.scheme) redirect.scheme = r.scheme;
    if (r.hostname) redirect.hostname = r.hostname;
    if (r.path) redirect.path = r.path.type === 'ReplaceFullPath' ? { type: r.path.type, replaceFullPath: r.path.value } : { type: r.path.type, replacePrefixMatch: r.path.value };
    if (r.port !== undefined) redirect.port = r.port;
    if (r.statusCode !== undefined && REDIRECT_CODES.has(r.statusCode)) redirect.statusCode = r.statusCode;
    else if (r.statusCode !== undefined) ctx.drop(r.origin, `Kuma redirects only with 301, 302, 303, 307 or 308, not ${r.statusCode}; Kuma's default (302) applies.`, redirect);
    filters.push({ type: 'RequestRedirect', requestRedirect: redirect });
  }
  for (const mirror of rule.mirrors) {
    if (mirror.backend.external) {
      ctx.drop(mirror.origin, `Kuma mirrors requests only to a MeshService or MeshServiceSubset, not to a MeshExternalService, so this mirror to ${mirror.backend.name} is not converted.`);
      continue;
    }
    const requestMirror: OutMap = { backendRef: kumaBackendRef(mirror.backend, fragment, ctx) };
    if (mirror.percent !== undefined) requestMirror.percentage = kumaPercentage(mirror.percent);
    const filter: OutMap = { type: 'RequestMirror', requestMirror };
    if (mirrorsNothing(ctx.target.version)) {
      comment(filter, 'Kuma 2.14.0 to 2.14.3 send no mirrored traffic to a MeshService target, so on those releases this mirror has no effect.');
    }
    filters.push(filter);
  }
  return filters;
}
