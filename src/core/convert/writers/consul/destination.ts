// The destination of a ServiceRouter route: where matched requests go and how (path rewrite,
// timeouts, retries, header changes). Consul durations are Go durations; its retry conditions are the
// Envoy tokens hashicorp/consul accepts, with status codes and connect failures in fields of their own.
import type { WriteContext } from '../../contract';
import type { BackendRef, HeaderChanges, RetryPolicy, Route, RouteRule, Timeouts } from '../../model';
import { faultOrigins } from '../../model';
import type { OutMap } from '../../output';
import { CONSUL_RETRY_ON, formatGoDuration } from '../../values';
import type { ConsulWriting } from './router';

function headerChanges(changes: HeaderChanges): OutMap {
  const out: OutMap = {};
  if (Object.keys(changes.add).length) out.add = { ...changes.add };
  if (Object.keys(changes.set).length) out.set = { ...changes.set };
  if (changes.remove.length) out.remove = [...changes.remove];
  return out;
}

/** Timeouts on a destination; Consul has no per-attempt timeout. */
export function applyTimeouts(timeouts: Timeouts | undefined, d: OutMap, ctx: WriteContext): void {
  if (!timeouts) return;
  if (timeouts.request !== undefined && d.requestTimeout === undefined) d.requestTimeout = formatGoDuration(timeouts.request);
  if (timeouts.idle !== undefined && d.idleTimeout === undefined) d.idleTimeout = formatGoDuration(timeouts.idle);
  if (timeouts.backendRequest !== undefined) ctx.drop(timeouts.fields?.backendRequest ?? timeouts.origin, 'Consul has no timeout per backend attempt; only the whole request timeout is kept.', d);
}

/** A retry policy on a destination, in the fields and tokens Consul accepts. */
export function applyRetry(retry: RetryPolicy | undefined, d: OutMap, ctx: WriteContext): void {
  if (!retry || d.numRetries !== undefined || d.retryOn !== undefined) return;
  if (retry.attempts !== undefined) d.numRetries = retry.attempts;
  const retryOn: string[] = [];
  for (const token of retry.conditions) {
    if (token === 'connect-failure') d.retryOnConnectFailure = true;
    else if (token === 'retriable-status-codes' && retry.codes.length) continue;
    else if (CONSUL_RETRY_ON.has(token)) retryOn.push(token);
    else ctx.drop(retry.fields?.conditions ?? retry.origin, `Consul cannot retry on "${token}"; the other conditions are kept.`, d);
  }
  if (retryOn.length) d.retryOn = retryOn;
  if (retry.codes.length) d.retryOnStatusCodes = [...retry.codes];
  if (retry.perTryTimeout !== undefined) ctx.drop(retry.fields?.perTryTimeout ?? retry.origin, 'Consul has no per-try timeout: each retry may use the rest of the request timeout.', d);
  if (retry.backoff) ctx.drop(retry.fields?.backoff ?? retry.origin, 'Consul has no retry back-off setting; Envoy\'s default back-off applies.', d);
}

/**
 * The destination of one route. `http` is the match it goes with: a path-prefix rewrite needs a
 * pathPrefix or pathExact match, and the `<prefix>/` half of a segment prefix (`segment`) rewrites
 * with a trailing slash so `/api/x` still becomes `/v2/x`.
 */
export function consulDestination(route: Route, rule: RouteRule, owner: { service: string; namespace?: string }, w: ConsulWriting, http: OutMap | undefined, segment = false): OutMap {
  const { ctx } = w;
  const d: OutMap = {};
  const protocol = route.protocol === 'grpc' ? 'grpc' : 'http';
  if (rule.backends.length === 1) {
    const ref = rule.backends[0].ref;
    d.service = ref.name;
    if (ref.subset) d.serviceSubset = ref.subset;
    if (ref.namespace && ref.namespace !== owner.namespace) d.namespace = ref.namespace;
    checkSubset(ref, d, w);
    if (ref.external) ctx.note(`${ref.name} is outside the mesh: Consul reaches it only through a terminating gateway that registers it as a service.`, d);
    else w.l7.add(ref.name, ref.namespace ?? owner.namespace, protocol);
  } else {
    d.service = owner.service;
  }
  const path = rule.rewrite?.path;
  if (path) {
    const prefixMatch = http?.pathPrefix !== undefined || http?.pathExact !== undefined;
    if (path.type === 'ReplacePrefixMatch' && prefixMatch) d.prefixRewrite = segment && !path.value.endsWith('/') ? `${path.value}/` : path.value;
    else if (path.type === 'ReplaceFullPath' && http?.pathExact !== undefined) d.prefixRewrite = path.value;
    else ctx.drop(rule.rewrite!.origin, path.type === 'ReplaceFullPath' ? 'Consul replaces a whole path only for an exact path match; the path is not rewritten.' : 'Consul rewrites a path prefix only for a prefix or exact path match; the path is not rewritten.', d);
  }
  if (rule.rewrite?.hostname) ctx.drop(rule.rewrite.origin, 'Consul routers cannot rewrite the Host header.', d);
  applyTimeouts(rule.timeouts, d, ctx);
  applyRetry(rule.retry, d, ctx);
  if (rule.requestHeaders) d.requestHeaders = headerChanges(rule.requestHeaders);
  if (rule.responseHeaders) d.responseHeaders = headerChanges(rule.responseHeaders);
  for (const m of rule.mirrors) ctx.drop(m.origin, 'Consul has no traffic mirroring.', d);
  if (rule.fault) for (const origin of faultOrigins(rule.fault)) ctx.drop(origin, 'Consul fault injection needs Consul Enterprise.', d);
  if (rule.cors) ctx.drop(rule.cors.origin, 'Consul service routers cannot answer CORS requests; answer them in the application.', d);
  return d;
}

/** A subset must exist in a ServiceResolver; one the input does not declare is asked for. */
export function checkSubset(ref: BackendRef, at: OutMap, w: ConsulWriting): void {
  if (!ref.subset) return;
  const declared = w.fragment.subsets.some(s => s.name === ref.subset && s.host.split('.')[0] === ref.name) || w.ctx.input.subset(ref.name, ref.subset, ref.namespace);
  if (!declared) w.ctx.need(`the subset ${ref.subset} of ${ref.name} in a ServiceResolver for ${ref.name}, which no resource of the input declares`, ref.origin, at);
}
