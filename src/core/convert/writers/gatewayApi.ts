// Writes the neutral model as plain Gateway API: routes (GAMMA for mesh routes), Gateways,
// ReferenceGrants and a Service per subset. Standard channel, except where a field exists only in
// the experimental one (said in a comment). The version decides which apiVersions and fields exist.
import { compareVersions } from '../../catalog';
import type { Writer } from '../contract';
import type { GatewayDialect } from './gatewayDialect';
import { gatewayGrants, routeDocOf, routesWithPolicies, uniqueDocs, writeGateway, writeGatewayRoutes } from './gatewayRoutes';
import { allTrafficTcpDocs } from './allTraffic';
import { sourceDefaultsNotes } from './sourceDefaults';
import { subsetServiceDocs } from './subsetServices';

/** What Gateway API `version` (default: the newest) serves, by the release that brought each piece. */
export function gatewayApiDialect(version = '1.6'): GatewayDialect {
  const since = (v: string) => compareVersions(version, v) >= 0;
  return {
    name: 'Gateway API',
    apiVersion: {
      HTTPRoute: since('1.0') ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1beta1',
      Gateway: since('1.0') ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1beta1',
      GRPCRoute: since('1.1') ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1alpha2',
      TLSRoute: since('1.5') ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1alpha2',
      TCPRoute: since('1.6') ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1alpha2',
      ReferenceGrant: since('1.5') ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1beta1',
    },
    experimentalKinds: [...(since('1.1') ? [] : ['GRPCRoute' as const]), ...(since('1.5') ? [] : ['TLSRoute' as const]), ...(since('1.6') ? [] : ['TCPRoute' as const])],
    timeouts: since('1.2') ? 'standard' : since('1.0') ? 'experimental' : 'none',
    backendRequest: since('1.0'),
    retry: since('1.2') ? 'experimental' : 'none',
    mirror: since('1.3') ? 'share' : 'all',
    urlRewrite: true,
    cors: since('1.5') ? 'standard' : since('1.3') ? 'experimental' : 'none',
    ruleNames: since('1.4'),
    reasons: {
      fault: 'Gateway API has no fault injection; test with a failing backend instead.',
      directResponse: 'Gateway API routes cannot answer with a fixed response; route to a Service that returns it instead.',
    },
  };
}

export const gatewayApiWriter: Writer = {
  target: 'gateway-api',
  write: (fragment, ctx) => {
    const dialect = gatewayApiDialect(ctx.target.version);
    return uniqueDocs([
      ...fragment.gateways.flatMap(gw => [writeGateway(gw, ctx, dialect), ...gatewayGrants(gw, dialect)]),
      ...routesWithPolicies(fragment, ctx).flatMap(route => {
        const docs = writeGatewayRoutes(route, ctx, dialect);
        const written = routeDocOf(docs);
        if (written) for (const note of sourceDefaultsNotes(route, route.rules, 'Gateway API')) ctx.note(note, written.obj);
        return [...docs, ...allTrafficTcpDocs(route, 'TCPRoute', tcp => writeGatewayRoutes(tcp, ctx, dialect), (text, at) => ctx.note(text, at))];
      }),
      ...subsetServiceDocs(fragment.subsets, 'Gateway API', ctx),
    ]);
  },
};
