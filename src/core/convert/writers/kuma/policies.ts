// Timeouts, retries and faults as Kuma policies (MeshTimeout, MeshRetry, MeshFaultInjection). Kuma
// creates a default MeshTimeout (15 s) and MeshRetry (5 retries) in every mesh, so a route that had
// none of these in its source mesh gets Kuma's unless the conversion says otherwise.
import type { WriteContext } from '../../contract';
import type { BackendRef, Fault, Millis, Origin, RetryPolicy, SourceRef, Timeouts } from '../../model';
import type { OutMap } from '../../output';
import { comment } from '../../output';
import { formatGoDuration, KUMA_GRPC_RETRY_ON, KUMA_HTTP_RETRY_ON, kumaPercentage } from '../../values';
import { kumaObject, serviceProxies } from './refs';

/** What the source mesh did when a route set no timeout or retry. */
interface SourceDefaults { mesh: string; noRequestTimeout: boolean; retries: string }

const DEFAULTS: Record<string, SourceDefaults> = {
  'networking.istio.io': {
    mesh: 'Istio', noRequestTimeout: true,
    retries: 'Istio retried a failed request twice by default (connect-failure, refused-stream, unavailable, cancelled, retriable status codes); Kuma\'s default MeshRetry retries up to 5 times.',
  },
  'policy.linkerd.io': { mesh: 'Linkerd', noRequestTimeout: true, retries: 'Linkerd did not retry these requests; Kuma\'s default MeshRetry retries failed requests up to 5 times.' },
  'linkerd.io': { mesh: 'Linkerd', noRequestTimeout: true, retries: 'Linkerd did not retry these requests; Kuma\'s default MeshRetry retries failed requests up to 5 times.' },
  'split.smi-spec.io': { mesh: 'Open Service Mesh', noRequestTimeout: true, retries: 'Open Service Mesh did not retry these requests; Kuma\'s default MeshRetry retries failed requests up to 5 times.' },
  'specs.smi-spec.io': { mesh: 'Open Service Mesh', noRequestTimeout: true, retries: 'Open Service Mesh did not retry these requests; Kuma\'s default MeshRetry retries failed requests up to 5 times.' },
  'gateway.networking.k8s.io': { mesh: 'Gateway API', noRequestTimeout: false, retries: 'Kuma\'s default MeshRetry retries failed requests up to 5 times and its default MeshTimeout ends a request after 15 s.' },
};

export function sourceDefaults(from: SourceRef): SourceDefaults | undefined {
  return DEFAULTS[from.apiVersion.split('/')[0]];
}

/** A MeshTimeout for one outbound (`to[].targetRef`): the source's values, or no timeout where the source had none. */
export function meshTimeout(name: string, namespace: string | undefined, target: OutMap, timeouts: Timeouts | undefined, defaults: SourceDefaults | undefined, tcp = false): OutMap | undefined {
  const conf: OutMap = {};
  const http: OutMap = {};
  if (timeouts?.request !== undefined && !tcp) http.requestTimeout = formatGoDuration(timeouts.request);
  if (timeouts?.idle !== undefined) {
    if (tcp) conf.idleTimeout = formatGoDuration(timeouts.idle);
    else http.streamIdleTimeout = formatGoDuration(timeouts.idle);
  }
  const noTimeout = !tcp && http.requestTimeout === undefined && defaults?.noRequestTimeout === true;
  if (noTimeout) http.requestTimeout = '0s';
  if (Object.keys(http).length) conf.http = http;
  if (!Object.keys(conf).length) return undefined;
  const obj = kumaObject('MeshTimeout', name, namespace, { targetRef: { kind: 'Mesh' }, to: [{ targetRef: target, default: conf }] });
  if (noTimeout) comment(http, `${defaults?.mesh} set no request timeout here; Kuma's default MeshTimeout would end requests after 15 s, so 0s turns it off.`, 'requestTimeout');
  return obj;
}

