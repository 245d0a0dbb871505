// Gateway API has no authorization, mTLS, JWT, circuit-breaking, rate-limit, health-check or egress resources in its standard or
// experimental channels: each policy is reported as not converted, with what to keep instead.
import type { Writer } from '../../contract';
import type { OutDoc } from '../../output';
import { GATEWAY_API_METRICS } from './metrics';

const REASONS = {
  authz: 'Gateway API has no authorization policy; keep the mesh\'s own authorization resources next to the routes.',
  mtls: 'Gateway API has no mTLS mode between workloads; the mesh implementing it decides, so keep its own mTLS setting.',
  jwt: 'Gateway API has no request authentication; keep the mesh\'s own JWT resources or validate tokens in the application.',
  resilience: 'Gateway API has no circuit breaking, connection limits or load-balancing algorithm; keep the mesh\'s own traffic policy next to the routes.',
  egress: 'Gateway API has no resource for destinations outside the cluster; keep the mesh\'s own egress resources.',
  rateLimit: 'Gateway API has no rate limits; keep the mesh\'s own rate-limit resources next to the routes.',
  healthCheck: 'Gateway API has no active health checks; keep the mesh\'s own health-check resources next to the routes.',
  metrics: GATEWAY_API_METRICS,
};

export const gatewayApiPolicyWriter: Writer = {
  target: 'gateway-api',
  write(fragment, ctx) {
    for (const policy of fragment.policies ?? []) {
      if (policy.type === 'resilience' && policy.retryBudget) {
        ctx.drop(policy.retryBudget.origin, 'Gateway API sets a retry budget only in the experimental XBackendTrafficPolicy, which Mesh Lens does not write; keep the mesh\'s own setting.');
        if (!policy.outlierDetection && !policy.connectionPool && !policy.loadBalancer) continue;
      }
      ctx.drop(policy.origin, REASONS[policy.type]);
    }
    return [] as OutDoc[];
  },
};
