// Behaviour of all traffic to one Service (a ServicePolicy: Linkerd annotations on a Service, SMI
// Retry, App Mesh listener timeouts, Kuma's own service-wide policies) as Kuma policies whose
// outbound is the MeshService.
import type { WriteContext } from '../../contract';
import type { ServicePolicy } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { comment } from '../../output';
import { meshFaultInjection, meshRetry, meshTimeout } from './policies';
import { meshServiceTarget } from './refs';

export function writeKumaServicePolicies(policies: ServicePolicy[], ctx: WriteContext): OutDoc[] {
  const docs: OutDoc[] = [];
  policies.forEach((policy, i) => {
    const name = policies.length > 1 ? `${policy.from.name}-${i + 1}` : policy.from.name;
    const namespace = policy.from.namespace ?? policy.service.namespace;
    // A policy the source scoped to one route targets that route (Kuma names it after the source route).
    const target = (): OutMap => (policy.route
      ? { kind: 'MeshHTTPRoute', name: policy.route.name, ...(policy.route.namespace ? { namespace: policy.route.namespace } : {}) }
      : meshServiceTarget(policy.service.name, policy.service.namespace ?? namespace));
    const protocol = policy.protocol ?? 'http';
    const written: OutMap[] = [];
    const timeout = meshTimeout(name, namespace, target(), policy.timeouts, undefined, protocol === 'tcp');
    if (timeout) written.push(timeout);
    else if (policy.timeouts) ctx.drop(policy.timeouts.origin, 'Kuma has no such timeout for this protocol.');
    const retry = meshRetry(name, namespace, target(), policy.retry, policy.timeouts?.backendRequest, protocol, ctx);
    if (retry) written.push(retry);
    else if (policy.retry) ctx.drop(policy.retry.origin, 'A Kuma TCP retry needs a number of attempts, which the source does not give.');
    if (policy.fault) {
      const fault = meshFaultInjection(`${name}-fault`, namespace, policy.service, policy.fault, policy.fault.origin, ctx);
      if (fault) written.push(fault);
    }
    if (policy.callers && written.length) {
      // Kuma applies a policy in another namespace than its Service's to callers of that namespace only.
      const serviceNamespace = policy.service.namespace ?? namespace;
      const scope = namespace && serviceNamespace && namespace !== serviceNamespace ? `callers in namespace ${namespace}` : `every caller of ${policy.service.name}`;
      comment(written[0], `The source applied this only to ${policy.callers}; Kuma applies it to ${scope}.`);
    }
    docs.push(...written.map(obj => ({ obj })));
  });
  return docs;
}

