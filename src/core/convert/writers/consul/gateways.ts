// North-south routing for Consul: its API gateway reads Gateway API Gateways (GatewayClass consul) and
// routes. Retries and timeouts of a gateway route are Consul's own filter objects (RouteRetryFilter,
// RouteTimeoutFilter), attached to the rule with an ExtensionRef filter.
import type { WriteContext } from '../../contract';
import type { ModelFragment, Route, RouteRule } from '../../model';
import type { OutDoc, OutMap } from '../../output';
import { V1ALPHA2_STREAM_API_VERSIONS, type GatewayDialect } from '../gatewayDialect';
import { uniqueDocs, writeGateway, writeGatewayRoutes } from '../gatewayRoutes';
import { routeSubsets } from '../routeSubsets';
import { subsetServiceDocs } from '../subsetServices';
import { applyRetry, applyTimeouts } from './destination';
import { consulObject, CONSUL_API_VERSION } from './entries';

/** What Consul's API gateway reads of Gateway API. Retries and timeouts go through its filters, not this table. */
export const CONSUL_GATEWAY_DIALECT: GatewayDialect = {
  name: 'Consul\'s API gateway',
  apiVersion: { ...V1ALPHA2_STREAM_API_VERSIONS },
  experimentalKinds: ['TLSRoute', 'TCPRoute'],
  timeouts: 'none',
  backendRequest: false,
  retry: 'none',
  mirror: 'none',
  urlRewrite: true,
  cors: 'none',
  ruleNames: false,
  gatewayClass: 'consul',
  reasons: {
    mirror: 'Consul has no traffic mirroring.',
    fault: 'Consul fault injection needs Consul Enterprise.',
    cors: 'Consul\'s API gateway has no CORS filter; answer CORS requests in the application.',
    directResponse: 'Consul cannot answer a request itself; serve this response from a small backend Service instead.',
  },
};

export function writeConsulGatewayParts(fragment: ModelFragment, ctx: WriteContext): OutDoc[] {
  const docs: OutDoc[] = fragment.gateways.map(gw => {
    // The source's GatewayClass belongs to the source mesh's controller.
    const doc = writeGateway({ ...gw, className: undefined }, ctx, CONSUL_GATEWAY_DIALECT);
    if (gw.className && gw.className !== 'consul') ctx.note(`The source used GatewayClass ${gw.className}; Consul's API gateway serves GatewayClass consul.`, doc.obj.spec as OutMap, 'gatewayClassName');
    return doc;
  });
  const routes = fragment.routes
    .filter(r => r.parents.some(p => p.kind === 'Gateway'))
    .map(r => ({ ...r, parents: r.parents.filter(p => p.kind === 'Gateway') }));
  for (const route of routes) docs.push(...gatewayRoute(route, ctx));
  docs.push(...subsetServiceDocs(routeSubsets(routes, fragment, ctx), 'Consul\'s API gateway', ctx));
  return uniqueDocs(docs);
}

/**
 * One route, written rule by rule so each written rule is known: the rules lose their retry and
 * timeouts for the Gateway API writer and get ExtensionRef filters to Consul filter objects instead.
 */
function gatewayRoute(route: Route, ctx: WriteContext): OutDoc[] {
  if (route.protocol !== 'http') return writeGatewayRoutes(route, ctx, CONSUL_GATEWAY_DIALECT);
  const bare: RouteRule[] = route.rules.map(r => ({ ...r, timeouts: undefined, retry: undefined }));
  const stripped: Route = { ...route, rules: bare };
  const docs: OutDoc[] = [];
  let routeObj: OutMap | undefined;
  const filters: OutDoc[] = [];
  route.rules.forEach((rule, i) => {
    const written = writeGatewayRoutes(stripped, ctx, CONSUL_GATEWAY_DIALECT, { name: route.name, rules: new Set([bare[i]]) });
    const [first, ...grants] = written;
    const rules = ((first.obj.spec as OutMap).rules as OutMap[] | undefined) ?? [];
    if (!routeObj) { routeObj = first.obj; docs.push(first); }
    else ((routeObj.spec as OutMap).rules as OutMap[]).push(...rules);
    docs.push(...grants);
    const refs = ruleFilters(route, rule, i, ctx);
    filters.push(...refs.map(r => r.doc));
    for (const written of rules) {
      if (!refs.length) continue;
      const list = (written.filters as OutMap[] | undefined) ?? [];
      list.push(...refs.map(r => r.ref));
      written.filters = list;
    }
  });
  return [...docs, ...filters];
}

/** The RouteRetryFilter and RouteTimeoutFilter of one rule, and the ExtensionRef filters that attach them. */
function ruleFilters(route: Route, rule: RouteRule, index: number, ctx: WriteContext): { doc: OutDoc; ref: OutMap }[] {
  const out: { doc: OutDoc; ref: OutMap }[] = [];
  const suffix = route.rules.length > 1 ? `-${index + 1}` : '';
  if (rule.retry && rule.retry.attempts !== 0) {
    const spec: OutMap = {};
    applyRetry(rule.retry, spec, ctx);
    const name = `${route.name}-retry${suffix}`;
    if (Object.keys(spec).length) out.push({ doc: { obj: consulObject('RouteRetryFilter', name, route.namespace, spec) }, ref: extensionRef('RouteRetryFilter', name) });
  }
  if (rule.timeouts) {
    const spec: OutMap = {};
    applyTimeouts(rule.timeouts, spec, ctx);
    const name = `${route.name}-timeout${suffix}`;
    if (Object.keys(spec).length) out.push({ doc: { obj: consulObject('RouteTimeoutFilter', name, route.namespace, spec) }, ref: extensionRef('RouteTimeoutFilter', name) });
  }
  return out;
}

function extensionRef(kind: string, name: string): OutMap {
  return { type: 'ExtensionRef', extensionRef: { group: CONSUL_API_VERSION.split('/')[0], kind, name } };
}
