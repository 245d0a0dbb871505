// Linkerd's retry and timeout annotations (`retry.linkerd.io/*`, `timeout.linkerd.io/*`). They sit on an
// HTTPRoute or GRPCRoute (every rule of it) or on a Service (all traffic to it).
import type { ReadContext } from '../../contract';
import type { RetryPolicy, Timeouts } from '../../model';
import type { SourceView } from '../../source';
import { ENVOY_GRPC_CONDITIONS } from '../../values';
import { partFields, readDuration } from '../fieldValues';

export interface LinkerdPolicy { retry?: RetryPolicy; timeouts?: Timeouts }

/** Linkerd retries at most once unless `retry.linkerd.io/limit` says otherwise. */
const DEFAULT_LIMIT = 1;

/** Reads the annotations of `metadata.annotations`; undefined when there are none. */
export function readLinkerdAnnotations(ctx: ReadContext): LinkerdPolicy | undefined {
  const kind = ctx.source.kind;
  const annotations = ctx.root.at('metadata', 'annotations');
  const get = (key: string) => annotations.get(key);
  const out: LinkerdPolicy = {};

  const http = get('retry.linkerd.io/http'), grpc = get('retry.linkerd.io/grpc');
  const limit = get('retry.linkerd.io/limit'), perTry = get('retry.linkerd.io/timeout');
  const first = [http, grpc, limit, perTry].find(v => v.exists);
  if (first) {
    const retry: RetryPolicy = { conditions: [], codes: [], origin: first.origin };
    // Linkerd reads HTTP conditions on an HTTPRoute, gRPC ones on a GRPCRoute, and both on a Service.
    if (http.exists && kind === 'GRPCRoute') ctx.drop(http, 'Linkerd ignores retry.linkerd.io/http on a GRPCRoute, so it is not converted.');
    else if (http.exists) readHttpConditions(http, retry, ctx);
    if (grpc.exists && kind === 'HTTPRoute') ctx.drop(grpc, 'Linkerd ignores retry.linkerd.io/grpc on an HTTPRoute, so it is not converted.');
    else if (grpc.exists) readGrpcConditions(grpc, retry, ctx);
    if (limit.exists) {
      const n = Number(limit.peek());
      if (Number.isInteger(n) && n >= 0) { retry.attempts = n; limit.use(); }
      else ctx.drop(limit, `"${limit.peek() ?? ''}" is not a number of retries.`);
    }
    retry.attempts ??= DEFAULT_LIMIT;
    const ms = readDuration(perTry, ctx);
    if (ms !== undefined) retry.perTryTimeout = ms;
    // The conditions annotation Linkerd reads on this kind (a Service reads both; http first).
    const conditions = kind === 'GRPCRoute' ? grpc : kind === 'HTTPRoute' ? http : http.exists ? http : grpc;
    const fields = partFields({ attempts: limit, perTryTimeout: perTry, conditions });
    if (fields) retry.fields = fields;
    out.retry = retry;
  }

  const request = get('timeout.linkerd.io/request'), response = get('timeout.linkerd.io/response'), idle = get('timeout.linkerd.io/idle');
  const firstTimeout = [request, response, idle].find(v => v.exists);
  if (firstTimeout) {
    const timeouts: Timeouts = { origin: firstTimeout.origin };
    const r = readDuration(request, ctx); if (r !== undefined) timeouts.request = r;
    const b = readDuration(response, ctx); if (b !== undefined) timeouts.backendRequest = b;
    const i = readDuration(idle, ctx); if (i !== undefined) timeouts.idle = i;
    const fields = partFields({ request, backendRequest: response, idle });
    if (fields) timeouts.fields = fields;
    out.timeouts = timeouts;
  }
  return out.retry || out.timeouts ? out : undefined;
}

/** `5xx`, `gateway-error`, `429`, `500-504`, comma-separated. */
function readHttpConditions(v: SourceView, retry: RetryPolicy, ctx: ReadContext): void {
  const bad: string[] = [];
  for (const raw of (v.peek() ?? '').split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const range = /^([1-5][0-9][0-9])\s*-\s*([1-5][0-9][0-9])$/.exec(item);
    if (item === '5xx' || item === 'gateway-error') retry.conditions.push(item);
    else if (/^[1-5][0-9][0-9]$/.test(item)) retry.codes.push(Number(item));
    else if (range && Number(range[1]) <= Number(range[2])) for (let c = Number(range[1]); c <= Number(range[2]); c++) retry.codes.push(c);
    else bad.push(item);
  }
  if (bad.length) ctx.drop(v, `Linkerd does not read the retry condition ${bad.join(', ')}, so it is not converted.`);
  else v.use();
}

function readGrpcConditions(v: SourceView, retry: RetryPolicy, ctx: ReadContext): void {
  const bad: string[] = [];
  for (const raw of (v.peek() ?? '').split(',')) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    if (ENVOY_GRPC_CONDITIONS.includes(item)) retry.conditions.push(item);
    else bad.push(item);
  }
  if (bad.length) ctx.drop(v, `Linkerd does not read the gRPC retry condition ${bad.join(', ')}, so it is not converted.`);
  else v.use();
}

/** Puts the annotations' policy on every rule: Linkerd applies them to the whole route, over the rules' own values. */
export function applyToRules(policy: LinkerdPolicy | undefined, rules: { retry?: RetryPolicy; timeouts?: Timeouts }[]): void {
  if (!policy) return;
  for (const rule of rules) {
    if (policy.retry) rule.retry = { ...policy.retry, conditions: [...policy.retry.conditions], codes: [...policy.retry.codes] };
    if (policy.timeouts) rule.timeouts = { ...rule.timeouts, ...policy.timeouts };
  }
}
