// The mesh-neutral model every reader writes into and every writer reads from. Adding a mesh is one
// reader (its resources → this model) and one writer (this model → its resources), never N×N code.
// Every element keeps the source field it came from (`origin`), so a writer that cannot express it
// says exactly which field of the user's manifest was not carried.

import type { PolicyElement } from './policyModel';

/** A source field: the path in `check`'s form (`spec.http[0].fault`) and its 1-based line. */
export interface Origin { path: string; line: number }

/** The resource a model element was read from. */
export interface SourceRef { apiVersion: string; kind: string; name: string; namespace?: string; line: number; docIndex: number }

export type ConvertTargetId = 'gateway-api' | 'istio' | 'linkerd' | 'kuma' | 'consul';
export interface ConvertTarget { id: ConvertTargetId; version?: string }

/** Durations are kept in milliseconds (fractions allowed: Istio's `0.0005s` is 0.5 ms). */
export type Millis = number;

/** A Kubernetes Service (or a subset of one) that traffic goes to. */
export interface BackendRef {
  /** The Service name as written (short name; a FQDN `reviews.prod.svc.cluster.local` is split into name + namespace). */
  name: string;
  namespace?: string;
  port?: number;
  /** A subset of the Service (Istio DestinationRule subset, Consul resolver subset, Kuma tags). */
  subset?: string;
  /** A host outside the cluster, or a name that is not a Service (ServiceEntry host, Kuma MeshExternalService). */
  external?: boolean;
  origin: Origin;
}

export interface WeightedBackend {
  ref: BackendRef; weight: number;
  /** Set on a lone backend whose weight the source wrote (a split at 100 %, where a rollout starts): a writer keeps its weight only then. */
  written?: boolean;
  origin: Origin;
}

export type StringMatchType = 'Exact' | 'PathPrefix' | 'RegularExpression' | 'Prefix';
export interface PathMatch { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string; origin: Origin }
/** Header and query matches. `Prefix` exists only in Istio/Consul/Kuma; a writer for Gateway API turns it into a regular expression or drops it. */
export interface ValueMatch { name: string; type: 'Exact' | 'RegularExpression' | 'Prefix' | 'Present'; value: string; origin: Origin }

export interface RouteMatch {
  path?: PathMatch;
  headers: ValueMatch[];
  queryParams: ValueMatch[];
  method?: { value: string; origin: Origin };
  /** GRPCRoute method match. */
  grpc?: { service?: string; method?: string; type: 'Exact' | 'RegularExpression'; origin: Origin };
  /** TLS routes: SNI hosts the match takes (Istio `tls[].match[].sniHosts`). */
  sniHosts?: string[];
  /** Destination port the match is scoped to (Istio `match[].port`). */
  port?: { value: number; origin: Origin };
  /** Set when a condition of the source's match was dropped, so this takes more than the source did:
   *  it cannot tell which later rules the source never reached. */
  widened?: true;
  origin: Origin;
}

export interface RetryPolicy {
  /** Attempts after the first; undefined when the source does not say. */
  attempts?: number;
  perTryTimeout?: Millis;
  /** Envoy retry-on tokens (`5xx`, `gateway-error`, `connect-failure`, `reset`, `retriable-4xx`, `refused-stream`,
   *  `cancelled`, `deadline-exceeded`, `internal`, `resource-exhausted`, `unavailable`…), the neutral vocabulary. */
  conditions: string[];
  /** HTTP status codes to retry on. */
  codes: number[];
  backoff?: { base?: Millis; max?: Millis };
  /** Source fields of the parts, when the reader knows them: a writer that cannot carry one part drops it alone. */
  fields?: { attempts?: Origin; perTryTimeout?: Origin; conditions?: Origin; backoff?: Origin };
  origin: Origin;
}

export interface Timeouts {
  request?: Millis; backendRequest?: Millis; idle?: Millis;
  /** Source fields of the parts, when the reader knows them: a writer that cannot carry one part drops it alone. */
  fields?: { request?: Origin; backendRequest?: Origin; idle?: Origin };
  origin: Origin;
}

