// Writes the neutral model as Consul config entries (consul-k8s CRDs): ServiceRouter, ServiceSplitter,
// ServiceResolver and the ServiceDefaults they need. Consul reads Gateway API only for its API gateway,
// so mesh routes never become Gateway API routes here.
import type { Writer } from '../contract';
import type { ParentRef } from '../model';
import type { OutDoc, OutMap } from '../output';
import { comment, commentsOf } from '../output';
import { L7Services, subsetResolvers } from './consul/entries';
import { writeConsulGatewayParts } from './consul/gateways';
import type { ConsulWriting } from './consul/router';
import { mergeResolvers, writeRedirectResolver } from './consul/redirect';
import { writeConsulMeshRoute } from './consul/router';
import { routesWithPolicies } from './gatewayRoutes';
import { dropExternalHosts, dropUnplacedRoute } from './unwrittenRoute';

type ServiceParent = Extract<ParentRef, { kind: 'Service' }>;

/** Consul builds the callers' route to a destination (a host outside the cluster) itself, outside the discovery chain. */
const EXTERNAL_HOSTS = 'Consul sends calls to a host outside the cluster (a ServiceDefaults destination) through its terminating gateway with one catch-all route that no ServiceRouter or ServiceSplitter applies to, so this route for it cannot be written.';

export const consulWriter: Writer = {
  target: 'consul',
  write(fragment, ctx) {
    const w: ConsulWriting = { fragment, ctx, l7: new L7Services(), routers: new Map(), docs: [] };
    // Service-wide retries and timeouts join the rules of the route for that Service, or a catch-all route of their own.
    const routes = routesWithPolicies(fragment, ctx);
    for (const route of routes) {
      const services = route.parents.filter((p): p is ServiceParent => p.kind === 'Service');
      for (const parent of services) {
        if (route.allTraffic) writeRedirectResolver(route, parent, w);
        else writeConsulMeshRoute(route, parent, w);
      }
      if (!route.parents.length) dropUnplacedRoute(route, ctx, route.externalHosts?.length ? EXTERNAL_HOSTS : undefined);
      else dropExternalHosts(route, ctx, EXTERNAL_HOSTS);
    }
    const routers: OutDoc[] = [];
    for (const router of w.routers.values()) {
      if (((router.spec as OutMap).routes as unknown[]).length) { routers.push({ obj: router }); continue; }
      // A router left without routes is not written; its notes go to the service's splitter.
      const name = (router.metadata as OutMap).name;
      const splitter = w.docs.find(d => d.obj.kind === 'ServiceSplitter' && (d.obj.metadata as OutMap).name === name);
      if (splitter) for (const text of commentsOf(router)) comment(splitter.obj, text);
    }
    return mergeResolvers([
      ...routers,
      ...w.docs,
      ...writeConsulGatewayParts({ ...fragment, routes }, ctx),
      ...subsetResolvers(fragment.subsets, ctx),
      // Protocols matter only to the routers and splitters written here.
      ...(routers.length || w.docs.some(d => d.obj.kind === 'ServiceSplitter') ? w.l7.docs() : []),
    ]);
  },
};
