// An Istio DestinationRule `trafficPolicy` as a resilience policy of the called host: connection
// pool limits, outlier detection (ejecting failing endpoints) and the load-balancing algorithm with
// its consistent hash. TLS origination and per-port or per-subset settings are reported as not
// converted on their own fields.
import type { ReadContext } from '../../contract';
import type { BackendRef } from '../../model';
import type { ConnectionPool, HashKey, LoadBalancer, LoadBalancerAlgorithm, OutlierDetection, ResiliencePolicy } from '../../policyModel';
import { valuedNumber as num, valuedDuration as duration } from '../fieldValues';
import type { SourceView } from '../../source';

const ALGORITHMS: Record<string, LoadBalancerAlgorithm | undefined> = {
  ROUND_ROBIN: 'RoundRobin', LEAST_REQUEST: 'LeastRequest', LEAST_CONN: 'LeastRequest', RANDOM: 'Random', PASSTHROUGH: 'Passthrough',
};

/** Drops every field of `view` not read yet, with the reason given per key (or a general one). */
function dropRest(view: SourceView, ctx: ReadContext, reasons: Record<string, string>, fallback: string): void {
  for (const [key, field] of view.entries()) {
    if (!field.unused().length) continue;
    ctx.drop(field, reasons[key] ?? fallback);
  }
}

function readConnectionPool(pool: SourceView, ctx: ReadContext): ConnectionPool | undefined {
  if (!pool.exists) return undefined;
  const tcp = pool.get('tcp'), http = pool.get('http');
  // `connectionPool: {http: {}, tcp: {}}` sets nothing: Istio's defaults apply, in its own mesh too.
  const sections = pool.entries();
  if (sections.every(([key, section]) => (key === 'tcp' || key === 'http') && section.entries().length === 0 && section.peek() === undefined)) {
    ctx.dropInert(pool, 'This connection pool sets nothing, so Istio\'s defaults apply; nothing is written for it.');
    return undefined;
  }
  const out: ConnectionPool = { origin: pool.origin };
  const set = <K extends keyof ConnectionPool>(key: K, value: ConnectionPool[K] | undefined) => { if (value !== undefined) out[key] = value; };
  set('maxConnections', num(tcp.get('maxConnections'), ctx));
  set('connectTimeout', duration(tcp.get('connectTimeout'), ctx));
  set('idleTimeout', duration(http.get('idleTimeout'), ctx) ?? duration(tcp.get('idleTimeout'), ctx));
  set('maxPendingRequests', num(http.get('http1MaxPendingRequests'), ctx));
  set('maxRequests', num(http.get('http2MaxRequests'), ctx));
  set('maxRequestsPerConnection', num(http.get('maxRequestsPerConnection'), ctx));
  set('maxRetries', num(http.get('maxRetries'), ctx));
  dropRest(tcp, ctx, { tcpKeepalive: 'TCP keep-alive settings are not converted.', maxConnectionDuration: 'A maximum connection lifetime is not converted.' }, 'This connection setting is not converted.');
  dropRest(http, ctx, {
    h2UpgradePolicy: 'Upgrading connections to HTTP/2 is not converted; the target picks the protocol from the Service.',
    useClientProtocol: 'Keeping the client\'s HTTP version is not converted.',
  }, 'This HTTP connection setting is not converted.');
  return out;
}

function readOutlierDetection(od: SourceView, ctx: ReadContext): OutlierDetection | undefined {
  if (!od.exists) return undefined;
  const out: OutlierDetection = { origin: od.origin };
  const set = <K extends keyof OutlierDetection>(key: K, value: OutlierDetection[K] | undefined) => { if (value !== undefined) out[key] = value; };
  set('consecutive5xxErrors', num(od.get('consecutive5xxErrors'), ctx) ?? num(od.get('consecutiveErrors'), ctx));
  set('consecutiveGatewayErrors', num(od.get('consecutiveGatewayErrors'), ctx));
  set('consecutiveLocalOriginFailures', num(od.get('consecutiveLocalOriginFailures'), ctx));
  const split = od.get('splitExternalLocalOriginErrors');
  const splitValue = split.bool();
  if (splitValue !== undefined) out.splitExternalLocalOriginErrors = { value: splitValue, origin: split.origin };
  set('interval', duration(od.get('interval'), ctx));
  set('baseEjectionTime', duration(od.get('baseEjectionTime'), ctx));
  set('maxEjectionPercent', num(od.get('maxEjectionPercent'), ctx));
  set('minHealthPercent', num(od.get('minHealthPercent'), ctx));
  dropRest(od, ctx, {}, 'This outlier detection setting is not converted.');
  return out;
}

