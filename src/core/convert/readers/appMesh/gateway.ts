// App Mesh ingress: a VirtualGateway (listeners → Gateway listeners) and its GatewayRoutes (→ routes
// whose parent is that Gateway, to the Service of the target VirtualService). App Mesh rewrites a
// matched prefix to `/` and the Host header to the target's name unless told not to: both are written
// explicitly, since the target mesh does neither by default.
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { Gateway, Listener, ModelFragment, ParentRef, Rewrite, Route, RouteMatch, RouteProtocol, RouteRule } from '../../model';
import type { SourceView } from '../../source';
import { virtualServiceTarget } from './lookups';
import { LEFT_OUT, readGrpcMatch, readHttpMatch } from './routeParts';
import { dropAppMeshIdentity } from './virtualRouter';

const NOT_YET = 'Mesh Lens does not convert circuit breaking and outlier detection yet.';

export function readVirtualGateway(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  dropAppMeshIdentity(spec, ctx);
  const namespaces = spec.get('namespaceSelector');
  const selected = namespaces.at('matchLabels', 'kubernetes.io/metadata.name').peek();
  let allowedRoutes: Listener['allowedRoutes'] = { from: 'Same' };
  if (namespaces.exists) {
    if (selected && namespaces.keys().length === 1 && namespaces.get('matchLabels').keys().length === 1) {
      namespaces.use();
      allowedRoutes = { from: 'Selector', namespace: selected };
    } else if (!namespaces.keys().length) { namespaces.use(); allowedRoutes = { from: 'All' }; }
    else ctx.drop(namespaces, 'Only a selector of one namespace by name can be converted; routes are admitted from the gateway\'s own namespace.');
  }
  const gateway: Gateway = { name: ctx.source.name, listeners: [], from: ctx.source, origin: spec.origin };
  if (ctx.source.namespace) gateway.namespace = ctx.source.namespace;
  const selector = spec.at('podSelector', 'matchLabels');
  if (selector.exists) gateway.selector = selector.stringMap();
  const expressions = spec.at('podSelector', 'matchExpressions');
  if (expressions.exists) ctx.drop(expressions, 'Pod selection by expressions has no equivalent on a Gateway.');
  for (const l of spec.get('listeners').items()) {
    const port = l.at('portMapping', 'port').num() ?? 0;
    const protocolText = l.at('portMapping', 'protocol').str() ?? 'http';
    const listener: Listener = { name: `${protocolText}-${port}`, port, protocol: protocolText === 'grpc' ? 'GRPC' : 'HTTP', allowedRoutes, origin: l.origin };
    const tls = l.get('tls');
    if (tls.exists && tls.get('mode').peek() !== 'DISABLED') {
      listener.protocol = 'HTTPS';
      listener.tls = { mode: 'Terminate', certificateRefs: [] };
      // No certificateRefs: the writer asks for the Secret where it writes the listener.
      tls.get('mode').use();
      for (const key of ['certificate', 'validation']) {
        const field = tls.get(key);
        if (field.exists) ctx.drop(field, 'App Mesh certificate sources have no Kubernetes equivalent; the listener needs a Secret instead.');
      }
    } else if (tls.exists) tls.use();
    for (const [key, reason] of [['connectionPool', NOT_YET], ['healthCheck', 'Active health checks have no equivalent; use readiness probes on the pods.']]) {
      const field = l.get(key);
      if (field.exists) ctx.drop(field, reason);
    }
    gateway.listeners.push(listener);
  }
  const reasons: [string, string][] = [
    ['gatewayRouteSelector', 'Routes attach to a Gateway by naming it; a label selector for routes has no equivalent.'],
    ['backendDefaults', 'Mesh Lens does not convert client TLS policies; the target mesh encrypts traffic between its proxies itself.'],
    ['logging', 'Access logging is not converted; configure it in the target mesh.'],
  ];
  for (const [key, reason] of reasons) {
    const field = spec.get(key);
    if (field.exists) ctx.drop(field, reason);
  }
  fragment.gateways.push(gateway);
  return fragment;
}

