// An App Mesh VirtualRouter: `routes[]` by priority (0 first, routes without one after, in order)
// for the Service of the VirtualService it provides. Each route is one rule; its weighted targets are
// VirtualNodes, read as the Services they stand for. One model route per protocol the router serves.
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { BackendRef, ModelFragment, ParentRef, Route, RouteMatch, RouteProtocol, RouteRule } from '../../model';
import type { SourceView } from '../../source';
import { routerService, virtualNodeService } from './lookups';
import { readGrpcMatch, readHttpMatch, readRetryPolicy, readTimeouts } from './routeParts';

const ROUTE_KINDS: [string, RouteProtocol][] = [['httpRoute', 'http'], ['http2Route', 'http'], ['grpcRoute', 'grpc'], ['tcpRoute', 'tcp']];

export function dropAppMeshIdentity(spec: SourceView, ctx: ReadContext): void {
  const awsName = spec.get('awsName');
  if (awsName.exists) ctx.drop(awsName, 'The App Mesh name of a resource has no equivalent; the Kubernetes name is kept.');
  const meshRef = spec.get('meshRef');
  if (meshRef.exists) ctx.drop(meshRef, 'The target mesh has no named meshes to reference.');
}

function readRoute(entry: SourceView, ctx: ReadContext): { protocol: RouteProtocol; rule: RouteRule } | undefined {
  for (const [key, protocol] of ROUTE_KINDS) {
    const body = entry.get(key);
    if (!body.exists) continue;
    const rule: RouteRule = { matches: [], backends: [], mirrors: [], origin: entry.origin };
    const name = entry.get('name').str();
    if (name) rule.name = name;
    const matchView = body.get('match');
    if (matchView.exists) {
      let match: RouteMatch | undefined;
      if (protocol === 'tcp') {
        match = { headers: [], queryParams: [], origin: matchView.origin };
        const port = matchView.get('port');
        const value = port.num();
        if (value !== undefined) match.port = { value, origin: port.origin };
      } else match = protocol === 'grpc' ? readGrpcMatch(matchView, ctx) : readHttpMatch(matchView, ctx);
      if (!match) { entry.use(); return undefined; }
      rule.matches.push(match);
    }
    for (const t of body.at('action', 'weightedTargets').items()) {
      const arn = t.get('virtualNodeARN');
      if (arn.exists && !t.get('virtualNodeRef').exists) {
        ctx.drop(t, 'A target given by its AWS ARN cannot be resolved to a Kubernetes Service; reference the VirtualNode by name.');
        continue;
      }
      if (arn.exists) ctx.drop(arn, 'The AWS ARN of the target is not needed; the VirtualNode reference names it.');
      const ref: BackendRef = virtualNodeService(t.get('virtualNodeRef'), ctx);
      const port = t.get('port').num();
      if (port !== undefined) ref.port = port;
      rule.backends.push({ ref, weight: t.get('weight').num() ?? 1, origin: t.origin });
    }
    if (!rule.backends.length) {
      // Every target was left out (and said so): a rule without backends would fail every request.
      entry.use();
      return undefined;
    }
    const retry = readRetryPolicy(body.get('retryPolicy'), ctx);
    if (retry) rule.retry = retry;
    const timeouts = readTimeouts(body.get('timeout'));
    if (timeouts) rule.timeouts = timeouts;
    return { protocol, rule };
  }
  ctx.drop(entry, 'This route has no HTTP, HTTP/2, gRPC or TCP route, so there is nothing to convert.');
  return undefined;
}

export function readVirtualRouter(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  dropAppMeshIdentity(spec, ctx);
  const name = ctx.source.name;
  const nameOrigin = ctx.root.at('metadata', 'name').origin;
  let service = routerService(name, nameOrigin, ctx);
  if (!service) {
    ctx.need(`the Service clients call through VirtualRouter ${name} (the VirtualService that names it; the router's name is used until then)`, nameOrigin);
    service = { name, origin: nameOrigin };
  }
  const ports = spec.get('listeners').items().map(l => l.at('portMapping', 'port').num());
  spec.get('listeners').use();
  const parents: ParentRef[] = (ports.length ? ports : [undefined]).map(port => {
    const parent: ParentRef = { kind: 'Service', name: service!.name, origin: service!.origin };
    if (service!.namespace) parent.namespace = service!.namespace;
    if (port !== undefined) parent.port = port;
    return parent;
  });

  const entries = spec.get('routes').items().map((entry, index) => ({ entry, index, priority: entry.get('priority').num() }));
  entries.sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity) || a.index - b.index);
  const byProtocol = new Map<RouteProtocol, RouteRule[]>();
  for (const { entry } of entries) {
    const read = readRoute(entry, ctx);
    if (!read) continue;
    byProtocol.set(read.protocol, [...(byProtocol.get(read.protocol) ?? []), read.rule]);
  }
  [...byProtocol].forEach(([protocol, rules], i) => {
    const route: Route = {
      protocol, name: byProtocol.size > 1 ? `${name}-${i + 1}` : name, parents, hostnames: [], rules,
      ordered: true, from: ctx.source, origin: spec.get('routes').origin,
    };
    if (ctx.source.namespace) route.namespace = ctx.source.namespace;
    fragment.routes.push(route);
  });
  return fragment;
}
