// Linkerd reads retries and the timeouts Gateway API rules cannot carry from annotations on the route
// (`retry.linkerd.io/*`, `timeout.linkerd.io/*`, since 2.16). They apply to the whole route, so rules
// with different policies go to routes of their own.
import { compareVersions } from '../../catalog';
import type { Origin, Route, RouteRule } from '../model';
import { ENVOY_GRPC_CONDITIONS, formatGepDuration, STATUS_CODES_OF } from '../values';

/** Linkerd's first release with the retry and timeout annotations. */
export const ANNOTATIONS_SINCE = '2.16';

/** Envoy tokens Linkerd's `retry.linkerd.io/http` takes as they are. */
const LINKERD_HTTP_CLASSES = new Set(['5xx', 'gateway-error']);

export interface RuleAnnotations {
  values: Record<string, string>;
  /** Source fields the annotations cannot say, with why. */
  lost: { origin: Origin; reason: string }[];
  /** Notes for the user (rounded durations). */
  notes: string[];
  /** Context to ask for. */
  needs: { what: string; origin: Origin }[];
}

/** The annotations one rule needs on its route (HTTPRoute or GRPCRoute), at Linkerd `version`. */
export function ruleAnnotations(rule: RouteRule, route: Route, version: string): RuleAnnotations {
  const out: RuleAnnotations = { values: {}, lost: [], notes: [], needs: [] };
  const grpc = route.protocol === 'grpc';
  const retry = rule.retry && rule.retry.attempts !== 0 ? rule.retry : undefined;
  const t = rule.timeouts;
  const perTry = retry?.perTryTimeout ?? t?.backendRequest;
  const annotated = retry || t?.idle !== undefined || t?.backendRequest !== undefined || (grpc && t?.request !== undefined);
  if (!annotated) return out;
  if (compareVersions(version, ANNOTATIONS_SINCE) < 0) {
    if (retry) out.lost.push({ origin: retry.origin, reason: `Linkerd ${version} has no retry annotations; they came in ${ANNOTATIONS_SINCE}.` });
    if (t && (t.idle !== undefined || t.backendRequest !== undefined || grpc)) out.lost.push({ origin: t.origin, reason: `Linkerd ${version} has no timeout annotations; they came in ${ANNOTATIONS_SINCE}.` });
    return out;
  }
  const duration = (ms: number): string => {
    const { text, rounded } = formatGepDuration(ms);
    if (rounded) out.notes.push(`Linkerd durations have no fractions of a millisecond: ${ms} ms is rounded up to ${text}.`);
    return text;
  };
  if (retry) {
    const http: string[] = [];
    const grpcCodes: string[] = [];
    const codes = new Set(retry.codes);
    for (const c of retry.conditions) {
      if (c === 'retriable-status-codes') continue;
      if (ENVOY_GRPC_CONDITIONS.includes(c)) {
        if (grpc) grpcCodes.push(c);
        else out.lost.push({ origin: retry.origin, reason: `Linkerd retries on gRPC status ${c} only on a GRPCRoute; this is an HTTPRoute.` });
      } else if (grpc) {
        out.lost.push({ origin: retry.origin, reason: `A GRPCRoute retries on gRPC statuses only; Linkerd cannot retry it on ${c}.` });
      } else if (LINKERD_HTTP_CLASSES.has(c)) http.push(c);
      else if (STATUS_CODES_OF[c]) STATUS_CODES_OF[c]!.forEach(code => codes.add(code));
      else out.lost.push({ origin: retry.origin, reason: `Linkerd retries on response status codes only; it has no equivalent of ${c}.` });
    }
    if (grpc && codes.size) out.lost.push({ origin: retry.origin, reason: 'A GRPCRoute retries on gRPC statuses only; Linkerd cannot retry it on HTTP status codes.' });
    else http.push(...codeRanges([...codes]));
    if (http.length) out.values['retry.linkerd.io/http'] = http.join(',');
    if (grpcCodes.length) out.values['retry.linkerd.io/grpc'] = grpcCodes.join(',');
    if (!http.length && !grpcCodes.length) {
      out.needs.push({ what: `the ${grpc ? 'gRPC statuses' : 'status codes'} to retry on (retry.linkerd.io/${grpc ? 'grpc' : 'http'}): Linkerd retries only on those it is given, and the source names none it can say`, origin: retry.origin });
    }
    if (retry.attempts !== undefined) out.values['retry.linkerd.io/limit'] = String(retry.attempts);
    if (perTry !== undefined) out.values['retry.linkerd.io/timeout'] = duration(perTry);
    if (retry.backoff) out.lost.push({ origin: retry.origin, reason: 'Linkerd retries have no backoff setting.' });
  } else if (t?.backendRequest !== undefined) {
    out.values['timeout.linkerd.io/response'] = duration(t.backendRequest);
  }
  // An HTTPRoute carries its request timeout in rules[].timeouts; a GRPCRoute has none.
  if (grpc && t?.request !== undefined) out.values['timeout.linkerd.io/request'] = duration(t.request);
  if (t?.idle !== undefined) out.values['timeout.linkerd.io/idle'] = duration(t.idle);
  return out;
}

/** Status codes as Linkerd lists them: single codes and `from-to` ranges. */
function codeRanges(codes: number[]): string[] {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j > i + 1 ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    if (j === i + 1) out.push(String(sorted[j]));
    i = j;
  }
  return out;
}