export interface Mirror { backend: BackendRef; /** 0–100, fractions allowed; undefined = all traffic. */ percent?: number; origin: Origin }

export interface Fault {
  delay?: { fixed: Millis; percent?: number; origin: Origin };
  abort?: { httpStatus?: number; grpcStatus?: string; percent?: number; origin: Origin };
  origin: Origin;
}

/** The fields a fault is made of: its delay and abort, or the fault itself when it has neither. */
export function faultOrigins(fault: Fault): Origin[] {
  const parts = [fault.delay?.origin, fault.abort?.origin].filter((o): o is Origin => o !== undefined);
  return parts.length ? parts : [fault.origin];
}

export interface PathModifier { type: 'ReplaceFullPath' | 'ReplacePrefixMatch'; value: string }
export interface Redirect { scheme?: string; hostname?: string; path?: PathModifier; port?: number; statusCode?: number; origin: Origin }
export interface Rewrite { hostname?: string; path?: PathModifier; origin: Origin }
export interface HeaderChanges { set: Record<string, string>; add: Record<string, string>; remove: string[]; origin: Origin }
export interface Cors {
  allowOrigins: string[]; allowMethods: string[]; allowHeaders: string[]; exposeHeaders: string[];
  allowCredentials?: boolean; maxAge?: number; origin: Origin;
}

export interface RouteRule {
  name?: string;
  /** Any of these matches selects the rule; empty = every request. */
  matches: RouteMatch[];
  backends: WeightedBackend[];
  timeouts?: Timeouts;
  retry?: RetryPolicy;
  mirrors: Mirror[];
  fault?: Fault;
  redirect?: Redirect;
  rewrite?: Rewrite;
  /** A fixed response instead of a backend (Istio `directResponse`). */
  directResponse?: { status: number; body?: string; origin: Origin };
  requestHeaders?: HeaderChanges;
  responseHeaders?: HeaderChanges;
  cors?: Cors;
  origin: Origin;
}

/** Where a route attaches: a Gateway (north-south) or a Service (east-west, GAMMA). */
export type ParentRef =
  | { kind: 'Gateway'; name: string; namespace?: string; sectionName?: string; port?: number; origin: Origin }
  | { kind: 'Service'; name: string; namespace?: string; port?: number; origin: Origin };

export type RouteProtocol = 'http' | 'grpc' | 'tls' | 'tcp';

