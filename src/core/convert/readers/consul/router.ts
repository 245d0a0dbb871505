// Consul ServiceRouter: `routes[]` in order, first match wins, for the service named by the router.
// Each route is one rule; its `destination` carries the backend, rewrite, timeouts, retries and
// header changes. Unmatched requests fall through to the service itself (or its splitter).
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { HeaderChanges, ModelFragment, Route, RouteMatch, RouteRule, ValueMatch } from '../../model';
import type { SourceView } from '../../source';
import { partFields, readDuration } from '../fieldValues';
import { consulService, readHeaderChanges } from './destination';
import { escapeRegex } from '../../values';

const INVERT_REASON = 'An inverted header match has no equivalent in the converted route; '
  + 'this route is left out so it never takes requests it did not take before, and those requests go to the next route that matches.';

/** One `header[]` or `queryParam[]` condition; `invert` cannot be carried (undefined after dropping the route). */
function readCondition(view: SourceView, ctx: ReadContext): ValueMatch | 'inverted' {
  const name = view.get('name').str() ?? '';
  const invert = view.get('invert');
  if (invert.peek() === 'true') { ctx.drop(invert, INVERT_REASON); return 'inverted'; }
  invert.bool();
  const base = { name, origin: view.origin };
  const exact = view.get('exact').str();
  if (exact !== undefined) return { ...base, type: 'Exact', value: exact };
  const prefix = view.get('prefix').str();
  if (prefix !== undefined) return { ...base, type: 'Prefix', value: prefix };
  const suffix = view.get('suffix').str();
  // A suffix is exactly a regular expression ending in the escaped text.
  if (suffix !== undefined) return { ...base, type: 'RegularExpression', value: `.*${escapeRegex(suffix)}` };
  const regex = view.get('regex').str();
  if (regex !== undefined) return { ...base, type: 'RegularExpression', value: regex };
  view.get('present').bool();
  return { ...base, type: 'Present', value: '' };
}

/** `match.http`: the matches of the rule (one per method); undefined when the route cannot be carried. */
function readMatches(http: SourceView, ctx: ReadContext): RouteMatch[] | undefined {
  const match: RouteMatch = { headers: [], queryParams: [], origin: http.origin };
  for (const [key, type] of [['pathExact', 'Exact'], ['pathPrefix', 'PathPrefix'], ['pathRegex', 'RegularExpression']] as const) {
    const v = http.get(key);
    const value = v.str();
    if (value !== undefined) match.path = { type, value, origin: v.origin };
  }
  let inverted = false;
  for (const h of http.get('header').items()) {
    const c = readCondition(h, ctx);
    if (c === 'inverted') inverted = true; else match.headers.push(c);
  }
  for (const q of http.get('queryParam').items()) {
    const c = readCondition(q, ctx);
    if (c === 'inverted') inverted = true; else match.queryParams.push(c);
  }
  const caseInsensitive = http.get('caseInsensitive');
  if (caseInsensitive.peek() === 'true') {
    ctx.drop(caseInsensitive, 'Case-insensitive path matching has no equivalent; the converted rule takes only paths written in the same case.');
  } else caseInsensitive.bool();
  if (inverted) return undefined;
  const methods = http.get('methods');
  const list = methods.strings();
  if (!list.length) return [match];
  return list.map(value => ({ ...match, headers: [...match.headers], queryParams: [...match.queryParams], method: { value, origin: methods.origin } }));
}

/** Consul's `prefixRewrite` replaces what the path match matched: the prefix, or the whole exact path. */
function readRewrite(view: SourceView, rule: RouteRule, ctx: ReadContext): void {
  const value = view.peek();
  if (value === undefined) return;
  const types = new Set(rule.matches.map(m => m.path?.type));
  if (types.size === 1 && types.has('PathPrefix')) rule.rewrite = { path: { type: 'ReplacePrefixMatch', value }, origin: view.origin };
  else if (types.size === 1 && types.has('Exact')) rule.rewrite = { path: { type: 'ReplaceFullPath', value }, origin: view.origin };
  else { ctx.drop(view, 'A prefix rewrite needs a path prefix or exact path match on the same route; this one has none, so it is not converted.'); return; }
  view.use();
}

