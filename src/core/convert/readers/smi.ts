// Reads SMI resources into the neutral model. A TrafficSplit is a weighted route for its root Service;
// from v1alpha3 it may apply only to the requests of HTTPRouteGroups, read from the input. An
// HTTPRouteGroup or TCPRoute alone routes nothing: they are read through the resources that name them.
// TrafficTarget (authorization) is not converted yet.
import type { InputResource, ReadContext, Reader } from '../contract';
import { emptyFragment } from '../model';
import type { ModelFragment, Origin, Route, RouteMatch, ValueMatch, WeightedBackend } from '../model';
import { backendFromHost, parseQuantity } from './fieldValues';

interface GroupMatch { name?: unknown; pathRegex?: unknown; methods?: unknown; headers?: unknown }

/** The headers of an HTTPRouteGroup match: a list of one-entry maps (v1alpha4) or one map (older). */
function groupHeaders(headers: unknown, origin: Origin): ValueMatch[] {
  const maps = Array.isArray(headers) ? headers : headers && typeof headers === 'object' ? [headers] : [];
  const out: ValueMatch[] = [];
  for (const map of maps) {
    if (!map || typeof map !== 'object') continue;
    for (const [name, value] of Object.entries(map)) out.push({ name, type: 'RegularExpression', value: String(value), origin });
  }
  return out;
}

/** Every match of an HTTPRouteGroup as route matches (one per method; `*` means any method). */
function groupMatches(group: InputResource, origin: Origin): RouteMatch[] {
  const matches = (group.spec as { matches?: GroupMatch[] } | undefined)?.matches ?? [];
  const out: RouteMatch[] = [];
  for (const m of matches) {
    const base: RouteMatch = { headers: groupHeaders(m.headers, origin), queryParams: [], origin };
    if (typeof m.pathRegex === 'string') base.path = { type: 'RegularExpression', value: m.pathRegex, origin };
    const methods = Array.isArray(m.methods) ? m.methods.map(String).filter(x => x !== '*') : [];
    const anyMethod = !methods.length || (Array.isArray(m.methods) && m.methods.includes('*'));
    if (anyMethod) out.push(base);
    else for (const value of methods) out.push({ ...base, headers: [...base.headers], method: { value, origin } });
  }
  return out;
}

/** Weights as written; quantities (`500m`, v1alpha1) are scaled to whole numbers together. */
function splitWeights(texts: (string | undefined)[]): number[] {
  const values = texts.map(t => (t === undefined ? 1 : parseQuantity(t) ?? 0));
  const scale = values.every(Number.isInteger) ? 1 : 1000;
  return values.map(v => Math.round(v * scale));
}

function readTrafficSplit(ctx: ReadContext): ModelFragment {
  const fragment = emptyFragment();
  const spec = ctx.root.get('spec');
  const service = spec.get('service');
  const root = backendFromHost(service.str() ?? '', service);
  const items = spec.get('backends').items();
  const weights = splitWeights(items.map(b => b.get('weight').str()));
  const backends: WeightedBackend[] = items.map((b, i) => {
    const s = b.get('service');
    return { ref: backendFromHost(s.str() ?? '', s), weight: weights[i], ...(b.get('weight').exists && items.length === 1 ? { written: true } : {}), origin: b.origin };
  });
  const matches: RouteMatch[] = [];
  const matchRefs = spec.get('matches').items();
  for (const m of matchRefs) {
    const kind = m.get('kind').str();
    const name = m.get('name').str() ?? '';
    const group = kind === 'HTTPRouteGroup'
      ? ctx.input.resources?.('smi', 'HTTPRouteGroup').find(g => g.name === name && (g.namespace ?? '') === (ctx.source.namespace ?? ''))
      : undefined;
    const found = group ? groupMatches(group, m.origin) : [];
    if (found.length) matches.push(...found);
    else if (group) ctx.drop(m, `The HTTPRouteGroup "${name}" has no spec.matches, where SMI reads them, so the requests this split applies to are unknown.`);
    else ctx.drop(m, `The ${kind ?? 'route group'} "${name}" is not in the input, so the requests this split applies to are unknown; convert them together.`);
  }
  if (matchRefs.length && !matches.length) {
    ctx.drop(spec.get('backends'), 'This split applies only to requests of route groups that are not converted, so it is left out rather than applied to every request.');
    return fragment;
  }
  const parent = { kind: 'Service' as const, name: root.name, origin: service.origin, ...(root.namespace ? { namespace: root.namespace } : {}) };
  const route: Route = {
    protocol: 'http', name: ctx.source.name, parents: [parent], hostnames: [],
    rules: [{ matches, backends, mirrors: [], origin: spec.get('backends').origin }],
    ordered: false, from: ctx.source, origin: spec.origin,
  };
  if (ctx.source.namespace) route.namespace = ctx.source.namespace;
  fragment.routes.push(route);
  return fragment;
}

