// What one target reads of Gateway API, at its version: the apiVersion of each kind, and which route
// fields it honours. The Gateway API writer, Istio, Linkerd and Consul's API gateway all write
// Gateway API objects; they differ only in this table.
import type { WriteContext } from '../contract';
import type { Route } from '../model';

export type GatewayKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'Gateway' | 'ReferenceGrant';

/**
 * The apiVersions of an implementation that serves the standard kinds as v1 but reads TLSRoute and
 * TCPRoute only as v1alpha2, from the experimental-channel CRDs (Linkerd, Kuma, Consul's API gateway).
 */
export const V1ALPHA2_STREAM_API_VERSIONS: Readonly<Record<GatewayKind, string>> = {
  HTTPRoute: 'gateway.networking.k8s.io/v1', GRPCRoute: 'gateway.networking.k8s.io/v1', Gateway: 'gateway.networking.k8s.io/v1',
  TLSRoute: 'gateway.networking.k8s.io/v1alpha2', TCPRoute: 'gateway.networking.k8s.io/v1alpha2', ReferenceGrant: 'gateway.networking.k8s.io/v1beta1',
};

/** Where a field lives for this target: in the standard channel, only in the experimental one, or nowhere. */
export type Channel = 'standard' | 'experimental' | 'none';

export interface GatewayDialect {
  /** The target as a user calls it, in reasons: "Gateway API", "Istio", "Linkerd". */
  name: string;
  apiVersion: Record<GatewayKind, string>;
  /** Kinds whose apiVersion here is served only by the experimental-channel CRDs. */
  experimentalKinds: GatewayKind[];
  /** HTTPRoute `rules[].timeouts.request`. */
  timeouts: Channel;
  /** HTTPRoute `rules[].timeouts.backendRequest` is honoured. */
  backendRequest: boolean;
  /**
   * `rules[].retry`: written (experimental channel), not available (dropped), or `caller`: the target
   * writer carries retries, per-try and idle timeouts its own way (Linkerd's annotations).
   */
  retry: 'experimental' | 'none' | 'caller';
  /** RequestMirror: with its share (`percent`/`fraction`), only whole (every request), or rejected. */
  mirror: 'share' | 'all' | 'none';
  urlRewrite: boolean;
  cors: Channel;
  /** `rules[].name` is accepted. */
  ruleNames: boolean;
  /** The GatewayClass when the target implies one (Istio's `istio`). */
  gatewayClass?: string;
  /** Reasons particular to the target, where the generic "X has no Y" says too little. */
  reasons: Partial<Record<'mirror' | 'urlRewrite' | 'fault' | 'directResponse' | 'cors' | 'retry', string>>;
}

/** Istio and Consul read a path prefix as a string prefix: `/api` also takes `/apis`. */
export function hasStringPrefixes(route: Route): boolean {
  return /(^|\.)istio\.io\/|consul\.hashicorp\.com\//.test(route.from.apiVersion);
}

/** Writes one comment saying that `what` needs the experimental-channel CRDs. */
export function sayExperimental(ctx: WriteContext, what: string, at: Parameters<WriteContext['note']>[1], key?: string): void {
  ctx.note(`${what} is in the experimental channel of Gateway API: the cluster needs the experimental-channel CRDs.`, at, key);
}
