// One Istio VirtualService `http[]` rule: matches, weighted destinations, timeout, retries, mirrors,
// fault injection, redirect, rewrite, header changes, CORS and direct responses.
import type { ReadContext } from '../../contract';
import type { Cors, Fault, HeaderChanges, Mirror, RetryPolicy, RouteRule, WeightedBackend } from '../../model';
import type { SourceView } from '../../source';
import { ENVOY_GRPC_CONDITIONS, ENVOY_HTTP_CONDITIONS } from '../../values';
import { backendFromHost, partFields, readDuration, readNumber } from '../fieldValues';
import { readHttpMatch } from './httpMatch';

export function readHttpRule(rule: SourceView, ctx: ReadContext): RouteRule {
  const out: RouteRule = { matches: [], backends: [], mirrors: [], origin: rule.origin };
  const name = rule.get('name').str();
  if (name) out.name = name;
  for (const m of rule.get('match').items()) out.matches.push(...readHttpMatch(m, ctx));
  out.backends = readDestinations(rule.get('route'), ctx);

  const timeout = readDuration(rule.get('timeout'), ctx);
  if (timeout !== undefined) out.timeouts = { request: timeout, fields: { request: rule.get('timeout').origin }, origin: rule.get('timeout').origin };
  const retry = readRetries(rule.get('retries'), ctx);
  if (retry) out.retry = retry;
  out.mirrors = readMirrors(rule, ctx);
  const fault = readFault(rule.get('fault'), ctx);
  if (fault) out.fault = fault;
  readRedirect(rule.get('redirect'), out, ctx);
  readRewrite(rule.get('rewrite'), out, ctx);
  const request = readHeaderOps(rule.at('headers', 'request'));
  if (request) out.requestHeaders = request;
  const response = readHeaderOps(rule.at('headers', 'response'));
  if (response) out.responseHeaders = response;
  const cors = readCors(rule.get('corsPolicy'), ctx);
  if (cors) out.cors = cors;

  const direct = rule.get('directResponse');
  if (direct.exists) {
    const status = readNumber(direct.get('status'), ctx) ?? 200;
    out.directResponse = { status, origin: direct.origin };
    const body = direct.at('body', 'string').str();
    if (body !== undefined) out.directResponse.body = body;
    const bytes = direct.at('body', 'bytes');
    if (bytes.exists) ctx.drop(bytes, 'A binary response body is not converted; give it as a string instead.');
  }
  const delegate = rule.get('delegate');
  if (delegate.exists) ctx.drop(delegate, 'Delegating a rule to another VirtualService has no equivalent; convert the delegate VirtualService on its own and give it this rule\'s parent.');
  return out;
}

/** `route[]` (also `tls[].route[]`, `tcp[].route[]`). One destination takes all traffic whatever its weight. */
export function readDestinations(list: SourceView, ctx: ReadContext): WeightedBackend[] {
  const items = list.items();
  const out: WeightedBackend[] = [];
  for (const item of items) {
    const dest = item.get('destination');
    const host = dest.get('host').str();
    if (!host) { ctx.drop(item, 'A destination without a host cannot be converted.'); continue; }
    const port = readNumber(dest.at('port', 'number'), ctx);
    const subset = dest.get('subset').str();
    const weightView = item.get('weight');
    let weight = readNumber(weightView, ctx);
    if (items.length === 1) weight = 100;
    out.push({ ref: backendFromHost(host, dest, port, subset), weight: weight ?? 0, ...(weightView.exists && items.length === 1 ? { written: true } : {}), origin: weightView.exists ? weightView.origin : item.origin });
    const headers = item.get('headers');
    if (headers.exists) ctx.drop(headers, 'Header changes for a single destination are not converted; only header changes on the whole rule are.');
  }
  return out;
}

