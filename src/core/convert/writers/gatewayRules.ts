// One model rule → Gateway API rule objects: matches, filters (header changes, redirect, rewrite,
// mirrors, CORS), backends, timeouts and retry, as far as the target honours them. What it does not
// is left out with a reason on the rule.
import type { HeaderChanges, PathModifier, RouteRule } from '../model';
import { faultOrigins } from '../model';
import { comment, commentsOf, type OutMap, type OutValue } from '../output';
import { formatGepDuration, gatewayMirrorShare, STATUS_CODES_OF } from '../values';
import { sayExperimental } from './gatewayDialect';
import { backendRef, backendRefs, httpMatch, type RouteWriting } from './gatewayMatches';

/** Retry conditions every Gateway API implementation should retry on whenever a retry is configured. */
const CONNECTION_ERRORS = new Set(['connect-failure', 'reset', 'refused-stream', 'reset-before-request']);

/** A DNS label for `rules[].name`, or undefined when nothing of the name is left. */
export function ruleName(name: string | undefined): string | undefined {
  const label = name?.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return label || undefined;
}

/** A duration in GEP-2257 form; sub-millisecond values round up, and say so at `at`. */
export function gepDuration(ms: number, w: RouteWriting, at: OutMap, key: string): string {
  const { text, rounded } = formatGepDuration(ms);
  if (rounded) w.ctx.note(`Gateway API durations have no fractions of a millisecond: ${ms} ms is rounded up to ${text}.`, at, key);
  return text;
}

/**
 * The HTTPRoute rules for one model rule: usually one; one per match when a prefix replacement
 * needs a rule with a single PathPrefix match (Gateway API allows it only there).
 */
export function httpRules(rule: RouteRule, w: RouteWriting): OutMap[] {
  const at: OutMap = {};
  const name = w.dialect.ruleNames ? ruleName(rule.name) : undefined;
  if (name) at.name = name;
  const matches = rule.matches.map(m => httpMatch(m, w, at)).filter((m): m is OutMap => m !== undefined);
  if (rule.matches.length && !matches.length) {
    w.ctx.drop(rule.origin, 'None of this rule\'s matches can be written in Gateway API, so the rule is left out rather than made to take every request.');
    return [];
  }
  // An empty match (its only condition was the port, now the parent's) takes every request.
  if (matches.length && !matches.some(m => !Object.keys(m).length)) at.matches = matches;
  const filters = ruleFilters(rule, w, at, matches);
  if (filters.length) at.filters = filters;
  if (rule.redirect) {
    for (const b of rule.backends) w.ctx.drop(b.origin, 'A redirect answers the request itself, so the rule has no backends.', at);
  } else if (rule.directResponse) {
    const reason = w.dialect.reasons.directResponse ?? `${w.dialect.name} routes cannot answer with a fixed response; route to a Service that returns it instead.`;
    w.ctx.drop(rule.directResponse.origin, `${reason} The rule is kept without backends, so its requests get a 500 response.`, at);
  } else if (rule.backends.length) {
    const refs = backendRefs(rule.backends, w, at);
    if (refs.length) at.backendRefs = refs;
  }
  writeTimeouts(rule, w, at);
  writeRetry(rule, w, at);
  dropFault(rule, w, at);
  if (rule.cors && w.dialect.cors === 'none') w.ctx.drop(rule.cors.origin, w.dialect.reasons.cors ?? `${w.dialect.name} has no CORS filter at this version.`, at);
  return splitForPrefixReplace(at);
}

/** ReplacePrefixMatch is valid only with exactly one PathPrefix match: one rule per match keeps it. */
function splitForPrefixReplace(rule: OutMap): OutMap[] {
  const matches = (rule.matches as OutMap[] | undefined) ?? [];
  const replaces = ((rule.filters as OutMap[] | undefined) ?? []).some(f => ((f.urlRewrite ?? f.requestRedirect) as OutMap | undefined)?.path && (((f.urlRewrite ?? f.requestRedirect) as OutMap).path as OutMap).type === 'ReplacePrefixMatch');
  if (!replaces || matches.length <= 1) return [rule];
  return matches.map((m, i) => withComments(rule, { ...rule, ...(rule.name ? { name: `${String(rule.name)}-${i + 1}` } : {}), matches: [m] }));
}

/** `copy` with the comments of `original` (on the object and on each key), which a spread loses. */
function withComments(original: OutMap, copy: OutMap): OutMap {
  for (const key of [undefined, ...Object.keys(original)]) for (const text of commentsOf(original, key)) comment(copy, text, key);
  return copy;
}