function readLoadBalancer(lb: SourceView, ctx: ReadContext): LoadBalancer | undefined {
  if (!lb.exists) return undefined;
  const out: LoadBalancer = { hash: [], origin: lb.origin };
  const simple = lb.get('simple');
  const algorithm = ALGORITHMS[simple.peek() ?? ''];
  if (algorithm) out.algorithm = { value: algorithm, origin: simple.use().origin };
  else if (simple.peek() === 'UNSPECIFIED') simple.use();
  const ch = lb.get('consistentHash');
  if (ch.exists) {
    const maglev = ch.get('maglev');
    out.algorithm = { value: maglev.exists ? 'Maglev' : 'RingHash', origin: ch.origin };
    const key: HashKey = { origin: ch.origin };
    const header = ch.get('httpHeaderName').str();
    if (header !== undefined) key.header = header;
    const query = ch.get('httpQueryParameterName').str();
    if (query !== undefined) key.queryParameter = query;
    if (ch.get('useSourceIp').bool() === true) key.sourceIp = true;
    const cookie = ch.get('httpCookie');
    if (cookie.exists) {
      key.cookie = { name: cookie.get('name').str() ?? '' };
      const path = cookie.get('path').str();
      if (path !== undefined) key.cookie.path = path;
      const ttl = duration(cookie.get('ttl'), ctx);
      if (ttl) key.cookie.ttl = ttl.value;
      dropRest(cookie, ctx, {}, 'This cookie setting is not converted.');
    }
    if (key.header !== undefined || key.queryParameter !== undefined || key.sourceIp || key.cookie) out.hash.push(key);
    const ring = num(ch.at('ringHash', 'minimumRingSize'), ctx) ?? num(ch.get('minimumRingSize'), ctx);
    if (ring) out.minimumRingSize = ring;
    if (maglev.exists) { maglev.use(); if (maglev.get('tableSize').exists) ctx.drop(maglev.get('tableSize'), 'The Maglev table size is not converted; the target uses its default.'); }
    ch.get('ringHash').use();
    dropRest(ch, ctx, {}, 'This consistent-hash setting is not converted.');
  }
  dropRest(lb, ctx, {
    localityLbSetting: 'Locality-aware load balancing is not converted.',
    warmupDurationSecs: 'Slow start (warm-up) of new endpoints is not converted.',
    warmup: 'Slow start (warm-up) of new endpoints is not converted.',
  }, 'This load-balancing setting is not converted.');
  return out;
}

const ORIGINATION_FIELDS = new Set(['mode', 'sni', 'subjectAltNames', 'insecureSkipVerify']);

/**
 * TLS started by the caller's proxy (mode SIMPLE) on one port of a host outside the cluster: Kuma's
 * MeshExternalService for that port carries it. Anything else a port-level setting holds is not converted.
 */
function readPortTls(list: SourceView, ctx: ReadContext, policy: ResiliencePolicy): void {
  for (const item of list.items()) {
    const port = item.at('port', 'number').num();
    const tls = item.get('tls');
    if (port === undefined || tls.get('mode').peek() !== 'SIMPLE' || !tls.keys().every(k => ORIGINATION_FIELDS.has(k))) {
      ctx.drop(item, 'Per-port traffic policies are not converted; only the policy for the whole host is.');
      continue;
    }
    const skip = tls.get('insecureSkipVerify').bool();
    const sni = tls.get('sni').str();
    policy.originateTls = [...policy.originateTls ?? [], {
      port, subjectAltNames: tls.get('subjectAltNames').strings(), ...(sni ? { sni } : {}), ...(skip ? { skipVerify: true } : {}), origin: tls.origin,
    }];
    tls.get('mode').use();
    item.get('port').use();
    for (const [key, field] of item.entries()) {
      if (field.unused().length) ctx.drop(field, key === 'tls' ? 'This TLS setting is not converted.' : 'Per-port traffic policies are not converted; only the policy for the whole host is.');
    }
  }
}

/** The resilience policy of `host` from a DestinationRule's `trafficPolicy` (`view`). */
export function readIstioTrafficPolicy(view: SourceView, ctx: ReadContext, host: BackendRef): ResiliencePolicy {
  const policy: ResiliencePolicy = { type: 'resilience', name: ctx.source.name, service: host, from: ctx.source, origin: view.origin };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  const pool = readConnectionPool(view.get('connectionPool'), ctx);
  if (pool) policy.connectionPool = pool;
  const od = readOutlierDetection(view.get('outlierDetection'), ctx);
  if (od) policy.outlierDetection = od;
  const lb = readLoadBalancer(view.get('loadBalancer'), ctx);
  if (lb) policy.loadBalancer = lb;
  const budget = view.get('retryBudget');
  const percent = num(budget.get('percent'), ctx);
  if (percent) {
    policy.retryBudget = { percent, origin: budget.origin };
    const floor = num(budget.get('minRetryConcurrency'), ctx);
    if (floor) policy.retryBudget.minRetryConcurrency = floor;
  }
  if (host.external && ctx.target.id === 'kuma') readPortTls(view.get('portLevelSettings'), ctx, policy);
  dropRest(view, ctx, {
    tls: 'TLS settings for calls to this host are not converted; inside the target mesh its own mTLS secures them.',
    portLevelSettings: 'Per-port traffic policies are not converted; only the policy for the whole host is.',
    tunnel: 'Tunnelling is not converted.',
    proxyProtocol: 'Sending the PROXY protocol header is not converted.',
    retryBudget: 'A retry budget without a percent is not converted.',
  }, 'This traffic policy setting is not converted.');
  return policy;
}