function readRetries(v: SourceView, ctx: ReadContext): RetryPolicy | undefined {
  if (!v.exists) return undefined;
  const out: RetryPolicy = { conditions: [], codes: [], origin: v.origin };
  const attempts = readNumber(v.get('attempts'), ctx);
  if (attempts !== undefined) out.attempts = attempts;
  const perTry = readDuration(v.get('perTryTimeout'), ctx);
  if (perTry !== undefined) out.perTryTimeout = perTry;
  const retryOn = v.get('retryOn');
  if (retryOn.exists) {
    const unknown: string[] = [];
    for (const raw of (retryOn.peek() ?? '').split(',')) {
      const token = raw.trim();
      if (!token) continue;
      // Istio turns bare numbers into retriable status codes.
      if (/^[0-9]{3}$/.test(token)) out.codes.push(Number(token));
      else if (ENVOY_HTTP_CONDITIONS.includes(token) || ENVOY_GRPC_CONDITIONS.includes(token)) out.conditions.push(token);
      else unknown.push(token);
    }
    if (unknown.length) ctx.drop(retryOn, `The retry condition ${unknown.join(', ')} is not one Envoy knows, so it is not converted.`);
    else retryOn.use();
  }
  const backoff = readDuration(v.get('backoff'), ctx);
  if (backoff !== undefined) out.backoff = { base: backoff };
  const fields = partFields({ attempts: v.get('attempts'), perTryTimeout: v.get('perTryTimeout'), conditions: retryOn, backoff: v.get('backoff') });
  if (fields) out.fields = fields;
  const remote = v.get('retryRemoteLocalities');
  if (remote.exists) ctx.drop(remote, 'Retrying in other localities has no equivalent outside Istio.');
  const previous = v.get('retryIgnorePreviousHosts');
  if (previous.exists) ctx.drop(previous, 'Choosing another host for each retry is not converted.');
  return out;
}

function readMirrors(rule: SourceView, ctx: ReadContext): Mirror[] {
  const out: Mirror[] = [];
  const mirror = rule.get('mirror');
  if (mirror.exists) {
    const host = mirror.get('host').str();
    if (host) {
      const m: Mirror = { backend: backendFromHost(host, mirror, readNumber(mirror.at('port', 'number'), ctx), mirror.get('subset').str()), origin: mirror.origin };
      // mirrorPercentage wins over the deprecated integer forms.
      const percent = readNumber(rule.at('mirrorPercentage', 'value'), ctx) ?? readNumber(rule.get('mirrorPercent'), ctx) ?? readNumber(rule.get('mirror_percent'), ctx);
      for (const old of ['mirrorPercent', 'mirror_percent']) if (rule.get(old).exists) rule.get(old).use();
      if (percent !== undefined) m.percent = percent;
      out.push(m);
    } else ctx.drop(mirror, 'A mirror without a host cannot be converted.');
  }
  for (const item of rule.get('mirrors').items()) {
    const dest = item.get('destination');
    const host = dest.get('host').str();
    if (!host) { ctx.drop(item, 'A mirror without a host cannot be converted.'); continue; }
    const m: Mirror = { backend: backendFromHost(host, dest, readNumber(dest.at('port', 'number'), ctx), dest.get('subset').str()), origin: item.origin };
    const percent = readNumber(item.at('percentage', 'value'), ctx);
    if (percent !== undefined) m.percent = percent;
    out.push(m);
  }
  return out;
}

function readFault(v: SourceView, ctx: ReadContext): Fault | undefined {
  if (!v.exists) return undefined;
  const out: Fault = { origin: v.origin };
  const delay = v.get('delay');
  if (delay.exists) {
    const fixed = readDuration(delay.get('fixedDelay'), ctx);
    const exponential = delay.get('exponentialDelay');
    if (exponential.exists) ctx.drop(exponential, 'An exponential delay has no equivalent; only a fixed delay is converted.');
    if (fixed !== undefined) {
      out.delay = { fixed, origin: delay.origin };
      const percent = readNumber(delay.at('percentage', 'value'), ctx) ?? readNumber(delay.get('percent'), ctx);
      if (percent !== undefined) out.delay.percent = percent;
    }
  }
  const abort = v.get('abort');
  if (abort.exists) {
    out.abort = { origin: abort.origin };
    const status = readNumber(abort.get('httpStatus'), ctx);
    if (status !== undefined) out.abort.httpStatus = status;
    const grpc = abort.get('grpcStatus').str();
    if (grpc !== undefined) out.abort.grpcStatus = grpc;
    const h2 = abort.get('http2Error');
    if (h2.exists) ctx.drop(h2, 'Aborting with an HTTP/2 error has no equivalent; only HTTP and gRPC statuses are converted.');
    const percent = readNumber(abort.at('percentage', 'value'), ctx);
    if (percent !== undefined) out.abort.percent = percent;
  }
  return out;
}

