// A resilience policy of one Service as Gateway API's experimental XBackendTrafficPolicy (v1.3 and
// later): its retry budget as `retryConstraint`, and a cookie-keyed consistent hash as
// `sessionPersistence`. Both are sticky or budgeted per called Service, as in the source. What the
// policy cannot hold (connection limits, outlier detection, the balancing algorithm, hashing on a
// header or the caller's address) is reported as not converted, each on its own field.
import { compareVersions } from '../../../catalog';
import type { WriteContext } from '../../contract';
import type { OutDoc, OutMap } from '../../output';
import type { Origin } from '../../model';
import type { ConnectionPool, HashKey, OutlierDetection, ResiliencePolicy, RetryBudget } from '../../policyModel';
import { fieldWithin } from '../../featureReport';
import { formatGoDuration } from '../../values';
import { sayExperimental } from '../gatewayDialect';
import { metadata, scopeName } from './scope';

const API_VERSION = 'gateway.networking.x-k8s.io/v1alpha1';
const TRAFFIC_POLICY = 'Gateway API has no circuit breaking, connection limits or load-balancing algorithm; keep the mesh\'s own traffic policy next to the routes.';

/** XBackendTrafficPolicy is served from Gateway API v1.3 (experimental channel); the newest when no version is given. */
export function hasBackendTrafficPolicy(ctx: WriteContext): boolean {
  return compareVersions(ctx.target.version ?? '1.6', '1.3') >= 0;
}

/** A duration in Gateway API's form (`10s`, `1h`), or undefined when it falls outside `[min, max]` or has no such form. */
function gepDuration(ms: number, min: number, max: number): string | undefined {
  if (ms < min || ms > max || !Number.isInteger(ms)) return undefined;
  const text = formatGoDuration(ms);
  return /^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(text) ? text : undefined;
}

function retryConstraint(budget: RetryBudget, ctx: WriteContext, spec: OutMap): OutMap {
  const percent = Math.floor(budget.percent.value);
  const out: OutMap = { budget: { percent } };
  if (percent !== budget.percent.value) ctx.note(`Gateway API takes a whole percent: the source's ${budget.percent.value} % is written as ${percent} %, a slightly smaller budget.`, spec, 'retryConstraint');
  if (budget.ttl) {
    const interval = gepDuration(budget.ttl.value, 1000, 3_600_000);
    if (interval) (out.budget as OutMap).interval = interval;
    else ctx.drop(budget.ttl.origin, 'Gateway API counts a retry budget over 1s to 1h; this window is outside that range, so Gateway API\'s default of 10s applies.', spec, 'retryConstraint');
  }
  const floor = budget.minRetriesPerSecond?.value;
  if (floor !== undefined) {
    if (Number.isInteger(floor) && floor >= 1 && floor <= 1_000_000) out.minRetryRate = { count: floor, interval: '1s' };
    else ctx.drop(budget.minRetriesPerSecond!.origin, 'Gateway API\'s minRetryRate counts whole retries, at least 1 per interval; this floor is not converted, so its default of 10 per second applies.', spec, 'retryConstraint');
  }
  if (budget.minRetryConcurrency) {
    ctx.drop(budget.minRetryConcurrency.origin, 'This floor counts retries in flight at once; Gateway API\'s minRetryRate counts retries per interval, a different quantity, so its default of 10 per second applies instead.', spec, 'retryConstraint');
  }
  const defaults = [
    ...(budget.ttl ? [] : ['budget.interval 10s']),
    ...(floor === undefined && !budget.minRetryConcurrency ? ['minRetryRate 10 retries per second'] : []),
  ];
  if (defaults.length) ctx.note(`The source sets no ${defaults.length > 1 ? 'window or floor' : defaults[0].startsWith('budget') ? 'window' : 'floor'}, so Gateway API's default applies: ${defaults.join(', ')}.`, spec, 'retryConstraint');
  return out;
}

/** Why a hash key is not session persistence, or undefined when it is (a cookie the proxy writes). */
function notSessionPersistence(key: HashKey): string | undefined {
  const hashedOn = key.header !== undefined ? 'a request header' : key.sourceIp ? 'the caller\'s address' : key.queryParameter !== undefined ? 'a query parameter' : undefined;
  if (hashedOn) return `Hashing on ${hashedOn} is not session persistence, which pins a client by a cookie or header the implementation sets, and Gateway API has no consistent hashing; it is not converted.`;
  if (!key.cookie) return 'This hash key is not converted.';
  if (!key.cookie.name || key.cookie.name.length > 128) return 'Gateway API takes a session name of 1 to 128 characters; this cookie name is not one, so it is not converted.';
  if (key.cookie.ttl === undefined) return `Without a ttl the proxy only hashes on a cookie ${key.cookie.name} the application sets; Gateway API's session persistence writes its own cookie of that name, which would replace the application's, so it is not converted.`;
  if (key.cookie.path !== undefined) return 'The session cookie is limited to a path here; Gateway API\'s session persistence has no cookie path, so it is not converted.';
  return undefined;
}

