// Value conversions every reader and writer shares: durations in each mesh's format, weights and
// percentages, retry conditions. One place, so Istio→Linkerd and Kuma→Linkerd agree on what "1.5s" is.
import type { Millis } from './model';

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, 'µs': 0.001, ns: 0.000001 };

/**
 * Reads a duration in any of the formats the meshes use: Go `time.Duration` / metav1.Duration
 * (`1h2m3.5s`, `300ms`, `500us`), protobuf JSON (`1.5s`, `0.250s`) and GEP-2257 (`1m30s`). A bare number
 * is not a duration (Linkerd rejects `5`); pass `bareUnit` for fields that are numbers of a unit
 * (Consul `connectTimeoutMs`). Undefined when the text is not a duration.
 */
export function parseDuration(text: string | number | undefined, bareUnit?: 'ms' | 's'): Millis | undefined {
  if (text === undefined) return undefined;
  const s = String(text).trim();
  if (bareUnit && /^[0-9]+(\.[0-9]+)?$/.test(s)) return Number(s) * (bareUnit === 's' ? 1000 : 1);
  if (s === '0') return 0;
  const re = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0, pos = 0, any = false;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = re.lastIndex; any = true;
  }
  return any && pos === s.length ? total : undefined;
}

/**
 * GEP-2257 (Gateway API `timeouts.*`, Linkerd `timeout.linkerd.io/*`): whole numbers with units, at most
 * five digits a component, no fractions. Below 1 ms rounds up to `1ms` (`rounded` says so).
 */
export function formatGepDuration(ms: Millis): { text: string; rounded: boolean } {
  if (ms === 0) return { text: '0s', rounded: false };
  let rest = Math.ceil(ms);
  const rounded = rest !== ms;
  const parts: string[] = [];
  const h = Math.floor(rest / 3_600_000); rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000); rest -= m * 60_000;
  const s = Math.floor(rest / 1000); rest -= s * 1000;
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s) parts.push(`${s}s`);
  if (rest) parts.push(`${rest}ms`);
  return { text: parts.join(''), rounded };
}

/** Protobuf Duration JSON, as Istio writes it: decimal seconds (`1.5s`, `0.0005s`). */
export function formatSecondsDuration(ms: Millis): string {
  const seconds = ms / 1000;
  return `${Number(seconds.toFixed(9))}s`;
}

/** Go `time.Duration` (Kuma, Consul, OSM): the shortest exact form (`90s`, `1500ms`, `500us`). */
export function formatGoDuration(ms: Millis): string {
  if (ms === 0) return '0s';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  if (Number.isInteger(ms)) return `${ms}ms`;
  const us = ms * 1000;
  return Number.isInteger(Math.round(us * 1e6) / 1e6) ? `${Math.round(us)}us` : `${Math.round(ms * 1e6)}ns`;
}

/**
 * Relative weights (Istio, Gateway API, Kuma, SMI) → percentages that sum to exactly 100 at 0.01
 * resolution (Consul ServiceSplitter): `w*100/Σw`, rounded, the remainder on the first split.
 */
export function weightsToPercent(weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const hundredths = weights.map(w => Math.round((w * 10000) / sum));
  const diff = 10000 - hundredths.reduce((a, b) => a + b, 0);
  hundredths[0] += diff;
  return hundredths.map(h => h / 100);
}

/** Percentages (Consul splits, `33.33`) → relative integer weights that keep 0.01 % precision. */
export function percentToWeights(percents: number[]): number[] {
  const scaled = percents.map(p => Math.round(p * 100));
  const g = scaled.reduce((a, b) => gcd(a, b), 0) || 1;
  return scaled.map(s => s / g);
}

function gcd(a: number, b: number): number { return b === 0 ? Math.abs(a) : gcd(b, a % b); }

/**
 * A mirror share (0–100, fractions allowed) as Gateway API writes it: an integer `percent`, else a
 * `fraction` with the smallest exact denominator 100·10^k (k ≤ 4), else the nearest and `rounded`.
 */
export function gatewayMirrorShare(percent: number): { percent: number } | { fraction: { numerator: number; denominator: number }; rounded: boolean } {
  if (Number.isInteger(percent)) return { percent };
  for (let k = 1; k <= 4; k++) {
    const scale = 10 ** k;
    const n = percent * scale;
    if (Math.abs(n - Math.round(n)) < 1e-9) return { fraction: { numerator: Math.round(n), denominator: 100 * scale }, rounded: false };
  }
  return { fraction: { numerator: Math.round(percent * 10_000), denominator: 1_000_000 }, rounded: true };
}

/** Kuma writes percentages as an int or a decimal string (`"0.5"`). */
export function kumaPercentage(percent: number): number | string {
  return Number.isInteger(percent) ? percent : String(percent);
}

/** Envoy retry-on tokens (Istio, Consul, OSM): the neutral vocabulary of RetryPolicy.conditions. */
export const ENVOY_HTTP_CONDITIONS = ['5xx', 'gateway-error', 'reset', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream', 'retriable-status-codes', 'retriable-headers', 'reset-before-request', 'http3-post-connect-failure'];
export const ENVOY_GRPC_CONDITIONS = ['cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable'];

/** Envoy token → Kuma MeshRetry `http.retryOn` value (KUMA meshretry.go); gRPC tokens go to `grpc.retryOn`. */
export const KUMA_HTTP_RETRY_ON: Record<string, string> = {
  '5xx': '5xx', 'gateway-error': 'GatewayError', 'reset': 'Reset', 'connect-failure': 'ConnectFailure',
  'envoy-ratelimited': 'EnvoyRatelimited', 'retriable-4xx': 'Retriable4xx', 'refused-stream': 'RefusedStream',
  'retriable-status-codes': 'RetriableStatusCodes', 'retriable-headers': 'RetriableHeaders', 'http3-post-connect-failure': 'Http3PostConnectFailure',
};
export const KUMA_GRPC_RETRY_ON: Record<string, string> = {
  cancelled: 'Canceled', 'deadline-exceeded': 'DeadlineExceeded', internal: 'Internal', 'resource-exhausted': 'ResourceExhausted', unavailable: 'Unavailable',
};

/** Envoy token → the status codes Linkerd's `retry.linkerd.io/http` and Gateway API `retry.codes` can say. */
export const STATUS_CODES_OF: Record<string, number[] | undefined> = {
  '5xx': [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511],
  'gateway-error': [502, 503, 504],
  'retriable-4xx': [409],
};

/** The retry conditions Consul accepts in ServiceRouter `retryOn` (hashicorp/consul isValidRetryCondition). */
export const CONSUL_RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);

/** Splits a Kubernetes service host (`reviews`, `reviews.prod`, `reviews.prod.svc.cluster.local`) into name and namespace. */
export function splitServiceHost(host: string): { name: string; namespace?: string; external: boolean } {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\.svc(?:\.[a-z0-9.-]+)?)?)?$/.exec(host);
  if (!m) return { name: host, external: true };
  if (m[3] && !/\.svc(\.|$)/.test(host) && host.split('.').length === 2 && /\.(com|io|org|net|dev|local|internal)$/.test(host)) return { name: host, external: true };
  return m[3] ? { name: m[1], namespace: m[3], external: false } : { name: m[1], external: false };
}

/** A literal string as a regular expression (header prefixes, Consul suffixes, App Mesh prefixes become regexes). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