/** A MeshRetry for one outbound; `perTry` is a per-attempt timeout that came without a retry policy (Gateway API `backendRequest`). */
export function meshRetry(name: string, namespace: string | undefined, target: OutMap, retry: RetryPolicy | undefined, perTry: Millis | undefined, protocol: 'http' | 'grpc' | 'tcp', ctx: WriteContext): OutMap | undefined {
  if (!retry && perTry === undefined) return undefined;
  const conf: OutMap = {};
  if (protocol === 'tcp') {
    if (retry?.attempts === undefined) return undefined;
    conf.tcp = { maxConnectAttempt: retry.attempts + 1 };
  } else {
    const common: OutMap = {};
    if (retry?.attempts !== undefined) common.numRetries = retry.attempts;
    const tryTimeout = retry?.perTryTimeout ?? perTry;
    if (tryTimeout !== undefined) common.perTryTimeout = formatGoDuration(tryTimeout);
    if (retry?.backoff && (retry.backoff.base !== undefined || retry.backoff.max !== undefined)) {
      const backOff: OutMap = {};
      if (retry.backoff.base !== undefined) backOff.baseInterval = formatGoDuration(retry.backoff.base);
      if (retry.backoff.max !== undefined) backOff.maxInterval = formatGoDuration(retry.backoff.max);
      common.backOff = backOff;
    }
    const httpOn: string[] = [];
    const grpcOn: string[] = [];
    const codes = retry?.codes ?? [];
    for (const token of retry?.conditions ?? []) {
      if (KUMA_GRPC_RETRY_ON[token]) grpcOn.push(KUMA_GRPC_RETRY_ON[token]);
      else if (token === 'retriable-status-codes' && codes.length) continue;
      else if (KUMA_HTTP_RETRY_ON[token]) httpOn.push(KUMA_HTTP_RETRY_ON[token]);
      else if (retry) ctx.drop(retry.fields?.conditions ?? retry.origin, `Kuma MeshRetry cannot retry on "${token}"; the other conditions are kept.`);
    }
    httpOn.push(...codes.map(String));
    const anyCondition = httpOn.length + grpcOn.length > 0;
    if (httpOn.length || (!anyCondition && protocol === 'http')) conf.http = httpOn.length ? { ...common, retryOn: httpOn } : { ...common };
    if (grpcOn.length || (!anyCondition && protocol === 'grpc')) conf.grpc = grpcOn.length ? { ...common, retryOn: grpcOn } : { ...common };
    if (retry && retry.attempts === undefined) comment(conf, 'The source gave no number of attempts, so Kuma\'s default MeshRetry (5 retries) decides it.');
  }
  return kumaObject('MeshRetry', name, namespace, { targetRef: { kind: 'Mesh' }, to: [{ targetRef: target, default: conf }] });
}

/** The `default.http[]` list of a MeshFaultInjection. */
function faultList(fault: Fault, ctx: WriteContext): OutMap[] {
  const list: OutMap[] = [];
  if (fault.delay) list.push({ delay: { value: formatGoDuration(fault.delay.fixed), percentage: kumaPercentage(fault.delay.percent ?? 100) } });
  if (fault.abort?.httpStatus !== undefined) list.push({ abort: { httpStatus: fault.abort.httpStatus, percentage: kumaPercentage(fault.abort.percent ?? 100) } });
  else if (fault.abort) ctx.drop(fault.abort.origin, 'Kuma fault injection aborts only with an HTTP status, not a gRPC status.');
  return list;
}

/**
 * A server-side MeshFaultInjection on the proxies of `service`. Kuma injects faults where requests
 * arrive, for every caller and path; `scope` says what the source limited it to, when anything.
 */
export function meshFaultInjection(name: string, namespace: string | undefined, service: BackendRef, fault: Fault, origin: Origin, ctx: WriteContext): OutMap | undefined {
  const list = faultList(fault, ctx);
  if (!list.length) return undefined;
  const obj = kumaObject('MeshFaultInjection', name, namespace, { targetRef: serviceProxies(service, origin, ctx), rules: [{ default: { http: list } }] });
  comment(obj, `Kuma injects faults on the server side: this affects every caller of ${service.name} and every path.`);
  return obj;
}
