// Hand-built model elements for writer tests: a route or gateway as a reader would give it, with the
// source fields (`origin`) the report entries name. Only what a test sets differs from the defaults.
import type { Gateway, Listener, ModelFragment, Route, RouteMatch, RouteRule, WeightedBackend } from '../../../src/core/convert/model';
import type { OutDoc, OutMap } from '../../../src/core/convert/output';
import { at, sourceRef } from './writerContext';

export const ISTIO_VS = sourceRef('networking.istio.io/v1', 'VirtualService', 'reviews', 'prod');
export const GATEWAY_API_ROUTE = sourceRef('gateway.networking.k8s.io/v1', 'HTTPRoute', 'reviews', 'prod');

export function backend(name: string, weight: number, extra: Partial<WeightedBackend['ref']> = {}, path = 'spec.http[0].route[0]'): WeightedBackend {
  return { ref: { name, origin: at(`${path}.destination`), ...extra }, weight, origin: at(path) };
}

export function match(extra: Partial<RouteMatch> = {}, path = 'spec.http[0].match[0]'): RouteMatch {
  return { headers: [], queryParams: [], origin: at(path), ...extra };
}

export function rule(extra: Partial<RouteRule> = {}, path = 'spec.http[0]'): RouteRule {
  return { matches: [], backends: [], mirrors: [], origin: at(path), ...extra };
}

/** A mesh route (parent: the Service `reviews` of `prod`, port 9080) read from `from`. */
export function meshRoute(rules: RouteRule[], extra: Partial<Route> = {}): Route {
  return {
    protocol: 'http', name: 'reviews', namespace: 'prod',
    parents: [{ kind: 'Service', name: 'reviews', port: 9080, origin: at('spec.hosts[0]') }],
    hostnames: [], rules, ordered: true, from: ISTIO_VS, origin: at('spec'), ...extra,
  };
}

export function fragment(extra: Partial<ModelFragment>): ModelFragment {
  return { routes: [], gateways: [], subsets: [], servicePolicies: [], ...extra };
}

export function listener(extra: Partial<Listener>): Listener {
  return { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { from: 'All' }, origin: at('spec.servers[0]'), ...extra };
}

export function gateway(listeners: Listener[], extra: Partial<Gateway> = {}): Gateway {
  return { name: 'public', namespace: 'ingress', listeners, from: sourceRef('networking.istio.io/v1', 'Gateway', 'public', 'ingress'), origin: at('spec'), ...extra };
}

/** The output objects as plain data (what the YAML shows), without comments. */
export function plain(docs: OutDoc[]): unknown[] {
  return JSON.parse(JSON.stringify(docs.map(d => d.obj))) as unknown[];
}

/** The first rule of the first route object. */
export function firstRule(docs: OutDoc[]): OutMap {
  return ((docs[0].obj.spec as OutMap).rules as OutMap[])[0];
}