function readDestination(dest: SourceView, rule: RouteRule, serviceName: string, ctx: ReadContext): void {
  rule.backends.push({ ref: consulService(dest, serviceName, ctx), weight: 1, origin: dest.origin });
  readRewrite(dest.get('prefixRewrite'), rule, ctx);
  const request = readDuration(dest.get('requestTimeout'), ctx);
  const idle = readDuration(dest.get('idleTimeout'), ctx);
  if (request !== undefined || idle !== undefined) {
    rule.timeouts = { origin: dest.origin };
    if (request !== undefined) rule.timeouts.request = request;
    if (idle !== undefined) rule.timeouts.idle = idle;
    const fields = partFields({ request: dest.get('requestTimeout'), idle: dest.get('idleTimeout') });
    if (fields) rule.timeouts.fields = fields;
  }
  const attempts = dest.get('numRetries').num();
  const conditions = dest.get('retryOn').strings();
  if (dest.get('retryOnConnectFailure').bool() && !conditions.includes('connect-failure')) conditions.push('connect-failure');
  const codes = dest.get('retryOnStatusCodes').items().map(c => c.num()).filter((n): n is number => n !== undefined);
  dest.get('retryOnStatusCodes').use();
  if (attempts !== undefined || conditions.length || codes.length) {
    rule.retry = { conditions, codes, origin: dest.origin };
    if (attempts !== undefined) rule.retry.attempts = attempts;
    const conditionField = ['retryOn', 'retryOnStatusCodes', 'retryOnConnectFailure'].map(k => dest.get(k)).find(v => v.exists);
    const fields = partFields({ attempts: dest.get('numRetries'), conditions: conditionField });
    if (fields) rule.retry.fields = fields;
  }
  const requestHeaders: HeaderChanges | undefined = readHeaderChanges(dest.get('requestHeaders'));
  if (requestHeaders) rule.requestHeaders = requestHeaders;
  const responseHeaders = readHeaderChanges(dest.get('responseHeaders'));
  if (responseHeaders) rule.responseHeaders = responseHeaders;
}

/**
 * Reads a ServiceRouter. `splitterInInput` says whether a ServiceSplitter for the same service is in
 * the input: then that splitter's route takes the unmatched requests; otherwise a last rule sends them to
 * the service, as Consul does.
 */
export function readServiceRouter(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const serviceName = ctx.source.name;
  const spec = ctx.root.get('spec');
  const routes = spec.get('routes');
  const route: Route = {
    protocol: 'http', name: serviceName, parents: [{ kind: 'Service', name: serviceName, origin: ctx.root.at('metadata', 'name').origin }],
    hostnames: [], rules: [], ordered: true, from: ctx.source, origin: routes.origin,
  };
  if (ctx.source.namespace) route.namespace = ctx.source.namespace;
  for (const r of routes.items()) {
    const http = r.at('match', 'http');
    const matches = http.exists ? readMatches(http, ctx) : [];
    if (!matches) { r.use(); continue; }
    const rule: RouteRule = { matches, backends: [], mirrors: [], origin: r.origin };
    readDestination(r.get('destination'), rule, serviceName, ctx);
    route.rules.push(rule);
  }
  const splitters = ctx.input.resources?.('consul', 'ServiceSplitter') ?? [];
  const splitterInInput = splitters.some(s => s.name === serviceName && s.namespace === ctx.source.namespace);
  const last = route.rules.at(-1);
  if (!splitterInInput && (!last || last.matches.length)) {
    route.rules.push({ matches: [], backends: [{ ref: { name: serviceName, origin: routes.origin }, weight: 1, origin: routes.origin }], mirrors: [], origin: routes.origin });
  }
  fragment.routes.push(route);
  return fragment;
}
