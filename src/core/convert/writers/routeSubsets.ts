// The subsets a target's Gateway API routes go to (Kuma's and Consul's gateways): those routes reach
// only Services, so each subset needs the Service of its own that subsetServices.ts generates.
import type { WriteContext } from '../contract';
import type { ModelFragment, Route, Subset } from '../model';

/** The subsets gateway routes go to: Gateway API routes only reach Services, so each gets a Service of its own. */
export function routeSubsets(routes: Route[], fragment: ModelFragment, ctx: WriteContext): Subset[] {
  const out: Subset[] = [];
  for (const route of routes) {
    for (const rule of route.rules) {
      for (const ref of [...rule.backends.map(b => b.ref), ...rule.mirrors.map(m => m.backend)]) {
        if (!ref.subset) continue;
        const subset = fragment.subsets.find(s => s.name === ref.subset && s.host.split('.')[0] === ref.name) ?? ctx.input.subset(ref.name, ref.subset, ref.namespace);
        if (subset) out.push(subset);
      }
    }
  }
  return out;
}
