// Gateway API has no authorization, mTLS, JWT, circuit-breaking, rate-limit or health-check resources in
// its standard or experimental channels: each such policy is reported as not converted, with what to
// keep instead. What its experimental channel holds is written, and the comment says so: a Service's
// retry budget and cookie-based sticky sessions as XBackendTrafficPolicy (gatewayBackendTraffic.ts),
// a named external host as XBackend (gatewayExternalBackends.ts).
import type { Writer } from '../../contract';
import type { OutDoc } from '../../output';
import { backendTrafficPolicy, hasBackendTrafficPolicy } from './gatewayBackendTraffic';
import { externalBackends } from './gatewayExternalBackends';
import { GATEWAY_API_METRICS } from './metrics';

const REASONS = {
  authz: 'Gateway API has no authorization policy; keep the mesh\'s own authorization resources next to the routes.',
  mtls: 'Gateway API has no mTLS mode between workloads; the mesh implementing it decides, so keep its own mTLS setting.',
  jwt: 'Gateway API has no request authentication; keep the mesh\'s own JWT resources or validate tokens in the application.',
  resilience: 'Gateway API has no circuit breaking, connection limits or load-balancing algorithm; keep the mesh\'s own traffic policy next to the routes.',
  rateLimit: 'Gateway API has no rate limits; keep the mesh\'s own rate-limit resources next to the routes.',
  healthCheck: 'Gateway API has no active health checks; keep the mesh\'s own health-check resources next to the routes.',
  metrics: GATEWAY_API_METRICS,
};

const BEFORE_BACKEND_TRAFFIC_POLICY = 'Mesh Lens writes the retry budget and sticky sessions of a Service as XBackendTrafficPolicy, which Gateway API serves from v1.3; keep the mesh\'s own setting.';

export const gatewayApiPolicyWriter: Writer = {
  target: 'gateway-api',
  write(fragment, ctx) {
    const docs: OutDoc[] = [];
    for (const policy of fragment.policies ?? []) {
      if (policy.type === 'egress') { docs.push(...externalBackends(policy, ctx)); continue; }
      if (policy.type !== 'resilience') { ctx.drop(policy.origin, REASONS[policy.type]); continue; }
      if (hasBackendTrafficPolicy(ctx)) {
        const doc = backendTrafficPolicy(policy, ctx);
        if (doc) docs.push(doc);
        continue;
      }
      const sticky = policy.loadBalancer?.hash.some(h => h.cookie);
      if (!policy.retryBudget && !sticky) { ctx.drop(policy.origin, REASONS.resilience); continue; }
      if (policy.retryBudget) ctx.drop(policy.retryBudget.origin, BEFORE_BACKEND_TRAFFIC_POLICY);
      if (sticky) ctx.drop(policy.loadBalancer!.origin, BEFORE_BACKEND_TRAFFIC_POLICY);
      else if (policy.loadBalancer) ctx.drop(policy.loadBalancer.origin, REASONS.resilience);
      for (const part of [policy.connectionPool, policy.outlierDetection]) if (part) ctx.drop(part.origin, REASONS.resilience);
    }
    return docs;
  },
};
