// "Nothing configured" is not portable: Istio retries a failed request twice when a route sets no
// retries, Kuma's default MeshTimeout ends requests after 15 s and its default MeshRetry retries up to
// 5 times, Linkerd retries nothing. Where the source relied on its mesh's default and the target's
// differs, the route says so.
import type { Route, RouteRule } from '../model';

export type DefaultsTarget = 'Gateway API' | 'Istio' | 'Linkerd';

/** The mesh whose defaults applied to the source route, by its apiVersion. */
export function sourceMesh(route: Route): 'istio' | 'kuma' | undefined {
  if (/(^|\.)istio\.io\//.test(route.from.apiVersion)) return 'istio';
  if (/(^|\.)kuma\.io\//.test(route.from.apiVersion)) return 'kuma';
  return undefined;
}

/** Rules that send requests to backends (not a redirect or a fixed response). */
function forwarding(rules: RouteRule[]): RouteRule[] {
  return rules.filter(r => !r.redirect && !r.directResponse);
}

const RETRIES_ON_TARGET: Record<DefaultsTarget, string> = {
  'Gateway API': 'with Gateway API, whether they are retried depends on the implementation',
  Istio: 'Istio retries them twice when a route sets no retries',
  Linkerd: 'Linkerd retries nothing unless annotated, so these requests are no longer retried',
};

/** Notes for a route written for `target` about the source mesh's defaults it loses or changes. */
export function sourceDefaultsNotes(route: Route, rules: RouteRule[], target: DefaultsTarget): string[] {
  if (route.protocol !== 'http' && route.protocol !== 'grpc') return [];
  const mesh = sourceMesh(route);
  const rulesForwarding = forwarding(rules);
  const noRetry = rulesForwarding.some(r => !r.retry);
  const notes: string[] = [];
  if (mesh === 'istio' && noRetry && target !== 'Istio') {
    notes.push(`Istio retried failed requests by default (2 attempts on connection failures, refused streams and unavailable backends); ${RETRIES_ON_TARGET[target]}.`);
  }
  if (mesh === 'kuma') {
    if (rulesForwarding.some(r => r.timeouts?.request === undefined)) {
      notes.push(`Kuma's default MeshTimeout ended these requests after 15 s; ${target} sets no such limit, so add a request timeout if you relied on it.`);
    }
    if (noRetry) notes.push(`Kuma's default MeshRetry retried failed requests up to 5 times; ${RETRIES_ON_TARGET[target]}.`);
  }
  return notes;
}
