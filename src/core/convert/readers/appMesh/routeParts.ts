// The parts App Mesh's VirtualRouter routes and GatewayRoutes share: matches (path, headers or gRPC
// metadata, method, query, port), retry policies and timeouts.
import type { ReadContext } from '../../contract';
import type { RetryPolicy, RouteMatch, Timeouts, ValueMatch } from '../../model';
import type { SourceView } from '../../source';
import { partFields } from '../fieldValues';
import { appMeshDuration } from './lookups';
import { escapeRegex } from '../../values';

export const LEFT_OUT = 'this route is left out so it never takes requests it did not take before.';

/** A header (or gRPC metadata) condition; undefined after dropping one that cannot be carried. */
function readHeader(view: SourceView, ctx: ReadContext): ValueMatch | undefined {
  const invert = view.get('invert');
  if (invert.peek() === 'true') { ctx.drop(invert, `An inverted header match has no equivalent; ${LEFT_OUT}`); return undefined; }
  invert.bool();
  const name = view.get('name').str() ?? '';
  const match = view.get('match');
  const base = { name, origin: view.origin };
  if (!match.exists) return { ...base, type: 'Present', value: '' };
  const exact = match.get('exact').str();
  if (exact !== undefined) return { ...base, type: 'Exact', value: exact };
  const prefix = match.get('prefix').str();
  if (prefix !== undefined) return { ...base, type: 'Prefix', value: prefix };
  const suffix = match.get('suffix').str();
  if (suffix !== undefined) return { ...base, type: 'RegularExpression', value: `.*${escapeRegex(suffix)}` };
  const regex = match.get('regex').str();
  if (regex !== undefined) return { ...base, type: 'RegularExpression', value: regex };
  const range = match.get('range');
  ctx.drop(range.exists ? range : match, `A numeric range match on a header has no equivalent; ${LEFT_OUT}`);
  return undefined;
}

/** An HTTP match of a route or gateway route; undefined when a condition cannot be carried. */
export function readHttpMatch(match: SourceView, ctx: ReadContext): RouteMatch | undefined {
  const out: RouteMatch = { headers: [], queryParams: [], origin: match.origin };
  const prefix = match.get('prefix');
  const path = match.get('path');
  if (prefix.exists) out.path = { type: 'PathPrefix', value: prefix.str() ?? '/', origin: prefix.origin };
  const exact = path.get('exact').str();
  const regex = path.get('regex').str();
  if (exact !== undefined) out.path = { type: 'Exact', value: exact, origin: path.origin };
  else if (regex !== undefined) out.path = { type: 'RegularExpression', value: regex, origin: path.origin };
  let carried = true;
  for (const h of match.get('headers').items()) {
    const v = readHeader(h, ctx);
    if (v) out.headers.push(v); else carried = false;
  }
  for (const q of match.get('queryParameters').items()) {
    const value = q.at('match', 'exact').str();
    const name = q.get('name').str() ?? '';
    out.queryParams.push(value === undefined ? { name, type: 'Present', value: '', origin: q.origin } : { name, type: 'Exact', value, origin: q.origin });
  }
  const method = match.get('method');
  const methodValue = method.str();
  if (methodValue) out.method = { value: methodValue, origin: method.origin };
  const port = match.get('port');
  const portValue = port.num();
  if (portValue !== undefined) out.port = { value: portValue, origin: port.origin };
  const scheme = match.get('scheme');
  if (scheme.exists) { ctx.drop(scheme, `Matching on the URL scheme has no equivalent; ${LEFT_OUT}`); carried = false; }
  return carried ? out : undefined;
}

/** A gRPC match: service and method names, metadata, port. */
export function readGrpcMatch(match: SourceView, ctx: ReadContext): RouteMatch | undefined {
  const out: RouteMatch = { headers: [], queryParams: [], origin: match.origin };
  const service = match.get('serviceName').str();
  const method = match.get('methodName').str();
  if (service !== undefined || method !== undefined) {
    out.grpc = { type: 'Exact', origin: match.origin };
    if (service !== undefined) out.grpc.service = service;
    if (method !== undefined) out.grpc.method = method;
  }
  let carried = true;
  for (const h of match.get('metadata').items()) {
    const v = readHeader(h, ctx);
    if (v) out.headers.push(v); else carried = false;
  }
  const port = match.get('port');
  const portValue = port.num();
  if (portValue !== undefined) out.port = { value: portValue, origin: port.origin };
  return carried ? out : undefined;
}

/** App Mesh retry events → Envoy tokens (App Mesh configures Envoy with these). */
const RETRY_EVENTS: Record<string, string> = {
  'server-error': '5xx', 'gateway-error': 'gateway-error', 'client-error': 'retriable-4xx', 'stream-error': 'refused-stream',
  'connection-error': 'connect-failure',
  cancelled: 'cancelled', 'deadline-exceeded': 'deadline-exceeded', internal: 'internal', 'resource-exhausted': 'resource-exhausted', unavailable: 'unavailable',
};

export function readRetryPolicy(view: SourceView, ctx: ReadContext): RetryPolicy | undefined {
  if (!view.exists) return undefined;
  const retry: RetryPolicy = { conditions: [], codes: [], origin: view.origin };
  const attempts = view.get('maxRetries').num();
  if (attempts !== undefined) retry.attempts = attempts;
  const perTry = appMeshDuration(view.get('perRetryTimeout'));
  if (perTry !== undefined) retry.perTryTimeout = perTry;
  for (const key of ['httpRetryEvents', 'grpcRetryEvents', 'tcpRetryEvents']) {
    for (const item of view.get(key).items()) {
      const token = RETRY_EVENTS[item.peek() ?? ''];
      if (token) { item.use(); if (!retry.conditions.includes(token)) retry.conditions.push(token); }
      else ctx.drop(item, `The retry event "${item.peek() ?? ''}" is not one Mesh Lens knows.`);
    }
  }
  const events = ['httpRetryEvents', 'grpcRetryEvents', 'tcpRetryEvents'].map(k => view.get(k)).find(v => v.exists);
  const fields = partFields({ attempts: view.get('maxRetries'), perTryTimeout: view.get('perRetryTimeout'), conditions: events });
  if (fields) retry.fields = fields;
  return retry;
}

export function readTimeouts(view: SourceView): Timeouts | undefined {
  if (!view.exists) return undefined;
  const timeouts: Timeouts = { origin: view.origin };
  const request = appMeshDuration(view.get('perRequest'));
  if (request !== undefined) timeouts.request = request;
  const idle = appMeshDuration(view.get('idle'));
  if (idle !== undefined) timeouts.idle = idle;
  const fields = partFields({ request: view.get('perRequest'), idle: view.get('idle') });
  if (fields) timeouts.fields = fields;
  return timeouts.request === undefined && timeouts.idle === undefined ? undefined : timeouts;
}
