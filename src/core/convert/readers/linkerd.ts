// Reads Linkerd resources into the neutral model: policy.linkerd.io HTTPRoute and GRPCRoute (Gateway API
// shaped; their rules are not ordered), the legacy ServiceProfile (linkerd.io; routes in order), and the
// retry and timeout annotations on those routes and on Services.
import type { ReadContext, Reader } from '../contract';
import { emptyFragment } from '../model';
import type { ModelFragment, ServicePolicy } from '../model';
import { readGatewayApiRoute } from './gatewayApi';
import { readLinkerdAnnotations } from './linkerd/annotations';
import { readRetryBudget, readServiceProfile } from './linkerd/serviceProfile';

export const linkerdReader: Reader = {
  owner: 'linkerd',
  kinds: ['HTTPRoute', 'GRPCRoute', 'ServiceProfile', 'Service'],
  // A Service is Linkerd's own: converted to Linkerd it stays as it is, annotations included.
  keptInOwnMesh: ['Service'],
  read(kind: string, ctx: ReadContext): ModelFragment | undefined {
    const group = ctx.source.apiVersion.split('/')[0];
    const fragment = emptyFragment();
    if ((kind === 'HTTPRoute' || kind === 'GRPCRoute') && group === 'policy.linkerd.io') {
      const route = readGatewayApiRoute(kind, ctx);
      if (route) fragment.routes.push(route);
      return fragment;
    }
    if (kind === 'ServiceProfile' && group === 'linkerd.io') {
      fragment.routes.push(readServiceProfile(ctx));
      const budget = readRetryBudget(ctx);
      if (budget) fragment.policies = [budget];
      return fragment;
    }
    if (kind === 'Service' && ctx.source.apiVersion === 'v1') {
      const policy = readServicePolicy(ctx);
      if (!policy) return undefined;
      fragment.servicePolicies.push(policy);
      return fragment;
    }
    return undefined;
  },
};

/** Retry and timeout annotations on a Service: they apply to all traffic sent to it. */
function readServicePolicy(ctx: ReadContext): ServicePolicy | undefined {
  const policy = readLinkerdAnnotations(ctx);
  if (!policy) return undefined;
  const annotations = ctx.root.at('metadata', 'annotations');
  const grpc = annotations.get('retry.linkerd.io/grpc').exists, http = annotations.get('retry.linkerd.io/http').exists;
  const out: ServicePolicy = {
    service: { name: ctx.source.name, ...(ctx.source.namespace ? { namespace: ctx.source.namespace } : {}), origin: ctx.root.at('metadata', 'name').origin },
    from: ctx.source, origin: annotations.origin,
  };
  // Conditions of one kind say which traffic the Service carries; both kinds leave it open.
  if (grpc !== http) out.protocol = grpc ? 'grpc' : 'http';
  if (policy.retry) out.retry = policy.retry;
  if (policy.timeouts) out.timeouts = policy.timeouts;
  return out;
}
