// An Istio DestinationRule: its subsets (pod labels within a Service) are what routes to `subset`
// destinations need; its traffic policy for the whole host (load balancing, connection pools, outlier
// detection) is a resilience policy (readers/policies/istioTrafficPolicy.ts), and so is each subset's
// own traffic policy, for the calls that go to that subset.
import type { ReadContext } from '../../contract';
import type { Subset } from '../../model';
import type { ResiliencePolicy } from '../../policyModel';
import { splitServiceHost } from '../../values';
import { workloadScope } from '../policies/identities';
import { readIstioTrafficPolicy } from '../policies/istioTrafficPolicy';

export function readDestinationRule(ctx: ReadContext): { subsets: Subset[]; policies: ResiliencePolicy[] } {
  const spec = ctx.root.get('spec');
  const hostView = spec.get('host');
  const host = hostView.str() ?? '';
  const service = splitServiceHost(host);
  // A short host names a Service in the DestinationRule's own namespace.
  const namespace = service.namespace ?? ctx.source.namespace;
  const subsets: Subset[] = [];
  const policies: ResiliencePolicy[] = [];
  for (const s of spec.get('subsets').items()) {
    const name = s.get('name').str();
    if (!name) { ctx.drop(s, 'A subset without a name cannot be referenced, so it is not converted.'); continue; }
    const subset: Subset = { host: service.name, name, labels: s.get('labels').stringMap(), origin: s.origin, from: ctx.source };
    if (namespace) subset.namespace = namespace;
    subsets.push(subset);
    const policy = s.get('trafficPolicy');
    if (policy.exists) {
      const ref = { name: service.name, ...(namespace ? { namespace } : {}), subset: name, origin: s.get('name').origin };
      policies.push({ ...readIstioTrafficPolicy(policy, ctx, ref), name: `${ctx.source.name}-${name}` });
    }
  }
  const exportTo = spec.get('exportTo');
  if (exportTo.exists) ctx.drop(exportTo, 'Limiting which namespaces see these subsets has no equivalent; the generated Services are visible to every namespace.');
  const selector = spec.get('workloadSelector');
  // With a traffic policy, the selector names the callers it is for (read with it).
  if (selector.exists && !spec.get('trafficPolicy').exists) ctx.drop(selector, 'Applying these rules only to some calling workloads has no equivalent.');
  return { subsets, policies };
}

/** The traffic policy of the whole host (for the callers the workloadSelector names), when the DestinationRule has one. */
export function readDestinationRulePolicy(ctx: ReadContext): ResiliencePolicy | undefined {
  const spec = ctx.root.get('spec');
  const view = spec.get('trafficPolicy');
  if (!view.exists) return undefined;
  const hostView = spec.get('host');
  const service = splitServiceHost(hostView.peek() ?? '');
  const namespace = service.namespace ?? ctx.source.namespace;
  const policy = readIstioTrafficPolicy(view, ctx, { name: service.name, ...(namespace ? { namespace } : {}), ...(service.external ? { external: true } : {}), origin: hostView.origin });
  const callers = workloadScope(spec.get('workloadSelector'), ctx.source.namespace, ctx);
  if (callers) policy.callers = callers;
  return policy;
}
