// The parts of a MeshHTTPRoute rule: matches, filters and backends. Kuma's shapes are Gateway API's
// (path/header/query types, filter names), with Kuma's own `Prefix`, `Present` and `Absent` header
// matches and MeshService references instead of Service backendRefs.
import type { ReadContext } from '../../contract';
import type { HeaderChanges, Mirror, PathModifier, Redirect, Rewrite, RouteMatch, RouteRule, Subset, ValueMatch, WeightedBackend } from '../../model';
import type { SourceView } from '../../source';
import { serviceTarget } from './targetRefs';

const ABSENT_REASON = 'A match on a missing header has no equivalent in the converted route; '
  + 'this match is left out so the route never takes requests it did not take before.';

/** One `matches[]` entry; undefined (after saying why) when a condition cannot be carried without widening it. */
function readMatch(view: SourceView, ctx: ReadContext): RouteMatch | undefined {
  const match: RouteMatch = { headers: [], queryParams: [], origin: view.origin };
  const path = view.get('path');
  if (path.exists) {
    const type = path.get('type').str() ?? 'PathPrefix';
    const value = path.get('value').str() ?? '/';
    match.path = { type: type as 'Exact' | 'PathPrefix' | 'RegularExpression', value, origin: path.origin };
  }
  const method = view.get('method');
  const methodValue = method.str();
  if (methodValue) match.method = { value: methodValue, origin: method.origin };
  let narrowing = false;
  for (const h of view.get('headers').items()) {
    const type = h.get('type').peek() ?? 'Exact';
    if (type === 'Absent') { ctx.drop(h, ABSENT_REASON); narrowing = true; continue; }
    match.headers.push(valueMatch(h, type));
  }
  for (const q of view.get('queryParams').items()) match.queryParams.push(valueMatch(q, q.get('type').peek() ?? 'Exact'));
  if (narrowing) { view.use(); return undefined; }
  return match;
}

function valueMatch(view: SourceView, type: string): ValueMatch {
  view.get('type').use();
  return {
    name: view.get('name').str() ?? '',
    type: type as ValueMatch['type'],
    value: view.get('value').str() ?? '',
    origin: view.origin,
  };
}

function nameValues(view: SourceView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of view.items()) {
    const name = item.get('name').str();
    const value = item.get('value').str();
    if (name !== undefined) out[name] = value ?? '';
  }
  view.use();
  return out;
}

function headerChanges(view: SourceView): HeaderChanges {
  return { set: nameValues(view.get('set')), add: nameValues(view.get('add')), remove: view.get('remove').strings(), origin: view.origin };
}

function pathModifier(view: SourceView): PathModifier | undefined {
  if (!view.exists) return undefined;
  const type = view.get('type').str();
  if (type === 'ReplaceFullPath') return { type, value: view.get('replaceFullPath').str() ?? '/' };
  if (type === 'ReplacePrefixMatch') return { type, value: view.get('replacePrefixMatch').str() ?? '/' };
  return undefined;
}

/** A Kuma percentage: an int or a decimal string (`"0.5"`). */
export function kumaPercent(view: SourceView): number | undefined {
  const text = view.str();
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

interface RuleParts { rule: RouteRule; subsets: Subset[] }

/** Reads `default.filters[]` into the rule. */
function readFilters(filters: SourceView, parts: RuleParts, ctx: ReadContext): void {
  const { rule } = parts;
  for (const f of filters.items()) {
    const type = f.get('type').str();
    if (type === 'RequestHeaderModifier') rule.requestHeaders = headerChanges(f.get('requestHeaderModifier'));
    else if (type === 'ResponseHeaderModifier') rule.responseHeaders = headerChanges(f.get('responseHeaderModifier'));
    else if (type === 'RequestRedirect') {
      const r = f.get('requestRedirect');
      const redirect: Redirect = { origin: r.origin };
      const scheme = r.get('scheme').str(); if (scheme) redirect.scheme = scheme;
      const hostname = r.get('hostname').str(); if (hostname) redirect.hostname = hostname;
      const path = pathModifier(r.get('path')); if (path) redirect.path = path;
      const port = r.get('port').num(); if (port !== undefined) redirect.port = port;
      const status = r.get('statusCode').num(); if (status !== undefined) redirect.statusCode = status;
      rule.redirect = redirect;
    } else if (type === 'URLRewrite') {
      const r = f.get('urlRewrite');
      const rewrite: Rewrite = { origin: r.origin };
      const hostname = r.get('hostname').str(); if (hostname) rewrite.hostname = hostname;
      const path = pathModifier(r.get('path')); if (path) rewrite.path = path;
      const toBackend = r.get('hostToBackendHostname');
      if (toBackend.exists) ctx.drop(toBackend, 'Rewriting the Host header to the backend\'s hostname has no equivalent; set the hostname to rewrite to instead.');
      rule.rewrite = rewrite;
    } else if (type === 'RequestMirror') {
      const m = f.get('requestMirror');
      const target = serviceTarget(m.get('backendRef'), ctx);
      if (!target) continue;
      if (target.subset) parts.subsets.push(target.subset);
      const mirror: Mirror = { backend: target.ref, origin: m.origin };
      const percent = kumaPercent(m.get('percentage'));
      if (percent !== undefined) mirror.percent = percent;
      rule.mirrors.push(mirror);
    } else {
      ctx.drop(f, `The filter type ${type ?? '(none)'} is not one Mesh Lens converts.`);
    }
  }
}

function readBackends(list: SourceView, parts: RuleParts, ctx: ReadContext): void {
  for (const b of list.items()) {
    const target = serviceTarget(b, ctx);
    if (!target) continue;
    if (target.subset) parts.subsets.push(target.subset);
    parts.rule.backends.push({ ref: target.ref, weight: b.get('weight').num() ?? 1, ...(b.get('weight').exists && list.items().length === 1 ? { written: true } : {}), origin: b.origin });
  }
}

/**
 * One `to[].rules[]` entry. A rule without backendRefs goes to the route's own service in Kuma, so that
 * service is written as its backend. Undefined when every match had to be left out.
 */
export function readRule(view: SourceView, service: WeightedBackend['ref'] | undefined, ctx: ReadContext): RuleParts | undefined {
  const rule: RouteRule = { matches: [], backends: [], mirrors: [], origin: view.origin };
  const parts: RuleParts = { rule, subsets: [] };
  const matches = view.get('matches').items();
  for (const m of matches) {
    const match = readMatch(m, ctx);
    if (match) rule.matches.push(match);
  }
  if (matches.length && !rule.matches.length) {
    ctx.drop(view, 'Every match of this rule was left out, so the rule is left out too.');
    return undefined;
  }
  const conf = view.get('default');
  readFilters(conf.get('filters'), parts, ctx);
  readBackends(conf.get('backendRefs'), parts, ctx);
  if (!rule.backends.length && !rule.redirect && service) {
    rule.backends.push({ ref: { ...service, origin: conf.exists ? conf.origin : view.origin }, weight: 1, origin: conf.exists ? conf.origin : view.origin });
  }
  return parts;
}