function ruleFilters(rule: RouteRule, w: RouteWriting, at: OutMap, matches: OutMap[]): OutMap[] {
  const filters: OutMap[] = [];
  if (rule.requestHeaders) filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: headerModifier(rule.requestHeaders) });
  if (rule.responseHeaders) filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: headerModifier(rule.responseHeaders) });
  if (rule.redirect) {
    const r = rule.redirect;
    const redirect: OutMap = {};
    if (r.scheme) redirect.scheme = r.scheme;
    if (r.hostname) Object.assign(redirect, hostAndPort(r.hostname, r.port));
    const path = r.path && pathModifier(r.path, matches, w, r.origin, at);
    if (path) redirect.path = path;
    if (r.port !== undefined && redirect.port === undefined) redirect.port = r.port;
    if (r.statusCode !== undefined) {
      if ([301, 302, 303, 307, 308].includes(r.statusCode)) redirect.statusCode = r.statusCode;
      else w.ctx.drop(r.origin, `Gateway API redirects answer with 301, 302, 303, 307 or 308, not ${r.statusCode}; this one answers with 302.`, at);
    }
    filters.push({ type: 'RequestRedirect', requestRedirect: redirect });
  } else if (rule.rewrite) {
    const r = rule.rewrite;
    if (!w.dialect.urlRewrite) {
      w.ctx.drop(r.origin, w.dialect.reasons.urlRewrite ?? `${w.dialect.name} has no URL rewrite.`, at);
    } else {
      const rewrite: OutMap = {};
      if (r.hostname) rewrite.hostname = hostAndPort(r.hostname).hostname;
      const path = r.path && pathModifier(r.path, matches, w, r.origin, at);
      if (path) rewrite.path = path;
      if (Object.keys(rewrite).length) filters.push({ type: 'URLRewrite', urlRewrite: rewrite });
    }
  }
  filters.push(...mirrorFilters(rule, w, at));
  if (rule.cors && w.dialect.cors !== 'none') {
    const c = rule.cors;
    const cors: OutMap = {};
    if (c.allowOrigins.length) cors.allowOrigins = c.allowOrigins;
    if (c.allowMethods.length) cors.allowMethods = c.allowMethods;
    if (c.allowHeaders.length) cors.allowHeaders = c.allowHeaders;
    if (c.exposeHeaders.length) cors.exposeHeaders = c.exposeHeaders;
    if (c.allowCredentials !== undefined) cors.allowCredentials = c.allowCredentials;
    if (c.maxAge !== undefined) cors.maxAge = c.maxAge;
    const filter: OutMap = { type: 'CORS', cors };
    if (w.dialect.cors === 'experimental') sayExperimental(w.ctx, 'The CORS filter', filter);
    filters.push(filter);
  }
  return filters;
}


/** RequestMirror filters, with their share where the target keeps it. */
export function mirrorFilters(rule: RouteRule, w: RouteWriting, at: OutMap): OutMap[] {
  const filters: OutMap[] = [];
  for (const mirror of rule.mirrors) {
    if (w.dialect.mirror === 'none') {
      w.ctx.drop(mirror.origin, w.dialect.reasons.mirror ?? `${w.dialect.name} has no traffic mirroring.`, at);
      continue;
    }
    const partial = mirror.percent !== undefined && mirror.percent < 100;
    if (partial && w.dialect.mirror === 'all') {
      w.ctx.drop(mirror.origin, `${w.dialect.name} mirrors every request at this version; the mirror of ${mirror.percent} % of requests is left out rather than mirroring them all.`, at);
      continue;
    }
    const backend = backendRef(mirror.backend, w);
    if (!backend) continue;
    const requestMirror: OutMap = { backendRef: backend };
    if (partial) {
      const share = gatewayMirrorShare(mirror.percent as number);
      if ('percent' in share) requestMirror.percent = share.percent;
      else {
        requestMirror.fraction = share.fraction;
        if (share.rounded) w.ctx.note(`The mirror share ${mirror.percent} % is rounded to ${share.fraction.numerator}/${share.fraction.denominator}.`, requestMirror, 'fraction');
      }
    }
    filters.push({ type: 'RequestMirror', requestMirror });
  }
  return filters;
}

export function headerModifier(h: HeaderChanges): OutMap {
  const out: OutMap = {};
  const pairs = (m: Record<string, string>): OutValue[] => Object.entries(m).map(([name, value]) => ({ name, value }));
  if (Object.keys(h.set).length) out.set = pairs(h.set);
  if (Object.keys(h.add).length) out.add = pairs(h.add);
  if (h.remove.length) out.remove = h.remove;
  return out;
}

/** A redirect's or rewrite's authority (`host:port`) → hostname (and port for a redirect). */
function hostAndPort(authority: string, port?: number): { hostname: string; port?: number } {
  const m = /^(.*):([0-9]+)$/.exec(authority);
  if (!m) return { hostname: authority };
  return port === undefined ? { hostname: m[1], port: Number(m[2]) } : { hostname: m[1] };
}

/**
 * A path change. A prefix replacement needs PathPrefix matches (a rule is split per match later); on
 * exact matches it is the same as replacing the full path. Anything else cannot be said.
 */
