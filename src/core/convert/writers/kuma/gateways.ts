// North-south routing for Kuma: Gateway API Gateways with Kuma's GatewayClass and their routes. Kuma's
// own MeshGateway kinds are gone from Kuma master, so gateways go through Gateway API even for 2.14.
import type { WriteContext } from '../../contract';
import type { ModelFragment, Route } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { comment } from '../../output';
import { V1ALPHA2_STREAM_API_VERSIONS, type GatewayDialect } from '../gatewayDialect';
import { uniqueDocs, writeGateway, writeGatewayRoutes } from '../gatewayRoutes';
import { routeSubsets } from '../routeSubsets';
import { subsetServiceDocs } from '../subsetServices';

/** What Kuma's Gateway API support reads: its route conversion ignores timeouts and retries and mirrors every request. */
export const KUMA_GATEWAY_DIALECT: GatewayDialect = {
  name: 'Kuma',
  apiVersion: { ...V1ALPHA2_STREAM_API_VERSIONS },
  experimentalKinds: ['TLSRoute', 'TCPRoute'],
  timeouts: 'none',
  backendRequest: false,
  retry: 'none',
  mirror: 'all',
  urlRewrite: true,
  cors: 'none',
  ruleNames: false,
  gatewayClass: 'kuma',
  reasons: {
    retry: 'Kuma ignores retries on Gateway API routes; set them with a MeshRetry for the gateway instead.',
    cors: 'Kuma routes have no CORS filter; answer CORS requests in the application.',
    fault: 'Kuma injects faults only on the server side of a Service, not at a gateway.',
    directResponse: 'Kuma cannot answer a request itself; serve this response from a small backend Service instead.',
  },
};

/** Gateways and the gateway-bound part of routes (their Service parents are written as Mesh* policies). */
export function writeKumaGatewayParts(fragment: ModelFragment, ctx: WriteContext): OutDoc[] {
  const docs: OutDoc[] = [];
  for (const gw of fragment.gateways) {
    // The source's GatewayClass belongs to the source mesh's controller.
    const doc = writeGateway({ ...gw, className: undefined }, ctx, KUMA_GATEWAY_DIALECT);
    if (gw.className && gw.className !== 'kuma') ctx.note(`The source used GatewayClass ${gw.className}; Kuma serves GatewayClass kuma.`, doc.obj.spec as OutMap, 'gatewayClassName');
    comment(doc.obj, 'Kuma serves this Gateway with its built-in gateway through Gateway API (GatewayClass kuma); its MeshGateway kinds are removed on Kuma master.');
    docs.push(doc);
  }
  const routes: Route[] = fragment.routes
    .filter(r => r.parents.some(p => p.kind === 'Gateway'))
    .map(r => ({ ...r, parents: r.parents.filter(p => p.kind === 'Gateway') }));
  for (const route of routes) docs.push(...writeGatewayRoutes(route, ctx, KUMA_GATEWAY_DIALECT));
  docs.push(...subsetServiceDocs(routeSubsets(routes, fragment, ctx), 'Kuma\'s Gateway API support', ctx));
  return uniqueDocs(docs);
}
