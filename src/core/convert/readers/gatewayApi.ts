// Reads Gateway API resources (gateway.networking.k8s.io) into the neutral model: Gateways and their
// listeners, HTTPRoute, GRPCRoute, TLSRoute and TCPRoute. Their rules are not ordered: Gateway API picks
// the most specific match across all rules.
import type { ReadContext, Reader } from '../contract';
import { emptyFragment } from '../model';
import type { ModelFragment, Route, RouteProtocol } from '../model';
import { readGateway } from './gatewayApi/gateway';
import { readHttpRules, readParentRefs, readStreamRules } from './gatewayApi/routeRules';
import { applyToRules, readLinkerdAnnotations } from './linkerd/annotations';
import type { LinkerdPolicy } from './linkerd/annotations';
import type { SourceView } from '../source';

const ROUTE_PROTOCOLS: Record<string, RouteProtocol> = { HTTPRoute: 'http', GRPCRoute: 'grpc', TLSRoute: 'tls', TCPRoute: 'tcp' };

/** Reads a Gateway API shaped route (also Linkerd's policy.linkerd.io HTTPRoute and GRPCRoute). */
export function readGatewayApiRoute(kind: string, ctx: ReadContext): Route | undefined {
  const protocol = ROUTE_PROTOCOLS[kind];
  if (!protocol) return undefined;
  const spec = ctx.root.get('spec');
  const route: Route = {
    protocol, name: ctx.source.name, parents: readParentRefs(spec.get('parentRefs'), ctx),
    hostnames: spec.get('hostnames').strings(),
    rules: protocol === 'http' || protocol === 'grpc' ? readHttpRules(spec.get('rules'), ctx, protocol === 'grpc') : readStreamRules(spec.get('rules'), ctx),
    ordered: false, from: ctx.source, origin: spec.origin,
  };
  if (ctx.source.namespace) route.namespace = ctx.source.namespace;
  if (!spec.get('parentRefs').items().length && !spec.get('useDefaultGateways').exists) route.namesNoParent = true;
  const useDefaultGateways = spec.get('useDefaultGateways');
  if (useDefaultGateways.exists) ctx.drop(useDefaultGateways, 'Attaching to the default Gateways is not converted; name the Gateway in parentRefs instead.');
  // Linkerd reads its retry and timeout annotations on Gateway API routes too.
  if (protocol === 'http' || protocol === 'grpc') {
    const policy = readLinkerdAnnotations(ctx);
    if (policy) reportOverridden(policy, spec.get('rules').items(), ctx);
    applyToRules(policy, route.rules);
  }
  return route;
}

/** Rule fields Linkerd ignores because an annotation of the route says otherwise: reported, not lost silently. */
function reportOverridden(policy: LinkerdPolicy, rules: SourceView[], ctx: ReadContext): void {
  for (const rule of rules) {
    const timeout = (name: string) => `The ${name} annotation of this route takes precedence over this value in Linkerd, so the annotation's value is converted instead.`;
    const overridden: [SourceView, string | false][] = [
      [rule.at('timeouts', 'request'), policy.timeouts?.request !== undefined && timeout('timeout.linkerd.io/request')],
      [rule.at('timeouts', 'backendRequest'), policy.timeouts?.backendRequest !== undefined && timeout('timeout.linkerd.io/response')],
      [rule.get('retry'), policy.retry !== undefined && 'The retry annotations of this route take precedence over this retry in Linkerd, so their values are converted instead.'],
    ];
    for (const [field, reason] of overridden) if (reason && field.exists) ctx.drop(field, reason);
  }
}

export const gatewayApiReader: Reader = {
  owner: 'gateway-api',
  kinds: ['Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'ReferenceGrant'],
  read(kind: string, ctx: ReadContext): ModelFragment | undefined {
    const fragment = emptyFragment();
    if (kind === 'Gateway') { fragment.gateways.push(readGateway(ctx)); return fragment; }
    // A grant only permits references; the writers generate the grants their output needs.
    if (kind === 'ReferenceGrant') { ctx.root.get('spec').use(); return fragment; }
    const route = readGatewayApiRoute(kind, ctx);
    if (!route) return undefined;
    fragment.routes.push(route);
    return fragment;
  },
};