function readRedirect(v: SourceView, rule: RouteRule, ctx: ReadContext): void {
  if (!v.exists) return;
  const out: NonNullable<RouteRule['redirect']> = { origin: v.origin };
  const uri = v.get('uri').str();
  if (uri !== undefined) out.path = { type: 'ReplaceFullPath', value: uri };
  const authority = v.get('authority').str();
  if (authority !== undefined) out.hostname = authority;
  const scheme = v.get('scheme').str();
  if (scheme !== undefined) out.scheme = scheme;
  const port = readNumber(v.get('port'), ctx);
  if (port !== undefined) out.port = port;
  const code = readNumber(v.get('redirectCode'), ctx);
  if (code !== undefined) out.statusCode = code;
  const derive = v.get('derivePort');
  if (derive.exists) ctx.drop(derive, 'Deriving the redirect port from the request has no equivalent; the target keeps its default port rules.');
  rule.redirect = out;
}

/** A URI rewrite replaces the matched prefix when the rule matched on a prefix, else the whole path. */
function readRewrite(v: SourceView, rule: RouteRule, ctx: ReadContext): void {
  if (!v.exists) return;
  const out: NonNullable<RouteRule['rewrite']> = { origin: v.origin };
  const uri = v.get('uri');
  if (uri.exists) {
    // Without a path condition Istio matches the prefix `/`: say so, so the prefix replacement has its match.
    if (rule.matches.length === 0) rule.matches.push({ headers: [], queryParams: [], origin: v.origin });
    const paths = rule.matches.map(m => m.path?.type ?? 'PathPrefix');
    const prefix = paths.every(t => t === 'PathPrefix');
    if (!prefix && paths.some(t => t === 'PathPrefix')) {
      ctx.drop(uri, 'This rewrite replaces a prefix for some matches and the whole path for others; split the rule so each has one kind of path match.');
    } else {
      if (prefix) for (const m of rule.matches) m.path ??= { type: 'PathPrefix', value: '/', origin: m.origin };
      out.path = { type: prefix ? 'ReplacePrefixMatch' : 'ReplaceFullPath', value: uri.str() ?? '' };
    }
  }
  const authority = v.get('authority').str();
  if (authority !== undefined) out.hostname = authority;
  const regex = v.get('uriRegexRewrite');
  if (regex.exists) ctx.drop(regex, 'A regular-expression rewrite of the path has no equivalent in the target.');
  if (out.path || out.hostname) rule.rewrite = out;
}

function readHeaderOps(v: SourceView): HeaderChanges | undefined {
  if (!v.exists) return undefined;
  return { set: v.get('set').stringMap(), add: v.get('add').stringMap(), remove: v.get('remove').strings(), origin: v.origin };
}

function readCors(v: SourceView, ctx: ReadContext): Cors | undefined {
  if (!v.exists) return undefined;
  const out: Cors = {
    allowOrigins: v.get('allowOrigin').strings(), allowMethods: v.get('allowMethods').strings(),
    allowHeaders: v.get('allowHeaders').strings(), exposeHeaders: v.get('exposeHeaders').strings(), origin: v.origin,
  };
  for (const o of v.get('allowOrigins').items()) {
    const exact = o.get('exact').str();
    if (exact !== undefined) out.allowOrigins.push(exact);
    else if (o.get('regex').peek() === '.*' || o.get('regex').peek() === '*') { o.use(); out.allowOrigins.push('*'); }
    else ctx.drop(o, 'An allowed origin given by prefix or regular expression is not converted; list the origins exactly.');
  }
  const credentials = v.get('allowCredentials').bool();
  if (credentials !== undefined) out.allowCredentials = credentials;
  const maxAge = readDuration(v.get('maxAge'), ctx);
  if (maxAge !== undefined) out.maxAge = Math.ceil(maxAge / 1000);
  const preflights = v.get('unmatchedPreflights');
  if (preflights.exists) ctx.drop(preflights, 'How unmatched preflight requests are handled is specific to Istio.');
  return out;
}