/** `sessionPersistence` for a cookie the proxy writes when absent: a session cookie (ttl 0) or one that lasts ttl. */
function sessionPersistence(cookie: NonNullable<HashKey['cookie']>): OutMap | undefined {
  const ttl = cookie.ttl ?? 0;
  if (ttl === 0) return { sessionName: cookie.name, type: 'Cookie', cookieConfig: { lifetimeType: 'Session' } };
  const timeout = gepDuration(ttl, 1, Infinity);
  return timeout ? { sessionName: cookie.name, absoluteTimeout: timeout, type: 'Cookie', cookieConfig: { lifetimeType: 'Permanent' } } : undefined;
}

/** The load balancer's cookie key as session persistence; every other part is dropped with its reason, above `at`. */
function writeSession(policy: ResiliencePolicy, ctx: WriteContext, at: OutMap, spec: OutMap): OutMap | undefined {
  const lb = policy.loadBalancer!;
  const reasons = lb.hash.map(notSessionPersistence);
  const first = reasons.findIndex(r => r === undefined);
  const written = first >= 0 ? sessionPersistence(lb.hash[first].cookie!) : undefined;
  if (!written) {
    // Nothing is sticky in the output: the whole balancer goes, with the first key's reason, and any other key's own.
    const main = reasons[0] ?? (first >= 0 ? 'This cookie lifetime has no Gateway API duration form, so it is not converted.' : TRAFFIC_POLICY);
    ctx.drop(lb.origin, main, at);
    lb.hash.forEach((key, i) => { if (i > 0 && reasons[i] && reasons[i] !== main && key.origin.path !== lb.origin.path) ctx.drop(key.origin, reasons[i]!, at); });
    return undefined;
  }
  lb.hash.forEach((key, i) => {
    if (i !== first) ctx.drop(key.origin, reasons[i] ?? 'Gateway API keeps one session persistence per Service; only the first cookie is converted.', at);
  });
  const name = lb.hash[first].cookie!.name;
  ctx.note(`The source pins a client to one endpoint by hashing the cookie ${name}, which its proxy sets when absent; Gateway API session persistence pins it by a cookie of that name the implementation sets.`, spec, 'sessionPersistence');
  // The hashing algorithm behind the cookie is the source's means of stickiness, not a setting of its own.
  for (const size of [lb.minimumRingSize, lb.maximumRingSize]) if (size) ctx.drop(size.origin, 'Gateway API has no consistent-hash ring; the ring size is not converted.', at);
  if (lb.algorithm && lb.algorithm.value !== 'RingHash' && lb.algorithm.value !== 'Maglev') ctx.drop(lb.algorithm.origin, TRAFFIC_POLICY, at);
  return written;
}

/** Drops a part of a policy: its own field, and any of its values read from a field outside it (Consul's connectTimeoutMs beside limits). */
function dropPart(part: ConnectionPool | OutlierDetection, reason: string, ctx: WriteContext, at?: OutMap): void {
  ctx.drop(part.origin, reason, at);
  for (const value of Object.values(part)) {
    const origin = (value as { origin?: Origin } | undefined)?.origin;
    if (origin && origin !== part.origin && !fieldWithin(origin.path, part.origin.path)) ctx.drop(origin, reason, at);
  }
}

/** The XBackendTrafficPolicy of `policy`'s Service, or undefined (every part reported) when nothing converts. */
export function backendTrafficPolicy(policy: ResiliencePolicy, ctx: WriteContext): OutDoc | undefined {
  // Nothing of a policy without a retry budget or balancer converts: it goes whole, as the source wrote it.
  if (!policy.retryBudget && !policy.loadBalancer) { ctx.drop(policy.origin, TRAFFIC_POLICY); return undefined; }
  const namespace = policy.service.namespace ?? policy.namespace;
  const spec: OutMap = { targetRefs: [{ group: '', kind: 'Service', name: policy.service.name }] };
  const obj: OutMap = { apiVersion: API_VERSION, kind: 'XBackendTrafficPolicy', metadata: metadata(policy.name, namespace), spec };
  const narrowed = policy.service.external
    ? `${policy.service.name} is not a Service of the cluster, and Mesh Lens attaches an XBackendTrafficPolicy only to a Service; it is not converted.`
    : policy.callers && `XBackendTrafficPolicy applies to every caller of Service ${policy.service.name}; the source sets this only for ${scopeName(policy.callers)}, so it is not converted.`;
  if (narrowed) {
    for (const part of [policy.retryBudget, policy.loadBalancer]) if (part) ctx.drop(part.origin, narrowed);
    for (const part of [policy.connectionPool, policy.outlierDetection]) if (part) dropPart(part, TRAFFIC_POLICY, ctx);
    return undefined;
  }
  if (policy.retryBudget) spec.retryConstraint = retryConstraint(policy.retryBudget, ctx, spec);
  const session = policy.loadBalancer ? writeSession(policy, ctx, obj, spec) : undefined;
  if (session) spec.sessionPersistence = session;
  for (const part of [policy.connectionPool, policy.outlierDetection]) if (part) dropPart(part, TRAFFIC_POLICY, ctx, obj);
  if (!policy.retryBudget && !session) return undefined;
  sayExperimental(ctx, `XBackendTrafficPolicy ${API_VERSION}`, obj);
  return { obj };
}
