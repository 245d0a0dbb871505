// A route a writer cannot place (it attaches to no Service and no Gateway of the cluster) is written nowhere: each of its
// rules is reported as not converted, so nothing it says disappears silently.
import type { WriteContext } from '../contract';
import type { Origin, Route } from '../model';

/**
 * The route's hosts outside the cluster (ServiceEntry hosts), for a target that does not route to them;
 * `why` says what the target lacks, when it is more than the host not being a Service.
 */
export function dropExternalHosts(route: Route, ctx: WriteContext, why?: string): void {
  dropNonServiceHosts(route.externalHosts, ctx, why);
}

/** Hosts of a mesh route that are no Service of the cluster, each dropped (with `why`, or because it is no Service). */
export function dropNonServiceHosts(hosts: { host: string; origin: Origin }[] | undefined, ctx: WriteContext, why?: string): void {
  for (const h of hosts ?? []) ctx.drop(h.origin, why ?? `${h.host} is not a Service of the cluster, so a mesh route cannot attach to it.`);
}

/** `why`: the reason given for the hosts outside the cluster and, when the route has only those, for its rules. */
export function dropUnplacedRoute(route: Route, ctx: WriteContext, why?: string): void {
  if (route.namesNoParent) { dropParentlessRoute(route, ctx); return; }
  dropExternalHosts(route, ctx, why);
  if (route.externalHosts?.length && why) {
    for (const rule of route.rules) ctx.drop(rule.origin, why);
    return;
  }
  ctx.need(`the Service that route ${route.name} is for`, route.origin);
  const reason = `Route ${route.name} attaches to no Service or Gateway of the cluster, so this rule is not written; set the Service it routes and convert again.`;
  for (const rule of route.rules) ctx.drop(rule.origin, reason);
}

/** A source route naming no parent routes nothing in its own mesh either: its rules are inert. */
export function dropParentlessRoute(route: Route, ctx: WriteContext): void {
  const reason = `Route ${route.name} names no parent (parentRefs), so it routes nothing in its own mesh either; this rule is not written.`;
  for (const rule of route.rules) ctx.dropInert(rule.origin, reason);
}
