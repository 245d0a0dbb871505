// A Consul ServiceResolver's `loadBalancer` as a resilience policy of the resolved service: its
// algorithm, ring sizes and hash policies (a header, a cookie, a query parameter or the caller's
// address). A cookie the proxy sets when absent keeps its lifetime: `session: true` is a session
// cookie (Envoy's zero ttl), `ttl` a lasting one; without either Consul only hashes on a cookie the
// application sets, which the model keeps as a cookie without a ttl.
import type { ReadContext } from '../../contract';
import type { HashKey, LoadBalancer, LoadBalancerAlgorithm, ResiliencePolicy } from '../../policyModel';
import type { SourceView } from '../../source';
import { valuedDuration as duration, valuedNumber as num } from '../fieldValues';

const ALGORITHMS: Record<string, LoadBalancerAlgorithm | undefined> = {
  round_robin: 'RoundRobin', least_request: 'LeastRequest', random: 'Random', ring_hash: 'RingHash', maglev: 'Maglev',
};

function dropUnread(view: SourceView, reason: string, ctx: ReadContext): void {
  for (const [, field] of view.entries()) if (field.unused().length) ctx.drop(field, reason);
}

function hashKey(h: SourceView, ctx: ReadContext): HashKey | undefined {
  const field = h.get('field').str();
  const value = h.get('fieldValue').str() ?? '';
  const key: HashKey = { origin: h.origin };
  if (h.get('sourceIP').bool() === true) key.sourceIp = true;
  else if (field === 'header') key.header = value;
  else if (field === 'query_parameter') key.queryParameter = value;
  else if (field === 'cookie') {
    const config = h.get('cookieConfig');
    key.cookie = { name: value };
    if (config.get('session').bool() === true) key.cookie.ttl = 0;
    else {
      const ttl = duration(config.get('ttl'), ctx);
      // Consul sets no ttl for a zero one: the proxy then only hashes on a cookie the application sets.
      if (ttl && ttl.value > 0) key.cookie.ttl = ttl.value;
    }
    const path = config.get('path').str();
    if (path !== undefined) key.cookie.path = path;
    dropUnread(config, 'This cookie setting is not converted.', ctx);
  } else {
    ctx.drop(h, `Hashing on ${field ?? 'this key'} is not converted.`);
    return undefined;
  }
  if (h.get('terminal').exists) ctx.drop(h.get('terminal'), 'Stopping at the first hash key that is present is not converted.');
  return key;
}

/** The load balancer of a ServiceResolver (`lb`) for `service`; undefined when it sets no algorithm the model holds. */
export function readResolverLoadBalancer(lb: SourceView, ctx: ReadContext): ResiliencePolicy | undefined {
  if (!lb.exists) return undefined;
  const policyField = lb.get('policy');
  const algorithm = ALGORITHMS[policyField.peek() ?? ''];
  if (!algorithm) { ctx.drop(lb, `The load-balancing policy ${policyField.peek() ?? '(none)'} is not converted.`); return undefined; }
  const out: LoadBalancer = { algorithm: { value: algorithm, origin: policyField.use().origin }, hash: [], origin: lb.origin };
  for (const h of lb.get('hashPolicies').items()) {
    const key = hashKey(h, ctx);
    if (key) out.hash.push(key);
  }
  const ring = lb.get('ringHashConfig');
  const min = num(ring.get('minimumRingSize'), ctx); if (min) out.minimumRingSize = min;
  const max = num(ring.get('maximumRingSize'), ctx); if (max) out.maximumRingSize = max;
  dropUnread(ring, 'This ring setting is not converted.', ctx);
  if (lb.get('leastRequestConfig').exists) ctx.drop(lb.get('leastRequestConfig'), 'The number of hosts compared per pick (choiceCount) is not converted; the target uses its default.');
  dropUnread(lb, 'This load-balancing setting is not converted.', ctx);
  const name = ctx.source.name;
  const policy: ResiliencePolicy = {
    type: 'resilience', name, service: { name, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}), origin: ctx.root.at('metadata', 'name').origin },
    loadBalancer: out, from: ctx.source, origin: lb.origin,
  };
  if (ctx.source.namespace) policy.namespace = ctx.source.namespace;
  return policy;
}