export interface Route {
  protocol: RouteProtocol;
  /** The name the output should carry (the source resource's name, suffixed when one source yields several). */
  name: string;
  namespace?: string;
  parents: ParentRef[];
  /** Set when the source route names no parent at all (a Gateway API route without parentRefs): it routes
   *  nothing in its own mesh either. */
  namesNoParent?: true;
  /** Hosts of a mesh route that are no Service of the cluster (a ServiceEntry's host, a wildcard), as written:
   *  only an Istio VirtualService attaches to them. */
  meshHosts?: { host: string; origin: Origin }[];
  /** Set when the source route names no host at all (an Istio VirtualService that only a `delegate` reaches). */
  namesNoHost?: true;
  /** The namespaces the route is visible to (Istio `exportTo`); absent: every namespace. */
  exportTo?: { namespaces: string[]; origin: Origin };
  /** Set when the route sends every request and connection for its Service to its one backend, whatever
   *  the protocol (Consul ServiceResolver redirect): a target that routes TCP apart from HTTP writes a TCP
   *  route as well. `elsewhere` says where Consul resolves the backend (`datacenter`, `peer`, `partition`,
   *  `namespace`, `samenessGroup`), which only Consul can say: it is set only when converting to Consul. */
  allTraffic?: { elsewhere: Record<string, string>; origin: Origin };
  /** Hosts outside the cluster a mesh route is for (an Istio VirtualService on ServiceEntry hosts): a writer
   *  that routes to external destinations writes the route for them, the others report them as not converted. */
  externalHosts?: { host: string; origin: Origin }[];
  hostnames: string[];
  /** In the source's order. `ordered` says the source is first-match-wins (Istio, Consul). */
  rules: RouteRule[];
  ordered: boolean;
  from: SourceRef;
  origin: Origin;
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'GRPC';
export interface Listener {
  name: string;
  port: number;
  protocol: ListenerProtocol;
  hostname?: string;
  tls?: { mode: 'Terminate' | 'Passthrough'; certificateRefs: { name: string; namespace?: string }[] };
  /** Which namespaces' routes may attach. `Selector` names one namespace (Istio `ns/host`). */
  allowedRoutes: { from: 'All' | 'Same' | 'Selector'; namespace?: string };
  origin: Origin;
}

export interface Gateway {
  name: string;
  namespace?: string;
  /** The GatewayClass; unknown for Istio/Kuma/Consul sources (a `needs` entry asks for it). */
  className?: string;
  /** Pod selector of the source (Istio `selector`): informational, Gateway API has no such field. */
  selector?: Record<string, string>;
  listeners: Listener[];
  /** Servers that carry Istio's own mesh traffic between clusters (TLS mode AUTO_PASSTHROUGH): only an
   *  Istio Gateway says them. */
  meshServers?: MeshServer[];
  from: SourceRef;
  origin: Origin;
}

/** An Istio Gateway server routed by SNI to the mesh's own services, as written. */
export interface MeshServer {
  port: { number: number; name?: string; protocol: string };
  hosts: string[];
  name?: string;
  tlsMode: 'AUTO_PASSTHROUGH';
  origin: Origin;
}

/** A subset of a Service, by pod labels (Istio DestinationRule subset, Consul resolver subset). */
export interface Subset { host: string; namespace?: string; name: string; labels: Record<string, string>; origin: Origin; from: SourceRef }

/** A plain Kubernetes Service seen in the input: what a generated per-subset Service copies. */
export interface ServiceInfo { name: string; namespace?: string; selector?: Record<string, string>; ports: unknown[]; line: number }

/** Proxy injection on a workload or namespace, to be rewritten in place for the target. */
export interface Injection {
  enabled: boolean;
  /** Where it was written: `metadata.annotations["linkerd.io/inject"]`, `metadata.labels.istio-injection`… */
  field: string;
  /** Offsets of the key and value in the file, for the in-place rewrite. */
  keySpan: { start: number; end: number };
  valueSpan: { start: number; end: number };
  kind: string;
  line: number;
}

/**
 * Behaviour of all traffic to one Service, not tied to a route: Kuma MeshRetry/MeshTimeout/
 * MeshFaultInjection `to[]` entries, Linkerd retry/timeout annotations on a Service, SMI Retry, App Mesh
 * VirtualNode listener timeouts. A writer merges it into the route it writes for that Service when there
 * is one, or writes it on its own (a catch-all route, or the target's policy kind).
 */
export interface ServicePolicy {
  service: BackendRef;
  /** Who it applies to when the source scopes it to callers (Kuma `from`/top targetRef, SMI Retry source), in words. */
  callers?: string;
  /** Where the source says so: a target that cannot scope by caller says there that it applies to every caller. */
  callersOrigin?: Origin;
  /** Set when the source scopes the policy to one route to that service (Kuma `to[].targetRef` kind MeshHTTPRoute). */
  route?: { name: string; namespace?: string };
  protocol?: 'http' | 'grpc' | 'tcp';
  timeouts?: Timeouts;
  retry?: RetryPolicy;
  fault?: Fault;
  from: SourceRef;
  origin: Origin;
}

/** Everything one source resource says, in the neutral model. */
export interface ModelFragment {
  routes: Route[];
  gateways: Gateway[];
  subsets: Subset[];
  servicePolicies: ServicePolicy[];
  /** Security and resilience policies (authorization, mTLS, JWT, circuit breaking, load balancing): see policyModel.ts. */
  policies?: PolicyElement[];
}

export function emptyFragment(): ModelFragment {
  return { routes: [], gateways: [], subsets: [], servicePolicies: [] };
}
