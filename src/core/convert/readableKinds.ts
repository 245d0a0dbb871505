// The kinds a reader of the converter takes, per owner: what the editor offers to convert. Kept here,
// apart from the readers, so the extension knows it without loading the converter (a test checks that
// it matches the readers).
export const READABLE_KINDS: Readonly<Record<string, readonly string[]>> = {
  istio: ['AuthorizationPolicy', 'DestinationRule', 'Gateway', 'PeerAuthentication', 'RequestAuthentication', 'ServiceEntry', 'VirtualService'],
  'gateway-api': ['GRPCRoute', 'Gateway', 'HTTPRoute', 'ReferenceGrant', 'TCPRoute', 'TLSRoute'],
  // Namespaces and workloads: for their config.linkerd.io/default-inbound-policy annotation.
  linkerd: ['AuthorizationPolicy', 'DaemonSet', 'Deployment', 'EgressNetwork', 'GRPCRoute', 'HTTPLocalRateLimitPolicy', 'HTTPRoute', 'Job', 'MeshTLSAuthentication', 'Namespace', 'NetworkAuthentication', 'Pod', 'ReplicaSet', 'Server', 'ServerAuthorization', 'Service', 'ServiceProfile', 'StatefulSet'],
  kuma: ['FaultInjection', 'Mesh', 'MeshCircuitBreaker', 'MeshExternalService', 'MeshFaultInjection', 'MeshHTTPRoute', 'MeshHealthCheck', 'MeshLoadBalancingStrategy', 'MeshPassthrough', 'MeshRateLimit', 'MeshRetry', 'MeshTCPRoute', 'MeshTLS', 'MeshTimeout', 'MeshTrafficPermission', 'Retry', 'Timeout', 'TrafficRoute'],
  consul: ['ProxyDefaults', 'ServiceDefaults', 'ServiceIntentions', 'ServiceResolver', 'ServiceRouter', 'ServiceSplitter'],
  smi: ['HTTPRouteGroup', 'TCPRoute', 'TrafficSplit', 'TrafficTarget'],
  osm: ['Retry', 'UpstreamTrafficSetting'],
  'app-mesh': ['GatewayRoute', 'VirtualGateway', 'VirtualNode', 'VirtualRouter', 'VirtualService'],
};

export function isReadableKind(owner: string, kind: string): boolean {
  return READABLE_KINDS[owner]?.includes(kind) ?? false;
}