/** Whether a resource of the input names the route group `kind`/`name` in `list` (TrafficSplit `matches`, TrafficTarget `rules`). */
function namedIn(resources: InputResource[], list: 'matches' | 'rules', kind: string, ctx: ReadContext): boolean {
  return resources.some(r => {
    const refs = (r.spec as Record<string, { kind?: unknown; name?: unknown }[] | undefined> | undefined)?.[list] ?? [];
    return (r.namespace ?? '') === (ctx.source.namespace ?? '') && refs.some(m => m.kind === kind && m.name === ctx.source.name);
  });
}

/**
 * An HTTPRouteGroup or TCPRoute routes nothing alone. A TrafficSplit that names it writes its matches
 * into the converted route. A TrafficTarget uses them only to say which requests it allows, so as
 * routing matches they are not converted (the authorization policy converted from the TrafficTarget
 * says what it keeps of them); with no resource naming it, they reach nothing at all.
 */
function readRouteGroup(kind: string, ctx: ReadContext): ModelFragment {
  const spec = ctx.root.get('spec');
  const resources = (k: string) => ctx.input.resources?.('smi', k) ?? [];
  const article = kind === 'HTTPRouteGroup' ? 'An' : 'A';
  // Matches beside spec instead of under it (a slip in the SMI documentation's own example) are read by no controller.
  const misplaced = ctx.root.get('matches');
  if (misplaced.exists) ctx.dropInert(misplaced, `SMI reads the matches of ${article.toLowerCase()} ${kind} under spec only; these, beside spec, have no effect in their own mesh either.`);
  if (kind === 'HTTPRouteGroup' && namedIn(resources('TrafficSplit'), 'matches', kind, ctx)) {
    spec.use();
    return emptyFragment();
  }
  if (namedIn(resources('TrafficTarget'), 'rules', kind, ctx)) {
    const reason = `Only a TrafficTarget names this ${kind}: its matches say which requests the converted authorization policy allows, not how they are routed.`;
    // As routing matches they are inert in SMI too; the authorization they serve is the TrafficTarget's.
    for (const [, field] of spec.entries()) ctx.dropInert(field, reason);
    return emptyFragment();
  }
  // Named by nothing, it has no effect in its own mesh either.
  const reason = `${article} ${kind} routes nothing by itself, and no TrafficSplit or TrafficTarget of the input names it.`;
  for (const [, field] of spec.entries()) ctx.dropInert(field, reason);
  return emptyFragment();
}

export const smiReader: Reader = {
  owner: 'smi',
  kinds: ['TrafficSplit', 'HTTPRouteGroup', 'TCPRoute'],
  read(kind, ctx) {
    if (kind === 'TrafficSplit') return readTrafficSplit(ctx);
    if (kind === 'HTTPRouteGroup' || kind === 'TCPRoute') return readRouteGroup(kind, ctx);
    return undefined;
  },
};