function pathModifier(p: PathModifier, matches: OutMap[], w: RouteWriting, origin: RouteRule['origin'], at: OutMap): OutMap | undefined {
  if (p.type === 'ReplaceFullPath') return { type: 'ReplaceFullPath', replaceFullPath: p.value };
  const types = matches.map(m => (m.path as OutMap | undefined)?.type);
  if (!matches.length) {
    at.matches = [{ path: { type: 'PathPrefix', value: '/' } }];
    return { type: 'ReplacePrefixMatch', replacePrefixMatch: p.value };
  }
  if (types.every(t => t === 'PathPrefix')) return { type: 'ReplacePrefixMatch', replacePrefixMatch: p.value };
  if (types.every(t => t === 'Exact')) return { type: 'ReplaceFullPath', replaceFullPath: p.value };
  w.ctx.drop(origin, 'Gateway API replaces a path prefix only after a PathPrefix match; this rule matches paths otherwise, so its path is not rewritten.', at);
  return undefined;
}

function writeTimeouts(rule: RouteRule, w: RouteWriting, at: OutMap): void {
  const t = rule.timeouts;
  const caller = w.dialect.retry === 'caller';
  // Without retries (attempts 0) a per-try timeout bounded nothing in the source.
  const perTry = t?.backendRequest ?? (rule.retry?.attempts !== 0 ? rule.retry?.perTryTimeout : undefined);
  const timeouts: OutMap = {};
  if (t?.request !== undefined) {
    if (w.dialect.timeouts === 'none') w.ctx.drop(t.origin, `${w.dialect.name} has no route timeouts at this version.`, at);
    else timeouts.request = gepDuration(t.request, w, timeouts, 'request');
  }
  if (perTry !== undefined && !caller) {
    const origin = t?.backendRequest !== undefined ? t.origin : rule.retry!.origin;
    if (!w.dialect.backendRequest || w.dialect.timeouts === 'none') {
      w.ctx.drop(origin, `${w.dialect.name} has no timeout per attempt.`, at);
    } else if (t?.request && perTry > t.request) {
      w.ctx.drop(origin, 'The timeout per attempt is longer than the request timeout, which Gateway API does not accept; the request timeout bounds every attempt anyway.', at);
    } else {
      timeouts.backendRequest = gepDuration(perTry, w, timeouts, 'backendRequest');
    }
  }
  if (t?.idle !== undefined && !caller) w.ctx.drop(t.origin, `${w.dialect.name} routes have no idle timeout.`, at);
  if (Object.keys(timeouts).length) {
    at.timeouts = timeouts;
    if (w.dialect.timeouts === 'experimental') sayExperimental(w.ctx, 'rules[].timeouts', at, 'timeouts');
  }
}

function writeRetry(rule: RouteRule, w: RouteWriting, at: OutMap): void {
  const r = rule.retry;
  if (!r || w.dialect.retry === 'caller' || r.attempts === 0) return;
  if (w.dialect.retry === 'none') {
    w.ctx.drop(r.origin, w.dialect.reasons.retry ?? `${w.dialect.name} has no retries on routes at this version.`, at);
    return;
  }
  const retry: OutMap = {};
  if (r.attempts !== undefined) retry.attempts = r.attempts;
  const codes = new Set(r.codes.filter(c => c >= 400 && c <= 599));
  for (const condition of r.conditions) {
    const listed = STATUS_CODES_OF[condition];
    if (listed) listed.forEach(c => codes.add(c));
    else if (CONNECTION_ERRORS.has(condition)) w.ctx.note(`Gateway API implementations should retry on connection errors whenever a retry is set, so ${condition} needs no code.`, retry);
    else if (condition !== 'retriable-status-codes') w.ctx.drop(r.origin, `Gateway API retries only on status codes and connection errors; the condition ${condition} is left out.`, retry);
  }
  for (const c of r.codes) if (c < 400 || c > 599) w.ctx.drop(r.origin, `Gateway API retries only on status codes from 400 to 599; ${c} is left out.`, retry);
  if (codes.size) retry.codes = [...codes].sort((a, b) => a - b);
  if (r.backoff?.base !== undefined) retry.backoff = gepDuration(r.backoff.base, w, retry, 'backoff');
  if (r.backoff?.max !== undefined) w.ctx.drop(r.origin, 'Gateway API retries have no maximum backoff.', retry);
  at.retry = retry;
  sayExperimental(w.ctx, 'rules[].retry', at, 'retry');
}

export function dropFault(rule: RouteRule, w: RouteWriting, at: OutMap): void {
  if (!rule.fault) return;
  const reason = w.dialect.reasons.fault ?? `${w.dialect.name} has no fault injection; test with a failing backend instead.`;
  for (const origin of faultOrigins(rule.fault)) w.ctx.drop(origin, reason, at);
}
