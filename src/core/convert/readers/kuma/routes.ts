// MeshHTTPRoute and MeshTCPRoute: each `to[]` entry is a route for the service it targets (GAMMA:
// the Service is the parent), or, under a MeshGateway, a route attached to that gateway. Kuma sorts
// rules by specificity like Gateway API, so the routes are not first-match-wins.
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { BackendRef, ModelFragment, ParentRef, Route, RouteProtocol } from '../../model';
import type { SourceView } from '../../source';
import { readRule } from './rules';
import { describeSelection, serviceTarget } from './targetRefs';
import { kumaName } from './names';

/** The top targetRef: a MeshGateway parent, or the callers it selects (dropped when narrower than the mesh). */
function readTopTarget(spec: SourceView, ctx: ReadContext): { gateway?: ParentRef } {
  const top = spec.get('targetRef');
  const kind = top.get('kind').peek();
  if (kind === 'MeshGateway') {
    const name = top.get('name').str() ?? '';
    top.use();
    const gateway: ParentRef = { kind: 'Gateway', name, origin: top.origin };
    const namespace = top.get('namespace').peek();
    if (namespace) gateway.namespace = namespace;
    return { gateway };
  }
  const callers = describeSelection(top);
  if (callers) {
    ctx.drop(top, `The route applies only to callers selected by ${callers}; `
      + 'the converted route applies to every caller, so apply it only where those callers run or narrow it by hand.');
  }
  return {};
}

/** Reads a MeshHTTPRoute or MeshTCPRoute. */
export function readKumaRoute(protocol: RouteProtocol, ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const { gateway } = readTopTarget(spec, ctx);
  const name = kumaName(ctx);
  const entries = spec.get('to').items();
  entries.forEach((to, i) => {
    const targetRef = to.get('targetRef');
    const parents: ParentRef[] = [];
    let service: BackendRef | undefined;
    if (gateway) {
      parents.push(gateway);
      if (targetRef.get('kind').peek() === 'Mesh') targetRef.use();
      else if (targetRef.exists) ctx.drop(targetRef, 'A gateway route targets the whole mesh; this target is not converted.');
    } else {
      const target = serviceTarget(targetRef, ctx);
      if (!target) return;
      service = target.ref;
      if (target.subset) {
        ctx.drop(targetRef.get('tags'), 'The route applies only to some pods of the Service; the converted route applies to the whole Service.');
        fragment.subsets.push(target.subset);
      }
      const parent: ParentRef = { kind: 'Service', name: service.name, origin: targetRef.origin };
      if (service.namespace) parent.namespace = service.namespace;
      if (service.port !== undefined) parent.port = service.port;
      parents.push(parent);
    }
    const route: Route = {
      protocol,
      name: entries.length > 1 ? `${name}-${i + 1}` : name,
      parents,
      hostnames: to.get('hostnames').strings(),
      rules: [],
      ordered: false,
      from: ctx.source,
      origin: to.origin,
    };
    if (ctx.source.namespace) route.namespace = ctx.source.namespace;
    for (const r of to.get('rules').items()) {
      const parts = readRule(r, service && { ...service }, ctx);
      if (!parts) continue;
      route.rules.push(parts.rule);
      fragment.subsets.push(...parts.subsets);
    }
    fragment.routes.push(route);
  });
  return fragment;
}
