// Kuma's legacy source/destination policies, removed from current Kuma. Only the simple TrafficRoute
// (one destination service, a plain destination or weighted split) is read; the rest is left out with
// a reason, since Kuma's own migration to the Mesh* kinds is the better first step.
import type { ReadContext } from '../../contract';
import { emptyFragment } from '../../model';
import type { BackendRef, ModelFragment, Route, Subset, WeightedBackend } from '../../model';
import type { SourceView } from '../../source';
import { parseServiceTag } from './targetRefs';
import { kumaName } from './names';

const MIGRATE = 'rewrite it as a Mesh* policy with Kuma\'s migration guide, then convert that.';

/** A `match` of `kuma.io/service` alone, naming one service; undefined for wildcards or extra tags. */
function singleService(matches: SourceView): string | undefined {
  const items = matches.items();
  if (items.length !== 1) return undefined;
  const match = items[0].get('match');
  const keys = match.keys();
  const tag = match.get('kuma.io/service').peek();
  return keys.length === 1 && tag && tag !== '*' ? tag : undefined;
}

function everyone(sources: SourceView): boolean {
  return sources.items().every(s => s.get('match').keys().length === 1 && s.at('match', 'kuma.io/service').peek() === '*');
}

function destination(view: SourceView, ctx: ReadContext, subsets: Subset[]): BackendRef {
  const tags = view.stringMap();
  const parsed = parseServiceTag(tags['kuma.io/service'] ?? '');
  const ref: BackendRef = { name: parsed.name, origin: view.origin };
  if (parsed.namespace) ref.namespace = parsed.namespace;
  if (parsed.port !== undefined) ref.port = parsed.port;
  delete tags['kuma.io/service'];
  const keys = Object.keys(tags).sort();
  if (keys.length) {
    ref.subset = keys.map(k => tags[k]).join('-');
    const subset: Subset = { host: ref.name, name: ref.subset, labels: tags, origin: view.origin, from: ctx.source };
    if (ref.namespace) subset.namespace = ref.namespace;
    subsets.push(subset);
  }
  return ref;
}

function readTrafficRoute(ctx: ReadContext): ModelFragment | undefined {
  const spec = ctx.root.get('spec');
  const conf = spec.get('conf');
  const service = singleService(spec.get('destinations'));
  const simple = service && !conf.get('http').exists && (conf.get('split').exists || conf.get('destination').exists);
  if (!simple) return undefined;
  const fragment = emptyFragment();
  const sources = spec.get('sources');
  if (everyone(sources)) sources.use();
  else ctx.drop(sources, 'The route applies only to some callers; the converted route applies to every caller.');
  spec.get('destinations').use();
  const parsed = parseServiceTag(service);
  const parentOrigin = spec.get('destinations').origin;
  const route: Route = {
    protocol: 'http', name: kumaName(ctx), parents: [{ kind: 'Service', name: parsed.name, origin: parentOrigin }],
    hostnames: [], rules: [], ordered: false, from: ctx.source, origin: conf.origin,
  };
  const parent = route.parents[0];
  if (parsed.namespace) parent.namespace = parsed.namespace;
  if (parsed.port !== undefined && parent.kind === 'Service') parent.port = parsed.port;
  if (ctx.source.namespace) route.namespace = ctx.source.namespace;
  const backends: WeightedBackend[] = [];
  for (const s of conf.get('split').items()) {
    backends.push({ ref: destination(s.get('destination'), ctx, fragment.subsets), weight: s.get('weight').num() ?? 1, ...(s.get('weight').exists && conf.get('split').items().length === 1 ? { written: true } : {}), origin: s.origin });
  }
  const single = conf.get('destination');
  if (single.exists) backends.push({ ref: destination(single, ctx, fragment.subsets), weight: 1, origin: single.origin });
  route.rules.push({ matches: [], backends, mirrors: [], origin: conf.origin });
  const loadBalancer = conf.get('loadBalancer');
  if (loadBalancer.exists) ctx.drop(loadBalancer, 'Mesh Lens does not convert load balancing and failover yet.');
  fragment.routes.push(route);
  return fragment;
}

export function readKumaLegacy(kind: string, ctx: ReadContext): ModelFragment {
  const fragment = kind === 'TrafficRoute' ? readTrafficRoute(ctx) : undefined;
  if (fragment) return fragment;
  const spec = ctx.root.get('spec');
  const what = kind === 'TrafficRoute' ? 'A TrafficRoute with matches or several destination services' : `Kuma's legacy ${kind} policy`;
  ctx.drop(spec, `${what} is not converted; ${MIGRATE}`);
  return emptyFragment();
}
