// Writes the neutral model as Kuma 2.14 resources. Mesh routing goes to Kuma's own policies
// (MeshHTTPRoute, MeshTCPRoute, MeshTimeout, MeshRetry, MeshFaultInjection), not to Gateway API
// routes: Kuma's conversion of those ignores timeouts and retries, mirrors every request whatever the
// share, and skips a match it cannot convert so the rule takes more traffic. North-south routing goes
// to Gateway API with Kuma's GatewayClass, since the built-in MeshGateway is gone from Kuma master.
import type { Writer } from '../contract';
import type { ParentRef } from '../model';
import type { OutDoc } from '../output';
import { comment } from '../output';
import { writeKumaExternalRoute } from './kuma/externalRoutes';
import { writeKumaGatewayParts } from './kuma/gateways';
import { writeKumaMeshRoute } from './kuma/routes';
import { writeKumaServicePolicies } from './kuma/services';
import { dropUnplacedRoute } from './unwrittenRoute';

type ServiceParent = Extract<ParentRef, { kind: 'Service' }>;

export const kumaWriter: Writer = {
  target: 'kuma',
  write(fragment, ctx) {
    const docs: OutDoc[] = [];
    for (const route of fragment.routes) {
      const services = route.parents.filter((p): p is ServiceParent => p.kind === 'Service');
      const made = new Set<string>();
      if (services.length) docs.push(...writeKumaMeshRoute(route, services, fragment, ctx, made));
      if (route.externalHosts?.length) docs.push(...writeKumaExternalRoute(route, fragment, ctx, made));
      else if (!route.parents.length) dropUnplacedRoute(route, ctx);
    }
    docs.push(...writeKumaGatewayParts(fragment, ctx));
    docs.push(...writeKumaServicePolicies(fragment.servicePolicies, ctx));
    const firstPolicy = docs.find(d => !d.generated && String(d.obj.apiVersion).startsWith('kuma.io/'));
    if (firstPolicy) {
      comment(firstPolicy.obj, 'Try these policies first with the label kuma.io/effect: shadow and compare with kumactl inspect dataplane --shadow before they take effect.');
      const metadata = firstPolicy.obj.metadata as Record<string, unknown>;
      if (!metadata.namespace) {
        ctx.need('the namespace of these policies: the namespace of the Service they route, or kuma-system to apply them to the whole mesh', fragment.routes[0]?.origin ?? fragment.servicePolicies[0]?.origin ?? { path: 'metadata', line: 1 }, firstPolicy.obj, 'metadata');
      }
    }
    return docs;
  },
};