/** The VirtualGateway a GatewayRoute belongs to: its `virtualGatewayRef`, else the only one in the input that selects it. */
function gatewayParent(spec: SourceView, ctx: ReadContext): ParentRef | undefined {
  const ref = spec.get('virtualGatewayRef');
  if (ref.exists) {
    const parent: ParentRef = { kind: 'Gateway', name: ref.get('name').str() ?? '', origin: ref.origin };
    const namespace = ref.get('namespace').str();
    if (namespace) parent.namespace = namespace;
    ref.get('uid').use();
    return parent;
  }
  const labels = ctx.root.at('metadata', 'labels');
  const gateways = (ctx.input.resources?.('app-mesh', 'VirtualGateway') ?? []).filter(g => {
    const wanted = (g.spec as { gatewayRouteSelector?: { matchLabels?: Record<string, unknown> } } | undefined)?.gatewayRouteSelector?.matchLabels ?? {};
    return Object.entries(wanted).every(([k, v]) => labels.get(k).peek() === String(v));
  });
  if (gateways.length !== 1) return undefined;
  const parent: ParentRef = { kind: 'Gateway', name: gateways[0].name, origin: ctx.root.at('metadata', 'name').origin };
  if (gateways[0].namespace && gateways[0].namespace !== ctx.source.namespace) parent.namespace = gateways[0].namespace;
  return parent;
}

function readGatewayRewrite(action: SourceView, match: RouteMatch, host: string | undefined): Rewrite | undefined {
  const view = action.get('rewrite');
  const rewrite: Rewrite = { origin: view.exists ? view.origin : action.origin };
  const exact = view.at('path', 'exact').str();
  const prefix = view.get('prefix');
  const prefixValue = prefix.get('value').str();
  const defaultPrefix = prefix.get('defaultPrefix').str() !== 'DISABLED';
  if (exact !== undefined) rewrite.path = { type: 'ReplaceFullPath', value: exact };
  else if (match.path?.type === 'PathPrefix' && (prefixValue !== undefined || (defaultPrefix && match.path.value !== '/'))) {
    rewrite.path = { type: 'ReplacePrefixMatch', value: prefixValue ?? '/' };
  }
  if (view.at('hostname', 'defaultTargetHostname').str() !== 'DISABLED' && host) rewrite.hostname = host;
  return rewrite.path || rewrite.hostname ? rewrite : undefined;
}

export function readGatewayRoute(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  dropAppMeshIdentity(spec, ctx);
  const parent = gatewayParent(spec, ctx);
  if (!parent) {
    ctx.need(`the VirtualGateway of GatewayRoute ${ctx.source.name} (set spec.virtualGatewayRef or convert it with its gateway)`, spec.origin);
  }
  const priority = spec.get('priority');
  if (priority.exists) ctx.drop(priority, 'Priorities between gateway routes have no equivalent; the target orders routes by how specific their matches are.');
  for (const [key, protocol] of [['httpRoute', 'http'], ['http2Route', 'http'], ['grpcRoute', 'grpc']] as [string, RouteProtocol][]) {
    const body = spec.get(key);
    if (!body.exists) continue;
    const matchView = body.get('match');
    const match = protocol === 'grpc' ? readGrpcMatch(matchView, ctx) : readHttpMatch(matchView, ctx);
    if (!match) { body.use(); continue; }
    const hostnames: string[] = [];
    const hostExact = matchView.at('hostname', 'exact').str();
    if (hostExact) hostnames.push(hostExact);
    const suffix = matchView.at('hostname', 'suffix');
    if (suffix.exists) {
      const value = suffix.peek() ?? '';
      if (value.startsWith('.')) { suffix.use(); hostnames.push(`*${value}`); }
      else { ctx.drop(suffix, `Only a hostname suffix that starts with a dot can become a wildcard hostname; ${LEFT_OUT}`); body.use(); continue; }
    }
    const action = body.get('action');
    const target = action.at('target', 'virtualService');
    const arn = target.get('virtualServiceARN');
    if (arn.exists) ctx.drop(arn, 'A target given by its AWS ARN cannot be resolved to a Kubernetes Service; reference the VirtualService by name.');
    const { service, host } = virtualServiceTarget(target.get('virtualServiceRef'), ctx);
    const port = action.at('target', 'port').num();
    if (port !== undefined) service.port = port;
    const rule: RouteRule = { matches: [match], backends: [{ ref: service, weight: 1, origin: target.origin }], mirrors: [], origin: body.origin };
    const rewrite = readGatewayRewrite(action, match, host);
    if (rewrite) rule.rewrite = rewrite;
    const route: Route = {
      protocol, name: ctx.source.name, parents: parent ? [parent] : [], hostnames, rules: [rule],
      ordered: false, from: ctx.source, origin: body.origin,
    };
    if (ctx.source.namespace) route.namespace = ctx.source.namespace;
    fragment.routes.push(route);
  }
  return fragment;
}
